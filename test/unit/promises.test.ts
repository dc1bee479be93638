// Unit-level guards of promises whose engine-path scenarios live in test/engine/promises.test.ts:
// the shared listing's "fresh" (a lost answer is reconciled against data newer than the
// submission) and the advice of every AWS failure reason.
import { describe, expect, test } from "vitest";
import { SharedLoad } from "../../provider/shared/concurrency";
import { AWS_FAILURE_REASONS, formatAwsCreationFailure } from "../../provider/clouds/aws/failureReasons";
import { AWS_FAILURE_ADVICE } from "../support/awsFailureAdvice";

describe("SharedLoad", () => {
    test("callers share one load, kept once done; fresh never joins a running one; a failed load is not kept", async () => {
        let loads = 0;
        const settle: ((ok: boolean) => void)[] = [];
        const shared = new SharedLoad(() => {
            const n = ++loads;
            return new Promise<number>((resolve, reject) => settle.push((ok) => (ok ? resolve(n) : reject(new Error(`load ${n} failed`)))));
        });
        const a = shared.get();
        const b = shared.get();
        const fresh = shared.get(true);
        expect(loads).toBe(2);
        settle.forEach((s) => s(true));
        expect(await a).toBe(1);
        expect(await b).toBe(1);
        expect(await fresh).toBe(2);
        expect(await shared.get()).toBe(2); // the latest load is kept
        expect(loads).toBe(2);
        const failing = shared.get(true);
        settle[2](false);
        await expect(failing).rejects.toThrow("load 3 failed");
        const after = shared.get();
        expect(loads).toBe(4);
        settle[3](true);
        expect(await after).toBe(4);
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
