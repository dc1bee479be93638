import { afterEach, describe, expect, it, vi } from "vitest";
import { HuaweiClientOptions, HuaweiOrganizationsClient, requestUrl } from "../../provider/clouds/huawei/client";
import { DEFAULT_ORGANIZATIONS_ENDPOINT, resolveHuaweiConnection } from "../../provider/clouds/huawei/config";
import { describeFailureReason, formatCreationFailure, KNOWN_FAILURE_REASONS } from "../../provider/clouds/huawei/failureReasons";
import { CreateAccountStatusDto } from "../../provider/clouds/huawei/schemas";
import { AmbiguousRequestError, ApiError, ConfigurationError, ResponseShapeError, TransportError } from "../../provider/shared/errors";
import { HuaweiEmulator, HuaweiEmulatorOptions, startHuaweiEmulator } from "../../emulator/huawei/server";
import { HUAWEI_FAILURE_ADVICE } from "../support/huaweiFailureAdvice";

// ---------- fixtures ----------

const emulators: HuaweiEmulator[] = [];
const clients: HuaweiOrganizationsClient[] = [];

afterEach(async () => {
    vi.useRealTimers();
    // Emulator first: it destroys hanging sockets, so closing the client's agent cannot wait on them.
    while (emulators.length) await emulators.pop()!.close();
    while (clients.length) await clients.pop()!.close();
});

async function startEmulator(options: HuaweiEmulatorOptions = {}): Promise<HuaweiEmulator> {
    const emu = await startHuaweiEmulator({ creationDelayMs: 50, closeDelayMs: 50, ...options });
    emulators.push(emu);
    return emu;
}

interface Harness {
    emu: HuaweiEmulator;
    client: HuaweiOrganizationsClient;
    /** Delays the client asked to sleep, in order. */
    sleeps: number[];
    logLines: string[];
}

function makeClient(emu: HuaweiEmulator, options: Partial<HuaweiClientOptions> = {}, sleeps: number[] = [], logLines: string[] = []): HuaweiOrganizationsClient {
    const client = new HuaweiOrganizationsClient({
        accessKey: emu.credentials.accessKey,
        secretKey: emu.credentials.secretKey,
        securityToken: emu.credentials.securityToken,
        endpoint: emu.url,
        env: {},
        retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 60_000 },
        // Records the delay and returns at once: tests assert on the delays, never on the clock.
        sleep: (ms) => {
            sleeps.push(ms);
            return Promise.resolve();
        },
        log: (line) => logLines.push(line),
        ...options,
    });
    clients.push(client);
    return client;
}

async function setup(emuOptions: HuaweiEmulatorOptions = {}, clientOptions: Partial<HuaweiClientOptions> = {}): Promise<Harness> {
    const emu = await startEmulator(emuOptions);
    const sleeps: number[] = [];
    const logLines: string[] = [];
    const client = makeClient(emu, clientOptions, sleeps, logLines);
    return { emu, client, sleeps, logLines };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForTerminal(client: HuaweiOrganizationsClient, id: string, timeoutMs = 10_000): Promise<CreateAccountStatusDto> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const s = await client.getCreateAccountStatus(id);
        if (s.state !== "in_progress") return s;
        if (Date.now() > end) throw new Error(`status ${id} still in_progress`);
        await pause(15);
    }
}

async function createAndWait(client: HuaweiOrganizationsClient, name: string): Promise<string> {
    const s0 = await client.createAccount({ name, email: `${name}@example.com` });
    const s = await waitForTerminal(client, s0.id);
    expect(s.state).toBe("succeeded");
    return s.account_id!;
}

async function catchError(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the call to fail");
}

function count(emu: HuaweiEmulator, operation: string): number {
    return emu.requests.byOperation(operation).length;
}

// ---------- every operation ----------

