// The organization's creation watcher (provider/host/waiting/creationWatcher.ts) over a fake backend: one
// in-progress listing per tick for N creations, one confirmation read per finished request, a
// single creation reading its own status, the grace for "not found", failures and the deadline.
import { describe, expect, test } from "vitest";
import type { CreationState, CreationStatus } from "../../provider/clouds/backend";
import { CreationWatcher } from "../../provider/host/waiting/creationWatcher";
import { DeadlineExceededError } from "../../provider/host/waiting/polling";

/** Runs `body` at once, as an async method would: its value resolves, its throw rejects. */
function settle<T>(body: () => T): Promise<T> {
    return new Promise((resolve) => resolve(body()));
}

function* every(ms: number): Generator<number> {
    for (let t = ms; ; t += ms) yield t;
}

/** Requests that finish `after` ms from now; counts calls by kind. */
function fakeBackend() {
    const ends = new Map<string, { at: number; final: CreationStatus }>();
    const calls = { list: 0, get: [] as string[], answers: [] as string[], listStates: [] as (readonly CreationState[] | undefined)[] };
    const failures = { list: 0, get: new Set<string>() };
    return {
        calls,
        failures,
        add(id: string, afterMs: number, final: Partial<CreationStatus> = {}) {
            ends.set(id, { at: Date.now() + afterMs, final: { id, state: "succeeded", accountId: `acct-${id}`, ...final } });
        },
        backend: {
            getCreation(id: string) {
                return settle(() => {
                    calls.get.push(id);
                    if (failures.get.has(id)) throw new Error(`status read of ${id} failed`);
                    const end = ends.get(id);
                    if (!end) return undefined;
                    const answer = Date.now() >= end.at ? end.final : { id, state: "in_progress" as const };
                    calls.answers.push(answer.state);
                    return answer;
                });
            },
            listCreations(states?: readonly CreationState[]) {
                return settle(() => {
                    calls.list++;
                    calls.listStates.push(states);
                    if (failures.list > 0) {
                        failures.list--;
                        throw new Error("listing failed");
                    }
                    return [...ends.entries()].filter(([, e]) => Date.now() < e.at).map(([id]) => ({ id, state: "in_progress" as const }));
                });
            },
        },
    };
}

