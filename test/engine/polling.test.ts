// Waiting for creations through the real plugin host: the creations in progress share
// one listing of in-progress requests per tick and each is confirmed by one status read; the
// history-informed schedule (no explicit poll settings, time scale 1:50) reads a creation at most
// as often as Terraform would; refresh of a succeeded account reads no status record.
import { describe, expect, test } from "vitest";
import { assertOk } from "../../harness/pluginHost/engine";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, type World } from "../../harness/pluginHost/world";

const listOperation = (cloud: Cloud) => (cloud.name === "huawei" ? "ListCreateAccountStatuses" : "ListCreateAccountStatus");
/** No consistency lag: each request is listed as soon as it is submitted, so the counts are exact. */
const exactEmulator = (cloud: Cloud) => (cloud.name === "aws" ? { refusals: { consistencyLagMs: 0 } } : { millisecondTimestamps: true });

function countSince(w: World, from: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of w.emulator.requests.all().slice(from)) out[e.operation] = (out[e.operation] ?? 0) + 1;
    return out;
}

async function upAll(w: World, names: string[]) {
    const resources = await w.program(() => {
        for (const name of names) new w.cloud.Resource(name, { name, ...w.cloud.baseArgs(name) });
    });
    // As the engine does: every create at once (they are independent).
    return Promise.all(
        resources.map(async (r) => {
            const checked = await w.client.check(r.urn, {}, r.inputs);
            return w.client.create(r.urn, checked.inputs);
        }),
    );
}

describe.each(clouds)("$name: waiting for creations", (cloud: Cloud) => {
    test("5 creations at once share one in-progress listing per tick; one status read each; refresh reads no status record", async () => {
        // The test suites' explicit schedule (50 ms → 200 ms), followed as given.
        const w = await startWorld(cloud, { creationDelayMs: 800, emulator: exactEmulator(cloud) });
        try {
            const names = ["w-0", "w-1", "w-2", "w-3", "w-4"];
            const mark = w.emulator.requests.all().length;
            const created = await upAll(w, names);
            expect(created.map((c) => typeof c.properties.accountId)).toEqual(Array(5).fill("string"));
            const ops = countSince(w, mark);
            expect(ops.CreateAccount).toBe(5);
            console.log(`${cloud.name}: ${JSON.stringify(ops)}`);
            // Each creation's status read to confirm it left the in-progress list (a creation due
            // alone in a tick reads its own status instead of a listing: one call either way).
            expect(ops[cloud.op.status]).toBeGreaterThanOrEqual(5);
            // Without sharing, 800 ms at 50 → 200 ms is 8 reads per creation (40 status reads);
            // shared: about one call per tick for the five, plus the confirmations.
            expect(ops[cloud.op.status] + ops[listOperation(cloud)]).toBeLessThanOrEqual(20);

            // Refresh: the account and its parent and tags; the succeeded request is never read again.
            const session = w.session;
            assertOk(
                await session.up(
                    await w.program(() => {
                        for (const name of names) new w.cloud.Resource(name, { name, ...w.cloud.baseArgs(name) });
                    }),
                ),
            );
            const before = w.emulator.requests.all().length;
            const refreshed = assertOk(await session.refresh());
            expect(refreshed.every((s) => s.op === "refresh")).toBe(true);
            const reads = countSince(w, before);
            expect(reads[cloud.op.status] ?? 0).toBe(0);
            expect(w.emulator.requests.all().length - before).toBeLessThanOrEqual(3 * names.length);
        } finally {
            await w.close();
        }
    }, 120_000);

    test("history-informed schedule (time scale 1:50): without history as Terraform (first read after 10 s, scaled); with history, no more reads", async () => {
        const w = await startWorld(cloud, {
            // 15 s at 1:50, between Terraform's first two reads (a creation ending on one of its
            // reads would take 2 or 3 of them depending on the timers).
            creationDelayMs: 300,
            emulator: exactEmulator(cloud),
            env: { ORG_ACCOUNTS_POLL_INITIAL_MS: "", ORG_ACCOUNTS_POLL_MAX_MS: "", ORG_ACCOUNTS_POLL_TIME_SCALE: "50" },
        });
        try {
            const one = async (name: string) => {
                const mark = w.emulator.requests.all().length;
                const [created] = await upAll(w, [name]);
                expect(typeof created.properties.accountId).toBe("string");
                const entries = w.emulator.requests.all().slice(mark);
                const submit = entries.find((e) => e.operation === "CreateAccount")!;
                const reads = entries.filter((e) => e.operation === cloud.op.status);
                return {
                    reads: reads.length,
                    firstReadAfterMs: Date.parse(reads[0].time) - Date.parse(submit.time),
                    lastReadAfterMs: Date.parse(reads[reads.length - 1].time) - Date.parse(submit.time),
                };
            };
            // No history (a new organization): Terraform's 10 s then every 10 s, at 1:50 = 200 ms: reads at 200 and 400 ms.
            const first = await one("h-0");
            expect(first.firstReadAfterMs).toBeGreaterThanOrEqual(180);
            expect(first.reads).toBeLessThanOrEqual(3);
            // With history (the listing of the next create shows h-0's 300 ms): the first read near
            // the usual end, not before; no more reads than Terraform's 2; seen within 200 ms.
            for (const name of ["h-1", "h-2"]) {
                const later = await one(name);
                expect(later.reads).toBeLessThanOrEqual(2);
                expect(later.firstReadAfterMs).toBeGreaterThanOrEqual(250);
                expect(later.lastReadAfterMs).toBeLessThan(300 + 200);
            }
        } finally {
            await w.close();
        }
    }, 120_000);
});