describe("HuaweiOrganizationsClient: operations against the emulator", () => {
    it("createAccount returns in_progress with an id; getCreateAccountStatus reaches succeeded with an account id", async () => {
        const { emu, client } = await setup();
        const s0 = await client.createAccount({
            name: "team-a",
            email: "team-a@example.com",
            description: "Team A",
            agency_name: "OrgAdmin",
            tags: [
                { key: "env", value: "dev" },
                { key: "empty", value: "" },
            ],
        });
        expect(s0.state).toBe("in_progress");
        expect(s0.id).toMatch(/^h-[a-z0-9]{32}$/);
        expect(s0.account_id).toBeUndefined();
        const s = await waitForTerminal(client, s0.id);
        expect(s).toMatchObject({ id: s0.id, state: "succeeded", account_name: "team-a" });
        expect(s.account_id).toMatch(/^[0-9a-f]{32}$/);
        // The request carried exactly the body given, signed.
        const [create] = emu.requests.byOperation("CreateAccount");
        expect(create.body).toEqual({
            name: "team-a",
            email: "team-a@example.com",
            description: "Team A",
            agency_name: "OrgAdmin",
            tags: [
                { key: "env", value: "dev" },
                { key: "empty", value: "" },
            ],
        });
        expect(create.status).toBe(202);
        expect(String(create.headers["authorization"])).toMatch(/^SDK-HMAC-SHA256 Access=HWEMULATORACCESSKEY0, SignedHeaders=.*x-sdk-date.*, Signature=[0-9a-f]{64}$/);
        const acct = emu.state.accounts().find((a) => a.id === s.account_id)!;
        expect(acct).toMatchObject({ name: "team-a", description: "Team A", agencyName: "OrgAdmin" });
    });

    it("listCreateAccountStatuses filters by states (repeated query key) and iterateCreateAccountStatuses yields all", async () => {
        const { emu, client } = await setup({ creationDelayMs: 60_000 });
        emu.state.scriptFailure({ name: "bad", reason: "error.2000" });
        await client.createAccountV2({ name: "good" });
        await client.createAccountV2({ name: "bad" });
        emu.state.completeAll();
        await client.createAccountV2({ name: "pending" });

        const failed = await client.listCreateAccountStatuses({ states: ["failed"] });
        expect(failed.items.map((s) => s.account_name)).toEqual(["bad"]);
        expect(failed.nextMarker).toBeNull();
        const two = await client.listCreateAccountStatuses({ states: ["succeeded", "in_progress"] });
        expect(two.items.map((s) => s.account_name).sort()).toEqual(["good", "pending"]);
        const logged = emu.requests.byOperation("ListCreateAccountStatuses");
        expect(logged[1].query.states).toEqual(["succeeded", "in_progress"]);

        const all: string[] = [];
        for await (const s of client.iterateCreateAccountStatuses()) all.push(s.account_name!);
        expect(all).toEqual(["good", "bad", "pending"]);
    });

    it("showAccount, listAccounts/iterateAccounts, updateAccountDescription", async () => {
        const { emu, client } = await setup();
        const id = await createAndWait(client, "acct-ops");
        const shown = await client.showAccount(id);
        expect(shown).toMatchObject({ id, name: "acct-ops", status: "active", email: "acct-ops@example.com" });
        expect(emu.requests.byOperation("ShowAccount")[0].query.with_register_contact_info).toEqual(["true"]);

        const page = await client.listAccounts();
        expect(page.items.map((a) => a.id)).toEqual([emu.managementAccountId, id]);
        expect(page.nextMarker).toBeNull();
        const inRoot: string[] = [];
        for await (const a of client.iterateAccounts({ parentId: emu.rootId })) inRoot.push(a.id);
        expect(inRoot).toEqual([emu.managementAccountId, id]);
        const inOu: string[] = [];
        for await (const a of client.iterateAccounts({ parentId: emu.defaultOuId })) inOu.push(a.id);
        expect(inOu).toEqual([]);

        const updated = await client.updateAccountDescription(id, "new description");
        expect(updated).toMatchObject({ id, description: "new description" });
        expect((await client.showAccount(id)).description).toBe("new description");
        expect(emu.requests.byOperation("UpdateAccount")[0]).toMatchObject({ method: "PATCH", body: { description: "new description" } });
    });

    it("getParent and moveAccount", async () => {
        const { emu, client } = await setup();
        const id = await createAndWait(client, "mover");
        expect(await client.getParent(id)).toMatchObject({ id: emu.rootId, type: "root" });
        await client.moveAccount(id, emu.rootId, emu.defaultOuId);
        expect(await client.getParent(id)).toMatchObject({ id: emu.defaultOuId, type: "organizational_unit" });
        expect(emu.state.accounts().find((a) => a.id === id)!.parentId).toBe(emu.defaultOuId);
        expect(emu.requests.byOperation("MoveAccount")[0].body).toEqual({ source_parent_id: emu.rootId, destination_parent_id: emu.defaultOuId });
        // A wrong source parent is the service's error, surfaced as an ApiError.
        const err = await catchError(client.moveAccount(id, emu.rootId, emu.defaultOuId));
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).status).toBe(400);
    });

    it("tagAccount, untagAccount, listAccountTags (path with organizations:accounts)", async () => {
        const { emu, client } = await setup();
        const id = await createAndWait(client, "tagged");
        await client.tagAccount(id, [
            { key: "env", value: "dev" },
            { key: "team", value: "" },
        ]);
        expect(await client.listAccountTags(id)).toEqual([
            { key: "env", value: "dev" },
            { key: "team", value: "" },
        ]);
        await client.untagAccount(id, [{ key: "env", value: "dev" }]);
        expect(await client.listAccountTags(id)).toEqual([{ key: "team", value: "" }]);
        expect(emu.requests.byOperation("TagResource")[0].path).toBe(`/v1/organizations/organizations:accounts/${id}/tags/create`);
        expect(emu.requests.byOperation("UntagResource")[0].path).toBe(`/v1/organizations/organizations:accounts/${id}/tags/delete`);
        expect(emu.requests.all().every((r) => r.status !== 401)).toBe(true);
    });

    it("closeAccount: pending_closure, then suspended", async () => {
        // A long close delay, finished by the emulator's hook: no race with the clock.
        const { emu, client } = await setup({ closeDelayMs: 60_000 });
        const id = await createAndWait(client, "closing");
        await client.closeAccount(id);
        expect((await client.showAccount(id)).status).toBe("pending_closure");
        emu.state.completeAll();
        expect((await client.showAccount(id)).status).toBe("suspended");
        const again = await catchError(client.closeAccount(id));
        expect(again).toBeInstanceOf(ApiError);
        expect((again as ApiError).errorCode).toBe("Organizations.1325");
        expect(count(emu, "CloseAccount")).toBe(2);
    });

    it("removeAccount: showAccount then fails with ApiError 404", async () => {
        const { client } = await setup({ rules: { removal: "any" } });
        const id = await createAndWait(client, "removed");
        await client.removeAccount(id);
        const err = await catchError(client.showAccount(id));
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({ operation: "ShowAccount", status: 404, errorCode: "Organizations.1010" });
    });
});

