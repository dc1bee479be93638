// Both emulators under malformed requests, sent with raw node:http or a plain TCP socket: signed
// where the point is the body (so the request reaches the service), unsigned where it is not.
// Every request must get a clear error in the cloud's own shape (4xx/5xx, JSON), never a crash or
// a hang; after the barrage each emulator still serves a valid signed request normally, and no
// logged request is left unanswered.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { AUTH_MESSAGES, startHuaweiEmulator, type HuaweiEmulator } from "../../emulator/huawei/server";
import { awsSigned, huaweiSigned, organizations, send, sendRaw, type RawResponse } from "../support/hostileHttp";
import type { AwsCreateStatusBody, AwsErrorBody, HuaweiCreateStatusBody, HuaweiErrorBody } from "../support/wire";

const SEED = 20240607;
const BIG = Buffer.alloc(1024 * 1024 + 10, "a"); // > 1 MiB
const counts = { huawei: 0, aws: 0 };

/** Values of every JSON type but the one a field wants. */
const WRONG_FOR_STRING: unknown[] = [42, -1.5, true, false, null, [], ["a"], {}, { a: "b" }];
const WRONG_FOR_LIST: unknown[] = [42, true, "a", {}, { a: 1 }];

// ---------- Huawei ----------

function expectHuaweiError(r: RawResponse, status?: number | [number, number], code?: string | RegExp): void {
    const context = `${r.status} ${r.text.slice(0, 300)}`;
    if (typeof status === "number") expect(r.status, context).toBe(status);
    else {
        const [lo, hi] = status ?? [400, 599];
        expect(r.status, context).toBeGreaterThanOrEqual(lo);
        expect(r.status, context).toBeLessThanOrEqual(hi);
    }
    expect(String(r.headers["content-type"]), context).toMatch(/^application\/json/);
    expect(r.json, context).toEqual({
        error_code: expect.any(String) as unknown,
        error_msg: expect.any(String) as unknown,
        request_id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
    });
    if (code !== undefined) expect((r.json as HuaweiErrorBody).error_code, context).toMatch(code);
}

