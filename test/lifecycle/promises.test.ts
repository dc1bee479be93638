// Promises of the waits and refusals, in-process against the emulators, each asserting what a
// user would see: when the provider's requests reach the service (the emulator's log, against the
// plan), whether a refused change is waited out, and the outputs. Each test fails when the
// mechanism behind its promise is removed (test/MUTATIONS.md).
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import type { HuaweiEmulator } from "../../emulator/huawei/server";
import { HUAWEI_REFUSALS } from "../../provider/clouds/huawei/errorCodes";
import { CLOUDS, InProcessWorld, msBetween, OPERATIONS, type CloudName, type InProcessOptions } from "../support/inProcess";

let world: InProcessWorld | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});
const start = async (cloud: CloudName, options?: InProcessOptions) => (world = await InProcessWorld.start(cloud, options));

describe.each(CLOUDS)("%s: polls follow the plan", (cloud) => {
    const { status } = OPERATIONS[cloud];

    test("a creation's polls count from when its request was sent, not from when its slow answer arrived", async () => {
        // Polls at 0, 1 s, 2 s... after the request was sent; its answer takes 800 ms to arrive.
        const w = await start(cloud, { emulator: { creationDelayMs: 2_500 }, config: { pollInitialMs: "1000", pollMaxMs: "1000" } });
        w.emulator.faults.inject({ operation: "CreateAccount", fault: { kind: "delay-after", ms: 800 } });

        await w.create("slow-answer");

        const [sent] = w.requests("CreateAccount");
        const reads = w.requests(status);
        // The first read when the answer arrives (its offset 0 is past), the next 1 s after sending:
        // 200 ms later, not 1 s later.
        expect(reads.length).toBeGreaterThanOrEqual(2);
        expect(msBetween(sent, reads[0])).toBeGreaterThanOrEqual(700);
        expect(msBetween(sent, reads[1])).toBeLessThan(1_400);
    });

    test.each([
        ["pollInitialMs", { pollInitialMs: "100", pollMaxMs: undefined }],
        ["pollMaxMs", { pollInitialMs: undefined, pollMaxMs: "2000" }],
    ])("%s alone makes the schedule the user's: the first read comes at once, not after the history-informed 10 s", async (_setting, config) => {
        const w = await start(cloud, { emulator: { creationDelayMs: 300 }, config });

        await w.create("users-schedule");

        const [sent] = w.requests("CreateAccount");
        const [first] = w.requests(status);
        expect(msBetween(sent, first)).toBeLessThan(2_000);
    });

    test("the create deadline is the last poll, even when the history puts the first poll minutes out", async () => {
        // No schedule of the user's: the history's (creations of 5 minutes) rules, first poll ~4.5 min out.
        const w = await start(cloud, { emulator: { creationDelayMs: 120_000 }, config: { pollInitialMs: undefined, pollMaxMs: undefined } });
        for (const name of ["five-min-a", "five-min-b", "five-min-c"]) {
            w.seedRequest(name, { agoMs: 300_000 });
            w.emulator.state.completeAll();
        }

        const failure = await w.create("short-deadline", { timeouts: { create: "2s" } }).catch((error: Error) => error);

        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error).message).toMatch(/timed out after 2s waiting for account creation/);
        const [sent] = w.requests("CreateAccount");
        const reads = w.requests(status);
        expect(reads).toHaveLength(1);
        expect(msBetween(sent, reads[0])).toBeGreaterThanOrEqual(1_900);
        expect(msBetween(sent, reads[0])).toBeLessThan(3_500);
    });
});

describe.each(CLOUDS)("%s: outputs", (cloud) => {
    test("default tags are in tagsAll and on the account, never in tags", async () => {
        const w = await start(cloud, { config: { defaultTags: JSON.stringify({ "cost-center": "1234" }) } });

        const { id, outs } = await w.create("tagged", { tags: { team: "a" } });

        expect(outs.tags).toEqual({ team: "a" });
        expect(outs.tagsAll).toEqual({ team: "a", "cost-center": "1234" });
        const read = (await w.provider.read(id, outs)) as { props: Record<string, unknown>; inputs: Record<string, unknown> };
        expect(read.props.tags).toEqual({ team: "a" });
        expect(read.inputs.tags).toEqual({ team: "a" });
    });
});