// ---------- pagination ----------

describe("HuaweiOrganizationsClient: pagination", () => {
    it("iterates create-account statuses across pages: each item once, one request per page, each carrying the previous next_marker", async () => {
        const { emu, client } = await setup({ creationDelayMs: 60_000, rules: { maxCreationsInProgress: 7 } });
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) ids.push((await client.createAccountV2({ name: `page-${i}` })).id);
        emu.state.completeAll();

        // The markers the service hands out, page by page.
        const markers: (string | null)[] = [];
        let marker: string | undefined;
        do {
            const page = await client.listCreateAccountStatuses({ states: ["succeeded"], limit: 2, marker });
            markers.push(page.nextMarker);
            marker = page.nextMarker ?? undefined;
        } while (marker !== undefined);
        expect(markers).toHaveLength(4);
        expect(markers[3]).toBeNull();

        emu.requests.clear();
        const seen: string[] = [];
        for await (const s of client.iterateCreateAccountStatuses({ states: ["succeeded"], limit: 2 })) seen.push(s.id);
        expect(seen).toEqual(ids);

        const logged = emu.requests.byOperation("ListCreateAccountStatuses");
        expect(logged).toHaveLength(Math.ceil(7 / 2));
        expect(emu.requests.all()).toHaveLength(4);
        expect(logged[0].query.marker).toBeUndefined();
        for (let i = 1; i < logged.length; i++) expect(logged[i].query.marker).toEqual([markers[i - 1]]);
        for (const r of logged) expect(r.query).toMatchObject({ limit: ["2"], states: ["succeeded"] });
    });

    it("a service that repeats a next_marker is stopped with a ResponseShapeError instead of looping", async () => {
        const { emu, client } = await setup();
        const page = (id: string) => ({
            kind: "status" as const,
            status: 200,
            body: { accounts: [{ id, name: id, status: "active" }], page_info: { next_marker: "same-marker", current_count: 1 } },
        });
        emu.faults.inject({ operation: "ListAccounts", fault: page("a1") });
        emu.faults.inject({ operation: "ListAccounts", fault: page("a2") });
        const seen: string[] = [];
        const err = await catchError(
            (async () => {
                for await (const a of client.iterateAccounts()) seen.push(a.id);
            })(),
        );
        expect(err).toBeInstanceOf(ResponseShapeError);
        expect(err.message).toContain("same-marker");
        expect(seen).toEqual(["a1", "a2"]);
        expect(count(emu, "ListAccounts")).toBe(2);
    });

    it("iterates accounts across pages", async () => {
        const { emu, client } = await setup();
        const made = [emu.managementAccountId];
        for (let i = 0; i < 6; i++) made.push(emu.state.addAccount({ name: `member-${i}` }));
        emu.requests.clear();
        const seen: string[] = [];
        for await (const a of client.iterateAccounts({ limit: 3 })) seen.push(a.id);
        expect(seen).toEqual(made);
        const logged = emu.requests.byOperation("ListAccounts");
        expect(logged).toHaveLength(Math.ceil(7 / 3));
        expect(logged.slice(1).every((r) => typeof r.query.marker?.[0] === "string" && r.query.marker[0].length > 0)).toBe(true);
    });
});

// ---------- failure reasons ----------

/** The create-account status page (https://support.huaweicloud.com/intl/en-us/api-organizations/ShowCreateAccountStatus.html): every documented failure_reason and its meaning. */
const DOCUMENTED_FAILURE_REASONS: Record<string, string> = {
    "error.1000": "Failed to query the user identity information",
    "error.2000": "Failed to create the account",
    "error.2001": "Account name conflict",
    "error.3000": "Failed to create the resource account",
    "error.3001": "The number of accounts that can be registered with the mobile number exceeds the maximum limit",
    "error.4000": "Failed to create the birth token",
    "error.5000": "Failed to create the service-linked agency",
    "error.6000": "Failed to create the agency",
    "error.6001": "Failed to query the permission information",
    "error.6002": "Failed to bind the permission information",
    "error.7000": "Failed to associate the master account with member accounts for unified accounting",
    "error.7001": "Too many real-name authentication records",
    "error.7002": "Failed to query the unified accounting association between the master account and member accounts",
    "error.0000": "System error",
};

