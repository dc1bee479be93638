// The promise about a new account the service does not show yet (eventual consistency), in-process
// against the emulators: how long the provider keeps looking, learned from earlier creations and
// capped, and `consistencyGraceMs` honoured by both clouds. Beside promises.test.ts so that the
// fast tier runs the two files' waits side by side (test/MUTATIONS.md lists the breaks they catch).
import { afterEach, describe, expect, test } from "vitest";
import { CLOUDS, consistencyLag, InProcessWorld, msBetween, OPERATIONS, type CloudName, type InProcessOptions } from "../support/inProcess";

let world: InProcessWorld | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});
const start = async (cloud: CloudName, options?: InProcessOptions) => (world = await InProcessWorld.start(cloud, options));

describe.each(CLOUDS)("%s: a new account not visible at first", (cloud) => {
    test("the learned wait before a new account's first read is capped: one slow account does not slow the next ones", async () => {
        // New requests and accounts are not found for 2 s; a creation takes longer than that, so
        // its account is not found for ~2 s after it is seen to succeed. The learned wait is at
        // most 5 × the first look's delay (here 5 × 50 ms).
        const w = await start(cloud, { emulator: { creationDelayMs: 2_500, ...consistencyLag(cloud, 2_000) }, config: { consistencyGraceMs: "10000" } });
        await w.create("first-slow");
        const { describe: describeOp, status } = OPERATIONS[cloud];
        // The lifecycle itself met the account not found, and waited for it.
        expect(w.requests(describeOp).some((r) => r.status === 404 || r.status === 400)).toBe(true);
        const second = w.emulator.requests.all().length;

        await w.create("second");

        const after = w.emulator.requests.all().slice(second);
        const firstDescribe = after.findIndex((r) => r.operation === describeOp);
        const succeededRead = after
            .slice(0, firstDescribe)
            .filter((r) => r.operation === status)
            .at(-1)!;
        expect(msBetween(succeededRead, after[firstDescribe])).toBeLessThan(1_000);
    });

    test("with consistencyGraceMs 0, a new account not found is not looked for again: the error comes at once", async () => {
        // New requests and accounts are not found for 4 s. The creation's first status read is
        // answered after 4.2 s: the request is found, and has succeeded (at 3.5 s), but its
        // account is not visible before 7.5 s.
        const w = await start(cloud, { emulator: { creationDelayMs: 3_500, ...consistencyLag(cloud, 4_000) }, config: { consistencyGraceMs: "0" } });
        const { status, describe: describeOp } = OPERATIONS[cloud];
        w.emulator.faults.inject({ operation: status, fault: { kind: "delay", ms: 4_200 } });

        const failure = await w.create("impatient").catch((error: Error) => error);

        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error).message).toMatch(/account \w+ was created but is not in the organization \(not found for 0s\)/);
        // One read, not found, and no other: "not found" is the answer at once.
        expect(w.requests(describeOp).map((r) => r.status === 200)).toEqual([false]);
    });
});
