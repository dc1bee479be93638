// AWS Organizations emulator behaviour: async creation, quotas, paging, SigV4, faults, request log, lifecycle, CLI.
import { describe, expect, it } from "vitest";
import { request as httpRequest } from "node:http";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import {
    CreateAccountCommand,
    CreateAccountStatus,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeOrganizationCommand,
    ListAccountsCommand,
    ListCreateAccountStatusCommand,
    ListCreateAccountStatusCommandInput,
    ListParentsCommand,
    ListRootsCommand,
    OrganizationsClient,
    CloseAccountCommand,
    RemoveAccountFromOrganizationCommand,
} from "@aws-sdk/client-organizations";
import { AccountClient, GetAccountInformationCommand } from "@aws-sdk/client-account";
import { AwsEmulator, startAwsEmulator } from "../../emulator/aws/server";
import { FAILURE_REASONS } from "../../emulator/aws/model";
import { NodeSha256 } from "../../emulator/aws/sigv4";
import { emulatorPool, invalid, jsonOrUndefined, orgs, awsRejection, sleep } from "../support/emulatorClients";
import type { AwsBody } from "../support/wire";

// The refusals (consistency lags, removal rules...) have their own suite: aws-refusals.test.ts.
const { start, running } = emulatorPool(startAwsEmulator, { creationDelayMs: 30, closeDelayMs: 30, refusals: "permissive" });

async function waitStatus(c: OrganizationsClient, id: string, timeoutMs = 3000): Promise<CreateAccountStatus> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const s = (await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus!;
        if (s.State !== "IN_PROGRESS" || Date.now() > end) return s;
        await sleep(10);
    }
}

async function create(c: OrganizationsClient, name: string, email = `${name}@example.com`, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await c.send(new CreateAccountCommand({ Email: email, AccountName: name, ...extra }));
    expect(r.CreateAccountStatus!.State).toBe("IN_PROGRESS");
    return r.CreateAccountStatus!.Id!;
}

async function listAllStatuses(c: OrganizationsClient, input: ListCreateAccountStatusCommandInput): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
        const page = await c.send(new ListCreateAccountStatusCommand({ ...input, NextToken: token }));
        pages++;
        if (input.MaxResults !== undefined) expect(page.CreateAccountStatuses!.length).toBeLessThanOrEqual(input.MaxResults);
        ids.push(...page.CreateAccountStatuses!.map((s) => s.Id!));
        token = page.NextToken;
        if (pages > 100) throw new Error("paging does not end");
    } while (token);
    return { ids, pages };
}

interface RawOptions {
    operation?: string;
    body?: string;
    /** Sign this body but send `body` (same length keeps content-length valid). */
    signedBody?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    signingDate?: Date;
    /** Only these headers (plus host/x-amz-date added by the signer) are signed; default all. */
    signOnly?: string[];
    includeContentSha?: boolean;
    authorization?: string | null;
    path?: string;
}

interface RawResult {
    status?: number;
    headers?: Record<string, unknown>;
    text?: string;
    json?: AwsBody;
    error?: string;
}

/** A SigV4-signed request over raw HTTP (no SDK retries or parsing). */
async function raw(emu: AwsEmulator, opts: RawOptions = {}): Promise<RawResult> {
    const url = new URL(opts.path ?? "/", emu.url);
    const body = opts.body ?? "{}";
    const signedBody = opts.signedBody ?? body;
    const all: Record<string, string> = {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "content-length": String(Buffer.byteLength(body)),
        "x-amz-target": `AWSOrganizationsV20161128.${opts.operation ?? "DescribeOrganization"}`,
    };
    if (opts.includeContentSha !== false) all["x-amz-content-sha256"] = createHash("sha256").update(signedBody).digest("hex");
    const toSign = opts.signOnly ? Object.fromEntries(Object.entries(all).filter(([k]) => k === "host" || opts.signOnly!.includes(k))) : all;
    const signer = new SignatureV4({ credentials: opts.credentials ?? emu.credentials, region: emu.region, service: "organizations", sha256: NodeSha256, applyChecksum: false });
    const signed = await signer.sign(
        { method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: toSign, body: signedBody },
        { signingDate: opts.signingDate },
    );
    const headers: Record<string, string> = { ...all, ...(signed.headers as Record<string, string>) };
    if (opts.authorization === null) delete headers["authorization"];
    else if (opts.authorization !== undefined) headers["authorization"] = opts.authorization;
    return new Promise((resolve) => {
        const req = httpRequest(url, { method: "POST", headers, agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text, json: jsonOrUndefined(text) as AwsBody | undefined }));
            res.on("error", (e) => resolve({ status: res.statusCode, headers: res.headers, text, error: e.message }));
            res.on("aborted", () => resolve({ status: res.statusCode, headers: res.headers, text, error: "aborted" }));
        });
        req.on("error", (e) => resolve({ error: e.message }));
        req.end(body);
    });
}

