// When to read a creation's status: a schedule informed by the organization's own history.
//
// The organization's listing of create-account requests (which the provider makes anyway, to
// find its own) holds when recent requests were made and completed. From their durations the
// schedule waits until the early end of the usual creation time, polls densely through the usual
// window, then backs off. Without history it polls as terraform-provider-aws and
// terraform-provider-huaweicloud do (first after 10 s, then every 10 s), so it is never worse than
// them. Whatever the history says, polls of one creation are at least MIN_INTERVAL apart and at
// most MAX_INTERVAL apart; the caller's deadline still rules.
//
// Every constant is in real time and divided by `timeScale` (1 outside the benchmark, which runs
// creations 50 times faster than real ones and scales the schedule with them).
import type { CreationStatus } from "./backend";
import type { PollSchedule } from "./polling";

export const SCHEDULE_CONSTANTS = {
    /** Terraform's policy (both clouds' providers): first poll after 10 s, then every 10 s. */
    terraformDelayMs: 10_000,
    terraformIntervalMs: 10_000,
    /** The fewest milliseconds between two polls of one creation. */
    minIntervalMs: 1_000,
    /** The most milliseconds between two polls of one creation once polling began (Terraform's interval). */
    maxIntervalMs: 10_000,
    /** The longest wait before the first poll, whatever the history says. */
    maxFirstWaitMs: 600_000,
    /** Durations used: the most recent succeeded requests. */
    historySize: 20,
    /** Requests older than this say little about today's creation time. */
    historyMaxAgeMs: 7 * 24 * 3_600_000,
    backoffFactor: 1.6,
};

/** Offsets (ms after the request was submitted) of the successive polls; strictly increasing. */
export type PollOffsets = Iterator<number>;

export interface SchedulePolicy {
    /** Real-time divisor of every constant (1 = real time). */
    timeScale: number;
    /** The user's own schedule (orgaccounts:pollInitialMs / pollMaxMs): followed as given, history or not. */
    explicit?: PollSchedule;
}

/** Durations (ms) of recent succeeded requests, from their requested and completed times. */
export function creationDurations(creations: readonly CreationStatus[], now = Date.now(), size = SCHEDULE_CONSTANTS.historySize): number[] {
    const done = creations
        .filter((c) => c.state === "succeeded" && c.requestedAt && c.completedAt)
        .map((c) => ({ requested: Date.parse(c.requestedAt!), completed: Date.parse(c.completedAt!) }))
        .filter((c) => Number.isFinite(c.requested) && Number.isFinite(c.completed) && c.completed >= c.requested)
        .filter((c) => now - c.completed <= SCHEDULE_CONSTANTS.historyMaxAgeMs)
        .sort((a, b) => b.completed - a.completed)
        .slice(0, size);
    return done.map((c) => c.completed - c.requested);
}

/** The organization's recent creation times, kept by the plugin host from what it lists and sees complete. */
export class CreationHistory {
    private byId = new Map<string, CreationStatus>();

    /** A listing of the organization's requests replaces what was known (the service is the record). */
    learnListing(creations: readonly CreationStatus[]): void {
        this.byId = new Map(creations.filter((c) => c.state === "succeeded").map((c) => [c.id, c]));
    }

    /** A request seen complete (a status read). */
    learn(creation: CreationStatus): void {
        if (creation.state === "succeeded") this.byId.set(creation.id, creation);
    }

    durations(now = Date.now()): number[] {
        return creationDurations([...this.byId.values()], now);
    }
}

/** The schedule for one creation, given the organization's recent creation durations. */
export function pollOffsets(durations: readonly number[], policy: SchedulePolicy): PollOffsets {
    if (policy.explicit) return explicitOffsets(policy.explicit);
    const k = scaledConstants(policy.timeScale);
    if (durations.length === 0) return everyInterval(k.terraformDelayMs, k.terraformIntervalMs);
    const key = `${policy.timeScale}:${durations.join(",")}`;
    let plan = planCache.get(key);
    if (!plan) {
        plan = planFromHistory(durations, k);
        if (planCache.size >= 16) planCache.clear();
        planCache.set(key, plan);
    }
    return historyOffsets(plan, k);
}

/** Plans by history: the history changes only when a creation completes. */
const planCache = new Map<string, HistoryPlan>();

/** As the provider always polled: right away, then after initialMs, growing by factor up to maxMs. */
function* explicitOffsets(schedule: PollSchedule): Generator<number> {
    let t = 0;
    yield t;
    for (let delay = schedule.initialMs; ; delay = Math.min(schedule.maxMs, delay * schedule.factor)) yield (t += Math.round(delay));
}

