import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, RetryPolicy } from "../../provider/clouds/transport/retry";

const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 60_000 };

describe("backoffDelayMs: exponential backoff with full jitter", () => {
    it("with random() = 0.999 the delay is just below min(cap, base * 2^n)", () => {
        for (let n = 0; n < 8; n++) {
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
            const d = backoffDelayMs(n, policy, () => 0.999);
            expect(d, `retry ${n}`).toBeLessThan(ceiling);
            expect(d, `retry ${n}`).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
        }
        // Concretely: 99, 199, 399, 799, then capped at 999.
        expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    });

    it("with random() = 0 the delay is 0", () => {
        for (let n = 0; n < 8; n++) expect(backoffDelayMs(n, policy, () => 0)).toBe(0);
    });

    it("stays within [0, ceiling) for any random value and grows with the retry number", () => {
        for (let n = 0; n < 12; n++) {
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
            for (const r of [0, 0.1, 0.5, 0.75, 0.9999999]) {
                const d = backoffDelayMs(n, policy, () => r);
                expect(Number.isInteger(d)).toBe(true);
                expect(d).toBeGreaterThanOrEqual(0);
                expect(d).toBeLessThan(ceiling);
            }
        }
        expect(backoffDelayMs(3, policy, () => 0.5)).toBe(400);
        expect(backoffDelayMs(30, policy, () => 0.5)).toBe(500);
    });

    it("a very large retry number never overflows the cap", () => {
        expect(backoffDelayMs(2000, policy, () => 0.999)).toBe(999);
    });

    it("uses Math.random by default, within bounds", () => {
        for (let i = 0; i < 50; i++) {
            const d = backoffDelayMs(2, policy);
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThan(400);
        }
    });

    it("the default policy is bounded", () => {
        expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
        expect(Number.isFinite(DEFAULT_RETRY_POLICY.maxAttempts)).toBe(true);
        expect(Number.isFinite(DEFAULT_RETRY_POLICY.maxElapsedMs)).toBe(true);
        expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxElapsedMs);
    });
});

describe("parseRetryAfterMs", () => {
    const now = Date.parse("2024-03-15T10:00:00Z");

    it("delta-seconds", () => {
        expect(parseRetryAfterMs("2", now)).toBe(2000);
        expect(parseRetryAfterMs("0", now)).toBe(0);
        expect(parseRetryAfterMs(" 120 ", now)).toBe(120_000);
        expect(parseRetryAfterMs("1.5", now)).toBe(1500);
    });

    it("an HTTP date, relative to now; a past date is 0", () => {
        expect(parseRetryAfterMs("Fri, 15 Mar 2024 10:00:30 GMT", now)).toBe(30_000);
        expect(parseRetryAfterMs("Fri, 15 Mar 2024 09:59:00 GMT", now)).toBe(0);
        // the two obsolete HTTP-date forms
        expect(parseRetryAfterMs("Friday, 15-Mar-24 10:01:00 GMT", now)).toBe(60_000);
        expect(parseRetryAfterMs("Fri Mar 15 10:00:05 2024", now)).toBe(5_000);
    });

    it("every form is GMT, asctime (which names no zone) included, whatever the machine's time zone", () => {
        const saved = process.env.TZ;
        try {
            for (const zone of ["Asia/Shanghai", "America/Los_Angeles"]) {
                process.env.TZ = zone;
                expect(new Date(Date.UTC(2024, 2, 15)).getHours(), zone).not.toBe(0); // the zone took effect
                expect(parseRetryAfterMs("Fri Mar 15 10:00:05 2024", now), zone).toBe(5_000);
                expect(parseRetryAfterMs("Fri, 15 Mar 2024 10:00:30 GMT", now), zone).toBe(30_000);
                expect(parseRetryAfterMs("Friday, 15-Mar-24 10:01:00 GMT", now), zone).toBe(60_000);
            }
        } finally {
            if (saved === undefined) delete process.env.TZ;
            else process.env.TZ = saved;
        }
    });

    it("absent, empty or garbage → undefined", () => {
        for (const v of [undefined, "", "   ", "soon", "-5", "+5", "Mon 5", "later 1", "abc 12", "2 seconds", "NaN", "Infinity", "1e3"]) {
            expect(parseRetryAfterMs(v, now), String(v)).toBeUndefined();
        }
    });
});