describe("AWS emulator: asynchronous account creation", () => {
    it("IN_PROGRESS, then SUCCEEDED with the account ACTIVE in the root, tags kept", async () => {
        const emu = await start({ creationDelayMs: 150 });
        const c = orgs(emu);
        const id = await create(c, "alpha", "alpha@example.com", { Tags: [{ Key: "owner", Value: "team-a" }] });
        const early = (await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus!;
        expect(early.State).toBe("IN_PROGRESS");
        expect(early.AccountId).toBeUndefined();
        expect(early.CompletedTimestamp).toBeUndefined();
        expect(emu.state.accounts().map((a) => a.name)).toEqual(["emulator-management"]);
        const done = await waitStatus(c, id);
        expect(done.State).toBe("SUCCEEDED");
        expect(done.CompletedTimestamp!.getTime()).toBeGreaterThanOrEqual(done.RequestedTimestamp!.getTime() + 100);
        const snapshot = emu.state.accounts().find((a) => a.id === done.AccountId)!;
        expect(snapshot).toMatchObject({
            name: "alpha",
            email: "alpha@example.com",
            parentId: emu.rootId,
            state: "ACTIVE",
            joinedMethod: "CREATED",
            tags: [{ Key: "owner", Value: "team-a" }],
        });
        expect((await c.send(new ListParentsCommand({ ChildId: done.AccountId! }))).Parents).toEqual([{ Id: emu.rootId, Type: "ROOT" }]);
        expect(emu.state.createAccountStatuses()).toEqual([expect.objectContaining({ Id: id, State: "SUCCEEDED", AccountId: done.AccountId, email: "alpha@example.com" })]);
    });

    it("timestamps follow the clock option", async () => {
        const fixed = new Date("2030-01-02T03:04:05.678Z");
        let now = fixed.getTime();
        const emu = await start({ clock: () => new Date(now) });
        // the SDK corrects its clock offset from the Date header, so it can talk to a server in 2030
        const c = orgs(emu, { maxAttempts: 3 });
        const id = await create(c, "clocked");
        now += 60_000;
        const s = await waitStatus(c, id);
        expect(s.RequestedTimestamp!.toISOString()).toBe("2030-01-02T03:04:05.678Z");
        expect(s.CompletedTimestamp!.toISOString()).toBe("2030-01-02T03:05:05.678Z");
        expect(emu.requests.all()[0].time.startsWith("2030-01-02T03:04")).toBe(true);
    });

    it("email uniqueness: an existing account's, another in-progress request's (case-insensitive), a removed account's", async () => {
        const emu = await start({ creationDelayMs: 80 });
        const c = orgs(emu);
        emu.state.addAccount({ name: "existing", email: "taken@example.com" });
        const dupExisting = await create(c, "dup1", "TAKEN@example.com");
        const first = await create(c, "first", "fresh@example.com");
        const second = await create(c, "second", "Fresh@Example.com");
        expect((await waitStatus(c, dupExisting)).FailureReason).toBe("EMAIL_ALREADY_EXISTS");
        const s1 = await waitStatus(c, first);
        const s2 = await waitStatus(c, second);
        expect(s1.State).toBe("SUCCEEDED");
        expect(s2).toMatchObject({ State: "FAILED", FailureReason: "EMAIL_ALREADY_EXISTS" });
        expect(s2.AccountId).toBeUndefined();
        expect(s2.CompletedTimestamp).toBeInstanceOf(Date);
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: s1.AccountId! }));
        expect((await waitStatus(c, await create(c, "again", "fresh@example.com"))).FailureReason).toBe("EMAIL_ALREADY_EXISTS");
        // a failed request does not reserve its email
        emu.state.scriptFailure({ email: "retry@example.com", reason: "INTERNAL_FAILURE" });
        expect((await waitStatus(c, await create(c, "r1", "retry@example.com"))).FailureReason).toBe("INTERNAL_FAILURE");
        expect((await waitStatus(c, await create(c, "r2", "retry@example.com"))).State).toBe("SUCCEEDED");
    });

    it("scriptFailure: every documented FailureReason, matching by email/name (string or RegExp), times", async () => {
        expect(FAILURE_REASONS).toHaveLength(15);
        const emu = await start({ creationDelayMs: 10, maxInProgress: 50 });
        const c = orgs(emu);
        const ids: [string, string][] = [];
        for (const [i, reason] of FAILURE_REASONS.entries()) {
            emu.state.scriptFailure({ name: `fail-${i}`, reason });
            ids.push([await create(c, `fail-${i}`), reason]);
        }
        for (const [id, reason] of ids) expect(await waitStatus(c, id)).toMatchObject({ State: "FAILED", FailureReason: reason });
        expect(emu.state.accounts()).toHaveLength(1);

        emu.state.scriptFailure({ email: /@blocked\.example$/, reason: "INVALID_EMAIL", times: 2 });
        emu.state.scriptFailure({ name: /^pay-/, email: "pay@example.com", reason: "MISSING_PAYMENT_INSTRUMENT" });
        const b1 = await create(c, "b1", "b1@blocked.example");
        const ok = await create(c, "ok", "ok@example.com");
        const b2 = await create(c, "b2", "b2@blocked.example");
        const b3 = await create(c, "b3", "b3@blocked.example");
        const payOther = await create(c, "pay-other", "other-pay@example.com");
        const pay = await create(c, "pay-1", "pay@example.com");
        expect((await waitStatus(c, b1)).FailureReason).toBe("INVALID_EMAIL");
        expect((await waitStatus(c, ok)).State).toBe("SUCCEEDED");
        expect((await waitStatus(c, b2)).FailureReason).toBe("INVALID_EMAIL");
        expect((await waitStatus(c, b3)).State).toBe("SUCCEEDED");
        expect((await waitStatus(c, payOther)).State).toBe("SUCCEEDED");
        expect((await waitStatus(c, pay)).FailureReason).toBe("MISSING_PAYMENT_INSTRUMENT");
        expect(() => emu.state.scriptFailure({ reason: invalid("NOPE") })).toThrow();
    });

    it("at most 5 creations IN_PROGRESS: the 6th is a synchronous ConstraintViolationException and creates nothing", async () => {
        const emu = await start({ creationDelayMs: 250 });
        const c = orgs(emu);
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await create(c, `c${i}`));
        const err = await awsRejection(c.send(new CreateAccountCommand({ Email: "c5@example.com", AccountName: "c5" })));
        expect(err.name).toBe("ConstraintViolationException");
        expect(err.Reason).toBe("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED");
        expect(err.$metadata.httpStatusCode).toBe(400);
        expect(emu.state.createAccountStatuses()).toHaveLength(5);
        // an expired status record still counts: the creation is still under way
        emu.state.expireCreateAccountStatus(ids[0]);
        expect((await awsRejection(c.send(new CreateAccountCommand({ Email: "c5@example.com", AccountName: "c5" })))).Reason).toBe("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED");
        for (const id of ids.slice(1)) expect((await waitStatus(c, id)).State).toBe("SUCCEEDED");
        await sleep(20);
        expect((await waitStatus(c, await create(c, "c5"))).State).toBe("SUCCEEDED");
        expect(emu.state.accounts()).toHaveLength(7); // management + 6 (the expired record's account exists too)
    });

    it("maxInProgress and maxAccounts options", async () => {
        const emu = await start({ creationDelayMs: 100, maxInProgress: 2, maxAccounts: 2 });
        const c = orgs(emu);
        const a = await create(c, "m1");
        const b = await create(c, "m2");
        expect((await awsRejection(create(c, "m3"))).Reason).toBe("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED");
        expect((await waitStatus(c, a)).State).toBe("SUCCEEDED");
        expect(await waitStatus(c, b)).toMatchObject({ State: "FAILED", FailureReason: "ACCOUNT_LIMIT_EXCEEDED" });
    });

    it("expireCreateAccountStatus: Describe → CreateAccountStatusNotFoundException, not listed, the account remains", async () => {
        const emu = await start();
        const c = orgs(emu);
        const id = await create(c, "ephemeral");
        const s = await waitStatus(c, id);
        emu.state.expireCreateAccountStatus(id);
        const err = await awsRejection(c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })));
        expect(err.name).toBe("CreateAccountStatusNotFoundException");
        expect((await c.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses).toEqual([]);
        expect((await c.send(new DescribeAccountCommand({ AccountId: s.AccountId! }))).Account!.Name).toBe("ephemeral");
        expect(() => emu.state.expireCreateAccountStatus(id)).toThrow();
    });
});

