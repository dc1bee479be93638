// The history-informed poll schedule (provider/host/waiting/pollSchedule.ts): against Terraform's policy
// (10 s, then every 10 s) over creation times spread ±30 % around typical values, with and
// without history; bounded rates whatever the history; the user's explicit schedule as given.
import { describe, expect, test } from "vitest";
import type { CreationStatus } from "../../provider/clouds/backend";
import { CreationHistory, creationDurations, pollOffsets, SCHEDULE_CONSTANTS } from "../../provider/host/waiting/pollSchedule";

function lcg(seed: number): () => number {
    return () => (seed = (seed * 16807) % 2147483647) / 2147483647;
}

/** Mean polls and mean / worst lag of a schedule over creation times. */
function simulate(offsets: () => Iterator<number>, durations: number[]) {
    let calls = 0;
    let lag = 0;
    let worst = 0;
    for (const d of durations) {
        const it = offsets();
        for (let n = 1; ; n++) {
            const t = it.next().value as number;
            if (t >= d) {
                calls += n;
                lag += t - d;
                worst = Math.max(worst, t - d);
                break;
            }
        }
    }
    return { calls: calls / durations.length, lag: lag / durations.length, worst };
}

function* terraform(): Generator<number> {
    for (let t = 10_000; ; t += 10_000) yield t;
}

const TYPICAL_S = [10, 20, 60, 120, 300];

describe("poll schedule", () => {
    test.each(TYPICAL_S.flatMap((typical) => [1, 2, 3].map((seed) => [typical, seed])))(
        "with history (typical %i s, seed %i): mean lag ≤ 0.5 × Terraform's and polls ≤ Terraform's",
        (typical, seed) => {
            const rnd = lcg(typical * 1000 + seed);
            const spread = () => typical * 1000 * (0.7 + 0.6 * rnd());
            const history = Array.from({ length: 20 }, spread);
            const creations = Array.from({ length: 1000 }, spread);
            const ours = simulate(() => pollOffsets(history, { timeScale: 1 }), creations);
            const tf = simulate(terraform, creations);
            expect(ours.lag).toBeLessThanOrEqual(0.5 * tf.lag);
            expect(ours.calls).toBeLessThanOrEqual(tf.calls);
        },
    );

    test("a small history of creations about as long as Terraform's first wait (10 s): half its lag, no more polls", () => {
        // Two of three recent creations past 10 s: counted over so few, Terraform's polls look many,
        // and a plan judged by that count alone waited long for the first poll.
        const history = [12_250, 7_200, 12_800];
        const creations = Array.from({ length: 600 }, (_, i) => 7_000 + i * 10);
        const ours = simulate(() => pollOffsets(history, { timeScale: 1 }), creations);
        const tf = simulate(terraform, creations);
        expect(ours.lag).toBeLessThanOrEqual(0.5 * tf.lag);
        expect(ours.calls).toBeLessThanOrEqual(tf.calls);
    });

    test.each(TYPICAL_S)("without history (typical %i s): no worse than Terraform on lag or polls", (typical) => {
        const rnd = lcg(typical + 1);
        const creations = Array.from({ length: 1000 }, () => typical * 1000 * (0.7 + 0.6 * rnd()));
        const ours = simulate(() => pollOffsets([], { timeScale: 1 }), creations);
        const tf = simulate(terraform, creations);
        expect(ours.lag).toBeLessThanOrEqual(tf.lag);
        expect(ours.calls).toBeLessThanOrEqual(tf.calls);
    });

    test("bounded rates whatever the history: polls ≥ 1 s apart, once begun never more than 10 s apart, the first within 10 min; the time scale divides them", () => {
        for (const history of [[1], [50, 50, 50], [1, 1_000_000], [3_600_000], Array.from({ length: 20 }, (_, i) => 100 * i + 1)]) {
            for (const timeScale of [1, 50]) {
                const it = pollOffsets(history, { timeScale });
                let last = 0;
                for (let i = 0; i < 500; i++) {
                    const t = it.next().value as number;
                    const gap = t - last;
                    expect(gap).toBeGreaterThanOrEqual(SCHEDULE_CONSTANTS.minIntervalMs / timeScale - 1e-6);
                    const bound = i === 0 ? SCHEDULE_CONSTANTS.maxFirstWaitMs : SCHEDULE_CONSTANTS.maxIntervalMs;
                    expect(gap).toBeLessThanOrEqual(bound / timeScale + 1e-6);
                    last = t;
                }
            }
        }
    });

    test("an explicit schedule is followed as given: right away, then initial × factor up to the cap", () => {
        const it = pollOffsets([20_000, 21_000], { timeScale: 1, explicit: { initialMs: 50, maxMs: 200, factor: 1.6 } });
        expect(Array.from({ length: 6 }, () => it.next().value as number)).toEqual([0, 50, 130, 258, 458, 658]);
    });

    test("history: the durations of recent succeeded requests, newest first; others ignored", () => {
        const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
        const list: CreationStatus[] = [
            { id: "a", state: "succeeded", requestedAt: at(0), completedAt: at(30) },
            { id: "b", state: "succeeded", requestedAt: at(100), completedAt: at(160) },
            { id: "c", state: "failed", requestedAt: at(0), completedAt: at(5) },
            { id: "d", state: "in_progress", requestedAt: at(0) },
            { id: "e", state: "succeeded", requestedAt: at(0) },
        ];
        const now = Date.UTC(2026, 0, 1, 1);
        expect(creationDurations(list, now)).toEqual([60_000, 30_000]);
        expect(creationDurations(list, now + 8 * 24 * 3_600_000)).toEqual([]);
        const history = new CreationHistory();
        history.learnListing(list);
        history.learn({ id: "f", state: "succeeded", requestedAt: at(200), completedAt: at(210) });
        expect(history.durations(now)).toEqual([10_000, 60_000, 30_000]);
        history.learnListing([]);
        expect(history.durations(now)).toEqual([]);
    });
});