describe("creation watcher", () => {
    test("N creations share one in-progress listing per tick; each finished request is confirmed by one status read", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10 });
        const n = 5;
        for (let i = 0; i < n; i++) fake.add(`r${i}`, 130 + i * 3);
        const deadline = Date.now() + 5_000;
        const done = await Promise.all(Array.from({ length: n }, (_, i) => watcher.watch(`r${i}`, { offsets: every(50), deadline })));
        expect(done.map((d) => d.accountId)).toEqual(["acct-r0", "acct-r1", "acct-r2", "acct-r3", "acct-r4"]);
        // Ticks at 50, 100, 150 ms: three listings for the five, in-progress only, and one read each.
        expect(fake.calls.list).toBe(3);
        expect(fake.calls.listStates.every((s) => s?.length === 1 && s[0] === "in_progress")).toBe(true);
        expect(fake.calls.get.sort()).toEqual(["r0", "r1", "r2", "r3", "r4"]);
        expect(watcher.counts.confirmations).toBe(5);
    });

    test("a listing confirms at once a creation it no longer shows, before that creation's own next poll", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 5 });
        fake.add("fast", 120);
        fake.add("slow-1", 400);
        fake.add("slow-2", 400);
        const deadline = Date.now() + 5_000;
        const t0 = Date.now();
        // "fast" polls at 100 and 1100 ms; the slow ones every 70 ms, together: their listing at 140 ms shows "fast" gone.
        const fastDone = watcher.watch("fast", {
            offsets: (function* () {
                yield 100;
                yield 1_100;
                for (let t = 2_100; ; t += 1_000) yield t;
            })(),
            deadline,
        });
        const slowDone = [watcher.watch("slow-1", { offsets: every(70), deadline }), watcher.watch("slow-2", { offsets: every(70), deadline })];
        await fastDone;
        expect(Date.now() - t0).toBeLessThan(600);
        await Promise.all(slowDone);
        expect(fake.calls.list).toBeGreaterThan(0);
    });

    test("a tick with one creation due reads its own status, even beside others", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 5 });
        fake.add("early", 50);
        fake.add("late", 1_000);
        const deadline = Date.now() + 5_000;
        const late = watcher.watch("late", {
            offsets: (function* () {
                yield 1_000;
                for (let t = 1_100; ; t += 100) yield t;
            })(),
            deadline,
        });
        await watcher.watch("early", { offsets: every(60), deadline });
        expect(fake.calls.list).toBe(0);
        expect(fake.calls.get).toEqual(["early"]);
        await late;
    });

    test("a single creation reads its own status: no listing", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10 });
        fake.add("solo", 120);
        const done = await watcher.watch("solo", { offsets: every(50), deadline: Date.now() + 5_000 });
        expect(done.state).toBe("succeeded");
        expect(fake.calls.list).toBe(0);
        // Its own reads only, until the first final answer (how many depends on the timers, not on the rule).
        expect(new Set(fake.calls.get)).toEqual(new Set(["solo"]));
        expect(fake.calls.answers).toEqual([...Array<string>(fake.calls.answers.length - 1).fill("in_progress"), "succeeded"]);
        expect(fake.calls.answers.length).toBeGreaterThanOrEqual(2);
    });

    test("a failed listing falls back to each creation's own read; a failed read fails that creation only", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10 });
        fake.add("a", 10);
        fake.add("b", 10);
        fake.failures.list = 1;
        fake.failures.get.add("b");
        const deadline = Date.now() + 5_000;
        const [a, b] = await Promise.allSettled([watcher.watch("a", { offsets: every(50), deadline }), watcher.watch("b", { offsets: every(50), deadline })]);
        expect(a.status).toBe("fulfilled");
        expect(b.status === "rejected" && String(b.reason)).toContain("status read of b failed");
        expect(watcher.size).toBe(0);
    });

    test("not found is believed only after the grace; the deadline ends the wait with the request named", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10 });
        const t0 = Date.now();
        const unknown: unknown = await watcher.watch("ghost", { offsets: every(30), deadline: t0 + 5_000, graceUntil: t0 + 200 }).catch((e: unknown) => e);
        expect(String(unknown)).toContain("account creation ghost is unknown to the service");
        expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
        expect(fake.calls.get.length).toBeGreaterThan(3);

        fake.add("slow", 60_000);
        const t1 = Date.now();
        const late: unknown = await watcher.watch("slow", { offsets: every(40), deadline: t1 + 150 }).catch((e: unknown) => e);
        expect(late).toBeInstanceOf(DeadlineExceededError);
        expect(String(late)).toContain("waiting for account creation slow");
        expect(Date.now() - t1).toBeLessThan(1_000);
    });

    test("a terminal status feeds onComplete (the history); a failed creation resolves with its reason", async () => {
        const fake = fakeBackend();
        const seen: CreationStatus[] = [];
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10, onComplete: (s) => seen.push(s) });
        fake.add("bad", 20, { state: "failed", failureReason: "EMAIL_ALREADY_EXISTS" });
        const done = await watcher.watch("bad", { offsets: every(30), deadline: Date.now() + 5_000 });
        expect(done).toMatchObject({ state: "failed", failureReason: "EMAIL_ALREADY_EXISTS" });
        expect(seen.map((s) => s.id)).toEqual(["bad"]);
    });

    test("the offsets count from the submission (startedAt), not from when the watch began", async () => {
        const fake = fakeBackend();
        const watcher = new CreationWatcher(() => fake.backend, { coalesceMs: 10 });
        fake.add("sent-earlier", 0);
        // Submitted 2 s ago with a first poll planned 2 s after it: due now, not 2 s from now.
        const began = Date.now();
        const done = await watcher.watch("sent-earlier", { offsets: every(2_000), startedAt: began - 2_000, deadline: began + 10_000 });
        expect(done.state).toBe("succeeded");
        expect(Date.now() - began).toBeLessThan(1_000);
    });
});
