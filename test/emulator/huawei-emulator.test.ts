import { describe, expect, it } from "vitest";
import { request as httpRequest } from "node:http";
import { signRequest, formatSdkDate } from "../../provider/clouds/huawei/signer";
import { startHuaweiEmulator, HuaweiEmulator } from "../../emulator/huawei/server";
import { emulatorPool, jsonOrUndefined, sleep } from "../support/emulatorClients";
import type { HuaweiBody, HuaweiCreateStatusDto } from "../support/wire";

const { start } = emulatorPool(startHuaweiEmulator, { creationDelayMs: 50, closeDelayMs: 50 });

interface CallOptions {
    body?: unknown;
    rawBody?: string;
    credentials?: { accessKey: string; secretKey: string; securityToken?: string };
    now?: Date;
    headers?: Record<string, string>;
}

interface Result {
    status: number;
    headers: Headers;
    text: string;
    json: HuaweiBody;
}

/** Signs with the project's signer and sends with fetch. */
async function call(emu: HuaweiEmulator, method: string, pathAndQuery: string, opts: CallOptions = {}): Promise<Result> {
    const url = new URL(pathAndQuery, emu.url);
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers: Record<string, string> = { ...(body !== undefined ? { "Content-Type": "application/json;charset=UTF-8" } : {}), ...(opts.headers ?? {}) };
    const signed = signRequest({ method, url, headers, body }, opts.credentials ?? emu.credentials, opts.now ?? new Date());
    const sendHeaders = Object.fromEntries(Object.entries(signed).filter(([k]) => k.toLowerCase() !== "host"));
    const res = await fetch(url, { method, headers: sendHeaders, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: jsonOrUndefined(text) as HuaweiBody };
}

async function waitForState(emu: HuaweiEmulator, id: string, timeoutMs = 3000): Promise<HuaweiCreateStatusDto> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const r = await call(emu, "GET", `/v1/organizations/create-account-status/${id}`);
        expect(r.status).toBe(200);
        if (r.json.create_account_status.state !== "in_progress" || Date.now() > end) return r.json.create_account_status;
        await sleep(20);
    }
}

async function createAccount(emu: HuaweiEmulator, name: string, extra: Record<string, unknown> = {}): Promise<{ statusId: string; accountId: string }> {
    const r = await call(emu, "POST", "/v1/organizations/accounts", { body: { name, email: `${name}@example.com`, ...extra } });
    expect(r.status).toBe(202);
    const s = await waitForState(emu, r.json.create_account_status.id);
    expect(s.state).toBe("succeeded");
    return { statusId: s.id, accountId: s.account_id! };
}

/** Raw HTTP for the socket-level faults, so no client retry hides anything. */
function rawSend(
    emu: HuaweiEmulator,
    method: string,
    path: string,
    body?: string,
    sign = true,
): Promise<{ status?: number; headers?: Record<string, unknown>; text?: string; error?: string }> {
    const url = new URL(path, emu.url);
    const base: Record<string, string> = body ? { "Content-Type": "application/json" } : {};
    const headers = sign ? signRequest({ method, url, headers: base, body }, emu.credentials) : base;
    return new Promise((resolve) => {
        const req = httpRequest(url, { method, headers, agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
            res.on("error", (e) => resolve({ status: res.statusCode, text, error: e.message }));
            res.on("aborted", () => resolve({ status: res.statusCode, text, error: "aborted" }));
        });
        req.on("error", (e) => resolve({ error: e.message }));
        if (body) req.write(body);
        req.end();
    });
}