describe("AWS emulator: ListCreateAccountStatus paging", () => {
    it("MaxResults 1..20 over 25 records: every record exactly once, in order; States filter", async () => {
        const emu = await start({ creationDelayMs: 10, maxInProgress: 100 });
        const c = orgs(emu);
        const all: string[] = [];
        const failed: string[] = [];
        for (let i = 0; i < 25; i++) {
            if (i % 4 === 0) emu.state.scriptFailure({ name: `p${i}`, reason: "INTERNAL_FAILURE" });
            const id = await create(c, `p${i}`);
            all.push(id);
            if (i % 4 === 0) failed.push(id);
        }
        for (const id of all) await waitStatus(c, id);
        for (let max = 1; max <= 20; max++) {
            const { ids, pages } = await listAllStatuses(c, { MaxResults: max });
            expect(ids).toEqual(all);
            expect(pages).toBe(Math.ceil(25 / max));
        }
        expect((await listAllStatuses(c, {})).ids).toEqual(all); // default page size 20
        expect((await listAllStatuses(c, { States: ["FAILED"], MaxResults: 2 })).ids).toEqual(failed);
        expect((await listAllStatuses(c, { States: ["SUCCEEDED"], MaxResults: 3 })).ids).toEqual(all.filter((id) => !failed.includes(id)));
        expect((await listAllStatuses(c, { States: ["SUCCEEDED", "FAILED"], MaxResults: 7 })).ids).toEqual(all);
        expect((await listAllStatuses(c, { States: ["IN_PROGRESS"] })).ids).toEqual([]);
    });

    it("pages stay consistent while records are added; tokens are checked", async () => {
        const emu = await start({ creationDelayMs: 10, maxInProgress: 100 });
        const c = orgs(emu);
        const first: string[] = [];
        for (let i = 0; i < 6; i++) first.push(await create(c, `q${i}`));
        const p1 = await c.send(new ListCreateAccountStatusCommand({ MaxResults: 4 }));
        const added = await create(c, "q-late");
        const p2 = await c.send(new ListCreateAccountStatusCommand({ MaxResults: 4, NextToken: p1.NextToken }));
        expect([...p1.CreateAccountStatuses!, ...p2.CreateAccountStatuses!].map((s) => s.Id)).toEqual([...first, added]);
        expect(p2.NextToken).toBeUndefined();

        for (const max of [0, 21, -1, 1000]) {
            const err = await awsRejection(c.send(new ListCreateAccountStatusCommand({ MaxResults: max })));
            expect(err.name).toBe("InvalidInputException");
            expect(err.Reason).toBe(max < 1 ? "MIN_VALUE_EXCEEDED" : "MAX_VALUE_EXCEEDED");
        }
        // a token from another operation, a forged one and garbage are refused
        emu.state.addAccount({ name: "x1", email: "x1@example.com" });
        const accountsPage = await c.send(new ListAccountsCommand({ MaxResults: 1 }));
        expect(accountsPage.NextToken).toBeDefined();
        for (const token of [accountsPage.NextToken!, Buffer.from("awsemu:ListCreateAccountStatus:x").toString("base64url"), "%%%", p1.NextToken + "="]) {
            const err = await awsRejection(c.send(new ListCreateAccountStatusCommand({ NextToken: token })));
            expect(err.name).toBe("InvalidInputException");
            expect(err.Reason).toBe("INVALID_NEXT_TOKEN");
        }
    });

    it("ListAccounts pages with MaxResults too", async () => {
        const emu = await start();
        const c = orgs(emu);
        const ids = [emu.managementAccountId];
        for (let i = 0; i < 7; i++) ids.push(emu.state.addAccount({ name: `acc${i}`, email: `acc${i}@example.com` }));
        for (const max of [1, 3, 20]) {
            const seen: string[] = [];
            let token: string | undefined;
            do {
                const page = await c.send(new ListAccountsCommand({ MaxResults: max, NextToken: token }));
                seen.push(...page.Accounts!.map((a) => a.Id!));
                token = page.NextToken;
            } while (token);
            expect(seen).toEqual(ids);
        }
    });
});