/** The service's "concurrent modification, try again" answer, in each cloud's terms. */
const CONCURRENT_MODIFICATION = {
    huawei: { kind: "status", status: 409, body: { error_code: HUAWEI_REFUSALS.concurrentModification.code, error_msg: HUAWEI_REFUSALS.concurrentModification.message } },
    aws: { kind: "status", status: 409 },
} as const;

describe.each(CLOUDS)("%s: a refused change is waited out within its timeouts", (cloud) => {
    test("a tag change refused twice (a concurrent modification) is sent until it is accepted", async () => {
        const w = await start(cloud);
        const { id, outs } = await w.create("busy");
        w.emulator.faults.inject({ operation: "TagResource", times: 2, fault: CONCURRENT_MODIFICATION[cloud] });
        const logged = captureLog();

        const olds = { ...w.inputs("busy"), ...outs };
        await w.provider.update(id, olds, { ...w.inputs("busy"), tags: { team: "b" } });

        const tagging = w.requests("TagResource");
        expect(tagging.map((r) => r.status)).toEqual([409, 409, 200]);
        expect(logged().filter((line) => /"busy": TagResource was refused for now: .*; sending TagResource again in \d+s$/.test(line))).toHaveLength(2);
    });
});

describe("huawei: a close refused for the closes in progress", () => {
    test("is waited out within timeouts.delete, and sent until it is accepted", async () => {
        // One close at a time (the real limit is 3); another account is closing for 1.5 s.
        const w = await start("huawei", { emulator: { closeDelayMs: 1_500, rules: { closeConcurrency: 1, closeQuotaPercent: 0 } } });
        const emulator = w.emulator as HuaweiEmulator;
        const { id, outs } = await w.create("closer");
        emulator.state.closeAccount(emulator.state.addAccount({ name: "closing-already", email: "closing-already@example.com" }));
        const logged = captureLog();

        await w.provider.delete(id, { ...w.inputs("closer"), ...outs });

        const closes = w.requests("CloseAccount");
        expect(closes[0].status).toBe(400);
        expect(closes.at(-1)!.status).toBe(200);
        expect(emulator.state.accounts().find((a) => a.id === outs.accountId)?.status).not.toBe("active");
        expect(logged()).toContainEqual(
            expect.stringMatching(
                new RegExp(`"closer": CloseAccount was refused for now: HTTP 400 ${HUAWEI_REFUSALS.closingInProgress.code}: .*; sending CloseAccount again in \\d+s$`),
            ),
        );
    });

    test("still refused at the deadline: the error says so and which timeout to raise", async () => {
        const w = await start("huawei", { emulator: { closeDelayMs: 60_000, rules: { closeConcurrency: 1, closeQuotaPercent: 0 } } });
        const emulator = w.emulator as HuaweiEmulator;
        const { id, outs } = await w.create("stuck");
        emulator.state.closeAccount(emulator.state.addAccount({ name: "closing-long", email: "closing-long@example.com" }));

        const failure = await w.provider.delete(id, { ...w.inputs("stuck", { timeouts: { delete: "3s" } }), ...outs }).catch((error: Error) => error);

        expect((failure as Error).message).toMatch(
            new RegExp(
                `^CloseAccount was refused for now: HTTP 400 ${HUAWEI_REFUSALS.closingInProgress.code}: .*; still refused at the deadline \\(raise timeouts\\.delete to wait longer\\)$`,
            ),
        );
        expect(w.requests("CloseAccount").every((r) => r.status === 400)).toBe(true);
    });
});

/** The lines the provider logs (the plugin host's stderr), from now until the test ends. */
function captureLog(): () => string[] {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    onTestFinished(() => spy.mockRestore());
    return () => lines;
}
