// AwsBackend against the AWS emulator: CreateAccount is never repeated by the SDK, refusals that
// clear with time are told apart, and every FailureReason has a message that says what to do.
import { CreateAccountFailureReason } from "@aws-sdk/client-organizations";
import { afterEach, describe, expect, test } from "vitest";
import { AwsBackend } from "../../provider/aws/backend";
import { adviceForConstraint, AWS_FAILURE_REASONS, formatAwsCreationFailure } from "../../provider/aws/failureReasons";
import type { AwsAccountInputs } from "../../provider/aws/inputs";
import { startAwsEmulator, type AwsEmulator } from "../../provider/emulator/aws/server";
import { AmbiguousRequestError, ApiError, ThrottledError } from "../../provider/errors";

let emulator: AwsEmulator | undefined;
afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
});

async function backendFor(options: Parameters<typeof startAwsEmulator>[0] = {}): Promise<{ e: AwsEmulator; backend: AwsBackend }> {
    const e = (emulator = await startAwsEmulator({ creationDelayMs: 50, ...options }));
    const backend = new AwsBackend({ endpoint: e.url, region: e.region, ...e.credentials }, {});
    return { e, backend };
}

const inputs = (name: string): AwsAccountInputs => ({ name, email: `${name}@example.com`, owner: "p/s/r" });

describe("AwsBackend", () => {
    test("CreateAccount is sent once even on a 500: the outcome is ambiguous, the SDK does not retry it", async () => {
        const { e, backend } = await backendFor();
        e.faults.inject({ operation: "CreateAccount", fault: { kind: "status", status: 500 } });
        await expect(backend.submitCreation(inputs("once"), {})).rejects.toBeInstanceOf(AmbiguousRequestError);
        expect(e.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("a dropped connection after CreateAccount was processed is ambiguous, and sent once", async () => {
        const { e, backend } = await backendFor();
        e.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        await expect(backend.submitCreation(inputs("dropped"), {})).rejects.toBeInstanceOf(AmbiguousRequestError);
        expect(e.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect((await backend.listCreations()).map((c) => c.accountName)).toEqual(["dropped"]);
    });

    test("calls safe to repeat are retried by the SDK (standard mode)", async () => {
        const { e, backend } = await backendFor();
        const id = e.state.addAccount({ name: "retried", email: "retried@example.com" });
        e.faults.inject({ operation: "DescribeAccount", times: 2, fault: { kind: "status", status: 500 } });
        expect((await backend.describeAccount(id))?.accountId).toBe(id);
        expect(e.requests.byOperation("DescribeAccount")).toHaveLength(3);
    });

    test("the 5-in-progress quota and throttling are refusals that clear with time", async () => {
        const { e, backend } = await backendFor({ creationDelayMs: 5_000, maxInProgress: 1 });
        await backend.submitCreation(inputs("first"), {});
        const refusal = await backend.submitCreation(inputs("second"), {}).catch((error) => error);
        expect(refusal).toBeInstanceOf(ThrottledError);
        expect(refusal.message).toContain("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED");
        e.faults.inject({ operation: "CreateAccount", fault: { kind: "status", status: 400 } });
        await expect(backend.submitCreation(inputs("third"), {})).rejects.toBeInstanceOf(ThrottledError);
    });

    test("other errors carry the service's name, reason, advice, HTTP status and request id", async () => {
        const { backend } = await backendFor();
        const error = await backend.moveAccount("111111111111", "r-abcd", "r-abcd").catch((e) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect(error.status).toBe(400);
        expect(error.errorCode).toMatch(/NotFoundException/);
        expect(error.requestId).toBeTruthy();
    });

    test("an unknown status id or account is 'not found', not an error", async () => {
        const { backend } = await backendFor();
        expect(await backend.getCreation("car-doesnotexist000")).toBeUndefined();
        expect(await backend.describeAccount("999999999999")).toBeUndefined();
    });
});

describe("AWS failure reasons", () => {
    test("every FailureReason of the SDK (all 15) has its own advice", () => {
        const sdkReasons = Object.values(CreateAccountFailureReason).sort();
        expect(sdkReasons).toHaveLength(15);
        expect([...AWS_FAILURE_REASONS].sort()).toEqual(sdkReasons);
        const messages = sdkReasons.map((reason) => formatAwsCreationFailure(reason));
        for (const [i, message] of messages.entries()) {
            expect(message.startsWith(`${sdkReasons[i]}: `)).toBe(true);
            expect(message).not.toMatch(/Unrecognised/);
        }
        expect(formatAwsCreationFailure("SOMETHING_NEW")).toMatch(/^SOMETHING_NEW: Unrecognised/);
    });

    test("the constraint violations account vending meets have advice", () => {
        for (const reason of ["ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED", "ACCOUNT_NUMBER_LIMIT_EXCEEDED", "CLOSE_ACCOUNT_QUOTA_EXCEEDED", "ACCOUNT_CANNOT_LEAVE_WITHOUT_PAYMENT_INSTRUMENT", "WAIT_PERIOD_ACTIVE"]) {
            expect(adviceForConstraint(reason)).toBeTruthy();
        }
        expect(adviceForConstraint("NOT_A_REASON")).toBeUndefined();
    });
});