describe("AWS emulator: SigV4", () => {
    it("accepts correctly signed raw requests, including clients that sign fewer headers", async () => {
        const emu = await start();
        expect((await raw(emu)).status).toBe(200);
        const minimal = await raw(emu, { signOnly: ["x-amz-target"], includeContentSha: false });
        expect(minimal.status).toBe(200);
        expect(minimal.json!.Organization.Id).toBe(emu.organizationId);
    });

    it("bad signature, expired, unknown key, missing or malformed Authorization", async () => {
        const emu = await start();
        const bad = await raw(emu, { credentials: { ...emu.credentials, secretAccessKey: "nope" } });
        expect(bad.status).toBe(400);
        expect(bad.json!.__type).toBe("InvalidSignatureException");
        expect(bad.json!.Message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
        expect(bad.headers!["x-amzn-requestid"]).toBeDefined();

        const expired = await raw(emu, { signingDate: new Date(Date.now() - 16 * 60 * 1000) });
        expect(expired.status).toBe(400);
        expect(expired.json!.__type).toBe("InvalidSignatureException");
        expect(expired.json!.Message).toMatch(/^Signature expired: /);
        // within 15 minutes is fine
        expect((await raw(emu, { signingDate: new Date(Date.now() - 14 * 60 * 1000) })).status).toBe(200);

        const unknown = await raw(emu, { credentials: { accessKeyId: "AKIASOMEONEELSE00000", secretAccessKey: "x" } });
        expect(unknown.json).toEqual({ __type: "UnrecognizedClientException", Message: "The security token included in the request is invalid." });

        const missing = await raw(emu, { authorization: null });
        expect(missing.status).toBe(400);
        expect(missing.json!.__type).toBe("MissingAuthenticationTokenException");
        const garbage = await raw(emu, { authorization: "Bearer abc" });
        expect(garbage.json!.__type).toBe("IncompleteSignatureException");
        const noHost = await raw(emu, {
            authorization: `AWS4-HMAC-SHA256 Credential=${emu.credentials.accessKeyId}/20240101/us-east-1/organizations/aws4_request, SignedHeaders=x-amz-date, Signature=${"0".repeat(64)}`,
        });
        expect(noHost.json!.__type).toBe("IncompleteSignatureException");
        // nothing reached the service
        expect(emu.requests.all().filter((e) => e.status !== 200 && e.status !== 400)).toEqual([]);
    });

    it("a body changed after signing is rejected, with or without x-amz-content-sha256", async () => {
        const emu = await start();
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "target", email: "target@example.com" });
        const other = emu.state.addAccount({ name: "decoy1", email: "decoy1@example.com" });
        const signedBody = JSON.stringify({ AccountId: other });
        const sentBody = JSON.stringify({ AccountId: id });
        expect(sentBody.length).toBe(signedBody.length);
        const withHash = await raw(emu, { operation: "CloseAccount", signedBody, body: sentBody });
        expect(withHash.status).toBe(400);
        expect(withHash.json!.__type).toBe("InvalidSignatureException");
        const withoutHash = await raw(emu, { operation: "CloseAccount", signedBody, body: sentBody, includeContentSha: false });
        expect(withoutHash.json!.__type).toBe("InvalidSignatureException");
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State).toBe("ACTIVE");
        expect((await c.send(new DescribeAccountCommand({ AccountId: other }))).Account!.State).toBe("ACTIVE");
        // the untampered request works
        expect((await raw(emu, { operation: "CloseAccount", body: sentBody })).status).toBe(200);
        expect(emu.state.accounts().find((a) => a.id === id)!.state).toBe("PENDING_CLOSURE");
    });
});