describe("Huawei emulator under malformed requests", () => {
    let emu: HuaweiEmulator;
    let accountId: string;
    const signed = (method: string, path: string, body?: string | Buffer, headers?: Record<string, string>) => {
        counts.huawei++;
        return huaweiSigned(emu.url, emu.credentials, method, path, body, headers);
    };
    const unsigned = (method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) => {
        counts.huawei++;
        return send(emu.url, method, path, headers, body);
    };
    const raw = (text: string | Buffer) => {
        counts.huawei++;
        return sendRaw(emu.url, text);
    };

    beforeAll(async () => {
        emu = await startHuaweiEmulator({ creationDelayMs: 20, closeDelayMs: 20 });
        accountId = emu.state.addAccount({ name: "existing", email: "existing@example.com", tags: [] });
    });
    afterAll(async () => {
        await emu?.close();
    });

    test("bodies that are not JSON, truncated, of the wrong JSON type, or too large", async () => {
        for (const body of ["{", '{"name": "a', "not json", "{'name': 'a'}", '{"name": "a",}', "\u0000\u0001", "[1,2", '{"name":"a"}garbage', "\ufeff{}"]) {
            expectHuaweiError(await signed("POST", "/v1/organizations/accounts", body), 400, "Organizations.0002");
        }
        for (const body of ["[]", "42", '"a"', "null", "true", "[{}]"]) {
            expectHuaweiError(await signed("POST", "/v1/organizations/accounts", body), 400, "Organizations.0002");
        }
        // Invalid UTF-8 bytes.
        expectHuaweiError(await signed("POST", "/v1/organizations/accounts", Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, "Organizations.0002");
        // > 1 MiB: the gateway refuses it before the signature and the service.
        expectHuaweiError(await signed("POST", "/v1/organizations/accounts", BIG), 413, "APIGW.0201");
        expectHuaweiError(await unsigned("POST", "/v1/organizations/accounts", { "Content-Type": "application/json" }, BIG), 413, "APIGW.0201");
        expectHuaweiError(await signed("PATCH", `/v1/organizations/accounts/${accountId}`, BIG), 413, "APIGW.0201");
    });

    test("wrong types for every field of CreateAccount and of the other write operations", async () => {
        const base = { name: "typed", email: "typed@example.com" };
        for (const field of ["name", "email", "phone", "agency_name", "description"]) {
            for (const value of WRONG_FOR_STRING) {
                if (value === null && field !== "name") continue; // null = absent for optional fields
                expectHuaweiError(await signed("POST", "/v1/organizations/accounts", JSON.stringify({ ...base, [field]: value })), 400, "Organizations.0002");
            }
        }
        const badTags: unknown[] = [
            ...WRONG_FOR_LIST,
            [1],
            [null],
            [[]],
            [{ key: 1, value: "v" }],
            [{ key: "k", value: 1 }],
            [{ key: "k", value: null }],
            [{ key: "k" }],
            [{ value: "v" }],
            [{ key: "", value: "v" }],
            [{ key: "k".repeat(129), value: "v" }],
            [{ key: "k", value: "v".repeat(256) }],
            [
                { key: "k", value: "a" },
                { key: "k", value: "b" },
            ],
            Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: "v" })),
        ];
        for (const tags of badTags) {
            expectHuaweiError(await signed("POST", "/v1/organizations/accounts", JSON.stringify({ ...base, tags })), 400, "Organizations.0002");
            expectHuaweiError(await signed("POST", `/v1/organizations/organizations:accounts/${accountId}/tags/create`, JSON.stringify({ tags })), 400, "Organizations.0002");
        }
        for (const tags of [...WRONG_FOR_LIST, [], [{ key: 5 }], [{}]]) {
            expectHuaweiError(await signed("POST", `/v1/organizations/organizations:accounts/${accountId}/tags/delete`, JSON.stringify({ tags })), 400, "Organizations.0002");
        }
        for (const value of WRONG_FOR_STRING) {
            // A null description is the documented no-op (UpdateAccount, "Request Parameters"), not a wrong type.
            if (value !== null)
                expectHuaweiError(await signed("PATCH", `/v1/organizations/accounts/${accountId}`, JSON.stringify({ description: value })), 400, "Organizations.0002");
            expectHuaweiError(
                await signed("POST", `/v1/organizations/accounts/${accountId}/move`, JSON.stringify({ source_parent_id: value, destination_parent_id: emu.defaultOuId })),
                400,
                "Organizations.0002",
            );
            expectHuaweiError(
                await signed("POST", `/v1/organizations/accounts/${accountId}/move`, JSON.stringify({ source_parent_id: emu.rootId, destination_parent_id: value })),
                400,
                "Organizations.0002",
            );
        }
        for (const path of [`/v1/organizations/accounts/${accountId}`, `/v1/organizations/accounts/${accountId}/move`]) {
            for (const body of ["[]", "7", "", "{"]) expectHuaweiError(await signed(path.endsWith("move") ? "POST" : "PATCH", path, body), 400, "Organizations.0002");
        }
        // Hostile query strings and ids.
        for (const query of [
            "limit=abc",
            "limit=-1",
            "limit=0",
            "limit=99999",
            "limit=1.5",
            "marker=%%%",
            "marker=bm90IGEgbWFya2Vy",
            "states=nope",
            "states=failed&states=failed&states=failed&states=failed",
        ]) {
            expectHuaweiError(await signed("GET", `/v1/organizations/create-account-status?${query}`), 400, "Organizations.0002");
        }
        // (".." is not here: a signed URL resolves it before sending; the raw path tricks are below.)
        for (const id of ["nope", "h-" + "a".repeat(5000), "%C3%A9%E4%B8%AD", "%00", "x%2Fy", "%F0%9F%98%80", "__proto__", "constructor"]) {
            expectHuaweiError(await signed("GET", `/v1/organizations/create-account-status/${id}`), [400, 404]);
            expectHuaweiError(await signed("GET", `/v1/organizations/accounts/${id}`), [400, 404]);
            expectHuaweiError(await signed("POST", `/v1/organizations/accounts/${id}/close`), [400, 404]);
        }
    });

    test("generated JSON bodies for CreateAccount: never a server error, always the error shape", async () => {
        const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 70 }));
        const bodies = fc.sample(
            fc.oneof(
                fc.record({ name: field, email: field, phone: field, agency_name: field, description: field, tags: field }, { requiredKeys: [] }),
                fc.jsonValue({ maxDepth: 3 }),
            ),
            { numRuns: 150, seed: SEED },
        );
        let rejected = 0;
        for (const body of bodies) {
            const r = await signed("POST", "/v1/organizations/accounts", JSON.stringify(body));
            if (r.status === 202) continue; // a valid one by chance
            expectHuaweiError(r, [400, 499]);
            rejected++;
        }
        console.log(`huawei: ${bodies.length} generated CreateAccount bodies, ${rejected} rejected with 4xx, 0 server errors`);
    });

    test("path tricks, unknown methods, and missing, duplicated or conflicting headers", async () => {
        const paths = [
            "/v1/organizations/accounts/../create-account-status",
            "/v1/organizations/accounts/./",
            "/v1/organizations%2Faccounts",
            "/v1/organizations/accounts%2F..%2Fcreate-account-status",
            "/v1/organizations/accounts/%00",
            "/v1/organizations/accounts/%",
            "/v1/organizations/accounts/%E0%A4%A",
            "/v1//organizations/accounts",
            "//v1/organizations/accounts",
            "/v1/organizations/accounts?x=%ZZ",
            "/" + "a".repeat(8_000),
            "/v1/organizations/accounts/" + "%C3%A9".repeat(1_000),
            "/v1/organizations/%E4%B8%AD%E6%96%87",
            "*",
            "http://evil.example/v1/organizations",
        ];
        for (const path of paths) {
            const r = await unsigned("GET", path);
            expectHuaweiError(r, [400, 404], /^(APIGW\.0101|APIGW\.0301|Organizations\.0002)$/);
        }
        // Methods no route has, and one the parser does not know.
        for (const method of ["PUT", "DELETE", "OPTIONS", "PROPFIND", "PURGE", "TRACE"]) {
            expectHuaweiError(await signed(method, "/v1/organizations/accounts"), 404, "APIGW.0101");
        }
        const brew = await raw(`BREW /v1/organizations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expectHuaweiError(brew, 400);
        // Raw bytes the URL may not contain, sent as-is.
        for (const path of ["/v1/organizations/accounts/é中😀", "/v1/organ izations", "/v1/\u0001", "/v1/organizations\u00ff"]) {
            const r = await raw(Buffer.concat([Buffer.from("GET "), Buffer.from(path, "utf8"), Buffer.from(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]));
            expectHuaweiError(r, [400, 404]);
        }
        // A request line too long for the server's header limit.
        expectHuaweiError(await raw(`GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), [400, 431]);
        // Missing Authorization, X-Sdk-Date or Host; garbage Authorization; duplicated headers.
        expectHuaweiError(await unsigned("GET", "/v1/organizations"), 401, "APIGW.0301");
        expectHuaweiError(await unsigned("GET", "/v1/organizations", { Authorization: "SDK-HMAC-SHA256 garbage", "X-Sdk-Date": "20240101T000000Z" }), 401, "APIGW.0301");
        expectHuaweiError(await unsigned("GET", "/v1/organizations", { Authorization: "\u00e9\u00e9", "X-Sdk-Date": "yesterday" }), 401, "APIGW.0301");
        expectHuaweiError(
            await raw(`GET /v1/organizations HTTP/1.0\r\nAuthorization: SDK-HMAC-SHA256 Access=x, SignedHeaders=host;x-sdk-date, Signature=00\r\n\r\n`),
            401,
            "APIGW.0301",
        );
        const good = await import("../../provider/clouds/huawei/signer");
        const url = new URL("/v1/organizations", emu.url);
        const headers = good.signRequest({ method: "GET", url, headers: {} }, emu.credentials);
        const lines = (extra: string) =>
            `GET /v1/organizations HTTP/1.1\r\nHost: ${headers.Host}\r\nX-Sdk-Date: ${headers["X-Sdk-Date"]}\r\nAuthorization: ${headers.Authorization}\r\n${extra}Connection: close\r\n\r\n`;
        expect((await raw(lines(""))).status).toBe(200); // the raw form is right
        expectHuaweiError(await raw(lines(`X-Sdk-Date: 20200101T000000Z\r\n`)), 401, "APIGW.0301");
        // RFC 9112, 3.2: more than one Host is a 400 (Node alone would keep the first).
        expectHuaweiError(await raw(lines(`Host: other.example\r\n`)), 400, "APIGW.0201");
        // Two Authorization headers: which credentials are meant cannot be told (Node alone would keep the first).
        const dupAuth = await raw(lines(`Authorization: SDK-HMAC-SHA256 Access=someone-else, SignedHeaders=host;x-sdk-date, Signature=00\r\n`));
        expectHuaweiError(dupAuth, 401, "APIGW.0301");
        expect((dupAuth.json as HuaweiErrorBody).error_msg).toBe(AUTH_MESSAGES.missing);
        // Conflicting framing: request smuggling shapes are refused.
        expectHuaweiError(await raw(`POST /v1/organizations/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{}{}{}{`), 400);
        expectHuaweiError(
            await raw(`POST /v1/organizations/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`),
            400,
        );
        expectHuaweiError(await raw(`POST /v1/organizations/accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n`), 400);
        expectHuaweiError(await raw(`GARBAGE\r\n\r\n`), 400);
    });

    test("after the barrage it still serves valid signed requests, and left no request unanswered", async () => {
        const created = await signed("POST", "/v1/organizations/accounts", JSON.stringify({ name: "after-barrage", email: "after-barrage@example.com" }));
        expect(created.status).toBe(202);
        const id = (created.json as HuaweiCreateStatusBody).create_account_status.id;
        let state = "in_progress";
        for (let i = 0; i < 100 && state === "in_progress"; i++) {
            await new Promise((r) => setTimeout(r, 20));
            const s = await signed("GET", `/v1/organizations/create-account-status/${id}`);
            expect(s.status).toBe(200);
            state = (s.json as HuaweiCreateStatusBody).create_account_status.state;
        }
        expect(state).toBe("succeeded");
        expect((await signed("GET", "/v1/organizations")).status).toBe(200);
        const pending = emu.requests.all().filter((e) => e.status === "pending");
        expect(pending).toEqual([]);
        const served = emu.requests.all().filter((e) => typeof e.status === "number" && e.status >= 500);
        expect(served.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([]);
        console.log(`huawei: ${counts.huawei} hostile and valid requests sent, ${emu.requests.all().length} reached the request log, 0 server errors, 0 unanswered`);
    });
});