describe("Huawei emulator: account creation", () => {
    it("creates an account: 202 in_progress, then succeeded with the account in the root", async () => {
        const emu = await start();
        const r = await call(emu, "POST", "/v1/organizations/accounts", {
            body: {
                name: "team-a",
                email: "team-a@example.com",
                description: "Team A",
                agency_name: "OrgAdmin",
                tags: [
                    { key: "env", value: "dev" },
                    { key: "empty", value: "" },
                ],
            },
        });
        expect(r.status).toBe(202);
        expect(r.headers.get("content-type")).toBe("application/json;charset=UTF-8");
        expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
        const s0 = r.json.create_account_status;
        expect(s0.id).toMatch(/^h-[a-z0-9]{32}$/);
        expect(s0).toMatchObject({ account_name: "team-a", state: "in_progress" });
        expect(s0.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(s0).not.toHaveProperty("account_id");
        expect(s0).not.toHaveProperty("completed_at");
        expect(s0).not.toHaveProperty("failure_reason");

        const s = await waitForState(emu, s0.id);
        expect(s.state).toBe("succeeded");
        expect(s.account_id).toMatch(/^[0-9a-f]{32}$/);
        expect(s.completed_at).toMatch(/Z$/);
        const acct = emu.state.accounts().find((a) => a.id === s.account_id)!;
        expect(acct).toMatchObject({ name: "team-a", parentId: emu.rootId, description: "Team A", agencyName: "OrgAdmin", status: "active" });
        expect(acct.tags).toEqual([
            { key: "env", value: "dev" },
            { key: "empty", value: "" },
        ]);
    });

    it("rejects invalid bodies with 400 Organizations.0002 naming the field", async () => {
        const emu = await start();
        const cases: [CallOptions, string][] = [
            [{ body: {} }, "name"],
            [{ body: { name: "x".repeat(65) } }, "name"],
            [{ body: { name: 42 } }, "name"],
            [{ rawBody: "{not json" }, "JSON"],
            [{ body: { name: "ok", tags: [{ key: "", value: "v" }] } }, "key"],
            [{ body: { name: "ok", tags: [{ key: "k", value: null }] } }, "value"],
            [{ body: { name: "ok", tags: "nope" } }, "tags"],
            [{ body: { name: "ok", email: 5 } }, "email"],
        ];
        for (const [opts, field] of cases) {
            const r = await call(emu, "POST", "/v1/organizations/accounts", opts);
            expect(r.status, JSON.stringify(opts)).toBe(400);
            expect(r.json.error_code).toBe("Organizations.0002");
            expect(r.json.error_msg).toContain(field);
            expect(r.json.request_id).toBe(r.headers.get("x-request-id"));
        }
        expect(emu.state.createAccountStatuses()).toHaveLength(0);
    });

    it("a duplicate name fails asynchronously with error.2001", async () => {
        const emu = await start();
        const first = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "dup" } });
        const second = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "dup" } });
        expect(second.status).toBe(202);
        expect((await waitForState(emu, first.json.create_account_status.id)).state).toBe("succeeded");
        const s = await waitForState(emu, second.json.create_account_status.id);
        expect(s.state).toBe("failed");
        expect(s.failure_reason).toBe("error.2001");
        expect(s.failure_detail_msg?.error_msg).toContain("dup");
        expect(s).not.toHaveProperty("account_id");
        const third = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: emu.state.accounts()[0].name } });
        expect((await waitForState(emu, third.json.create_account_status.id)).failure_reason).toBe("error.2001");
    });

    it("scriptFailure makes the next matching creation fail", async () => {
        const emu = await start();
        emu.state.scriptFailure({ name: /^bad-/, reason: "error.5000", detail: "agency failed", times: 1 });
        const bad = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "bad-1" } });
        const good = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "good-1" } });
        const bad2 = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "bad-2" } });
        const s = await waitForState(emu, bad.json.create_account_status.id);
        expect(s).toMatchObject({ state: "failed", failure_reason: "error.5000", failure_detail_msg: { error_msg: "agency failed" } });
        expect((await waitForState(emu, good.json.create_account_status.id)).state).toBe("succeeded");
        expect((await waitForState(emu, bad2.json.create_account_status.id)).state).toBe("succeeded");
        expect(emu.state.accounts().map((a) => a.name)).not.toContain("bad-1");
    });

    it("lists with a states filter and pages with limit/marker without repeats, even while adding", async () => {
        const emu = await start({ creationDelayMs: 10_000, rules: { maxCreationsInProgress: 10 } });
        emu.state.scriptFailure({ name: "f1", reason: "error.2000" });
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await call(emu, "POST", "/v2/organizations/accounts", { body: { name: `n${i}` } })).json.create_account_status.id);
        ids.push((await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "f1" } })).json.create_account_status.id);
        emu.state.completeAll();

        const seen: string[] = [];
        let marker: string | null = null;
        let pages = 0;
        do {
            const q: string = `/v1/organizations/create-account-status?limit=2${marker ? `&marker=${encodeURIComponent(marker)}` : ""}`;
            const r = await call(emu, "GET", q);
            expect(r.status).toBe(200);
            expect(r.json.page_info.current_count).toBe(r.json.create_account_statuses.length);
            seen.push(...r.json.create_account_statuses.map((s) => s.id));
            marker = r.json.page_info.next_marker;
            if (pages === 0) await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "late" } }); // added mid-listing
            pages++;
        } while (marker !== null);
        expect(seen.slice(0, 6)).toEqual(ids);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toHaveLength(7);

        const failed = await call(emu, "GET", "/v1/organizations/create-account-status?states=failed");
        expect(failed.json.create_account_statuses.map((s) => s.account_name)).toEqual(["f1"]);
        expect(failed.json.page_info).toEqual({ next_marker: null, current_count: 1 });
        const two = await call(emu, "GET", "/v1/organizations/create-account-status?states=failed&states=in_progress");
        expect(two.json.create_account_statuses.map((s) => s.account_name)).toEqual(["f1", "late"]);

        for (const q of ["states=bogus", "limit=0", "limit=2001", "limit=abc", "marker=garbage", "states=failed&states=failed&states=failed&states=failed"]) {
            const r = await call(emu, "GET", `/v1/organizations/create-account-status?${q}`);
            expect(r.status, q).toBe(400);
            expect(r.json.error_code).toBe("Organizations.0002");
        }
    });

    it("expireCreateAccountStatus: the record disappears but the account remains", async () => {
        const emu = await start();
        const { statusId, accountId } = await createAccount(emu, "expiring");
        emu.state.expireCreateAccountStatus(statusId);
        const r = await call(emu, "GET", `/v1/organizations/create-account-status/${statusId}`);
        expect(r.status).toBe(404);
        expect(r.json).toMatchObject({ error_code: "Organizations.1010", request_id: expect.any(String) as unknown });
        const list = await call(emu, "GET", "/v1/organizations/create-account-status");
        expect(list.json.create_account_statuses).toHaveLength(0);
        expect((await call(emu, "GET", `/v1/organizations/accounts/${accountId}`)).status).toBe(200);
    });
});

