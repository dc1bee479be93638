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
import type { CreationStatus } from "../../clouds/backend";
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

/** The plan must need at most this share of Terraform's polls over the history, then lag least. */
const CALL_SHARE = 0.95;
/** Each duration of the history stands for these multiples of it (a small history is not exact). */
const WIDEN = [0.9, 0.95, 1, 1.05, 1.1];

/**
 * Searches the plans (first poll, spacing) over the history's durations (each widened by ±10 %, so
 * that a small history does not fit one exact time) for the one with the least expected lag among
 * the acceptable ones; if none is, the fewest polls. A plan is acceptable when it is expected to
 * need at most 95 % of Terraform's polls over the history, or when no creation within the usual
 * window (the widened history's shortest to longest) needs more polls from it than from
 * Terraform. The second rule matters when creations are about as short as Terraform's first wait:
 * a small history then overstates Terraform's polls (two of three recent creations past 10 s) and
 * the first rule alone pushes the first poll late. The plans aligned on Terraform's polls (the
 * first at one of Terraform's, the next at the window's end) are searched too: they keep to the
 * second rule with the least lag.
 */
export function planFromHistory(durations: readonly number[], k: Constants): HistoryPlan {
    const samples = durations.flatMap((d) => WIDEN.map((f) => d * f));
    const lo = Math.min(...samples);
    const windowEndMs = Math.max(...samples);
    // Terraform's polls over the same samples: the plan must need fewer, and then lag least.
    const budget = CALL_SHARE * terraformCalls(samples, k);
    let best: { plan: HistoryPlan; fits: boolean; calls: number; lag: number } | undefined;
    for (const plan of candidatePlans(lo, windowEndMs, k)) {
        const { calls, lag } = expected(plan, samples, k);
        const fits = calls <= budget || neverMorePollsThanTerraform(plan, lo, windowEndMs, k);
        const better = !best ? true : fits ? !best.fits || lag < best.lag - 1e-9 || (Math.abs(lag - best.lag) <= 1e-9 && calls < best.calls) : !best.fits && calls < best.calls;
        if (better) best = { plan, fits, calls, lag };
    }
    return best!.plan;
}

function* candidatePlans(lo: number, windowEndMs: number, k: Constants): Generator<HistoryPlan> {
    for (let spacingMs = k.minIntervalMs; spacingMs <= k.maxIntervalMs + 1e-9; spacingMs += k.minIntervalMs / 4) {
        // The first poll: from the early end of the window (or sooner, never before minInterval) on.
        for (let i = 0; i <= 8; i++) {
            yield { firstMs: Math.min(k.maxFirstWaitMs, Math.max(k.minIntervalMs, lo + (i * spacingMs) / 8)), spacingMs, windowEndMs };
        }
    }
    // Aligned on Terraform's polls: the first at one of Terraform's, the next at the end of the usual window.
    for (let firstMs = k.terraformDelayMs; firstMs < windowEndMs && firstMs <= k.maxFirstWaitMs; firstMs += k.terraformIntervalMs) {
        const spacingMs = windowEndMs - firstMs;
        if (firstMs >= lo && spacingMs >= k.minIntervalMs && spacingMs <= k.maxIntervalMs) yield { firstMs, spacingMs, windowEndMs };
    }
}

/** No creation time in [from, to] needs more polls from the plan than from Terraform's policy. */
function neverMorePollsThanTerraform(plan: HistoryPlan, from: number, to: number, k: Constants): boolean {
    const offsets = historyOffsets(plan, k);
    let previous = 0;
    for (let n = 1; previous < to; n++) {
        const t = offsets.next().value as number;
        // The creations that need this n-th poll end in (previous, t]; the earliest of them needs the fewest of Terraform's.
        const earliest = Math.max(from, previous);
        if (t >= from && terraformPollsFor(earliest + 1e-6, k) < n) return false;
        previous = t;
    }
    return true;
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
    for (const d of samples) calls += terraformPollsFor(d, k);
    return calls / samples.length;
}

/** Terraform's polls (first after the delay, then every interval) until a creation of this duration is seen. */
function terraformPollsFor(durationMs: number, k: Constants): number {
    return Math.max(1, Math.ceil((durationMs - k.terraformDelayMs) / k.terraformIntervalMs) + 1);
}