// ---------- AWS ----------

function expectOrganizationsError(r: RawResponse, status?: number, type?: string | RegExp): void {
    const context = `${r.status} ${r.text.slice(0, 300)}`;
    if (status !== undefined) expect(r.status, context).toBe(status);
    else {
        expect(r.status, context).toBeGreaterThanOrEqual(400);
        expect(r.status, context).toBeLessThan(500);
    }
    expect(String(r.headers["content-type"]), context).toMatch(/^application\/(x-amz-json-1\.1|json)/);
    expect(r.json, context).toEqual(expect.objectContaining({ __type: expect.any(String) as unknown, Message: expect.any(String) as unknown }));
    expect(r.headers["x-amzn-requestid"], context).toMatch(/^[0-9a-f-]{36}$/);
    if (type !== undefined) expect((r.json as AwsErrorBody).__type, context).toMatch(type);
}

function expectAccountApiError(r: RawResponse, status: number | undefined, type: string | RegExp): void {
    const context = `${r.status} ${r.text.slice(0, 300)}`;
    if (status !== undefined) expect(r.status, context).toBe(status);
    else expect(r.status >= 400 && r.status < 500, context).toBe(true);
    expect(String(r.headers["content-type"]), context).toMatch(/^application\/json/);
    expect(r.json, context).toEqual(expect.objectContaining({ message: expect.any(String) as unknown }));
    expect(String(r.headers["x-amzn-errortype"]), context).toMatch(type);
}

