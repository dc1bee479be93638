// AwsBackend against the AWS emulator: CreateAccount is never repeated by the SDK, refusals that
// clear with time are told apart, and every FailureReason has a message that says what to do.
import { ConstraintViolationExceptionReason, CreateAccountFailureReason } from "@aws-sdk/client-organizations";
import { afterEach, describe, expect, test } from "vitest";
import { AwsBackend } from "../../provider/clouds/aws/backend";
import {
    adviceFor,
    adviceForConstraint,
    AWS_CONSTRAINT_REASONS,
    AWS_EXCEPTION_ADVICE,
    AWS_FAILURE_REASONS,
    formatAwsCreationFailure,
} from "../../provider/clouds/aws/failureReasons";
import type { AwsAccountInputs } from "../../provider/host/validation/aws";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { AmbiguousRequestError, ApiError, DeletionRefusedError, ResponseShapeError, ThrottledError } from "../../provider/shared/errors";
import { AWS_FAILURE_ADVICE } from "../support/awsFailureAdvice";

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
        expect(await backend.listCreations()).toEqual([]); // not listed yet: eventual consistency
        await new Promise((r) => setTimeout(r, 250));
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
        const refusal: unknown = await backend.submitCreation(inputs("second"), {}).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(ThrottledError);
        expect((refusal as ThrottledError).message).toContain("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED");
        e.faults.inject({ operation: "CreateAccount", fault: { kind: "status", status: 400 } });
        await expect(backend.submitCreation(inputs("third"), {})).rejects.toBeInstanceOf(ThrottledError);
    });

    test("other errors carry the service's name, reason, advice, HTTP status and request id", async () => {
        const { backend } = await backendFor();
        const error: unknown = await backend.moveAccount("111111111111", "r-abcd", "r-abcd").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        const apiError = error as ApiError;
        expect(apiError.status).toBe(400);
        expect(apiError.errorCode).toMatch(/NotFoundException/);
        expect(apiError.requestId).toBeTruthy();
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
        const advice = sdkReasons.map((reason) => {
            const message = formatAwsCreationFailure(reason);
            expect(message.startsWith(`${reason}: `), reason).toBe(true);
            return message.slice(reason.length + 2);
        });
        // Its own: what the reason is about, and not what another reason is about; no two alike.
        for (const [i, reason] of sdkReasons.entries()) {
            expect(advice[i], reason).toMatch(AWS_FAILURE_ADVICE[reason]);
            for (const other of sdkReasons.filter((r) => r !== reason)) expect(advice[i], `${reason} has the advice of ${other}`).not.toMatch(AWS_FAILURE_ADVICE[other]);
        }
        expect(new Set(advice).size).toBe(sdkReasons.length);
        expect(formatAwsCreationFailure("SOMETHING_NEW")).toMatch(/^SOMETHING_NEW: Unrecognised/);
    });

    test("every constraint reason with advice is a reason of the service model; every one the reference lists has advice", () => {
        const modelReasons = Object.values(ConstraintViolationExceptionReason) as string[];
        for (const reason of AWS_CONSTRAINT_REASONS) expect(modelReasons, reason).toContain(reason);
        const documented = [
            "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
            "WAIT_PERIOD_ACTIVE",
            "MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED",
            "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA",
            "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION",
            "CLOSE_ACCOUNT_QUOTA_EXCEEDED",
            "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED",
            "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
            "MAX_TAG_LIMIT_EXCEEDED",
        ];
        for (const reason of documented) expect(adviceForConstraint(reason), reason).toBeTruthy();
        // AWS has no such reason (reference, "Removal of a created account").
        expect(adviceForConstraint("ACCOUNT_CANNOT_LEAVE_WITHOUT_PAYMENT_INSTRUMENT")).toBeUndefined();
        expect(adviceForConstraint("NOT_A_REASON")).toBeUndefined();
    });

    test("every exception with advice is one the SDK knows", async () => {
        const sdk = (await import("@aws-sdk/client-organizations")) as Record<string, unknown>;
        for (const name of AWS_EXCEPTION_ADVICE) expect(typeof sdk[name], name).toBe("function");
        expect(adviceFor("MasterCannotLeaveOrganizationException", undefined)).toMatch(/retain/);
    });
});

describe("AwsBackend refusals", () => {
    test("removal refused for good is a DeletionRefusedError with the reason; a ConflictException on a closing account is done", async () => {
        const { e, backend } = await backendFor({ creationDelayMs: 10, refusals: { consistencyLagMs: 0, closeVisibilityLagMs: 0 } });
        const status = await backend.submitCreation(inputs("refused"), {});
        await new Promise((r) => setTimeout(r, 50));
        const accountId = (await backend.getCreation(status.id))!.accountId!;
        const error: unknown = await backend.removeAccount(accountId).catch((x: unknown) => x);
        expect(error).toBeInstanceOf(DeletionRefusedError);
        expect((error as DeletionRefusedError).reason).toBe("ConstraintViolationException (WAIT_PERIOD_ACTIVE)");
        await backend.closeAccount(accountId);
        await backend.closeAccount(accountId); // ConflictException: already closing
        expect(e.requests.byOperation("CloseAccount").map((r) => r.status)).toEqual([200, 400]);
    });

    test("moves and tags right after a creation are refusals for now (ThrottledError)", async () => {
        const { backend } = await backendFor({ creationDelayMs: 10, refusals: { consistencyLagMs: 0, concurrentModificationMs: 5_000 } });
        const status = await backend.submitCreation(inputs("settling"), {});
        await new Promise((r) => setTimeout(r, 50));
        const accountId = (await backend.getCreation(status.id))!.accountId!;
        await expect(backend.tagAccount(accountId, { a: "1" })).rejects.toBeInstanceOf(ThrottledError);
    });

    test("state is read from State only: a response without it is an error, not ACTIVE", async () => {
        const { e, backend } = await backendFor();
        const id = e.state.addAccount({ name: "nostate", email: "nostate@example.com" });
        e.faults.inject({ operation: "DescribeAccount", fault: { kind: "status", status: 200, body: { Account: { Id: id, Name: "nostate", Status: "ACTIVE" } } } });
        await expect(backend.describeAccount(id)).rejects.toBeInstanceOf(ResponseShapeError);
    });

    test("parentExists: the root and the OU exist; an unknown OU does not", async () => {
        const { e, backend } = await backendFor();
        expect(await backend.parentExists(e.rootId)).toBe(true);
        expect(await backend.parentExists(e.defaultOuId)).toBe(true);
        expect(await backend.parentExists("ou-abcd-doesnotexist")).toBe(false);
        expect(await backend.parentExists("r-zzzz")).toBe(false);
    });
});