describe("Huawei emulator: gateway", () => {
    it("bad signature → 401 APIGW.0301", async () => {
        const emu = await start();
        const r = await call(emu, "GET", "/v1/organizations/accounts", { credentials: { accessKey: emu.credentials.accessKey, secretKey: "wrong" } });
        expect(r.status).toBe(401);
        expect(r.json).toEqual({
            error_msg: expect.stringContaining("verify aksk signature fail") as unknown,
            error_code: "APIGW.0301",
            request_id: r.headers.get("x-request-id"),
        });
        expect(r.text).not.toContain(emu.credentials.secretKey);
        const none = await fetch(`${emu.url}/v1/organizations/accounts`);
        expect(none.status).toBe(401);
        expect(((await none.json()) as { error_code: string }).error_code).toBe("APIGW.0301");
    });

    it("unknown AK → 401 ak not exist; expired date → 401; security token enforced", async () => {
        const emu = await start();
        const r = await call(emu, "GET", "/v1/organizations/accounts", { credentials: { accessKey: "NOPE", secretKey: "x" } });
        expect(r.status).toBe(401);
        expect(r.json.error_code).toBe("APIGW.0301");
        expect(r.json.error_msg).toContain("ak not exist");
        const old = await call(emu, "GET", "/v1/organizations/accounts", { now: new Date(Date.now() - 20 * 60 * 1000) });
        expect(old.status).toBe(401);
        expect(old.json.error_msg).toContain("expired");

        const skewed = await start({ clock: () => new Date(Date.now() + 60 * 60 * 1000) });
        expect((await call(skewed, "GET", "/v1/organizations/accounts")).json.error_msg).toContain("expired");

        const temp = await start({ credentials: { accessKey: "TMPAK", secretKey: "tmpsk", securityToken: "tok-123" } });
        expect((await call(temp, "GET", "/v1/organizations/accounts")).status).toBe(200);
        const noTok = await call(temp, "GET", "/v1/organizations/accounts", { credentials: { accessKey: "TMPAK", secretKey: "tmpsk" } });
        expect(noTok.status).toBe(401);
    });

    it("rate limit → 429 APIGW.0308", async () => {
        const emu = await start({ rateLimit: { requests: 3, windowMs: 300 } });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push(await call(emu, "GET", "/v1/organizations/accounts"));
        expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429, 429]);
        expect(statuses[3].json).toEqual({
            error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute",
            error_code: "APIGW.0308",
            request_id: statuses[3].headers.get("x-request-id"),
        });
        await sleep(350);
        expect((await call(emu, "GET", "/v1/organizations/accounts")).status).toBe(200);
    });

    it("unknown routes → 404 APIGW.0101, big bodies → 413, malformed paths never crash", async () => {
        const emu = await start();
        const r = await call(emu, "GET", "/v1/organizations/nothing-here");
        expect(r.status).toBe(404);
        expect(r.json.error_code).toBe("APIGW.0101");
        const big = await call(emu, "POST", "/v1/organizations/accounts", { rawBody: JSON.stringify({ name: "x", description: "a".repeat(1024 * 1024 + 10) }) });
        expect(big.status).toBe(413);
        const bad = await rawSend(emu, "GET", "/v1/organizations/accounts/%zz", undefined, false);
        expect(bad.status).toBe(404);
        expect(emu.requests.all().map((e) => e.operation)).toEqual(["Unknown", "CreateAccount", "Unknown"]);
    });

    it("accepts organizations%3Aaccounts in tag paths", async () => {
        const emu = await start();
        const { accountId } = await createAccount(emu, "tagged");
        const r = await call(emu, "GET", `/v1/organizations/organizations%3Aaccounts/${accountId}/tags`);
        expect(r.status).toBe(200);
        expect(r.json.tags).toEqual([]);
    });
});

