// Unit-level guards of promises whose engine-path scenarios live in test/engine/promises.test.ts:
// the shared listing's "fresh" (a lost answer is reconciled against data newer than the
// submission) and the advice of every AWS failure reason.
import { describe, expect, test } from "vitest";
import { SingleFlight } from "../../provider/concurrency";
import { AWS_FAILURE_REASONS, formatAwsCreationFailure } from "../../provider/aws/failureReasons";
import { AWS_FAILURE_ADVICE } from "../aws/failureAdvice";

describe("SingleFlight", () => {
    test("callers that ask while a load runs share it; fresh never joins it; a finished load is never reused", async () => {
        let loads = 0;
        const releases: (() => void)[] = [];
        const flight = new SingleFlight(() => {
            const n = ++loads;
            return new Promise<number>((resolve) => releases.push(() => resolve(n)));
        });
        const a = flight.get();
        const b = flight.get();
        const fresh = flight.get(true);
        expect(loads).toBe(2);
        releases.forEach((r) => r());
        expect(await a).toBe(1);
        expect(await b).toBe(1);
        expect(await fresh).toBe(2);
        const later = flight.get();
        expect(loads).toBe(3);
        releases[2]();
        expect(await later).toBe(3);
    });
});

describe("AWS failure reasons", () => {
    const expected = AWS_FAILURE_ADVICE;

    test("every documented reason has advice", () => {
        expect([...AWS_FAILURE_REASONS].sort()).toEqual(Object.keys(expected).sort());
    });

    test.each(Object.entries(expected))("%s maps to its own advice", (reason, advice) => {
        const message = formatAwsCreationFailure(reason);
        expect(message.startsWith(`${reason}: `)).toBe(true);
        expect(message).toMatch(advice);
        for (const [other, otherAdvice] of Object.entries(expected)) {
            if (other !== reason) expect(message, `advice of ${other}`).not.toMatch(otherAdvice);
        }
    });
});
