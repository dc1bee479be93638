// The API gateway's check of an SDK-HMAC-SHA256 signature. Written from the documents, on its own:
// it shares no code with the client's signer (provider/clouds/huawei/signer.ts), so that a bug there is
// refused here as the real gateway would refuse it. Cross-checked against the official SDK's
// signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) in test/emulator/huawei-signature.test.ts.
// Sources: the official SDKs' signers ("the reference" below: huaweicloud-sdk-go-v3 core/auth/signer,
// https://github.com/huaweicloud/huaweicloud-sdk-go-v3, and @huaweicloud/huaweicloud-sdk-core's
// AKSKSigner), and Huawei Cloud's API Request Signing Guide ("the guide",
// https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm.html).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SignedRequest {
    method: string;
    /** Path and query as received, percent-encoding kept. */
    rawUrl: string;
    /** Header names and values as received, repeats kept. */
    rawHeaders: string[];
    body: Buffer;
}

export interface GatewayCredentials {
    secretKey: string;
    /** Set for temporary credentials. */
    securityToken?: string;
}

export type SignatureVerdict = { ok: true; accessKey: string } | { ok: false; reason: "missing" | "ak not exist" | "signature mismatch" | "expired" | "token mismatch" };

/** The reference: the gateway rejects an X-Sdk-Date more than 15 minutes from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** The reference: `Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={a;b;c}, Signature={hex}`. */
const AUTHORIZATION = /^SDK-HMAC-SHA256 +Access=([^,\s]+), *SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), *Signature=([0-9a-f]{64})$/;
/** The reference: `X-Sdk-Date` is `YYYYMMDDTHHMMSSZ`, UTC. */
const SDK_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

export function verifySignature(request: SignedRequest, lookup: (accessKey: string) => GatewayCredentials | undefined, now: Date): SignatureVerdict {
    const headers = receivedHeaders(request.rawHeaders);
    // More than one Authorization or X-Sdk-Date line: which one was meant cannot be told (not
    // documented; the emulator refuses it as malformed rather than pick one, as Node would).
    const authorization = only(headers, "authorization");
    const sdkDate = only(headers, "x-sdk-date");
    const parsed = authorization === undefined ? null : AUTHORIZATION.exec(authorization.trim());
    if (!parsed || sdkDate === undefined) return { ok: false, reason: "missing" };
    const [, accessKey, signedList, signature] = parsed;
    const signed = signedList.split(";");
    const date = parseSdkDate(sdkDate);
    // The guide (FAQ "Are Request Header Parameters Required for Signing Requests?"): only
    // X-Sdk-Date must be signed; every other header is the client's choice.
    if (!date || !signed.includes("x-sdk-date")) return { ok: false, reason: "missing" };
    const credentials = lookup(accessKey);
    if (!credentials) return { ok: false, reason: "ak not exist" };
    // The guide ("How Do I Use a Temporary AK/SK to Sign Requests?"): the token is sent in
    // X-Security-Token, added before the request is signed.
    if (credentials.securityToken !== undefined && (only(headers, "x-security-token") !== credentials.securityToken || !signed.includes("x-security-token"))) {
        return { ok: false, reason: "token mismatch" };
    }
    // A header named in SignedHeaders but not sent cannot have been signed with what arrived (not
    // documented: the emulator counts it as a mismatch).
    if (signed.some((name) => !headers.has(name))) return { ok: false, reason: "signature mismatch" };
    const expected = hmacHex(credentials.secretKey, stringToSign(sdkDate, canonicalRequest(request, headers, signed)));
    if (!sameHex(expected, signature)) return { ok: false, reason: "signature mismatch" };
    if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) return { ok: false, reason: "expired" };
    return { ok: true, accessKey };
}