describe("create-account failure reasons", () => {
    it("KNOWN_FAILURE_REASONS lists exactly the documented codes", () => {
        expect([...KNOWN_FAILURE_REASONS].sort()).toEqual(Object.keys(DOCUMENTED_FAILURE_REASONS).sort());
    });

    it("every known code, scripted in the emulator, is described with its meaning and the service's detail", async () => {
        const { emu, client } = await setup({ rules: { maxCreationsInProgress: 100 } });
        const created: { code: string; id: string; detail: string }[] = [];
        for (const code of KNOWN_FAILURE_REASONS) {
            const name = `fail-${code.replace(".", "-")}`;
            const detail = `detail for ${code}: something specific went wrong`;
            emu.state.scriptFailure({ name, reason: code, detail });
            created.push({ code, id: (await client.createAccountV2({ name })).id, detail });
        }
        for (const { code, id, detail } of created) {
            const status = await waitForTerminal(client, id);
            expect(status.state).toBe("failed");
            expect(status.failure_reason).toBe(code);
            expect(status.failure_detail_msg?.error_msg).toBe(detail);
            const info = describeFailureReason(status.failure_reason);
            expect(info.code).toBe(code);
            expect(info.meaning).toBe(DOCUMENTED_FAILURE_REASONS[code]);
            expect(info.meaning).not.toMatch(/unrecognised/i);
            expect(info.advice).toMatch(HUAWEI_FAILURE_ADVICE[code]);
            const message = formatCreationFailure(status.failure_reason, status.failure_detail_msg?.error_msg);
            expect(message).toContain(code);
            expect(message).toContain(DOCUMENTED_FAILURE_REASONS[code]);
            expect(message).toContain(detail);
        }
        expect(emu.state.accounts().filter((a) => a.name.startsWith("fail-"))).toEqual([]);
        // Each code its own advice: no two alike.
        expect(new Set(created.map(({ code }) => describeFailureReason(code).advice)).size).toBe(created.length);
    });

    it("accepts both documented spellings", () => {
        for (const reason of ["error.2001", "Error 2001: Account name conflict.", "Error 2001", "ERROR.2001"]) {
            expect(describeFailureReason(reason), reason).toMatchObject({ code: "error.2001", meaning: "Account name conflict" });
        }
        expect(describeFailureReason("Error 0000: System error.")).toMatchObject({ code: "error.0000", meaning: "System error" });
        expect(describeFailureReason("Error 3001: This phone number has reached the maximum account registration limit.").code).toBe("error.3001");
    });

    it("an unknown or absent code is reported as such, keeping the raw reason", () => {
        const unknown = describeFailureReason("error.9999");
        expect(unknown.code).toBe("error.9999");
        expect(unknown.meaning).toMatch(/unrecognised/i);
        expect(formatCreationFailure("error.9999", "raw detail")).toContain("error.9999");
        expect(formatCreationFailure("error.9999", "raw detail")).toContain("raw detail");
        expect(describeFailureReason(undefined).code).toBe("unknown");
        expect(describeFailureReason("").code).toBe("unknown");
        expect(formatCreationFailure(undefined, undefined)).toMatch(/unknown/);
        // A known code's meaning is never the generic one.
        expect(describeFailureReason("error.2001").meaning).not.toBe(unknown.meaning);
    });
});

// ---------- retries ----------

