// The unmodified official SDK clients against the AWS emulator: every operation once, every error shape.
import { describe, expect, it } from "vitest";
import { request as httpRequest } from "node:http";
import { createHash } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import {
    CloseAccountCommand,
    CreateAccountCommand,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeOrganizationCommand,
    ListAccountsCommand,
    ListCreateAccountStatusCommand,
    ListParentsCommand,
    ListRootsCommand,
    ListTagsForResourceCommand,
    MoveAccountCommand,
    OrganizationsClient,
    RemoveAccountFromOrganizationCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-organizations";
import { AccountClient, GetAccountInformationCommand, PutAccountNameCommand } from "@aws-sdk/client-account";
import { AwsEmulator, startAwsEmulator } from "../../emulator/aws/server";
import { NodeSha256 } from "../../emulator/aws/sigv4";
import { emulatorPool, invalid, jsonOrUndefined, orgs, awsRejection, type AwsSdkError, sleep } from "../support/emulatorClients";
import type { AwsBody } from "../support/wire";

// The refusals (consistency lags, removal rules...) have their own suite: aws-refusals.test.ts.
const { start } = emulatorPool(startAwsEmulator, { creationDelayMs: 30, closeDelayMs: 30, refusals: "permissive" });

function account(emu: AwsEmulator, extra: Record<string, unknown> = {}): AccountClient {
    return new AccountClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1, ...extra });
}

/** The SDK error carries name, message, HTTP status and the emulator's request id. */
function expectAwsError(err: AwsSdkError, name: string, status: number, message?: string | RegExp, extra: Record<string, unknown> = {}): void {
    expect(err.name).toBe(name);
    expect(err.$metadata.httpStatusCode).toBe(status);
    expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    if (typeof message === "string") expect(err.message).toBe(message);
    else if (message) expect(err.message).toMatch(message);
    for (const [k, v] of Object.entries(extra)) expect(err[k]).toBe(v);
}

async function createAndWait(emu: AwsEmulator, client: OrganizationsClient, name: string, email = `${name}@example.com`): Promise<string> {
    const r = await client.send(new CreateAccountCommand({ Email: email, AccountName: name }));
    const id = r.CreateAccountStatus!.Id!;
    for (let i = 0; i < 200; i++) {
        const s = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }));
        if (s.CreateAccountStatus!.State === "SUCCEEDED") return s.CreateAccountStatus!.AccountId!;
        if (s.CreateAccountStatus!.State === "FAILED") throw new Error(`creation failed: ${s.CreateAccountStatus!.FailureReason}`);
        await sleep(10);
    }
    throw new Error("creation did not finish");
}

/** Signs with @smithy/signature-v4 and sends over raw HTTP: for requests the SDK cannot produce. */
async function rawSigned(
    emu: AwsEmulator,
    opts: { target?: string; body: string; path?: string; contentType?: string; service?: string },
): Promise<{ status: number; headers: Record<string, unknown>; json: AwsBody; text: string }> {
    const url = new URL(opts.path ?? "/", emu.url);
    const headers: Record<string, string> = {
        host: url.host,
        "content-type": opts.contentType ?? "application/x-amz-json-1.1",
        "content-length": String(Buffer.byteLength(opts.body)),
        "x-amz-content-sha256": createHash("sha256").update(opts.body).digest("hex"),
    };
    if (opts.target) headers["x-amz-target"] = opts.target;
    const signer = new SignatureV4({ credentials: emu.credentials, region: emu.region, service: opts.service ?? "organizations", sha256: NodeSha256 });
    const signed = await signer.sign({
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: {},
        headers,
        body: opts.body,
    });
    return new Promise((resolve, reject) => {
        const req = httpRequest(url, { method: "POST", headers: signed.headers, agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, json: jsonOrUndefined(text) as AwsBody, text }));
        });
        req.on("error", reject);
        req.end(opts.body);
    });
}