describe("AWS emulator: faults and throttling", () => {
    it("status faults: AWS-shaped defaults, custom bodies, times and operation matching", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "ListRoots", fault: { kind: "status", status: 400 }, times: 2 });
        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "status", status: 500 } });
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "status", status: 503 } });
        emu.faults.inject({ operation: "ListParents", fault: { kind: "status", status: 418, body: { custom: true }, headers: { "x-custom": "1" } } });
        const t1 = await raw(emu, { operation: "ListRoots" });
        expect(t1.status).toBe(400);
        expect(t1.json).toEqual({ __type: "TooManyRequestsException", Message: expect.stringContaining("too many requests") as unknown, Type: "RequestThrottled" });
        expect((await raw(emu, { operation: "ListRoots" })).status).toBe(400);
        expect((await raw(emu, { operation: "ListRoots" })).status).toBe(200);
        const s500 = await raw(emu, { operation: "DescribeOrganization" });
        expect(s500.status).toBe(500);
        expect(s500.json!.__type).toBe("ServiceException");
        const s503 = await raw(emu, { operation: "ListAccounts" });
        expect(s503.status).toBe(503);
        expect(s503.text).toBe("Service Unavailable");
        const custom = await raw(emu, { operation: "ListParents" });
        expect(custom.status).toBe(418);
        expect(custom.json).toEqual({ custom: true });
        expect(custom.headers!["x-custom"]).toBe("1");
        expect(emu.faults.pending()).toEqual([]);
        // the SDK cannot parse a plain-text 503: it surfaces a SyntaxError carrying the status...
        emu.faults.inject({ fault: { kind: "status", status: 503 } });
        const err = await awsRejection(orgs(emu).send(new ListAccountsCommand({})));
        expect(err.name).toBe("SyntaxError");
        expect(err.$metadata.httpStatusCode).toBe(503);
        // ...and its standard retry strategy still retries it as a transient (5xx) error
        emu.faults.inject({ fault: { kind: "status", status: 503 } });
        const retried = await orgs(emu, { maxAttempts: 2 }).send(new ListAccountsCommand({}));
        expect(retried.$metadata.attempts).toBe(2);
    });

    it("reset-before does not process; reset-after processes", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-before" } });
        const r1 = await raw(emu, { operation: "CreateAccount", body: JSON.stringify({ Email: "rb@example.com", AccountName: "rb" }) });
        expect(r1.error).toBeDefined();
        expect(emu.state.createAccountStatuses()).toHaveLength(0);
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        const r2 = await raw(emu, { operation: "CreateAccount", body: JSON.stringify({ Email: "ra@example.com", AccountName: "ra" }) });
        expect(r2.error).toBeDefined();
        expect(emu.state.createAccountStatuses()).toHaveLength(1);
        expect(emu.requests.byOperation("CreateAccount").map((e) => [e.status, e.fault])).toEqual([
            ["reset", "reset-before"],
            ["reset", "reset-after"],
        ]);
    });

    it("delay answers late; hang never answers and close() still returns", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "ListRoots", fault: { kind: "delay", ms: 150 } });
        const t0 = Date.now();
        expect((await raw(emu, { operation: "ListRoots" })).status).toBe(200);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

        emu.faults.inject({ operation: "ListRoots", fault: { kind: "hang" } });
        const pending = raw(emu, { operation: "ListRoots" });
        await sleep(50);
        expect(emu.requests.byOperation("ListRoots").at(-1)!.status).toBe("hang");
        const closing = emu.close();
        const result = await pending;
        // Never answered: the connection is cut when the emulator closes.
        expect(result).toEqual({ error: "socket hang up" });
        await closing;
        running.splice(running.indexOf(emu), 1);
    });

    it("malformed, truncated, wrong-shape and clock-skew", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "malformed" } });
        const m = await raw(emu);
        expect(m.status).toBe(200);
        expect(m.json).toBeUndefined();
        expect(m.headers!["content-type"]).toBe("application/x-amz-json-1.1");
        const c = orgs(emu);
        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "malformed" } });
        const unreadable = await awsRejection(c.send(new DescribeOrganizationCommand({})));
        expect(unreadable.name).toBe("SyntaxError");
        // The SDK's own deserialization error: the JSON is cut short.
        expect(unreadable.message).toMatch(/^Unterminated string in JSON at position \d+/);

        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "truncated" } });
        const t = await raw(emu);
        // The head promises more than arrives: the connection closes halfway through the body.
        expect(t.status).toBe(200);
        expect(t.error).toBe("aborted");
        expect(Buffer.byteLength(t.text!)).toBeLessThan(Number(t.headers!["content-length"]));
        expect(t.text).toMatch(/^\{"Organization":\{"Id":"o-/);
        expect(t.json).toBeUndefined();
        expect(emu.requests.all().at(-1)!.status).toBe("truncated");

        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "wrong-shape" } });
        const w = await raw(emu);
        expect(w.status).toBe(200);
        expect(typeof w.json!.Organization.Id).toBe("number");

        emu.faults.inject({ operation: "DescribeOrganization", fault: { kind: "clock-skew" } });
        const s = await awsRejection(c.send(new DescribeOrganizationCommand({})));
        expect(s.name).toBe("InvalidSignatureException");
        expect(s.message).toMatch(/^Signature expired: /);
        expect(s.$metadata.httpStatusCode).toBe(400);
    });

    it("rateLimit → 400 TooManyRequestsException with Type; the sliding window admits again later", async () => {
        const emu = await start({ rateLimit: { requests: 2, windowMs: 200 } });
        const c = orgs(emu);
        await c.send(new ListRootsCommand({}));
        await c.send(new ListRootsCommand({}));
        const err = await awsRejection(c.send(new ListRootsCommand({})));
        expect(err.name).toBe("TooManyRequestsException");
        expect(err.Type).toBe("RequestThrottled");
        expect(err.$metadata.httpStatusCode).toBe(400);
        await sleep(250);
        expect((await c.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    });

    it("never crashes: a throwing handler is a 500 ServiceException and the server keeps serving", async () => {
        const emu = await start();
        emu.state.describeCreateAccountStatus = () => {
            throw new TypeError("kaboom");
        };
        const r = await raw(emu, { operation: "DescribeCreateAccountStatus", body: JSON.stringify({ CreateAccountRequestId: "car-abcdefgh" }) });
        expect(r.status).toBe(500);
        expect(r.json!.__type).toBe("ServiceException");
        expect((await raw(emu)).status).toBe(200);
        const junk = await new Promise<number | undefined>((resolve) => {
            const req = httpRequest(new URL("/%zz?x", emu.url), { method: "GET", agent: false }, (res) => {
                res.resume();
                resolve(res.statusCode);
            });
            req.on("error", () => resolve(undefined));
            req.end();
        });
        expect(junk).toBe(400); // an unsigned GET with a bad escape: refused, not a crash
        expect((await raw(emu)).status).toBe(200);
    });
});