function* everyInterval(firstMs: number, intervalMs: number): Generator<number> {
    for (let t = firstMs; ; t += intervalMs) yield t;
}

export type Constants = typeof SCHEDULE_CONSTANTS;

export function scaledConstants(timeScale: number): Constants {
    const s = timeScale > 0 ? timeScale : 1;
    const k = SCHEDULE_CONSTANTS;
    return {
        ...k,
        terraformDelayMs: k.terraformDelayMs / s,
        terraformIntervalMs: k.terraformIntervalMs / s,
        minIntervalMs: k.minIntervalMs / s,
        maxIntervalMs: k.maxIntervalMs / s,
        maxFirstWaitMs: k.maxFirstWaitMs / s,
    };
}

/** Polls at first, first + spacing, ... up to windowEnd, then backing off by the factor up to the max interval. */
export interface HistoryPlan {
    firstMs: number;
    spacingMs: number;
    windowEndMs: number;
}

function* historyOffsets(plan: HistoryPlan, k: Constants): Generator<number> {
    let t = plan.firstMs;
    yield t;
    let step = plan.spacingMs;
    for (;;) {
        if (t >= plan.windowEndMs) step = Math.min(k.maxIntervalMs, Math.max(step, k.minIntervalMs) * k.backoffFactor);
        yield (t += step);
    }
}

/**
 * Searches the plans (first poll, spacing) over the history's durations (each widened by ±10 %, so
 * that a small history does not fit one exact time) for the one with the least expected lag among
 * those expected to need at most 95 % of Terraform's polls; if none does, the fewest polls.
 */
/** The plan must need at most this share of Terraform's polls over the history, then lag least. */
const CALL_SHARE = 0.95;
/** Each duration of the history stands for these multiples of it (a small history is not exact). */
const WIDEN = [0.9, 0.95, 1, 1.05, 1.1];

export function planFromHistory(durations: readonly number[], k: Constants): HistoryPlan {
    const samples = durations.flatMap((d) => WIDEN.map((f) => d * f));
    const sorted = [...durations].sort((a, b) => a - b);
    const windowEndMs = sorted[sorted.length - 1] * WIDEN[WIDEN.length - 1];
    const lo = sorted[0] * WIDEN[0];
    // Terraform's polls over the same samples: the plan must need fewer, and then lag least.
    const budget = CALL_SHARE * terraformCalls(samples, k);
    let best: { plan: HistoryPlan; calls: number; lag: number } | undefined;
    const spacings: number[] = [];
    for (let s = k.minIntervalMs; s <= k.maxIntervalMs + 1e-9; s += k.minIntervalMs / 4) spacings.push(s);
    for (const spacingMs of spacings) {
        // The first poll: from the early end of the window (or sooner, never before minInterval) on.
        for (let i = 0; i <= 8; i++) {
            const firstMs = Math.min(k.maxFirstWaitMs, Math.max(k.minIntervalMs, lo + (i * spacingMs) / 8));
            const plan = { firstMs, spacingMs, windowEndMs };
            const { calls, lag } = expected(plan, samples, k);
            const fits = calls <= budget;
            const better = !best
                ? true
                : fits
                  ? best.calls > budget || lag < best.lag - 1e-9 || (Math.abs(lag - best.lag) <= 1e-9 && calls < best.calls)
                  : best.calls > budget && calls < best.calls;
            if (better) best = { plan, calls, lag };
        }
    }
    return best!.plan;
}

/** Mean polls and mean lag (first poll at or after the end, minus the end) of a plan over samples. */
export function expected(plan: HistoryPlan, samples: readonly number[], k: Constants): { calls: number; lag: number } {
    let calls = 0;
    let lag = 0;
    for (const d of samples) {
        const offsets = historyOffsets(plan, k);
        for (let n = 1; ; n++) {
            const t = offsets.next().value as number;
            if (t >= d) {
                calls += n;
                lag += t - d;
                break;
            }
        }
    }
    return { calls: calls / samples.length, lag: lag / samples.length };
}

/** Mean polls of Terraform's policy (first after the delay, then every interval) over samples. */
export function terraformCalls(samples: readonly number[], k: Constants): number {
    let calls = 0;
    for (const d of samples) calls += Math.max(1, Math.ceil((d - k.terraformDelayMs) / k.terraformIntervalMs) + 1);
    return calls / samples.length;
}