describe("HuaweiOrganizationsClient: retries", () => {
    it("429 twice then success on a GET: 3 requests", async () => {
        const { emu, client, sleeps, logLines } = await setup();
        emu.faults.inject({ operation: "ListAccounts", times: 2, fault: { kind: "status", status: 429 } });
        const page = await client.listAccounts();
        expect(page.items.map((a) => a.id)).toEqual([emu.managementAccountId]);
        expect(emu.requests.byOperation("ListAccounts").map((r) => r.status)).toEqual([429, 429, 200]);
        expect(sleeps).toHaveLength(2);
        for (const [i, ms] of sleeps.entries()) {
            expect(ms).toBeGreaterThanOrEqual(0);
            expect(ms).toBeLessThan(Math.min(20, 5 * 2 ** i));
        }
        expect(logLines).toHaveLength(2);
        expect(logLines[0]).toContain("ListAccounts");
        // Each attempt is signed afresh (a new signature on the same request is still valid).
        expect(emu.requests.all().every((r) => typeof r.headers["authorization"] === "string")).toBe(true);
    });

    it("honours Retry-After: 2 as a 2000 ms sleep", async () => {
        const { emu, client, sleeps } = await setup();
        emu.faults.inject({ operation: "ShowAccount", fault: { kind: "status", status: 429, headers: { "Retry-After": "2" } } });
        const acct = await client.showAccount(emu.managementAccountId);
        expect(acct.id).toBe(emu.managementAccountId);
        expect(sleeps).toEqual([2000]);
        expect(count(emu, "ShowAccount")).toBe(2);
    });

    it("a garbage Retry-After falls back to the backoff delay (not an immediate retry)", async () => {
        const sleeps: number[] = [];
        const emu = await startEmulator();
        const client = makeClient(emu, { random: () => 0.5, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, maxElapsedMs: 60_000 } }, sleeps);
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "status", status: 429, headers: { "Retry-After": "-5" } } });
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "status", status: 429, headers: { "Retry-After": "later 1" } } });
        await client.listAccounts();
        expect(sleeps).toEqual([50, 100]);
        expect(count(emu, "ListAccounts")).toBe(3);
    });

    it("uses the backoff policy's jitter when there is no Retry-After", async () => {
        const sleeps: number[] = [];
        const emu = await startEmulator();
        const client = makeClient(emu, { random: () => 0.5, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, maxElapsedMs: 60_000 } }, sleeps);
        emu.faults.inject({ operation: "ListAccounts", times: 3, fault: { kind: "status", status: 503 } });
        await client.listAccounts();
        expect(sleeps).toEqual([50, 100, 150]);
    });

    for (const status of [500, 502, 503, 504]) {
        it(`${status} on a GET is retried`, async () => {
            const { emu, client, sleeps } = await setup();
            emu.faults.inject({ operation: "ShowCreateAccountStatus", times: 2, fault: { kind: "status", status } });
            const s0 = await client.createAccountV2({ name: `retry-${status}` });
            const s = await client.getCreateAccountStatus(s0.id);
            expect(s.id).toBe(s0.id);
            expect(emu.requests.byOperation("ShowCreateAccountStatus").map((r) => r.status)).toEqual([status, status, 200]);
            expect(sleeps).toHaveLength(2);
        });
    }

    for (const kind of ["reset-before", "truncated", "malformed"] as const) {
        it(`${kind} on a GET is retried`, async () => {
            const { emu, client, sleeps } = await setup();
            emu.faults.inject({ operation: "ListAccounts", fault: { kind } });
            const page = await client.listAccounts();
            expect(page.items.map((a) => a.id)).toEqual([emu.managementAccountId]);
            const logged = emu.requests.byOperation("ListAccounts");
            expect(logged).toHaveLength(2);
            expect(logged[0].fault).toBe(kind);
            expect(logged[1].status).toBe(200);
            expect(sleeps).toHaveLength(1);
        });
    }

    it("hang on a GET: the read timeout fires and the request is retried", async () => {
        const { emu, client, sleeps } = await setup({}, { readTimeoutMs: 1000 });
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "hang" } });
        const page = await client.listAccounts();
        expect(page.items).toHaveLength(1);
        expect(emu.requests.byOperation("ListAccounts").map((r) => r.status)).toEqual(["hang", 200]);
        expect(sleeps).toHaveLength(1);
    });

    it("hang on every attempt: TransportError after maxAttempts, naming the operation", async () => {
        const { emu, client } = await setup({}, { readTimeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 60_000 } });
        emu.faults.inject({ operation: "ListAccounts", times: Infinity, fault: { kind: "hang" } });
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(TransportError);
        expect(err.message).toContain("ListAccounts");
        expect((err as TransportError).attempts).toBe(2);
        expect(count(emu, "ListAccounts")).toBe(2);
    });

    it("retries are bounded by maxAttempts: 429 forever → ApiError 429 APIGW.0308 with request id, exactly 3 requests", async () => {
        const { emu, client, sleeps } = await setup({}, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 60_000 } });
        emu.faults.inject({ operation: "ListAccounts", times: Infinity, fault: { kind: "status", status: 429 } });
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(ApiError);
        const api = err as ApiError;
        expect(api).toMatchObject({ operation: "ListAccounts", status: 429, errorCode: "APIGW.0308" });
        expect(api.errorMessage).toContain("throttling threshold");
        expect(api.requestId).toMatch(/^[0-9a-f]{32}$/);
        expect(api.message).toContain(api.requestId!);
        expect(count(emu, "ListAccounts")).toBe(3);
        expect(sleeps).toHaveLength(2);
    });

    it("retries are bounded by maxElapsedMs (time spent sleeping counts)", async () => {
        // Only Date is faked: the recorded sleep advances it, the network runs for real.
        vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
        const sleeps: number[] = [];
        const emu = await startEmulator();
        const client = makeClient(emu, {
            retry: { maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 3_500 },
            sleep: (ms) => {
                sleeps.push(ms);
                vi.setSystemTime(Date.now() + ms);
                return Promise.resolve();
            },
        });
        emu.faults.inject({ operation: "ListAccounts", times: Infinity, fault: { kind: "status", status: 429, headers: { "Retry-After": "1" } } });
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).status).toBe(429);
        // Retries start at ~1 s, 2 s, 3 s; one at ~4 s would be past 3.5 s.
        expect(sleeps).toEqual([1000, 1000, 1000]);
        expect(count(emu, "ListAccounts")).toBe(4);
    });

    it("every attempt is signed afresh: a retry after 20 minutes carries a new X-Sdk-Date and is accepted", async () => {
        vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
        const sleeps: number[] = [];
        const emu = await startEmulator();
        const client = makeClient(emu, {
            retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 60 * 60_000 },
            sleep: (ms) => {
                sleeps.push(ms);
                vi.setSystemTime(Date.now() + ms);
                return Promise.resolve();
            },
        });
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "status", status: 503, headers: { "Retry-After": "1200" } } });
        const page = await client.listAccounts();
        expect(page.items).toHaveLength(1);
        expect(sleeps).toEqual([1_200_000]);
        const [first, second] = emu.requests.byOperation("ListAccounts");
        expect(second.status).toBe(200);
        expect(first.headers["x-sdk-date"]).not.toBe(second.headers["x-sdk-date"]);
        expect(first.headers["authorization"]).not.toBe(second.headers["authorization"]);
    });

    it("a single delay longer than maxElapsedMs is not slept: the error comes back at once", async () => {
        const { emu, client, sleeps } = await setup({}, { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 30_000 } });
        emu.faults.inject({ operation: "ListAccounts", times: Infinity, fault: { kind: "status", status: 503, headers: { "Retry-After": "120" } } });
        const err = await catchError(client.listAccounts());
        expect(err).toMatchObject({ status: 503 });
        expect(sleeps).toEqual([]);
        expect(count(emu, "ListAccounts")).toBe(1);
    });

    it("a non-retryable error (400) is not retried", async () => {
        const { emu, client, sleeps } = await setup();
        const err = await catchError(client.listCreateAccountStatuses({ limit: 0 }));
        expect(err).toMatchObject({ status: 400, errorCode: "Organizations.0002" });
        expect(count(emu, "ListCreateAccountStatuses")).toBe(1);
        expect(sleeps).toEqual([]);
    });
});

