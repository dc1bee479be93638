import { describe, expect, it } from "vitest";
// The official Huawei Cloud Node SDK signer (dev dependency), used as the reference implementation.
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { AkSkCredentials, canonicalRequest, computeSignature, EMPTY_BODY_SHA256, sha256Hex, signRequest } from "../../provider/clouds/huawei/signer";

describe("SDK-HMAC-SHA256: Go SDK test vectors (only x-sdk-date signed)", () => {
    const sdkDate = "20060102T150405Z";

    it("GET /path?limit=1 with an empty body", () => {
        const canonical = canonicalRequest({
            method: "GET",
            pathname: "/path",
            query: new URLSearchParams("limit=1"),
            headers: { "x-sdk-date": sdkDate },
            signedHeaders: ["x-sdk-date"],
            payloadHash: EMPTY_BODY_SHA256,
        });
        expect(canonical).toBe(["GET", "/path/", "limit=1", `x-sdk-date:${sdkDate}\n`, "x-sdk-date", EMPTY_BODY_SHA256].join("\n"));
        expect(computeSignature("SecretKey", sdkDate, canonical)).toBe("5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
    });

    it("POST /path?key=value with a JSON body ending in a newline", () => {
        const body = '{"Name":"test","Id":1}\n';
        const canonical = canonicalRequest({
            method: "POST",
            pathname: "/path",
            query: new URLSearchParams("key=value"),
            headers: { "x-sdk-date": sdkDate },
            signedHeaders: ["x-sdk-date"],
            payloadHash: sha256Hex(body),
        });
        expect(computeSignature("SecretKey", sdkDate, canonical)).toBe("cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
    });

    it("signRequest with only X-Sdk-Date and Host given still signs host (Node SDK style), not the Go vector", () => {
        // Sanity check that the vectors above are not trivially satisfied by any signature.
        const headers = signRequest(
            { method: "GET", url: new URL("http://example.com/path?limit=1"), headers: { "X-Sdk-Date": sdkDate } },
            { accessKey: "AccessKey", secretKey: "SecretKey" },
        );
        expect(headers.Authorization).toContain("SignedHeaders=host;x-sdk-date,");
        expect(headers.Authorization).not.toContain("5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
    });
});

/** A request as the official SDK's AKSKSigner takes it. */
interface SdkRequest {
    endpoint: string;
    method: string;
    headers: Record<string, string>;
    queryParams: Record<string, string | string[]>;
    data?: unknown;
}

function officialAuthorization(req: SdkRequest, creds: AkSkCredentials): string {
    // AKSKSigner sorts/mutates its inputs: give it copies.
    const copy: SdkRequest = {
        ...req,
        headers: { ...req.headers },
        queryParams: Object.fromEntries(Object.entries(req.queryParams).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])),
    };
    const credential = { getAk: () => creds.accessKey, getSk: () => creds.secretKey };
    const signed = AKSKSigner.sign(copy, credential as never) as Record<string, string>;
    return signed.Authorization;
}

function ourAuthorization(req: SdkRequest, creds: AkSkCredentials): string {
    const url = new URL(req.endpoint);
    for (const [k, v] of Object.entries(req.queryParams)) for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
    const body = req.data === undefined ? undefined : JSON.stringify(req.data);
    return signRequest({ method: req.method, url, headers: { ...req.headers }, body }, creds).Authorization;
}

describe("SDK-HMAC-SHA256: same Authorization as the official Node SDK signer", () => {
    const creds = { accessKey: "HWTESTACCESSKEY00001", secretKey: "hw-test-secret-0123456789abcdef" };
    const date = "20240315T101112Z";
    const base = "https://organizations.myhuaweicloud.com";
    const host = "organizations.myhuaweicloud.com";

    const cases: [string, SdkRequest][] = [
        [
            "GET with repeated states keys and a marker with special characters",
            {
                endpoint: `${base}/v1/organizations/create-account-status`,
                method: "GET",
                headers: { "Content-Type": "application/json;charset=UTF-8", "X-Sdk-Date": date, host },
                queryParams: { states: ["succeeded", "in_progress", "failed"], limit: "2", marker: "a b/c+d=e&f~g_h.i-j%k:é!*'()" },
            },
        ],
        [
            "POST with a JSON body",
            {
                endpoint: `${base}/v1/organizations/accounts`,
                method: "POST",
                headers: { "Content-Type": "application/json;charset=UTF-8", "X-Sdk-Date": date, host },
                queryParams: {},
                data: { name: "team-a", email: "team-a@example.com", description: "Ünïcödé & spaces", tags: [{ key: "env", value: "" }] },
            },
        ],
        [
            "POST to a path containing organizations:accounts",
            {
                endpoint: `${base}/v1/organizations/organizations:accounts/0a6d25d23900d45c0faac010e0fb4de0/tags/create`,
                method: "POST",
                headers: { "Content-Type": "application/json;charset=UTF-8", "X-Sdk-Date": date, host },
                queryParams: {},
                data: { tags: [{ key: "k", value: "v" }] },
            },
        ],
        [
            "GET with X-Security-Token and X-Domain-Id",
            {
                endpoint: `${base}/v1/organizations/organizations:accounts/0a6d25d23900d45c0faac010e0fb4de0/tags`,
                method: "GET",
                headers: {
                    "Content-Type": "application/json;charset=UTF-8",
                    "X-Sdk-Date": date,
                    host,
                    "X-Security-Token": "temporary-token/with+special=chars",
                    "X-Domain-Id": "0a1b2c3d4e5f",
                },
                queryParams: { limit: "200" },
            },
        ],
        [
            "PATCH with X-Domain-Id only, on a non-default port",
            {
                endpoint: "http://127.0.0.1:41234/v1/organizations/accounts/0a6d25d23900d45c0faac010e0fb4de0",
                method: "PATCH",
                headers: { "Content-Type": "application/json;charset=UTF-8", "X-Sdk-Date": date, host: "127.0.0.1:41234", "X-Domain-Id": "dom" },
                queryParams: { with_register_contact_info: "true" },
                data: { description: "new" },
            },
        ],
    ];

    for (const [name, req] of cases) {
        it(name, () => {
            const official = officialAuthorization(req, creds);
            expect(official).toMatch(/^SDK-HMAC-SHA256 Access=HWTESTACCESSKEY00001, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/);
            expect(ourAuthorization(req, creds)).toBe(official);
        });
    }

    it("temporary credentials: signRequest adds and signs X-Security-Token like an SDK header", () => {
        const token = "tok-abc";
        const req = cases[0][1];
        const official = officialAuthorization({ ...req, headers: { ...req.headers, "X-Security-Token": token } }, creds);
        expect(ourAuthorization(req, { ...creds, securityToken: token })).toBe(official);
        expect(official).toContain("x-security-token");
    });

    it("a different secret key gives a different signature (the comparison is not vacuous)", () => {
        const req = cases[1][1];
        expect(ourAuthorization(req, { ...creds, secretKey: "other" })).not.toBe(officialAuthorization(req, creds));
    });
});