describe("Huawei emulator: faults", () => {
    it("status faults: 500, 503, 429 with Retry-After, custom body; times and operation matching", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "ListAccounts", times: 2, fault: { kind: "status", status: 503 } });
        emu.faults.inject({ operation: "ShowOrganization", fault: { kind: "status", status: 429, headers: { "Retry-After": "1" } } });
        emu.faults.inject({ operation: "ListRoots", fault: { kind: "status", status: 500, body: { error_code: "X", error_msg: "custom" } } });
        expect((await call(emu, "GET", "/v1/organizations/accounts")).status).toBe(503);
        expect((await call(emu, "GET", "/v1/organizations/accounts")).status).toBe(503);
        expect((await call(emu, "GET", "/v1/organizations/accounts")).status).toBe(200);
        const t = await call(emu, "GET", "/v1/organizations");
        expect(t.status).toBe(429);
        expect(t.headers.get("retry-after")).toBe("1");
        expect(t.json.error_code).toBe("APIGW.0308");
        const c = await call(emu, "GET", "/v1/organizations/roots");
        expect(c.status).toBe(500);
        expect(c.json).toEqual({ error_code: "X", error_msg: "custom" });
        expect(c.headers.get("x-request-id")).toBeTruthy();
        expect((await call(emu, "GET", "/v1/organizations/roots")).status).toBe(200);
    });

    it("reset-before does not process; reset-after processes", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-before" } });
        const a = await rawSend(emu, "POST", "/v2/organizations/accounts", JSON.stringify({ name: "rb" }));
        expect(a.error).toBeTruthy();
        expect(emu.state.createAccountStatuses()).toHaveLength(0);
        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        const b = await rawSend(emu, "POST", "/v2/organizations/accounts", JSON.stringify({ name: "ra" }));
        expect(b.error).toBeTruthy();
        expect(emu.state.createAccountStatuses().map((s) => s.account_name)).toEqual(["ra"]);
        expect(emu.requests.byOperation("CreateAccount").map((e) => [e.status, e.fault])).toEqual([
            ["reset", "reset-before"],
            ["reset", "reset-after"],
        ]);
    });

    it("delay answers after the delay", async () => {
        const emu = await start();
        emu.faults.inject({ fault: { kind: "delay", ms: 200 } });
        const t0 = Date.now();
        expect((await call(emu, "GET", "/v1/organizations/accounts")).status).toBe(200);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    });

    it("hang never answers, and close() still returns", async () => {
        const emu = await startHuaweiEmulator();
        emu.faults.inject({ fault: { kind: "hang" } });
        const pending = rawSend(emu, "GET", "/v1/organizations/accounts");
        const raced = await Promise.race([pending, sleep(200).then(() => "timeout")]);
        expect(raced).toBe("timeout");
        expect(emu.requests.all()[0].status).toBe("hang");
        await emu.close();
        expect((await pending).error).toBeTruthy();
    });

    it("malformed, wrong-shape, truncated and clock-skew", async () => {
        const emu = await start();
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "malformed" } });
        const m = await call(emu, "GET", "/v1/organizations/accounts");
        expect(m.status).toBe(200);
        expect(() => JSON.parse(m.text) as unknown).toThrow();

        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "wrong-shape" } });
        const w = await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "ws" } });
        expect(w.status).toBe(200);
        expect(typeof w.json.create_account_status.id).toBe("number");
        expect(typeof w.json.create_account_status.state).toBe("number");
        expect(emu.state.createAccountStatuses()).toHaveLength(1); // processed

        emu.faults.inject({ operation: "CreateAccount", fault: { kind: "truncated" } });
        const tr = await rawSend(emu, "POST", "/v2/organizations/accounts", JSON.stringify({ name: "tr" }));
        expect(tr.status).toBe(202);
        expect(tr.error).toBeTruthy();
        expect(emu.state.createAccountStatuses()).toHaveLength(2); // processed
        emu.faults.inject({ operation: "ListAccounts", fault: { kind: "truncated" } });
        await expect(call(emu, "GET", "/v1/organizations/accounts")).rejects.toThrow();
        expect(emu.requests.byOperation("ListAccounts").at(-1)!.status).toBe("truncated");

        emu.faults.inject({ operation: "CloseAccount", fault: { kind: "wrong-shape" } });
        const empty = await call(emu, "POST", `/v1/organizations/accounts/${"2".repeat(32)}/close`);
        expect(empty.status).toBe(200);
        expect(empty.json).toBeTypeOf("object");

        emu.faults.inject({ fault: { kind: "clock-skew" } });
        const cs = await call(emu, "GET", "/v1/organizations/accounts");
        expect(cs.status).toBe(401);
        expect(cs.json.error_code).toBe("APIGW.0301");
        expect(cs.json.error_msg).toContain("expired");
    });
});