// ---------- create is never retried blindly ----------

describe("HuaweiOrganizationsClient: CreateAccount is not repeated when it may have been processed", () => {
    it("429 on CreateAccount is retried: 2 requests, 1 account", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "status", status: 429 } });
        const s0 = await client.createAccountV2({ name: "throttled" });
        expect(s0.state).toBe("in_progress");
        expect(emu.requests.byOperation("CreateAccount").map((r) => r.status)).toEqual([429, 202]);
        expect((await waitForTerminal(client, s0.id)).state).toBe("succeeded");
        expect(emu.state.accounts().filter((a) => a.name === "throttled")).toHaveLength(1);
        expect(emu.state.createAccountStatuses()).toHaveLength(1);
    });

    for (const status of [500, 503]) {
        it(`${status} on CreateAccount → AmbiguousRequestError, exactly 1 request`, async () => {
            const { emu, client, sleeps } = await setup();
            emu.faults.inject({ operation: "CreateAccount", fault: { kind: "status", status } });
            const err = await catchError(client.createAccountV2({ name: `amb-${status}` }));
            expect(err).toBeInstanceOf(AmbiguousRequestError);
            expect(err.message).toContain("CreateAccount");
            expect(count(emu, "CreateAccount")).toBe(1);
            expect(sleeps).toEqual([]);
        });
    }

    it("reset-after on CreateAccount → AmbiguousRequestError, 1 request, and the account WAS created", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        const err = await catchError(client.createAccountV2({ name: "created-anyway" }));
        expect(err).toBeInstanceOf(AmbiguousRequestError);
        expect(err.message).toContain("CreateAccount");
        expect(count(emu, "CreateAccount")).toBe(1);
        // This is why it must not be resent: the service processed it.
        const listed: CreateAccountStatusDto[] = [];
        for await (const s of client.iterateCreateAccountStatuses()) listed.push(s);
        expect(listed.map((s) => s.account_name)).toEqual(["created-anyway"]);
        expect((await waitForTerminal(client, listed[0].id)).state).toBe("succeeded");
    });

    it("reset-before on CreateAccount → also AmbiguousRequestError (the client cannot tell), 1 request", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-before" } });
        const err = await catchError(client.createAccountV2({ name: "maybe" }));
        expect(err).toBeInstanceOf(AmbiguousRequestError);
        expect(count(emu, "CreateAccount")).toBe(1);
        expect(emu.state.createAccountStatuses()).toHaveLength(0);
    });

    for (const kind of ["truncated", "malformed", "hang"] as const) {
        it(`${kind} on CreateAccount → AmbiguousRequestError, 1 request`, async () => {
            const { emu, client } = await setup({}, { readTimeoutMs: 300 });
            emu.faults.inject({ operation: "CreateAccount", fault: { kind } });
            const err = await catchError(client.createAccountV2({ name: `amb-${kind}` }));
            expect(err).toBeInstanceOf(AmbiguousRequestError);
            expect(count(emu, "CreateAccount")).toBe(1);
        });
    }

    it("a connection refused before sending is safe to retry even for CreateAccount", async () => {
        const emu = await startEmulator();
        const port = emu.port;
        await emu.close();
        const sleeps: number[] = [];
        const client = makeClient(emu, { endpoint: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 60_000 } }, sleeps);
        const err = await catchError(client.createAccountV2({ name: "never-sent" }));
        expect(err).toBeInstanceOf(TransportError);
        expect(err.message).toContain("CreateAccount");
        expect(err.message).toContain("ECONNREFUSED");
        expect(sleeps).toHaveLength(2);
    });
});

// ---------- errors ----------