describe("AWS emulator: request log", () => {
    it("logs operation, method, path, headers, parsed body, status and fault; notifies listeners", async () => {
        const emu = await start();
        const finished: string[] = [];
        const unsubscribe = emu.requests.onFinish((e) => finished.push(`${e.operation}:${e.status}`));
        const c = orgs(emu);
        await c.send(new CreateAccountCommand({ Email: "log@example.com", AccountName: "logged" }));
        emu.faults.inject({ operation: "ListRoots", fault: { kind: "status", status: 500 } });
        await awsRejection(c.send(new ListRootsCommand({})));
        await new AccountClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }).send(new GetAccountInformationCommand({}));
        const [createEntry, rootsEntry, infoEntry] = emu.requests.all();
        expect(createEntry).toMatchObject({
            seq: 1,
            operation: "CreateAccount",
            method: "POST",
            path: "/",
            status: 200,
            body: { Email: "log@example.com", AccountName: "logged" },
        });
        expect(createEntry.headers["x-amz-target"]).toBe("AWSOrganizationsV20161128.CreateAccount");
        expect(createEntry.headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEMULATOR00000000\//);
        expect(createEntry.fault).toBeUndefined();
        expect(rootsEntry).toMatchObject({ operation: "ListRoots", status: 500, fault: "status" });
        expect(infoEntry).toMatchObject({ operation: "GetAccountInformation", method: "POST", path: "/getAccountInformation", status: 200 });
        expect(finished).toEqual(["CreateAccount:200", "ListRoots:500", "GetAccountInformation:200"]);
        unsubscribe();
        expect(emu.requests.byOperation("ListRoots")).toHaveLength(1);
        emu.requests.clear();
        expect(emu.requests.all()).toEqual([]);
    });
});