describe("Huawei emulator: account lifecycle", () => {
    it("show, list, patch, entities, move", async () => {
        const emu = await start();
        const { accountId } = await createAccount(emu, "life", { phone: "+8613800000000" });
        const show = await call(emu, "GET", `/v1/organizations/accounts/${accountId}?with_register_contact_info=true`);
        expect(show.status).toBe(200);
        expect(show.json.account).toMatchObject({
            id: accountId,
            name: "life",
            status: "active",
            join_method: "created",
            email: "life@example.com",
            mobile_phone: "+8613800000000",
        });
        expect(show.json.account.urn).toContain(accountId);
        const plain = await call(emu, "GET", `/v1/organizations/accounts/${accountId}`);
        expect(plain.json.account).not.toHaveProperty("email");
        const missing = await call(emu, "GET", `/v1/organizations/accounts/${"0".repeat(32)}`);
        expect(missing.status).toBe(404);
        expect(missing.json.error_code).toBe("Organizations.1010");

        const patched = await call(emu, "PATCH", `/v1/organizations/accounts/${accountId}`, { body: { description: "new desc" } });
        expect(patched.status).toBe(200);
        expect(patched.json.account.description).toBe("new desc");

        const ent = await call(emu, "GET", `/v1/organizations/entities?child_id=${accountId}`);
        expect(ent.json.entities).toEqual([{ id: emu.rootId, name: "Root", type: "root" }]);

        const wrongSource = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/move`, {
            body: { source_parent_id: emu.defaultOuId, destination_parent_id: emu.rootId },
        });
        expect(wrongSource.status).toBe(400);
        const unknownDest = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/move`, { body: { source_parent_id: emu.rootId, destination_parent_id: "ou-nope" } });
        expect(unknownDest.status).toBe(404);
        const moved = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/move`, { body: { source_parent_id: emu.rootId, destination_parent_id: emu.defaultOuId } });
        expect(moved.status).toBe(200);
        expect(moved.text).toBe("");
        const ent2 = await call(emu, "GET", `/v1/organizations/entities?child_id=${accountId}`);
        expect(ent2.json.entities[0]).toMatchObject({ id: emu.defaultOuId, type: "organizational_unit" });

        const inOu = await call(emu, "GET", `/v1/organizations/accounts?parent_id=${emu.defaultOuId}`);
        expect(inOu.json.accounts.map((a) => a.id)).toEqual([accountId]);
        expect(inOu.json.page_info).toEqual({ next_marker: null, current_count: 1 });
        const all = await call(emu, "GET", "/v1/organizations/accounts?limit=1");
        expect(all.json.accounts).toHaveLength(1);
        expect(all.json.page_info.next_marker).toEqual(expect.any(String));
    });

    it("tags: create, list, delete", async () => {
        const emu = await start();
        const { accountId } = await createAccount(emu, "tags", { tags: [{ key: "a", value: "1" }] });
        const base = `/v1/organizations/organizations:accounts/${accountId}/tags`;
        const c = await call(emu, "POST", `${base}/create`, {
            body: {
                tags: [
                    { key: "b", value: "2" },
                    { key: "a", value: "9" },
                ],
            },
        });
        expect(c.status).toBe(200);
        let l = await call(emu, "GET", base);
        expect(l.json.tags).toEqual([
            { key: "b", value: "2" },
            { key: "a", value: "9" },
        ]);
        const d = await call(emu, "POST", `${base}/delete`, { body: { tags: [{ key: "a" }] } });
        expect(d.status).toBe(200);
        l = await call(emu, "GET", base);
        expect(l.json.tags).toEqual([{ key: "b", value: "2" }]);
        expect((await call(emu, "POST", `${base}/create`, { body: { tags: [] } })).status).toBe(400);
        expect((await call(emu, "POST", `/v1/organizations/organizations:accounts/${"1".repeat(32)}/tags/create`, { body: { tags: [{ key: "x", value: "y" }] } })).status).toBe(
            404,
        );
    });

    it("close → pending_closure → suspended; twice → 1325; remove", async () => {
        const emu = await start({ closeDelayMs: 100 });
        const { accountId } = await createAccount(emu, "closing");
        const c = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/close`);
        expect(c.status).toBe(200);
        expect((await call(emu, "GET", `/v1/organizations/accounts/${accountId}`)).json.account.status).toBe("pending_closure");
        const again = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/close`);
        expect(again.status).toBe(400);
        expect(again.json.error_code).toBe("Organizations.1325");
        const pending = await call(emu, "GET", "/v1/organizations/close-account-status?states=pending_closure");
        expect(pending.json.close_account_statuses).toEqual([expect.objectContaining({ account_id: accountId, state: "pending_closure" })]);
        await sleep(200);
        expect((await call(emu, "GET", `/v1/organizations/accounts/${accountId}`)).json.account.status).toBe("suspended");
        expect((await call(emu, "POST", `/v1/organizations/accounts/${accountId}/close`)).json.error_code).toBe("Organizations.1325");
        const suspended = await call(emu, "GET", "/v1/organizations/close-account-status?states=suspended");
        expect(suspended.json.close_account_statuses.map((s) => s.account_id)).toEqual([accountId]);

        const other = emu.state.addAccount({ name: "adopted", email: "adopted@example.com", parentId: emu.defaultOuId, tags: { team: "x" } });
        const rm = await call(emu, "POST", `/v1/organizations/accounts/${other}/remove`);
        expect(rm.status).toBe(200);
        expect((await call(emu, "GET", `/v1/organizations/accounts/${other}`)).status).toBe(404);
    });

    it("test controls: setAccountState shows in the answers and refuses an unknown state; changeOutOfBand renames (names stay unique), moves and untags", async () => {
        const emu = await start();
        const id = emu.state.addAccount({ name: "controlled", email: "controlled@example.com", tags: { team: "a", keep: "b" } });
        emu.state.setAccountState(id, "suspended");
        expect((await call(emu, "GET", `/v1/organizations/accounts/${id}`)).json.account.status).toBe("suspended");
        expect(() => emu.state.setAccountState(id, "closed" as never)).toThrow("unknown account state closed; use one of active, pending_closure, suspended");
        expect(() => emu.state.changeOutOfBand(id, { name: "emulator-management" })).toThrow("account name emulator-management already used");
        emu.state.changeOutOfBand(id, { name: "renamed", parentId: emu.defaultOuId, removeTags: ["team"] });
        expect((await call(emu, "GET", `/v1/organizations/accounts/${id}`)).json.account.name).toBe("renamed");
        expect((await call(emu, "GET", `/v1/organizations/organizations:accounts/${id}/tags`)).json.tags).toEqual([{ key: "keep", value: "b" }]);
        expect(emu.state.accounts().find((a) => a.id === id)!.parentId).toBe(emu.defaultOuId);
        // the name given up stays taken: Huawei account names are unique for good
        expect(() => emu.state.changeOutOfBand(id, { name: "controlled" })).toThrow("account name controlled already used");
    });
});

describe("Huawei emulator: as the API reference pages say", () => {
    it("UpdateAccount without a description, or with null, changes nothing; an empty string empties it (UpdateAccount.html, description)", async () => {
        const emu = await start();
        const { accountId } = await createAccount(emu, "described", { description: "kept" });
        const path = `/v1/organizations/accounts/${accountId}`;
        for (const body of [{}, { description: null }]) {
            const r = await call(emu, "PATCH", path, { body });
            expect(r.status, r.text).toBe(200);
            expect(r.json.account).toMatchObject({ id: accountId, description: "kept" });
        }
        const emptied = await call(emu, "PATCH", path, { body: { description: "" } });
        expect(emptied.json.account.description).toBe("");
        expect((await call(emu, "PATCH", `/v1/organizations/accounts/${"0".repeat(32)}`, { body: {} })).status).toBe(404);
    });

    it("ListCloseAccountStatuses answers close_account_statuses alone, every request at once (ListCloseAccountStatuses.html, Response Parameters)", async () => {
        const emu = await start({ closeDelayMs: 60_000, rules: { closeQuotaPercent: 100 } });
        const closed: string[] = [];
        for (const name of ["close-a", "close-b"]) {
            const { accountId } = await createAccount(emu, name);
            const c = await call(emu, "POST", `/v1/organizations/accounts/${accountId}/close`);
            expect(c.status, c.text).toBe(200);
            closed.push(accountId);
        }
        const r = await call(emu, "GET", "/v1/organizations/close-account-status?states=pending_closure");
        expect(r.status).toBe(200);
        expect(Object.keys(r.json)).toEqual(["close_account_statuses"]);
        expect(r.json.close_account_statuses.map((s) => s.account_id).sort()).toEqual([...closed].sort());
        expect(r.json.close_account_statuses[0]).toEqual({
            account_id: expect.any(String) as unknown,
            created_at: expect.any(String) as unknown,
            updated_at: expect.any(String) as unknown,
            state: "pending_closure",
            organization_id: expect.stringMatching(/^o-/) as unknown,
        });
    });
});

describe("Huawei emulator: the organization's tree", () => {
    it("ListRoots shows the root; ShowOrganizationalUnit shows an OU and answers 404 for an id that names none", async () => {
        const emu = await start();
        const roots = await call(emu, "GET", "/v1/organizations/roots");
        expect(roots.json.roots.map((r: { id: string }) => r.id)).toEqual([emu.rootId]);
        const ou = await call(emu, "GET", `/v1/organizations/organizational-units/${emu.defaultOuId}`);
        expect(ou.status).toBe(200);
        expect(ou.json.organizational_unit).toMatchObject({ id: emu.defaultOuId, name: expect.any(String) as unknown, created_at: expect.any(String) as unknown });
        expect(ou.json.organizational_unit.urn).toContain(emu.defaultOuId);
        const missing = await call(emu, "GET", "/v1/organizations/organizational-units/ou-doesnotexist");
        expect([missing.status, missing.json.error_code]).toEqual([404, "Organizations.1010"]);
        expect(emu.requests.byOperation("ShowOrganizationalUnit")).toHaveLength(2);
    });
});

describe("Huawei emulator: request log", () => {
    it("records operation, method, path, query, headers and body", async () => {
        const emu = await start();
        await call(emu, "POST", "/v2/organizations/accounts", { body: { name: "logged" } });
        await call(emu, "GET", "/v1/organizations/create-account-status?states=failed&states=succeeded&limit=5");
        const [create, list] = emu.requests.all();
        expect(create).toMatchObject({ seq: 1, operation: "CreateAccount", method: "POST", path: "/v2/organizations/accounts", body: { name: "logged" }, status: 202 });
        expect(create.headers["authorization"]).toContain(`Access=${emu.credentials.accessKey}`);
        expect(create.headers["x-sdk-date"]).toMatch(/^\d{8}T\d{6}Z$/);
        expect(list).toMatchObject({ operation: "ListCreateAccountStatuses", query: { states: ["failed", "succeeded"], limit: ["5"] }, status: 200 });
        expect(emu.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(JSON.stringify(emu.requests.all())).not.toContain(emu.credentials.secretKey);
        emu.requests.clear();
        expect(emu.requests.all()).toHaveLength(0);
        expect(formatSdkDate(new Date(0))).toBe("19700101T000000Z");
    });
});
