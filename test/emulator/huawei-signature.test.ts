// The Huawei emulator's signature check, on its own: it must accept exactly what the official
// SDK's signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) signs, and refuse any other canonical
// form, so that a bug in the client's own signer (provider/clouds/huawei/signer.ts) fails every
// emulator-backed test instead of being verified by the same code.
import { createHash, createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { startHuaweiEmulator, type HuaweiEmulator } from "../../emulator/huawei/server";
import { verifySignature, type SignedRequest } from "../../emulator/huawei/signature";

const AK = "HWSIGTESTACCESSKEY01";
const SK = "hw-signature-test-secret-0001";
const lookup = (ak: string) => (ak === AK ? { secretKey: SK } : undefined);
const DATE = "20240315T101112Z";
const NOW = new Date("2024-03-15T10:11:12Z");

/** A request as AKSKSigner takes it. */
interface SdkRequest {
    endpoint: string;
    method: string;
    headers: Record<string, string>;
    queryParams: Record<string, string | string[]>;
    data?: unknown;
}

/** The headers the official signer sends (Authorization included). It mutates its input: it gets a copy. */
function officialHeaders(req: SdkRequest, credentials = { ak: AK, sk: SK }): Record<string, string> {
    const copy = { ...req, headers: { ...req.headers }, queryParams: structuredClone(req.queryParams) };
    return AKSKSigner.sign(copy, { getAk: () => credentials.ak, getSk: () => credentials.sk } as never);
}

/** The query as a client puts it on the wire: each value percent-encoded (`form`: spaces as `+`). */
function wireQuery(params: SdkRequest["queryParams"], form = false): string {
    const pairs = Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((value): [string, string] => [k, value]));
    if (form) return new URLSearchParams(pairs).toString();
    return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/** What the emulator receives for a request the official signer signed. */
function received(req: SdkRequest, headers: Record<string, string>, form = false): SignedRequest {
    const url = new URL(req.endpoint);
    const query = wireQuery(req.queryParams, form);
    return {
        method: req.method,
        rawUrl: url.pathname + (query ? `?${query}` : ""),
        rawHeaders: Object.entries(headers).flat(),
        body: Buffer.from(req.data === undefined ? "" : JSON.stringify(req.data), "utf8"),
    };
}

const base = "http://127.0.0.1:8080";
const json = { "Content-Type": "application/json;charset=UTF-8" };
const REQUESTS: [string, SdkRequest][] = [
    [
        "GET with repeated states, and a marker full of special characters",
        {
            endpoint: `${base}/v1/organizations/create-account-status`,
            method: "GET",
            headers: { ...json, "X-Sdk-Date": DATE },
            queryParams: { states: ["succeeded", "in_progress", "failed"], limit: "2", marker: "a b/c+d=e&f~g_h.i-j%k:é!*'()" },
        },
    ],
    [
        "POST with a JSON body",
        {
            endpoint: `${base}/v1/organizations/accounts`,
            method: "POST",
            headers: { ...json, "X-Sdk-Date": DATE },
            queryParams: {},
            data: { name: "team-a", description: "Ünïcödé & spaces", tags: [{ key: "env", value: "" }] },
        },
    ],
    [
        "POST to a path with organizations:accounts",
        {
            endpoint: `${base}/v1/organizations/organizations:accounts/0a6d25d23900d45c0faac010e0fb4de0/tags/create`,
            method: "POST",
            headers: { ...json, "X-Sdk-Date": DATE },
            queryParams: {},
            data: { tags: [{ key: "k", value: "v" }] },
        },
    ],
    [
        "GET with X-Domain-Id and keys that sort differently encoded (é after z, %C3 before a)",
        {
            endpoint: `${base}/v1/organizations/accounts`,
            method: "GET",
            headers: { ...json, "X-Sdk-Date": DATE, "X-Domain-Id": "0a1b2c" },
            queryParams: { é: "1", z: "2", a: ["é", "z", "a"] },
        },
    ],
];

describe("the emulator's signature check accepts what the official SDK signer signs", () => {
    for (const [name, req] of REQUESTS) {
        it(name, () => {
            const headers = officialHeaders(req);
            expect(verifySignature(received(req, headers), lookup, NOW)).toEqual({ ok: true, accessKey: AK });
            // The same query form-encoded (spaces as +), as URLSearchParams sends it.
            expect(verifySignature(received(req, headers, true), lookup, NOW)).toEqual({ ok: true, accessKey: AK });
        });
    }
});

describe("the emulator rebuilds exactly the documented canonical request", () => {
    // One request, its canonical form written out by hand from the reference ("Signing").
    const path = "/v1/organizations/organizations:accounts/abc/tags/create";
    const body = '{"tags":[{"key":"k","value":"v"}]}';
    const request: SignedRequest = {
        method: "POST",
        rawUrl: `${path}?b=2&a=z&a=%C3%A9&a=a`,
        rawHeaders: ["Content-Type", "application/json;charset=UTF-8", "Host", "127.0.0.1:8080", "X-Sdk-Date", DATE],
        body: Buffer.from(body),
    };
    const bodyHash = createHash("sha256").update(body).digest("hex");
    const documented = [
        "POST",
        "/v1/organizations/organizations%3Aaccounts/abc/tags/create/",
        "a=a&a=z&a=%C3%A9&b=2",
        `content-type:application/json;charset=UTF-8\nhost:127.0.0.1:8080\nx-sdk-date:${DATE}\n`,
        "content-type;host;x-sdk-date",
        bodyHash,
    ];
    const signatureOver = (lines: string[]) =>
        createHmac("sha256", SK)
            .update(`SDK-HMAC-SHA256\n${DATE}\n${createHash("sha256").update(lines.join("\n")).digest("hex")}`)
            .digest("hex");
    const withSignature = (signature: string): SignedRequest => ({
        ...request,
        rawHeaders: [...request.rawHeaders, "Authorization", `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`],
    });

    it("the hand-written form is what the official signer signs, and the emulator accepts it", () => {
        const official = officialHeaders({
            endpoint: `http://127.0.0.1:8080${path}`,
            method: "POST",
            headers: { ...json, "X-Sdk-Date": DATE },
            queryParams: { b: "2", a: ["z", "é", "a"] },
            data: JSON.parse(body),
        });
        expect(official.Authorization).toBe(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${signatureOver(documented)}`);
        expect(verifySignature(withSignature(signatureOver(documented)), lookup, NOW)).toEqual({ ok: true, accessKey: AK });
    });

    // The mistakes a signer makes: each line of the canonical request off by one rule.
    const deviations: [string, number, string][] = [
        ["no trailing slash on the path", 1, "/v1/organizations/organizations%3Aaccounts/abc/tags/create"],
        ["the colon of organizations:accounts left as it is", 1, "/v1/organizations/organizations:accounts/abc/tags/create/"],
        ["lower-case hex in an escape", 1, "/v1/organizations/organizations%3aaccounts/abc/tags/create/"],
        ["values of a repeated key in the order sent", 2, "a=z&a=%C3%A9&a=a&b=2"],
        ["keys in the order sent", 2, "b=2&a=a&a=z&a=%C3%A9"],
        ["pairs sorted as encoded (%C3 before a)", 2, "a=%C3%A9&a=a&a=z&b=2"],
        ["header names not lower-cased", 3, `Content-Type:application/json;charset=UTF-8\nHost:127.0.0.1:8080\nX-Sdk-Date:${DATE}\n`],
        ["no newline after the last header", 3, `content-type:application/json;charset=UTF-8\nhost:127.0.0.1:8080\nx-sdk-date:${DATE}`],
        ["the host without its port", 3, `content-type:application/json;charset=UTF-8\nhost:127.0.0.1\nx-sdk-date:${DATE}\n`],
        ["the hash of an empty body", 5, createHash("sha256").update("").digest("hex")],
    ];
    for (const [mistake, line, wrong] of deviations) {
        it(`refuses a signature made with ${mistake}`, () => {
            const lines = documented.map((text, i) => (i === line ? wrong : text));
            expect(verifySignature(withSignature(signatureOver(lines)), lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
        });
    }
});

describe("the gateway's rules", () => {
    const req = REQUESTS[0][1];
    const signedHeaders = officialHeaders(req);
    const ok = received(req, signedHeaders);
    const withHeaders = (extra: string[], drop: string[] = []): SignedRequest => ({
        ...ok,
        rawHeaders: [
            ...Object.entries(signedHeaders)
                .filter(([k]) => !drop.includes(k.toLowerCase()))
                .flat(),
            ...extra,
        ],
    });

    it("refuses a changed body, query, method or path", () => {
        const post = received(REQUESTS[1][1], officialHeaders(REQUESTS[1][1]));
        expect(verifySignature({ ...post, body: Buffer.from('{"name":"team-b"}') }, lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
        expect(verifySignature({ ...ok, rawUrl: ok.rawUrl.replace("limit=2", "limit=3") }, lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
        expect(verifySignature({ ...ok, method: "DELETE" }, lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
        expect(verifySignature({ ...ok, rawUrl: ok.rawUrl.replace("create-account-status", "close-account-status") }, lookup, NOW)).toEqual({
            ok: false,
            reason: "signature mismatch",
        });
    });

    it("refuses a wrong secret key and an unknown access key", () => {
        expect(verifySignature(received(req, officialHeaders(req, { ak: AK, sk: "wrong" })), lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
        expect(verifySignature(received(req, officialHeaders(req, { ak: "UNKNOWNAK", sk: SK })), lookup, NOW)).toEqual({ ok: false, reason: "ak not exist" });
    });

    it("refuses an X-Sdk-Date more than 15 minutes off, either way, and accepts 14 minutes", () => {
        const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
        expect(verifySignature(ok, lookup, at(16))).toEqual({ ok: false, reason: "expired" });
        expect(verifySignature(ok, lookup, at(-16))).toEqual({ ok: false, reason: "expired" });
        expect(verifySignature(ok, lookup, at(14)).ok).toBe(true);
    });

    it("requires X-Sdk-Date, once, and signed", () => {
        expect(verifySignature(withHeaders([], ["x-sdk-date"]), lookup, NOW)).toEqual({ ok: false, reason: "missing" });
        expect(verifySignature(withHeaders(["X-Sdk-Date", DATE]), lookup, NOW)).toEqual({ ok: false, reason: "missing" });
        const unsignedDate = signedHeaders.Authorization.replace("SignedHeaders=content-type;host;x-sdk-date", "SignedHeaders=content-type;host");
        expect(verifySignature(withHeaders(["Authorization", unsignedDate], ["authorization"]), lookup, NOW)).toEqual({ ok: false, reason: "missing" });
    });

    it("refuses a second Authorization, whichever comes first", () => {
        const other = `SDK-HMAC-SHA256 Access=someone-else, SignedHeaders=host;x-sdk-date, Signature=${"0".repeat(64)}`;
        expect(verifySignature(withHeaders(["Authorization", other]), lookup, NOW)).toEqual({ ok: false, reason: "missing" });
        expect(verifySignature({ ...ok, rawHeaders: ["Authorization", other, ...ok.rawHeaders] }, lookup, NOW)).toEqual({ ok: false, reason: "missing" });
    });

    it("refuses a signed header that was not sent", () => {
        expect(verifySignature(withHeaders([], ["content-type"]), lookup, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
    });

    it("accepts a request signing only X-Sdk-Date (as the Go SDK may), with unsigned headers added", () => {
        const lines = ["GET", "/path/", "limit=1", `x-sdk-date:${DATE}\n`, "x-sdk-date", createHash("sha256").update("").digest("hex")];
        const signature = createHmac("sha256", SK)
            .update(`SDK-HMAC-SHA256\n${DATE}\n${createHash("sha256").update(lines.join("\n")).digest("hex")}`)
            .digest("hex");
        const goStyle: SignedRequest = {
            method: "GET",
            rawUrl: "/path?limit=1",
            rawHeaders: [
                "Host",
                "anything.example:1234",
                "X-Sdk-Date",
                DATE,
                "User-Agent",
                "go",
                "Authorization",
                `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${signature}`,
            ],
            body: Buffer.alloc(0),
        };
        expect(verifySignature(goStyle, lookup, NOW)).toEqual({ ok: true, accessKey: AK });
    });

    it("temporary credentials: X-Security-Token must be sent, match and be signed", () => {
        const tokenLookup = (ak: string) => (ak === AK ? { secretKey: SK, securityToken: "tok/en+1" } : undefined);
        expect(verifySignature(ok, tokenLookup, NOW)).toEqual({ ok: false, reason: "token mismatch" });
        const withToken = (token: string) => ({ ...req, headers: { ...req.headers, "X-Security-Token": token } });
        expect(verifySignature(received(withToken("tok/en+1"), officialHeaders(withToken("tok/en+1"))), tokenLookup, NOW)).toEqual({ ok: true, accessKey: AK });
        expect(verifySignature(received(withToken("other"), officialHeaders(withToken("other"))), tokenLookup, NOW)).toEqual({ ok: false, reason: "token mismatch" });
        // Sent and right, but not signed.
        expect(verifySignature(withHeaders(["X-Security-Token", "tok/en+1"]), tokenLookup, NOW)).toEqual({ ok: false, reason: "token mismatch" });
    });

    it("honours X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, and only that value", () => {
        const post = { ...REQUESTS[1][1], headers: { ...REQUESTS[1][1].headers, "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" } };
        const unsigned = received(post, officialHeaders(post));
        expect(verifySignature({ ...unsigned, body: Buffer.from("anything at all") }, lookup, NOW)).toEqual({ ok: true, accessKey: AK });
    });
});

describe("over HTTP: the emulator serves what the official signer signs", () => {
    let emu: HuaweiEmulator | undefined;
    afterEach(async () => {
        await emu?.close();
        emu = undefined;
    });

    function send(e: HuaweiEmulator, req: SdkRequest, sk = e.credentials.secretKey): Promise<{ status?: number; text: string }> {
        const headers = officialHeaders(req, { ak: e.credentials.accessKey, sk });
        const url = new URL(req.endpoint);
        const query = wireQuery(req.queryParams);
        return new Promise((resolve, reject) => {
            const r = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: url.pathname + (query ? `?${query}` : ""), headers, agent: false }, (res) => {
                let text = "";
                res.on("data", (c) => (text += c));
                res.on("end", () => resolve({ status: res.statusCode, text }));
            });
            r.on("error", reject);
            r.end(req.data === undefined ? undefined : JSON.stringify(req.data));
        });
    }

    it("lists, creates, tags and reads tags, with and without a security token", async () => {
        for (const securityToken of [undefined, "temporary/token+1"]) {
            emu = await startHuaweiEmulator({ credentials: { accessKey: AK, secretKey: SK, securityToken } });
            const e = emu;
            const token: Record<string, string> = securityToken ? { "X-Security-Token": securityToken } : {};
            const accountId = e.state.addAccount({ name: "signed", email: "signed@example.com" });
            const requests: [SdkRequest, number][] = [
                [
                    {
                        endpoint: `${e.url}/v1/organizations/create-account-status`,
                        method: "GET",
                        headers: { ...json, ...token },
                        queryParams: { states: ["succeeded", "in_progress"], limit: "5" },
                    },
                    200,
                ],
                [
                    {
                        endpoint: `${e.url}/v2/organizations/accounts`,
                        method: "POST",
                        headers: { ...json, ...token },
                        queryParams: {},
                        data: { name: "signed-new", description: "é & ü" },
                    },
                    202,
                ],
                [
                    {
                        endpoint: `${e.url}/v1/organizations/organizations:accounts/${accountId}/tags/create`,
                        method: "POST",
                        headers: { ...json, ...token },
                        queryParams: {},
                        data: { tags: [{ key: "k", value: "v" }] },
                    },
                    200,
                ],
                [
                    { endpoint: `${e.url}/v1/organizations/organizations:accounts/${accountId}/tags`, method: "GET", headers: { ...json, ...token }, queryParams: { limit: "10" } },
                    200,
                ],
            ];
            for (const [req, status] of requests) {
                const answer = await send(e, req);
                expect(answer.status, `${req.method} ${req.endpoint}: ${answer.text}`).toBe(status);
            }
            // The comparison is not vacuous: the same request with another secret is refused.
            expect((await send(e, requests[0][0], "wrong-secret")).status).toBe(401);
            await e.close();
            emu = undefined;
        }
    });
});