describe("HuaweiOrganizationsClient: errors", () => {
    it("a 404 carries status, code, message and the body's request id", async () => {
        const { emu, client } = await setup();
        const err = await catchError(client.getCreateAccountStatus("h-doesnotexist"));
        expect(err).toBeInstanceOf(ApiError);
        const api = err as ApiError;
        expect(api).toMatchObject({ operation: "ShowCreateAccountStatus", status: 404, errorCode: "Organizations.1010" });
        expect(api.errorMessage).toContain("h-doesnotexist");
        expect(api.requestId).toMatch(/^[0-9a-f]{32}$/);
        expect(api.message).toContain("ShowCreateAccountStatus");
        expect(api.message).toContain("404");
        expect(api.message).toContain("Organizations.1010");
        expect(api.message).toContain(api.requestId!);
        expect(count(emu, "ShowCreateAccountStatus")).toBe(1);
    });

    it("the request id comes from the body's request_id, else from the X-Request-Id header", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({
            operation: "ShowAccount",
            fault: { kind: "status", status: 404, body: { error_code: "Organizations.1010", error_msg: "gone", request_id: "body-request-id" } },
        });
        const fromBody = (await catchError(client.showAccount("x"))) as ApiError;
        expect(fromBody).toMatchObject({ status: 404, errorCode: "Organizations.1010", errorMessage: "gone", requestId: "body-request-id" });

        emu.faults.inject({ operation: "ShowAccount", fault: { kind: "status", status: 403, body: { error_code: "Organizations.1007", error_msg: "denied" } } });
        const fromHeader = (await catchError(client.showAccount("x"))) as ApiError;
        expect(fromHeader).toMatchObject({ status: 403, errorCode: "Organizations.1007", errorMessage: "denied" });
        expect(fromHeader.requestId).toMatch(/^[0-9a-f]{32}$/);
    });

    it("an error body that is not the documented shape still gives an ApiError with the status", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({ operation: "ShowAccount", fault: { kind: "status", status: 409, body: { unexpected: true } } });
        const err = (await catchError(client.showAccount("x"))) as ApiError;
        expect(err).toBeInstanceOf(ApiError);
        expect(err.status).toBe(409);
        expect(err.errorCode).toBe("HTTP.409");
        expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
    });

    it("bad signature → ApiError 401 APIGW.0301, and the secret key appears nowhere in the error", async () => {
        const emu = await startEmulator();
        const secret = "wrong-secret-key-DO-NOT-LEAK-8d1f";
        const logLines: string[] = [];
        const client = makeClient(emu, { secretKey: secret }, [], logLines);
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
        expect((err as ApiError).errorMessage).toContain("verify aksk signature fail");
        for (const text of [err.message, String(err), err.stack ?? "", JSON.stringify(err), JSON.stringify({ ...err }), ...logLines]) {
            expect(text).not.toContain(secret);
            expect(text).not.toContain(emu.credentials.secretKey);
        }
        expect(count(emu, "ListAccounts")).toBe(1);
        expect(JSON.stringify(emu.requests.all())).not.toContain(secret);
    });

    it("an unknown access key → ApiError 401 APIGW.0301 ak not exist", async () => {
        const emu = await startEmulator();
        const client = makeClient(emu, { accessKey: "NOSUCHKEY" });
        const err = await catchError(client.listAccounts());
        expect(err).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
        expect((err as ApiError).errorMessage).toContain("ak not exist");
    });

    it("a transport error never contains the secret key", async () => {
        const { emu, client } = await setup({}, { readTimeoutMs: 200, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1000 } });
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "hang" } });
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(TransportError);
        const cause = (err as { cause?: unknown }).cause;
        for (const text of [err.message, String(err), err.stack ?? "", JSON.stringify(err), String(cause), JSON.stringify(cause ?? null)]) {
            expect(text).not.toContain(emu.credentials.secretKey);
        }
    });

    it("temporary credentials: the token is sent and required", async () => {
        const creds = { accessKey: "TMPACCESSKEY", secretKey: "tmp-secret-key", securityToken: "tmp-security-token-xyz" };
        const emu = await startEmulator({ credentials: creds });
        const withToken = makeClient(emu, { ...creds });
        expect((await withToken.listAccounts()).items.length).toBeGreaterThan(0);
        const ok = emu.requests.byOperation("ListAccounts")[0];
        expect(ok.headers["x-security-token"]).toBe(creds.securityToken);
        expect(String(ok.headers["authorization"])).toContain("x-security-token");

        const withoutToken = makeClient(emu, { accessKey: creds.accessKey, secretKey: creds.secretKey, securityToken: undefined });
        const err = await catchError(withoutToken.listAccounts());
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
        expect(err.message).not.toContain(creds.secretKey);
        expect(err.message).not.toContain(creds.securityToken);
    });

    it("sends X-Domain-Id when a domain id is given", async () => {
        const { emu, client } = await setup({}, { domainId: "domain-0123" });
        await client.listAccounts();
        const [req] = emu.requests.byOperation("ListAccounts");
        expect(req.headers["x-domain-id"]).toBe("domain-0123");
        expect(String(req.headers["authorization"])).toContain("x-domain-id");
    });
});

// ---------- malformed responses ----------

describe("HuaweiOrganizationsClient: malformed responses", () => {
    it("wrong-shape on ShowCreateAccountStatus → ResponseShapeError naming create_account_status.state", async () => {
        const { emu, client } = await setup();
        const s0 = await client.createAccountV2({ name: "shape" });
        emu.faults.inject({ operation: "ShowCreateAccountStatus", fault: { kind: "wrong-shape" } });
        const err = await catchError(client.getCreateAccountStatus(s0.id));
        expect(err).toBeInstanceOf(ResponseShapeError);
        expect(err.message).toContain("ShowCreateAccountStatus");
        expect(err.message).toContain("create_account_status.state");
        expect(err.message).toContain("create_account_status.id");
        // A shape error is not a transient fault: no retry.
        expect(count(emu, "ShowCreateAccountStatus")).toBe(1);
    });

    it("wrong-shape on a list names the item's path", async () => {
        const { emu, client } = await setup();
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "wrong-shape" } });
        const err = await catchError(client.listAccounts());
        expect(err).toBeInstanceOf(ResponseShapeError);
        expect(err.message).toContain("accounts.0.id");
    });

    it("a body that is not JSON on every attempt → TransportError naming the operation", async () => {
        const { emu, client } = await setup({}, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 60_000 } });
        emu.faults.inject({ operation: "ShowAccount", times: Infinity, fault: { kind: "malformed" } });
        const err = await catchError(client.showAccount(emu.managementAccountId));
        expect(err).toBeInstanceOf(TransportError);
        expect(err.message).toContain("ShowAccount");
        expect(err.message).toMatch(/not JSON/);
        expect((err as TransportError).attempts).toBe(3);
        expect(count(emu, "ShowAccount")).toBe(3);
    });
});