describe("AWS emulator: account lifecycle and test hooks", () => {
    it("CloseAccount: PENDING_CLOSURE, then CLOSED after closeDelayMs (no Status field); closing again is ConflictException, then AccountAlreadyClosedException", async () => {
        const emu = await start({ closeDelayMs: 120 });
        const c = orgs(emu);
        const id = await waitStatus(c, await create(c, "closer")).then((s) => s.AccountId!);
        await c.send(new CloseAccountCommand({ AccountId: id }));
        const closing = (await c.send(new DescribeAccountCommand({ AccountId: id }))).Account;
        expect(closing).toMatchObject({ State: "PENDING_CLOSURE" });
        expect(closing).not.toHaveProperty("Status");
        expect((await awsRejection(c.send(new CloseAccountCommand({ AccountId: id })))).name).toBe("ConflictException");
        await sleep(200);
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account).toMatchObject({ State: "CLOSED" });
        expect((await awsRejection(c.send(new CloseAccountCommand({ AccountId: id })))).name).toBe("AccountAlreadyClosedException");
        emu.state.setAccountState(id, "SUSPENDED");
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account).toMatchObject({ State: "SUSPENDED" });
        expect((await awsRejection(c.send(new CloseAccountCommand({ AccountId: id })))).name).toBe("AccountAlreadyClosedException");
        expect(() => emu.state.setAccountState("000000000000", "ACTIVE")).toThrow();
    });

    it("RemoveAccountFromOrganization: the account leaves the organization", async () => {
        const emu = await start();
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "leaving", email: "leaving@example.com", parentId: emu.defaultOuId, tags: { a: "1" } });
        expect((await c.send(new ListParentsCommand({ ChildId: id }))).Parents).toEqual([{ Id: emu.defaultOuId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.JoinedMethod).toBe("INVITED");
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: id }));
        expect((await awsRejection(c.send(new DescribeAccountCommand({ AccountId: id })))).name).toBe("AccountNotFoundException");
        expect((await awsRejection(c.send(new ListParentsCommand({ ChildId: id })))).name).toBe("ChildNotFoundException");
        expect((await c.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id)).toEqual([emu.managementAccountId]);
    });

    it("createOrganizationalUnit, addAccount validation, completeAll", async () => {
        const emu = await start({ creationDelayMs: 60_000, closeDelayMs: 60_000 });
        const c = orgs(emu);
        const ou = emu.state.createOrganizationalUnit("nested", emu.defaultOuId);
        expect(ou).toMatch(new RegExp(`^ou-${emu.rootId.slice(2)}-[a-z0-9]{8}$`));
        expect((await c.send(new ListParentsCommand({ ChildId: ou }))).Parents).toEqual([{ Id: emu.defaultOuId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect(() => emu.state.addAccount({ name: "x", email: "management@example.com" })).toThrow();
        expect(() => emu.state.addAccount({ name: "x", email: "x@example.com", parentId: "ou-nope-nopenope" })).toThrow();
        const id = await create(c, "slow");
        const member = emu.state.addAccount({ name: "m", email: "m@example.com", parentId: ou });
        await c.send(new CloseAccountCommand({ AccountId: member }));
        emu.state.completeAll();
        expect((await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus!.State).toBe("SUCCEEDED");
        expect(emu.state.accounts().find((a) => a.id === member)!.state).toBe("CLOSED");
    });
});

describe("AWS emulator: CLI", () => {
    it("--cloud both prints huawei and aws endpoints; the SDK finds the emulator through the env variables", async () => {
        const root = path.resolve(__dirname, "../..");
        const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "emulator/cli.ts"), "--cloud", "both", "--port", "0", "--creation-delay-ms", "20"], {
            cwd: root,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            const line = await new Promise<string>((resolve, reject) => {
                const rl = createInterface({ input: child.stdout });
                rl.once("line", resolve);
                child.once("exit", (code) => reject(new Error(`cli exited ${code}`)));
                setTimeout(() => reject(new Error("no banner")), 30_000);
            });
            const banner = JSON.parse(line) as {
                huawei: { url: string };
                aws: { url: string; accessKeyId: string; secretAccessKey: string; organizationId: string; managementAccountId: string };
                env: Record<string, string>;
            };
            expect(banner.huawei.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(banner.aws).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown, accessKeyId: "AKIAEMULATOR00000000", region: "us-east-1" });
            expect(banner.aws.secretAccessKey).toBeTruthy();
            expect(banner.env).toMatchObject({
                HW_ORGANIZATIONS_ENDPOINT: banner.huawei.url,
                AWS_ACCESS_KEY_ID: banner.aws.accessKeyId,
                AWS_SECRET_ACCESS_KEY: banner.aws.secretAccessKey,
                AWS_REGION: "us-east-1",
                AWS_ENDPOINT_URL_ORGANIZATIONS: banner.aws.url,
                AWS_ENDPOINT_URL_ACCOUNT: banner.aws.url,
            });
            const saved = { ...process.env };
            Object.assign(process.env, banner.env);
            try {
                // no endpoint, region or credentials in code: all from the environment
                const c = new OrganizationsClient({ maxAttempts: 1 });
                expect((await c.send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(banner.aws.organizationId);
                const a = new AccountClient({ maxAttempts: 1 });
                expect((await a.send(new GetAccountInformationCommand({}))).AccountId).toBe(banner.aws.managementAccountId);
            } finally {
                for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
                Object.assign(process.env, saved);
            }
        } finally {
            child.kill("SIGTERM");
            await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
        }
    });
});