/** The reference: six lines joined by `\n`: method, URI, query, headers, signed names, payload hash. */
function canonicalRequest(request: SignedRequest, headers: Map<string, string[]>, signed: string[]): string {
    const queryAt = request.rawUrl.indexOf("?");
    const path = queryAt < 0 ? request.rawUrl : request.rawUrl.slice(0, queryAt);
    const query = queryAt < 0 ? "" : request.rawUrl.slice(queryAt + 1);
    // The reference: each header `name:value\n` (so a blank line follows), in the order signed.
    const headerBlock = signed.map((name) => `${name}:${headers.get(name)!.join(",").trim()}\n`).join("");
    return [request.method.toUpperCase(), canonicalPath(path), canonicalQuery(query), headerBlock, signed.join(";"), payloadHash(headers, request.body)].join("\n");
}

/**
 * The reference: every path segment percent-encoded (only `A-Za-z0-9-_.~` kept, upper-case hex),
 * and a `/` appended when the path does not end in one.
 */
function canonicalPath(path: string): string {
    const encoded = path
        .split("/")
        .map((segment) => encode(decode(segment)))
        .join("/");
    return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** The reference: keys sorted bytewise; a repeated key gives one `k=v` per value, values sorted; encoded as the path. */
function canonicalQuery(query: string): string {
    const pairs = query
        .split("&")
        .filter((part) => part !== "")
        .map((part) => {
            const eq = part.indexOf("=");
            // A query is form-encoded: `+` is a space (the signature encodes it as %20).
            const [key, value] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
            return [decode(key.replace(/\+/g, " ")), decode(value.replace(/\+/g, " "))] as const;
        });
    // Sorted as decoded: the encoding does not keep byte order (`%C3%A9` sorts before `a`, é after it).
    const byKeyThenValue = (a: readonly [string, string], b: readonly [string, string]) => bytewise(a[0], b[0]) || bytewise(a[1], b[1]);
    return pairs
        .sort(byKeyThenValue)
        .map(([key, value]) => `${encode(key)}=${encode(value)}`)
        .join("&");
}

/** The reference: hex SHA-256 of the exact body bytes, unless `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`. */
function payloadHash(headers: Map<string, string[]>, body: Buffer): string {
    if (only(headers, "x-sdk-content-sha256") === "UNSIGNED-PAYLOAD") return "UNSIGNED-PAYLOAD";
    return createHash("sha256").update(body).digest("hex");
}

/** The reference: `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex sha256(canonical request)}`, HMAC'd with the SK (UTF-8). */
function stringToSign(sdkDate: string, canonical: string): string {
    return `SDK-HMAC-SHA256\n${sdkDate}\n${createHash("sha256").update(canonical, "utf8").digest("hex")}`;
}

function hmacHex(secretKey: string, text: string): string {
    return createHmac("sha256", Buffer.from(secretKey, "utf8")).update(text, "utf8").digest("hex");
}

/** Percent-encodes all but `A-Za-z0-9-_.~`, upper-case hex (encodeURIComponent also keeps `!'()*`). */
function encode(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text; // not valid percent-encoding: signed as sent, which no correct client does
    }
}

function bytewise(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function receivedHeaders(rawHeaders: string[]): Map<string, string[]> {
    const headers = new Map<string, string[]>();
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i].toLowerCase();
        headers.set(name, [...(headers.get(name) ?? []), rawHeaders[i + 1]]);
    }
    return headers;
}

/** The header's value when it came exactly once. */
function only(headers: Map<string, string[]>, name: string): string | undefined {
    const values = headers.get(name);
    return values?.length === 1 ? values[0] : undefined;
}

function parseSdkDate(value: string): Date | undefined {
    const m = SDK_DATE.exec(value);
    if (!m) return undefined;
    const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    return Number.isNaN(date.getTime()) ? undefined : date;
}

function sameHex(a: string, b: string): boolean {
    const x = Buffer.from(a, "hex");
    const y = Buffer.from(b, "hex");
    return x.length === y.length && timingSafeEqual(x, y);
}