describe("AWS conformance: every operation through the official SDKs", () => {
    it("Organizations operations and the Account Management API on one endpoint", async () => {
        const emu = await start();
        const c = orgs(emu);

        const org = await c.send(new DescribeOrganizationCommand({}));
        expect(org.Organization).toMatchObject({
            Id: emu.organizationId,
            Arn: `arn:aws:organizations::${emu.managementAccountId}:organization/${emu.organizationId}`,
            FeatureSet: "ALL",
            MasterAccountId: emu.managementAccountId,
        });
        expect(emu.organizationId).toMatch(/^o-[a-z0-9]{10}$/);

        const roots = await c.send(new ListRootsCommand({}));
        expect(roots.Roots).toEqual([
            { Id: emu.rootId, Arn: `arn:aws:organizations::${emu.managementAccountId}:root/${emu.organizationId}/${emu.rootId}`, Name: "Root", PolicyTypes: [] },
        ]);
        expect(emu.rootId).toMatch(/^r-[a-z0-9]{4}$/);
        expect(emu.defaultOuId).toMatch(new RegExp(`^ou-${emu.rootId.slice(2)}-[a-z0-9]{8}$`));

        const created = await c.send(
            new CreateAccountCommand({
                Email: "conf@example.com",
                AccountName: "conformance",
                RoleName: "OrganizationAccountAccessRole",
                IamUserAccessToBilling: "DENY",
                Tags: [{ Key: "team", Value: "core" }],
            }),
        );
        const status = created.CreateAccountStatus!;
        expect(status.Id).toMatch(/^car-[a-z0-9]{32}$/);
        expect(status.State).toBe("IN_PROGRESS");
        expect(status.AccountName).toBe("conformance");
        expect(status.RequestedTimestamp).toBeInstanceOf(Date);
        expect(Math.abs(status.RequestedTimestamp!.getTime() - Date.now())).toBeLessThan(5000);

        let described = await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }));
        while (described.CreateAccountStatus!.State === "IN_PROGRESS") {
            await sleep(10);
            described = await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }));
        }
        expect(described.CreateAccountStatus).toMatchObject({ Id: status.Id, State: "SUCCEEDED", AccountName: "conformance" });
        expect(described.CreateAccountStatus!.CompletedTimestamp).toBeInstanceOf(Date);
        const accountId = described.CreateAccountStatus!.AccountId!;
        expect(accountId).toMatch(/^\d{12}$/);

        const listed = await c.send(new ListCreateAccountStatusCommand({ States: ["SUCCEEDED"], MaxResults: 20 }));
        expect(listed.CreateAccountStatuses!.map((s) => s.Id)).toEqual([status.Id]);
        expect(listed.NextToken).toBeUndefined();

        const acc = await c.send(new DescribeAccountCommand({ AccountId: accountId }));
        expect(acc.Account).toMatchObject({
            Id: accountId,
            Arn: `arn:aws:organizations::${emu.managementAccountId}:account/${emu.organizationId}/${accountId}`,
            Email: "conf@example.com",
            Name: "conformance",
            State: "ACTIVE",
            JoinedMethod: "CREATED",
        });
        expect(acc.Account!.JoinedTimestamp).toBeInstanceOf(Date);
        expect(acc.Account).not.toHaveProperty("Status"); // gone since 2026-09-09

        const accounts = await c.send(new ListAccountsCommand({ MaxResults: 20 }));
        expect(accounts.Accounts!.map((a) => a.Id).sort()).toEqual([emu.managementAccountId, accountId].sort());

        expect((await c.send(new ListParentsCommand({ ChildId: accountId }))).Parents).toEqual([{ Id: emu.rootId, Type: "ROOT" }]);
        await c.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: emu.rootId, DestinationParentId: emu.defaultOuId }));
        expect((await c.send(new ListParentsCommand({ ChildId: accountId }))).Parents).toEqual([{ Id: emu.defaultOuId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect((await c.send(new ListParentsCommand({ ChildId: emu.defaultOuId }))).Parents).toEqual([{ Id: emu.rootId, Type: "ROOT" }]);

        expect((await c.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags).toEqual([{ Key: "team", Value: "core" }]);
        await c.send(
            new TagResourceCommand({
                ResourceId: accountId,
                Tags: [
                    { Key: "env", Value: "" },
                    { Key: "team", Value: "platform" },
                ],
            }),
        );
        expect((await c.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags).toEqual([
            { Key: "team", Value: "platform" },
            { Key: "env", Value: "" },
        ]);
        await c.send(new UntagResourceCommand({ ResourceId: accountId, TagKeys: ["team", "absent"] }));
        expect((await c.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags).toEqual([{ Key: "env", Value: "" }]);

        const a = account(emu);
        await a.send(new PutAccountNameCommand({ AccountId: accountId, AccountName: "renamed" }));
        const info = await a.send(new GetAccountInformationCommand({ AccountId: accountId }));
        expect(info).toMatchObject({ AccountId: accountId, AccountName: "renamed", AccountState: "ACTIVE" });
        expect(info.AccountCreatedDate).toBeInstanceOf(Date);
        expect((await c.send(new DescribeAccountCommand({ AccountId: accountId }))).Account!.Name).toBe("renamed");
        // without AccountId: the caller's (management) account
        expect((await a.send(new GetAccountInformationCommand({}))).AccountId).toBe(emu.managementAccountId);

        await c.send(new CloseAccountCommand({ AccountId: accountId }));
        expect((await c.send(new DescribeAccountCommand({ AccountId: accountId }))).Account).toMatchObject({ State: "PENDING_CLOSURE" });

        const other = await createAndWait(emu, c, "leaver");
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: other }));
        expectAwsError(await awsRejection(c.send(new DescribeAccountCommand({ AccountId: other }))), "AccountNotFoundException", 400);

        // every request was logged under its operation name
        const ops = new Set(emu.requests.all().map((e) => e.operation));
        for (const op of [
            "DescribeOrganization",
            "ListRoots",
            "CreateAccount",
            "DescribeCreateAccountStatus",
            "ListCreateAccountStatus",
            "DescribeAccount",
            "ListAccounts",
            "ListParents",
            "MoveAccount",
            "ListTagsForResource",
            "TagResource",
            "UntagResource",
            "PutAccountName",
            "GetAccountInformation",
            "CloseAccount",
            "RemoveAccountFromOrganization",
        ]) {
            expect(ops.has(op), op).toBe(true);
        }
    });

    it("every response carries x-amzn-RequestId and a Date header, and JSON 1.1 content type", async () => {
        const emu = await start();
        const r = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeOrganization", body: "{}" });
        expect(r.status).toBe(200);
        expect(r.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
        expect(new Date(String(r.headers["date"])).getTime()).not.toBeNaN();
        expect(r.headers["content-type"]).toBe("application/x-amz-json-1.1");
        const bad = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeAccount", body: '{"AccountId":"123456789012"}' });
        expect(bad.status).toBe(400);
        expect(bad.json).toEqual({ __type: "AccountNotFoundException", Message: "You specified an account that doesn't exist: 123456789012." });
        expect(bad.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
        expect(bad.headers["date"]).toBeDefined();
    });
});

describe("AWS conformance: error shapes as the SDK surfaces them", () => {
    it("validation errors: InvalidInputException with Reason", async () => {
        const emu = await start();
        const c = orgs(emu);
        const cases: [Promise<unknown>, string][] = [
            [c.send(new CreateAccountCommand({ Email: "not-an-email", AccountName: "x" })), "INVALID_EMAIL_ADDRESS_TARGET"],
            [c.send(new CreateAccountCommand({ Email: "a@b", AccountName: "x" })), "MIN_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "x@nodot", AccountName: "x" })), "INVALID_EMAIL_ADDRESS_TARGET"],
            [c.send(new CreateAccountCommand({ Email: `${"a".repeat(60)}@example.com`, AccountName: "x" })), "MAX_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "" })), "MIN_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "n".repeat(51) })), "MAX_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "naïve" })), "INVALID_PATTERN"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", RoleName: "bad role" })), "INVALID_ROLE_NAME"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", IamUserAccessToBilling: invalid("MAYBE") })), "INVALID_ENUM"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", Tags: [{ Key: "", Value: "v" }] })), "MIN_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", Tags: [{ Key: "k".repeat(129), Value: "v" }] })), "MAX_LENGTH_EXCEEDED"],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", Tags: [{ Key: "k", Value: "v".repeat(257) }] })), "MAX_LENGTH_EXCEEDED"],
            [
                c.send(
                    new CreateAccountCommand({
                        Email: "ok@example.com",
                        AccountName: "x",
                        Tags: [
                            { Key: "k", Value: "1" },
                            { Key: "k", Value: "2" },
                        ],
                    }),
                ),
                "DUPLICATE_TAG_KEY",
            ],
            [c.send(new CreateAccountCommand({ Email: "ok@example.com", AccountName: "x", Tags: [{ Key: "aws:x", Value: "1" }] })), "INVALID_SYSTEM_TAGS_PARAMETER"],
            [c.send(new CreateAccountCommand(invalid({ AccountName: "x" }))), "INPUT_REQUIRED"],
            [c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: "car-SHOUT" })), "INVALID_PATTERN"],
            [c.send(new ListCreateAccountStatusCommand({ MaxResults: 0 })), "MIN_VALUE_EXCEEDED"],
            [c.send(new ListCreateAccountStatusCommand({ MaxResults: 21 })), "MAX_VALUE_EXCEEDED"],
            [c.send(new ListCreateAccountStatusCommand({ States: [invalid("DONE")] })), "INVALID_ENUM"],
            [c.send(new ListCreateAccountStatusCommand({ NextToken: "garbage" })), "INVALID_NEXT_TOKEN"],
            [c.send(new ListAccountsCommand({ MaxResults: 100 })), "MAX_VALUE_EXCEEDED"],
            [c.send(new DescribeAccountCommand({ AccountId: "12345" })), "INVALID_PATTERN"],
        ];
        for (const [p, reason] of cases) {
            const err = await awsRejection(p);
            expectAwsError(err, "InvalidInputException", 400, undefined, { Reason: reason });
            expect(err.message.length).toBeGreaterThan(0);
        }
        // nothing was created by the invalid requests
        expect(emu.state.createAccountStatuses()).toEqual([]);
    });

    it("ConstraintViolationException with Reason: rate limit, tag limit, management account", async () => {
        const emu = await start({ creationDelayMs: 5000 });
        const c = orgs(emu);
        for (let i = 0; i < 5; i++) await c.send(new CreateAccountCommand({ Email: `u${i}@example.com`, AccountName: `u${i}` }));
        expectAwsError(
            await awsRejection(c.send(new CreateAccountCommand({ Email: "u5@example.com", AccountName: "u5" }))),
            "ConstraintViolationException",
            400,
            /concurrent account creation/,
            {
                Reason: "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
            },
        );
        const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
        expectAwsError(await awsRejection(c.send(new TagResourceCommand({ ResourceId: emu.managementAccountId, Tags: tags }))), "ConstraintViolationException", 400, undefined, {
            Reason: "MAX_TAG_LIMIT_EXCEEDED",
        });
        expectAwsError(await awsRejection(c.send(new CloseAccountCommand({ AccountId: emu.managementAccountId }))), "ConstraintViolationException", 400, undefined, {
            Reason: "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
        });
    });

    it("not-found and conflict exceptions", async () => {
        const emu = await start();
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "member", email: "member@example.com" });
        const missing = "111111111111";
        expectAwsError(
            await awsRejection(c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: "car-0123456789abcdef" }))),
            "CreateAccountStatusNotFoundException",
            400,
            /car-0123456789abcdef/,
        );
        expectAwsError(await awsRejection(c.send(new DescribeAccountCommand({ AccountId: missing }))), "AccountNotFoundException", 400, /111111111111/);
        expectAwsError(await awsRejection(c.send(new ListParentsCommand({ ChildId: missing }))), "ChildNotFoundException", 400);
        expectAwsError(
            await awsRejection(c.send(new MoveAccountCommand({ AccountId: missing, SourceParentId: emu.rootId, DestinationParentId: emu.defaultOuId }))),
            "AccountNotFoundException",
            400,
        );
        expectAwsError(
            await awsRejection(c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: emu.defaultOuId, DestinationParentId: emu.rootId }))),
            "SourceParentNotFoundException",
            400,
        );
        expectAwsError(
            await awsRejection(c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: emu.rootId, DestinationParentId: "ou-abcd-zzzzzzzz" }))),
            "DestinationParentNotFoundException",
            400,
        );
        expectAwsError(
            await awsRejection(c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: emu.rootId, DestinationParentId: emu.rootId }))),
            "DuplicateAccountException",
            400,
        );
        expectAwsError(await awsRejection(c.send(new TagResourceCommand({ ResourceId: missing, Tags: [{ Key: "a", Value: "b" }] }))), "TargetNotFoundException", 400);
        expectAwsError(await awsRejection(c.send(new UntagResourceCommand({ ResourceId: missing, TagKeys: ["a"] }))), "TargetNotFoundException", 400);
        expectAwsError(await awsRejection(c.send(new ListTagsForResourceCommand({ ResourceId: missing }))), "TargetNotFoundException", 400);
        await c.send(new CloseAccountCommand({ AccountId: id }));
        expectAwsError(await awsRejection(c.send(new CloseAccountCommand({ AccountId: id }))), "ConflictException", 400);
        emu.state.completeAll();
        expectAwsError(await awsRejection(c.send(new CloseAccountCommand({ AccountId: id }))), "AccountAlreadyClosedException", 400);
        expectAwsError(await awsRejection(c.send(new CloseAccountCommand({ AccountId: missing }))), "AccountNotFoundException", 400);
        expectAwsError(await awsRejection(c.send(new RemoveAccountFromOrganizationCommand({ AccountId: emu.managementAccountId }))), "MasterCannotLeaveOrganizationException", 400);
        expectAwsError(await awsRejection(c.send(new RemoveAccountFromOrganizationCommand({ AccountId: missing }))), "AccountNotFoundException", 400);
    });

    it("TooManyRequestsException (with Type), ServiceException 500, injected AccessDenied/ConcurrentModification", async () => {
        const emu = await start({ rateLimit: { requests: 1, windowMs: 60_000 } });
        const c = orgs(emu);
        await c.send(new DescribeOrganizationCommand({}));
        const throttled = await awsRejection(c.send(new DescribeOrganizationCommand({})));
        expectAwsError(throttled, "TooManyRequestsException", 400, /too many requests/, { Type: "RequestThrottled" });
        // the SDK's standard retry strategy retries it by name (the body sets no $retryable)
        const emuRetry = await start();
        emuRetry.faults.inject({ operation: "ListRoots", fault: { kind: "status", status: 400 } });
        const retried = await orgs(emuRetry, { maxAttempts: 2 }).send(new ListRootsCommand({}));
        expect(retried.$metadata.attempts).toBe(2);
        expect(emuRetry.requests.byOperation("ListRoots").map((e) => [e.status, e.fault])).toEqual([
            [400, "status"],
            [200, undefined],
        ]);

        const emu2 = await start();
        const c2 = orgs(emu2);
        emu2.state.listAccounts = () => {
            throw new Error("boom");
        };
        const crash = await awsRejection(c2.send(new ListAccountsCommand({})));
        expectAwsError(crash, "ServiceException", 500, /internal service error/);
        expect(crash.$fault).toBe("server");
        emu2.faults.inject({ operation: "DescribeOrganization", fault: { kind: "status", status: 403 } });
        expectAwsError(await awsRejection(c2.send(new DescribeOrganizationCommand({}))), "AccessDeniedException", 403);
        emu2.faults.inject({ operation: "DescribeOrganization", fault: { kind: "status", status: 409 } });
        expectAwsError(await awsRejection(c2.send(new DescribeOrganizationCommand({}))), "ConcurrentModificationException", 409);
        emu2.faults.inject({ operation: "DescribeOrganization", fault: { kind: "status", status: 500 } });
        expectAwsError(await awsRejection(c2.send(new DescribeOrganizationCommand({}))), "ServiceException", 500);
    });

    it("SerializationException, UnknownOperationException, RequestEntityTooLarge (raw signed requests)", async () => {
        const emu = await start({ maxBodyBytes: 1000 });
        const malformed = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeAccount", body: "{not json" });
        expect(malformed.status).toBe(400);
        expect(malformed.json.__type).toBe("SerializationException");
        const wrongType = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeAccount", body: '{"AccountId": 123456789012}' });
        expect(wrongType.json.__type).toBe("SerializationException");
        const array = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeOrganization", body: "[]" });
        expect(array.json.__type).toBe("SerializationException");
        const unknown = await rawSigned(emu, { target: "AWSOrganizationsV20161128.LaunchRockets", body: "{}" });
        expect(unknown.status).toBe(400);
        expect(unknown.json.__type).toBe("UnknownOperationException");
        expect(emu.requests.all().at(-1)!.operation).toBe("LaunchRockets");
        const foreign = await rawSigned(emu, { target: "DynamoDB_20120810.ListTables", body: "{}" });
        expect(foreign.json.__type).toBe("UnknownOperationException");
        expect(emu.requests.all().at(-1)!.operation).toBe("Unknown");
        const wrongContentType = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeOrganization", body: "{}", contentType: "text/plain" });
        expect(wrongContentType.json.__type).toBe("UnknownOperationException");
        const big = await rawSigned(emu, { target: "AWSOrganizationsV20161128.DescribeOrganization", body: JSON.stringify({ x: "y".repeat(2000) }) });
        expect(big.status).toBe(413);
        // the emulator still serves
        expect((await orgs(emu).send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(emu.organizationId);
    });

    it("auth errors: InvalidSignatureException (mismatch, expired), UnrecognizedClientException, session tokens", async () => {
        const emu = await start();
        const badSecret = await awsRejection(orgs(emu, { credentials: { ...emu.credentials, secretAccessKey: "wrong" } }).send(new DescribeOrganizationCommand({})));
        expectAwsError(badSecret, "InvalidSignatureException", 400, /^The request signature we calculated does not match the signature you provided\. /);
        const unknownKey = await awsRejection(orgs(emu, { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } }).send(new DescribeOrganizationCommand({})));
        expectAwsError(unknownKey, "UnrecognizedClientException", 400, "The security token included in the request is invalid.");
        const late = await awsRejection(orgs(emu, { systemClockOffset: -20 * 60 * 1000 }).send(new DescribeOrganizationCommand({})));
        expectAwsError(late, "InvalidSignatureException", 400, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
        const early = await awsRejection(orgs(emu, { systemClockOffset: 20 * 60 * 1000 }).send(new DescribeOrganizationCommand({})));
        expectAwsError(early, "InvalidSignatureException", 400, /^Signature expired: /);
        // with retries on, the SDK corrects its clock from the Date header and succeeds on the second attempt
        const corrected = await orgs(emu, { systemClockOffset: -20 * 60 * 1000, maxAttempts: 3 }).send(new DescribeOrganizationCommand({}));
        expect(corrected.$metadata.attempts).toBe(2);
        // wrong region in the credential scope
        const wrongRegion = await awsRejection(
            new OrganizationsClient({ region: "eu-west-1", endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1 }).send(new DescribeOrganizationCommand({})),
        );
        expectAwsError(wrongRegion, "InvalidSignatureException", 400, /scoped to a valid region/);

        const temp = await start({ credentials: { accessKeyId: "ASIAEMULATOR00000000", secretAccessKey: "temp-secret", sessionToken: "session-token-1" } });
        expect((await orgs(temp).send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(temp.organizationId);
        expect(temp.requests.all()[0].headers["x-amz-security-token"]).toBe("session-token-1");
        const noToken = await awsRejection(
            orgs(temp, { credentials: { accessKeyId: "ASIAEMULATOR00000000", secretAccessKey: "temp-secret" } }).send(new DescribeOrganizationCommand({})),
        );
        expectAwsError(noToken, "UnrecognizedClientException", 400, "The security token included in the request is invalid.");
        const wrongToken = await awsRejection(orgs(temp, { credentials: { ...temp.credentials, sessionToken: "other" } }).send(new DescribeOrganizationCommand({})));
        expectAwsError(wrongToken, "UnrecognizedClientException", 400);
        expect((await account(temp).send(new GetAccountInformationCommand({}))).AccountId).toBe(temp.managementAccountId);
    });

    it("Account Management API errors (REST-JSON): ValidationException, ResourceNotFoundException, auth, throttling, 500", async () => {
        const emu = await start();
        const a = account(emu);
        const invalidName = await awsRejection(a.send(new PutAccountNameCommand({ AccountId: emu.managementAccountId, AccountName: "" })));
        expectAwsError(invalidName, "ValidationException", 400, /AccountName/, { reason: "fieldValidationFailed" });
        expectAwsError(await awsRejection(a.send(new PutAccountNameCommand({ AccountId: "42", AccountName: "x" }))), "ValidationException", 400);
        expectAwsError(await awsRejection(a.send(new GetAccountInformationCommand({ AccountId: "111111111111" }))), "ResourceNotFoundException", 404, /111111111111/);
        expectAwsError(
            await awsRejection(account(emu, { credentials: { ...emu.credentials, secretAccessKey: "wrong" } }).send(new GetAccountInformationCommand({}))),
            "InvalidSignatureException",
            403,
        );
        expectAwsError(
            await awsRejection(account(emu, { credentials: { accessKeyId: "AKIANOPE", secretAccessKey: "x" } }).send(new GetAccountInformationCommand({}))),
            "UnrecognizedClientException",
            403,
        );
        emu.faults.inject({ operation: "PutAccountName", fault: { kind: "status", status: 429 } });
        expectAwsError(await awsRejection(a.send(new PutAccountNameCommand({ AccountName: "x" }))), "TooManyRequestsException", 429);
        emu.faults.inject({ operation: "GetAccountInformation", fault: { kind: "status", status: 500 } });
        expectAwsError(await awsRejection(a.send(new GetAccountInformationCommand({}))), "InternalServerException", 500);
        // the Organizations signing scope is refused by the Account API (and vice versa)
        const crossed = await rawSigned(emu, { path: "/getAccountInformation", body: "{}", contentType: "application/json", service: "organizations" });
        expect(crossed.status).toBe(403);
        expect(crossed.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    });
});
