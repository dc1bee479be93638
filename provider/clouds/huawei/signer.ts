// SDK-HMAC-SHA256: the AK/SK request signature of Huawei Cloud's official SDKs and API gateway.
import { createHash, createHmac } from "node:crypto";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface AkSkCredentials {
    accessKey: string;
    secretKey: string;
    /** Present for temporary credentials; sent as X-Security-Token. */
    securityToken?: string;
}

export interface RequestToSign {
    method: string;
    url: URL;
    /** Headers to send; those present here are signed (names compared case-insensitively). */
    headers: Record<string, string>;
    body?: string | Buffer;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes everything but the unreserved characters, with upper-case hex, as the SDKs do. */
export function encodeRfc3986(value: string): string {
    let out = "";
    for (const byte of Buffer.from(value, "utf8")) {
        const ch = String.fromCharCode(byte);
        out += UNRESERVED.test(ch) ? ch : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
}

export function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

function hmacSha256Hex(key: string, data: string): string {
    return createHmac("sha256", Buffer.from(key, "utf8")).update(data).digest("hex");
}

/** Each path segment encoded, and a trailing slash added: `/v1/a` signs as `/v1/a/`. */
export function canonicalUri(pathname: string): string {
    const encoded = pathname
        .split("/")
        .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
        .join("/");
    return encoded.endsWith("/") ? encoded : encoded + "/";
}

/** Keys sorted bytewise; a repeated key gives one pair per value, values sorted. */
export function canonicalQuery(params: URLSearchParams): string {
    const keys = [...new Set(params.keys())].sort(compareBytewise);
    const pairs: string[] = [];
    for (const key of keys) {
        for (const value of params.getAll(key).sort(compareBytewise)) {
            pairs.push(`${encodeRfc3986(key)}=${encodeRfc3986(value)}`);
        }
    }
    return pairs.join("&");
}

function compareBytewise(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export interface CanonicalParts {
    method: string;
    pathname: string;
    query: URLSearchParams;
    /** Lower-cased header names to values. */
    headers: Record<string, string>;
    signedHeaders: string[];
    payloadHash: string;
}

export function canonicalRequest(parts: CanonicalParts): string {
    const headerLines = parts.signedHeaders.map((name) => `${name}:${(parts.headers[name] ?? "").trim()}\n`).join("");
    return [parts.method.toUpperCase(), canonicalUri(parts.pathname), canonicalQuery(parts.query), headerLines, parts.signedHeaders.join(";"), parts.payloadHash].join("\n");
}

export function stringToSign(sdkDate: string, canonical: string): string {
    return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function computeSignature(secretKey: string, sdkDate: string, canonical: string): string {
    return hmacSha256Hex(secretKey, stringToSign(sdkDate, canonical));
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
    return date
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function payloadHashOf(headers: Record<string, string>, body: string | Buffer | undefined): string {
    if (headers["x-sdk-content-sha256"] === "UNSIGNED-PAYLOAD") return "UNSIGNED-PAYLOAD";
    return body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

/**
 * Returns the request's headers plus `X-Sdk-Date`, `Host`, `X-Security-Token` (temporary
 * credentials) and `Authorization`. Every header passed in is signed, as the Node SDK does.
 */
export function signRequest(request: RequestToSign, credentials: AkSkCredentials, now: Date = new Date()): Record<string, string> {
    const headers: Record<string, string> = { ...request.headers };
    const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
    if (!present.has("x-sdk-date")) headers["X-Sdk-Date"] = formatSdkDate(now);
    if (!present.has("host")) headers["Host"] = request.url.host;
    if (credentials.securityToken && !present.has("x-security-token")) headers["X-Security-Token"] = credentials.securityToken;

    const lower = lowerCaseKeys(headers);
    const signedHeaders = Object.keys(lower).sort(compareBytewise);
    const canonical = canonicalRequest({
        method: request.method,
        pathname: request.url.pathname,
        query: request.url.searchParams,
        headers: lower,
        signedHeaders,
        payloadHash: payloadHashOf(lower, request.body),
    });
    const signature = computeSignature(credentials.secretKey, lower["x-sdk-date"], canonical);
    headers["Authorization"] = `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
    return headers;
}
