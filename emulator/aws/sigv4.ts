// Server-side AWS Signature Version 4 verification: the request is re-signed with @smithy/signature-v4
// from exactly the headers the client says it signed, and the signatures are compared in constant time.
import { createHash, createHmac, Hash, Hmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

/** `@smithy/types` Checksum over node:crypto (HMAC when constructed with a secret). */
export class NodeSha256 {
    private hash: Hash | Hmac;
    constructor(private readonly secret?: string | Uint8Array | ArrayBufferView | ArrayBuffer) {
        this.hash = this.fresh();
    }
    private fresh(): Hash | Hmac {
        if (this.secret === undefined) return createHash("sha256");
        const key =
            typeof this.secret === "string"
                ? this.secret
                : Buffer.from(
                      this.secret instanceof ArrayBuffer
                          ? new Uint8Array(this.secret)
                          : new Uint8Array((this.secret as ArrayBufferView).buffer, (this.secret as ArrayBufferView).byteOffset, (this.secret as ArrayBufferView).byteLength),
                  );
        return createHmac("sha256", key);
    }
    update(data: string | Uint8Array | ArrayBufferView | ArrayBuffer): void {
        if (typeof data === "string") this.hash.update(data, "utf8");
        else if (data instanceof ArrayBuffer) this.hash.update(new Uint8Array(data));
        else this.hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    digest(): Promise<Uint8Array> {
        return Promise.resolve(new Uint8Array(this.hash.digest()));
    }
    reset(): void {
        this.hash = this.fresh();
    }
}

export interface SigV4Secret {
    secretAccessKey: string;
    /** When set, the request must carry a matching x-amz-security-token. */
    sessionToken?: string;
}

export interface SigV4Request {
    method: string;
    /** As received (percent-encoding kept), without the query. */
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

export type SigV4Failure = "missing" | "incomplete" | "unknown key" | "token mismatch" | "expired" | "wrong service" | "wrong region" | "signature mismatch";

export type SigV4Verdict = { ok: true; accessKeyId: string; region: string; service: string } | { ok: false; reason: SigV4Failure; code: string; message: string };

export const SIGNATURE_MISMATCH_MESSAGE =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
export const UNRECOGNIZED_CLIENT_MESSAGE = "The security token included in the request is invalid.";
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTH_PATTERN = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;
const AMZ_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20240102T030405Z` */
export function amzDate(date: Date): string {
    return date
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z")
        .replace(/[-:]/g, "");
}

function parseAmzDate(value: string): Date | undefined {
    const m = AMZ_DATE_PATTERN.exec(value);
    if (!m) return undefined;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    return Number.isNaN(d.getTime()) ? undefined : d;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
    const v = headers[name];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(",") : v;
}

function fail(reason: SigV4Failure, code: string, message: string): SigV4Verdict {
    return { ok: false, reason, code, message };
}

export function sha256Hex(body: Buffer | string): string {
    return createHash("sha256").update(body).digest("hex");
}

export async function verifySigV4(
    req: SigV4Request,
    lookup: (accessKeyId: string) => SigV4Secret | undefined,
    now: Date,
    expected: { service: string; region: string },
): Promise<SigV4Verdict> {
    const authorization = header(req.headers, "authorization");
    if (authorization === undefined || authorization.trim() === "") return fail("missing", "MissingAuthenticationTokenException", "Missing Authentication Token");
    const m = AUTH_PATTERN.exec(authorization.trim());
    if (!m) {
        return fail(
            "incomplete",
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and the AWS4-HMAC-SHA256 algorithm.",
        );
    }
    const [, credential, signedHeadersRaw, signature] = m;
    const scope = credential.split("/");
    if (scope.length !== 5 || scope[4] !== "aws4_request" || !/^\d{8}$/.test(scope[1])) {
        return fail("incomplete", "IncompleteSignatureException", "Credential should be in the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.");
    }
    const [accessKeyId, scopeDate, region, service] = scope;
    const signedHeaders = signedHeadersRaw.split(";");
    if (!signedHeaders.includes("host")) return fail("incomplete", "IncompleteSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    const dateValue = header(req.headers, "x-amz-date");
    const signedAt = dateValue === undefined ? undefined : parseAmzDate(dateValue.trim());
    if (signedAt === undefined) {
        return fail("incomplete", "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    const secret = lookup(accessKeyId);
    if (!secret) return fail("unknown key", "UnrecognizedClientException", UNRECOGNIZED_CLIENT_MESSAGE);
    const token = header(req.headers, "x-amz-security-token");
    if ((secret.sessionToken ?? undefined) !== (token ?? undefined)) return fail("token mismatch", "UnrecognizedClientException", UNRECOGNIZED_CLIENT_MESSAGE);

    const skew = signedAt.getTime() - now.getTime();
    if (Math.abs(skew) > MAX_SKEW_MS) {
        const received = amzDate(signedAt);
        const message =
            skew < 0
                ? `Signature expired: ${received} is now earlier than ${amzDate(new Date(now.getTime() - MAX_SKEW_MS))} (${amzDate(now)} - 15 min.)`
                : `Signature expired: ${received} is now later than ${amzDate(new Date(now.getTime() + MAX_SKEW_MS))} (${amzDate(now)} + 15 min.)`;
        return fail("expired", "InvalidSignatureException", message);
    }
    if (service !== expected.service) return fail("wrong service", "InvalidSignatureException", `Credential should be scoped to correct service: '${expected.service}'. `);
    if (region !== expected.region) return fail("wrong region", "InvalidSignatureException", `Credential should be scoped to a valid region. `);

    const mismatch = () => fail("signature mismatch", "InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE);
    if (scopeDate !== amzDate(signedAt).slice(0, 8)) return mismatch();

    // Never trust a received payload hash: the signer would use it instead of hashing the body.
    const bodyHash = sha256Hex(req.body);
    const claimedHash = header(req.headers, "x-amz-content-sha256");
    if (claimedHash !== undefined && claimedHash.trim() !== bodyHash) return mismatch();

    let path: string;
    try {
        path = decodeURIComponent(req.path);
    } catch {
        return mismatch();
    }
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
        if (name === "x-amz-date" || name === "x-amz-security-token") continue; // the signer sets these itself
        const v = header(req.headers, name);
        if (v !== undefined) headers[name] = v;
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of req.query) {
        const prev = query[k];
        query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const signer = new SignatureV4({
        credentials: {
            accessKeyId,
            secretAccessKey: secret.secretAccessKey,
            // only put the token in the canonical request if the client signed it
            sessionToken: token !== undefined && signedHeaders.includes("x-amz-security-token") ? token : undefined,
        },
        region,
        service,
        sha256: NodeSha256,
        applyChecksum: false,
    });
    const signed = await signer.sign(
        { method: req.method, protocol: "http:", hostname: header(req.headers, "host") ?? "", path, query, headers, body: new Uint8Array(req.body) },
        { signingDate: signedAt, signableHeaders: new Set(signedHeaders) },
    );
    const expectedAuth = String(signed.headers["authorization"] ?? signed.headers["Authorization"] ?? "");
    const em = AUTH_PATTERN.exec(expectedAuth);
    if (!em || em[2] !== signedHeadersRaw) return mismatch();
    const a = Buffer.from(em[3], "hex");
    const b = Buffer.from(signature, "hex");
    if (a.length !== b.length || !timingSafeEqual(a, b)) return mismatch();
    return { ok: true, accessKeyId, region, service };
}
