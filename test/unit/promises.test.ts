// Unit-level guards of promises whose engine-path scenarios live in test/engine/promises.test.ts:
// the shared listing's "fresh" (a lost answer is reconciled against data newer than the
// submission) and the advice of every AWS failure reason.
import { describe, expect, test } from "vitest";
import { SingleFlight } from "../../provider/concurrency";
import { AWS_FAILURE_REASONS, formatAwsCreationFailure } from "../../provider/aws/failureReasons";

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
    // What the advice for each reason must speak of (and what belongs to another reason).
    const expected: Record<string, RegExp> = {
        ACCOUNT_LIMIT_EXCEEDED: /limit of accounts/,
        EMAIL_ALREADY_EXISTS: /already uses this email address.*adopt/,
        INVALID_ADDRESS: /management account.s address is not valid/,
        INVALID_EMAIL: /email address is not valid.*`email`/,
        CONCURRENT_ACCOUNT_MODIFICATION: /Another change to the organization/,
        INTERNAL_FAILURE: /internal failure/,
        GOVCLOUD_ACCOUNT_ALREADY_EXISTS: /GovCloud/,
        MISSING_BUSINESS_VALIDATION: /not completed business validation/,
        FAILED_BUSINESS_VALIDATION: /failed business validation/,
        PENDING_BUSINESS_VALIDATION: /validation is still pending/,
        INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: /identity used for business validation/,
        UNKNOWN_BUSINESS_VALIDATION: /unknown reason/,
        MISSING_PAYMENT_INSTRUMENT: /no valid payment method/,
        INVALID_PAYMENT_INSTRUMENT: /payment method is not valid/,
        UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: /resource policy/,
    };

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