// ---------- configuration ----------

describe("credentials and endpoint resolution", () => {
    const env = {
        HW_ACCESS_KEY: "ENV_AK",
        HW_SECRET_KEY: "env-sk",
        HW_SECURITY_TOKEN: "env-token",
        HW_ORGANIZATIONS_ENDPOINT: "http://env.example:8443",
        HW_DOMAIN_ID: "env-domain",
    };

    it("explicit options win over the environment", () => {
        const c = resolveHuaweiConnection({ accessKey: "OPT_AK", secretKey: "opt-sk", securityToken: "opt-token", endpoint: "https://opt.example", domainId: "opt-domain" }, env);
        expect(c.credentials).toEqual({ accessKey: "OPT_AK", secretKey: "opt-sk", securityToken: "opt-token" });
        expect(c.endpoint.href).toBe("https://opt.example/");
        expect(c.domainId).toBe("opt-domain");
    });

    it("reads HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN, HW_ORGANIZATIONS_ENDPOINT", () => {
        const c = resolveHuaweiConnection({}, env);
        expect(c.credentials).toEqual({ accessKey: "ENV_AK", secretKey: "env-sk", securityToken: "env-token" });
        expect(c.endpoint.href).toBe("http://env.example:8443/");
        expect(c.domainId).toBe("env-domain");
        // through the client too
        const client = new HuaweiOrganizationsClient({ env });
        clients.push(client);
        expect(client.endpoint.host).toBe("env.example:8443");
        expect(JSON.stringify(client)).not.toContain("env-sk");
    });

    it("keeps a base path of the endpoint (a proxy) in request URLs", () => {
        expect(requestUrl(new URL("https://proxy.example/orgs/"), "/v1/organizations/accounts").href).toBe("https://proxy.example/orgs/v1/organizations/accounts");
        expect(requestUrl(new URL("https://organizations.myhuaweicloud.com"), "/v1/organizations/accounts").href).toBe(
            "https://organizations.myhuaweicloud.com/v1/organizations/accounts",
        );
    });

    it("also reads the official SDK's variables, after the HW_ ones", () => {
        const sdkEnv = {
            HUAWEICLOUD_SDK_AK: "SDK_AK",
            HUAWEICLOUD_SDK_SK: "sdk-sk",
            HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4: "https://a.example,https://b.example",
        };
        const c = resolveHuaweiConnection({}, sdkEnv);
        expect(c.credentials).toEqual({ accessKey: "SDK_AK", secretKey: "sdk-sk" });
        expect(c.endpoint.href).toBe("https://a.example/");
        expect(resolveHuaweiConnection({}, { ...sdkEnv, HW_ACCESS_KEY: "HW_AK" }).credentials.accessKey).toBe("HW_AK");
    });

    it("defaults the endpoint to https://organizations.myhuaweicloud.com", () => {
        const c = resolveHuaweiConnection({ accessKey: "a", secretKey: "b" }, {});
        expect(DEFAULT_ORGANIZATIONS_ENDPOINT).toBe("https://organizations.myhuaweicloud.com");
        expect(c.endpoint.origin).toBe("https://organizations.myhuaweicloud.com");
        expect(c.credentials.securityToken).toBeUndefined();
    });

    it("missing credentials → ConfigurationError naming HW_ACCESS_KEY and HW_SECRET_KEY, without any given secret", () => {
        const partialSecret = "partial-secret-value-6f2a";
        for (const [options, e] of [
            [{}, {}],
            [{ secretKey: partialSecret }, {}],
            [{}, { HW_SECRET_KEY: partialSecret }],
            [{ accessKey: "AK_ONLY" }, {}],
            [{}, { HW_ACCESS_KEY: "AK_ONLY", HW_SECURITY_TOKEN: partialSecret }],
            [{}, { HW_ACCESS_KEY: "  ", HW_SECRET_KEY: "   " }],
        ] as const) {
            let err: unknown;
            try {
                resolveHuaweiConnection(options, e);
            } catch (error) {
                err = error;
            }
            expect(err, JSON.stringify(options)).toBeInstanceOf(ConfigurationError);
            const message = (err as Error).message;
            expect(message).toContain("HW_ACCESS_KEY");
            expect(message).toContain("HW_SECRET_KEY");
            for (const text of [message, String(err), JSON.stringify(err), (err as Error).stack ?? ""]) expect(text).not.toContain(partialSecret);
        }
        expect(() => new HuaweiOrganizationsClient({ env: {} })).toThrow(ConfigurationError);
    });

    it("an endpoint that is not a URL → ConfigurationError", () => {
        expect(() => resolveHuaweiConnection({ accessKey: "a", secretKey: "b", endpoint: "not a url" }, {})).toThrow(ConfigurationError);
    });
});
