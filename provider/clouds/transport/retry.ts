// Exponential backoff with full jitter, bounded in attempts and in total time.

export interface RetryPolicy {
    /** Attempts in all, the first included. */
    maxAttempts: number;
    baseDelayMs: number;
    /** Cap on one backoff delay (a longer Retry-After is still honoured within maxElapsedMs). */
    maxDelayMs: number;
    /** No retry starts later than this after the first attempt. */
    maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    maxAttempts: 6,
    baseDelayMs: 250,
    maxDelayMs: 20_000,
    maxElapsedMs: 120_000,
};

/** Full jitter: uniform in [0, min(cap, base * 2^retry)), retry counted from 0. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
    if (value === undefined || value.trim() === "") return undefined;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
    // Only an HTTP-date (IMF-fixdate, RFC 850 or asctime: all have a month name and hh:mm:ss).
    // Date.parse alone accepts garbage such as "-5" or "later 1" as a past date, i.e. "retry now".
    if (!/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/i.test(trimmed) || !/\b\d{1,2}:\d{2}:\d{2}\b/.test(trimmed)) return undefined;
    // Every HTTP date is GMT (RFC 9110, 5.6.7), but asctime names no zone and Date.parse reads it as local time.
    const date = Date.parse(/\b(GMT|UTC)\b/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