/** A bare HTTP/1.1 error from the server's parser (no request to the service): the Organizations error shape, in JSON. */
function expectParserError(r: RawResponse, statuses: number[]): void {
    const context = `${r.status} ${r.text.slice(0, 300)}`;
    expect(statuses, context).toContain(r.status);
    expect(String(r.headers["content-type"]), context).toMatch(/^application\/(x-amz-json-1\.1|json)/);
    expect(r.json, context).toEqual(expect.objectContaining({ __type: expect.any(String) as unknown, Message: expect.any(String) as unknown }));
}

describe("AWS emulator under malformed requests", () => {
    let emu: AwsEmulator;
    let accountId: string;
    const call = (target: string, body: string | Buffer, extra: Record<string, string> = {}) => {
        counts.aws++;
        return awsSigned(emu.url, emu.credentials, emu.region, { headers: { ...organizations(target), ...extra }, body });
    };
    const account = (path: string, body: string | Buffer) => {
        counts.aws++;
        return awsSigned(emu.url, emu.credentials, emu.region, { path, service: "account", headers: { "content-type": "application/json" }, body });
    };
    const unsigned = (method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) => {
        counts.aws++;
        return send(emu.url, method, path, headers, body);
    };
    const raw = (text: string | Buffer) => {
        counts.aws++;
        return sendRaw(emu.url, text);
    };

    beforeAll(async () => {
        emu = await startAwsEmulator({ creationDelayMs: 20, closeDelayMs: 20, refusals: "permissive" }); // refusals have their own suite
        accountId = emu.state.addAccount({ name: "existing", email: "existing@example.com", tags: [] });
    });
    afterAll(async () => {
        await emu?.close();
    });

    test("bodies that are not JSON, truncated, of the wrong JSON type, or too large", async () => {
        for (const body of ["{", '{"Email": "a', "not json", "{'Email': 1}", '{"Email": "a",}', "\u0000", '{"a":1}garbage', "[1,"]) {
            expectOrganizationsError(await call("CreateAccount", body), 400, "SerializationException");
        }
        for (const body of ["[]", "42", '"a"', "null", "true"]) {
            expectOrganizationsError(await call("CreateAccount", body), 400, "SerializationException");
            expectAccountApiError(await account("/putAccountName", body), 400, "ValidationException");
        }
        expectOrganizationsError(await call("CreateAccount", Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, "SerializationException");
        const big = await call("CreateAccount", BIG);
        expect(big.status).toBe(413);
        expect(big.json).toEqual({ __type: "RequestEntityTooLargeException", Message: expect.any(String) as unknown });
        const bigUnsigned = await unsigned("POST", "/", organizations("CreateAccount"), BIG);
        expect(bigUnsigned.status).toBe(413);
        const bigAccount = await account("/putAccountName", BIG);
        expect(bigAccount.status).toBe(413);
        expect(bigAccount.json).toEqual({ message: expect.any(String) as unknown });
    });

    test("wrong types for every field of CreateAccount and of the other operations", async () => {
        const base = { Email: "typed@example.com", AccountName: "typed" };
        for (const field of ["Email", "AccountName", "RoleName", "IamUserAccessToBilling"]) {
            for (const value of WRONG_FOR_STRING) {
                if (value === null && (field === "RoleName" || field === "IamUserAccessToBilling")) continue; // null = absent
                expectOrganizationsError(await call("CreateAccount", JSON.stringify({ ...base, [field]: value })), 400, /^(SerializationException|InvalidInputException)$/);
            }
        }
        const badTags: unknown[] = [
            ...WRONG_FOR_LIST,
            [1],
            [null],
            [{ Key: 1, Value: "v" }],
            [{ Key: "k", Value: 1 }],
            [{ Key: "k" }],
            [{ Key: "", Value: "v" }],
            [{ Key: "aws:x", Value: "v" }],
            [
                { Key: "k", Value: "a" },
                { Key: "k", Value: "b" },
            ],
            Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
        ];
        for (const Tags of badTags) {
            expectOrganizationsError(await call("CreateAccount", JSON.stringify({ ...base, Tags })), 400);
            expectOrganizationsError(await call("TagResource", JSON.stringify({ ResourceId: accountId, Tags })), 400);
        }
        const ops: [string, Record<string, unknown>, string[]][] = [
            ["DescribeAccount", { AccountId: accountId }, ["AccountId"]],
            ["DescribeCreateAccountStatus", { CreateAccountRequestId: "car-12345678" }, ["CreateAccountRequestId"]],
            ["MoveAccount", { AccountId: accountId, SourceParentId: emu.rootId, DestinationParentId: emu.defaultOuId }, ["AccountId", "SourceParentId", "DestinationParentId"]],
            ["ListParents", { ChildId: accountId }, ["ChildId"]],
            ["UntagResource", { ResourceId: accountId, TagKeys: ["a"] }, ["ResourceId"]],
            ["ListTagsForResource", { ResourceId: accountId }, ["ResourceId"]],
            ["CloseAccount", { AccountId: "000000000000" }, ["AccountId"]],
            ["RemoveAccountFromOrganization", { AccountId: "000000000000" }, ["AccountId"]],
        ];
        for (const [op, valid, fields] of ops) {
            for (const f of fields) {
                for (const value of [...WRONG_FOR_STRING, "", "x".repeat(5000), "é中😀", "../../etc"]) {
                    expectOrganizationsError(await call(op, JSON.stringify({ ...valid, [f]: value })), 400);
                }
            }
        }
        for (const value of [...WRONG_FOR_LIST, [1], [null], [""], ["x".repeat(129)]]) {
            expectOrganizationsError(await call("UntagResource", JSON.stringify({ ResourceId: accountId, TagKeys: value })), 400);
        }
        for (const op of ["ListAccounts", "ListRoots", "ListCreateAccountStatus"]) {
            for (const MaxResults of ["10", 0, -1, 21, 1.5, true, [], {}]) expectOrganizationsError(await call(op, JSON.stringify({ MaxResults })), 400);
            for (const NextToken of [1, "garbage", "", "YXdzZW11Ok5vcGU6MQ" /* awsemu:Nope:1 */, {}]) expectOrganizationsError(await call(op, JSON.stringify({ NextToken })), 400);
        }
        for (const States of ["SUCCEEDED", [1], ["NOPE"], {}]) expectOrganizationsError(await call("ListCreateAccountStatus", JSON.stringify({ States })), 400);
        // Account Management API (REST-JSON).
        for (const value of [...WRONG_FOR_STRING.filter((v) => v !== null), "", "x".repeat(51), "é"]) {
            expectAccountApiError(await account("/putAccountName", JSON.stringify({ AccountId: accountId, AccountName: value })), 400, "ValidationException");
            expectAccountApiError(await account("/getAccountInformation", JSON.stringify({ AccountId: value === "" ? "1" : value })), 400, "ValidationException");
        }
        expectAccountApiError(await account("/getAccountInformation", JSON.stringify({ AccountId: "000000000000" })), 404, "ResourceNotFoundException");
    });

    test("generated JSON bodies for CreateAccount: never a server error, always the error shape", async () => {
        const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 70 }));
        const bodies = fc.sample(
            fc.oneof(
                fc.record({ Email: field, AccountName: field, RoleName: field, IamUserAccessToBilling: field, Tags: field }, { requiredKeys: [] }),
                fc.jsonValue({ maxDepth: 3 }),
            ),
            { numRuns: 150, seed: SEED },
        );
        let rejected = 0;
        for (const body of bodies) {
            const r = await call("CreateAccount", JSON.stringify(body));
            if (r.status === 200) continue;
            expectOrganizationsError(r);
            rejected++;
        }
        console.log(`aws: ${bodies.length} generated CreateAccount bodies, ${rejected} rejected with 4xx, 0 server errors`);
    });

    test("garbage x-amz-target, content types, paths, methods, and missing or duplicated headers", async () => {
        const targets = [
            "",
            "AWSOrganizationsV20161128.",
            "AWSOrganizationsV20161128.Nope",
            "AWSOrganizationsV20161128.createaccount",
            "AWSOrganizationsV20161128.CreateAccount.Extra",
            "AWSOrganizationsV20161128.../CreateAccount",
            "AWSOrganizationsV20161128." + "A".repeat(10_000),
            "AmazonSSM.SendCommand",
            "AWSOrganizationsV20161128.CreateAccount, AWSOrganizationsV20161128.CloseAccount",
            "%41WSOrganizationsV20161128.CreateAccount",
            "AWSOrganizationsV20161128.__proto__",
            "AWSOrganizationsV20161128.constructor",
        ];
        for (const target of targets) {
            expectOrganizationsError(await call("x", "{}", { "x-amz-target": target }), 400, /^(UnknownOperationException|InvalidSignatureException)$/);
        }
        // No target at all.
        counts.aws++;
        expectOrganizationsError(
            await awsSigned(emu.url, emu.credentials, emu.region, { headers: { "content-type": "application/x-amz-json-1.1" } }),
            400,
            "UnknownOperationException",
        );
        // Unicode in the target header, as raw bytes.
        expectParserError(
            await raw(Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSOrganizationsV20161128.Créer😀\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, "utf8")),
            [400],
        );
        // RFC 9112, 3.2: more than one Host is a 400, before the signature is looked at.
        expectOrganizationsError(
            await raw(
                Buffer.from(
                    `POST / HTTP/1.1\r\nHost: x\r\nHost: y\r\nX-Amz-Target: AWSOrganizationsV20161128.DescribeOrganization\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
                ),
            ),
            400,
            "SerializationException",
        );
        for (const contentType of ["application/json", "text/plain", "", "application/x-amz-json-1.0", "multipart/form-data; boundary=x"]) {
            expectOrganizationsError(await call("DescribeOrganization", "{}", { "content-type": contentType }), 400, "UnknownOperationException");
        }
        // Paths and methods other than POST /, signed (the point is the routing).
        for (const path of ["/x", "/%2F", "/%00", "/..%2F", "/putAccountName/..", "/getAccountInformation%00", "/%E4%B8%AD", "/" + "a".repeat(8000), "/%"]) {
            counts.aws++;
            const r = await awsSigned(emu.url, emu.credentials, emu.region, { path, headers: organizations("DescribeOrganization") });
            expectOrganizationsError(r, 400, /^(UnknownOperationException|InvalidSignatureException)$/);
        }
        for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
            counts.aws++;
            const r = await awsSigned(emu.url, emu.credentials, emu.region, { method, headers: organizations("DescribeOrganization") });
            expectOrganizationsError(r, 400, "UnknownOperationException");
        }
        counts.aws++;
        expectAccountApiError(
            await awsSigned(emu.url, emu.credentials, emu.region, { method: "GET", path: "/putAccountName", service: "account", headers: { "content-type": "application/json" } }),
            404,
            "UnknownOperationException",
        );
        // Unsigned, malformed or incomplete signatures.
        expectOrganizationsError(await unsigned("POST", "/", organizations("DescribeOrganization"), "{}"), 400, "MissingAuthenticationTokenException");
        expectOrganizationsError(await unsigned("GET", "/../../etc/passwd"), 400, "MissingAuthenticationTokenException");
        expectOrganizationsError(
            await unsigned("POST", "/", { ...organizations("DescribeOrganization"), authorization: "AWS4-HMAC-SHA256 garbage" }, "{}"),
            400,
            "IncompleteSignatureException",
        );
        expectOrganizationsError(
            await unsigned(
                "POST",
                "/",
                {
                    ...organizations("DescribeOrganization"),
                    authorization: `AWS4-HMAC-SHA256 Credential=${emu.credentials.accessKeyId}/20200101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
                },
                "{}",
            ),
            400,
            "IncompleteSignatureException",
        );
        expectAccountApiError(await unsigned("POST", "/putAccountName", { "content-type": "application/json" }, "{}"), 403, "MissingAuthenticationTokenException");
        // Duplicated headers: a signed header sent twice signs as both values joined by a comma, which
        // the client did not sign; two dates are no date; two Authorization headers are malformed.
        for (const [extra, refusal] of [
            ["X-Amz-Target: AWSOrganizationsV20161128.CloseAccount\r\n", "InvalidSignatureException"],
            ["X-Amz-Date: 20200101T000000Z\r\n", "IncompleteSignatureException"],
            ["Content-Type: text/plain\r\n", "InvalidSignatureException"],
            [
                "Authorization: AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=" + "0".repeat(64) + "\r\n",
                "IncompleteSignatureException",
            ],
        ]) {
            counts.aws++;
            const url = new URL(emu.url);
            const body = "{}";
            const r = await awsSigned(emu.url, emu.credentials, emu.region, { headers: organizations("DescribeOrganization"), body });
            expect(r.status).toBe(200);
            // Rebuild the same request by hand with one header repeated.
            const { SignatureV4 } = await import("@smithy/signature-v4");
            const { NodeSha256 } = await import("../../emulator/aws/sigv4");
            const signer = new SignatureV4({ credentials: emu.credentials, region: emu.region, service: "organizations", sha256: NodeSha256, applyChecksum: false });
            const signed = await signer.sign({
                method: "POST",
                protocol: "http:",
                hostname: url.hostname,
                port: Number(url.port),
                path: "/",
                query: {},
                headers: { host: url.host, ...organizations("DescribeOrganization") },
                body,
            });
            const head = Object.entries(signed.headers)
                .map(([k, v]) => `${k}: ${v}\r\n`)
                .join("");
            const dup = await raw(`POST / HTTP/1.1\r\n${head}${extra}Content-Length: 2\r\nConnection: close\r\n\r\n${body}`);
            expectOrganizationsError(dup, 400, refusal);
        }
        // Framing the server's parser refuses, and a method it does not know.
        expectParserError(await raw(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`), [400]);
        expectParserError(await raw(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`), [400]);
        expectParserError(await raw(`BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), [400]);
        expectParserError(await raw(Buffer.from(`POST /é中 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, "utf8")), [400]);
        expectParserError(await raw(`POST /${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), [400, 431]);
        expectParserError(await raw(`\r\n\r\n\u0000\u0001garbage\r\n\r\n`), [400]);
    });

    test("after the barrage it still serves valid signed requests, and left no request unanswered", async () => {
        const created = await call("CreateAccount", JSON.stringify({ Email: "after-barrage@example.com", AccountName: "after-barrage" }));
        expect(created.status).toBe(200);
        const id = (created.json as AwsCreateStatusBody).CreateAccountStatus.Id;
        let state = "IN_PROGRESS";
        for (let i = 0; i < 100 && state === "IN_PROGRESS"; i++) {
            await new Promise((r) => setTimeout(r, 20));
            const s = await call("DescribeCreateAccountStatus", JSON.stringify({ CreateAccountRequestId: id }));
            expect(s.status).toBe(200);
            state = (s.json as AwsCreateStatusBody).CreateAccountStatus.State;
        }
        expect(state).toBe("SUCCEEDED");
        expect((await call("DescribeOrganization", "{}")).status).toBe(200);
        expect((await account("/getAccountInformation", JSON.stringify({ AccountId: accountId }))).status).toBe(200);
        expect(emu.requests.all().filter((e) => e.status === "pending")).toEqual([]);
        const served = emu.requests.all().filter((e) => typeof e.status === "number" && e.status >= 500);
        expect(served.map((e) => `${e.method} ${e.path} ${e.operation} ${e.status}`)).toEqual([]);
        console.log(`aws: ${counts.aws} hostile and valid requests sent, ${emu.requests.all().length} reached the request log, 0 server errors, 0 unanswered`);
    });
});
