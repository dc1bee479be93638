// Raw HTTP for hostile-request evidence: node:http for well-formed requests (signed or not), and a
// plain TCP socket for requests node:http refuses to send (raw bytes in the path, unknown methods,
// conflicting framing headers).
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "../../emulator/aws/sigv4";
import { signRequest, type AkSkCredentials } from "../../provider/clouds/huawei/signer";

export interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    /** The parsed body (undefined when it is not JSON): cast it to what a test reads once the status is checked. */
    json: unknown;
}

function parseJson(text: string): unknown {
    try {
        return text === "" ? undefined : JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** One request with node:http, no agent (a fresh connection), exactly these headers and path. */
export function send(baseUrl: string, method: string, path: string, headers: Record<string, string | string[]>, body?: string | Buffer): Promise<RawResponse> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: Number(url.port), method, path, headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
            });
            res.on("error", reject);
        });
        req.setTimeout(5_000, () => req.destroy(new Error(`no answer to ${method} ${path.slice(0, 80)}`)));
        req.on("error", reject);
        if (body !== undefined) req.write(body);
        req.end();
    });
}

/** Raw bytes over TCP; resolves with the parsed first response (the request should say `Connection: close`). */
export function sendRaw(baseUrl: string, raw: Buffer | string): Promise<RawResponse> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname);
        const chunks: Buffer[] = [];
        const timer = setTimeout(() => {
            socket.destroy();
            reject(new Error(`no answer to raw request ${String(raw).slice(0, 80)}`));
        }, 5_000);
        socket.on("connect", () => socket.end(raw));
        socket.on("data", (c: Buffer) => chunks.push(c));
        socket.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        socket.on("close", () => {
            clearTimeout(timer);
            const all = Buffer.concat(chunks).toString("utf8");
            const split = all.indexOf("\r\n\r\n");
            const head = split >= 0 ? all.slice(0, split) : all;
            const [statusLine, ...lines] = head.split("\r\n");
            const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "");
            if (!m) return reject(new Error(`no HTTP response to raw request: ${JSON.stringify(all.slice(0, 200))}`));
            const headers: Record<string, string> = {};
            for (const line of lines) {
                const i = line.indexOf(":");
                if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
            }
            let text = split >= 0 ? all.slice(split + 4) : "";
            const length = Number(headers["content-length"]);
            if (Number.isFinite(length)) text = Buffer.from(text, "utf8").subarray(0, length).toString("utf8");
            resolve({ status: Number(m[1]), headers, text, json: parseJson(text) });
        });
    });
}

// ---------- Huawei: SDK-HMAC-SHA256 ----------

/** A Huawei request signed with the project's signer (the path is signed as given). */
export function huaweiSigned(
    baseUrl: string,
    credentials: AkSkCredentials,
    method: string,
    pathAndQuery: string,
    body?: string | Buffer,
    extraHeaders: Record<string, string> = {},
): Promise<RawResponse> {
    const url = new URL(pathAndQuery, baseUrl);
    const headers: Record<string, string> = { ...(body !== undefined ? { "Content-Type": "application/json;charset=UTF-8" } : {}), ...extraHeaders };
    const signed = signRequest({ method, url, headers, body }, credentials);
    return send(baseUrl, method, url.pathname + url.search, signed, body);
}

// ---------- AWS: SigV4 ----------

export interface AwsCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

/**
 * A SigV4-signed POST. `headers` are sent and signed (lower-case names); `service` is
 * "organizations" (JSON 1.1 at /) or "account" (REST-JSON paths).
 */
export async function awsSigned(
    baseUrl: string,
    credentials: AwsCredentials,
    region: string,
    opts: { path?: string; headers?: Record<string, string>; body?: string | Buffer; service?: string; method?: string },
): Promise<RawResponse> {
    const url = new URL(baseUrl);
    const body = opts.body ?? "{}";
    const path = opts.path ?? "/";
    const headers: Record<string, string> = {
        host: url.host,
        "content-length": String(Buffer.byteLength(body)),
        "x-amz-content-sha256": createHash("sha256").update(body).digest("hex"),
        ...(opts.headers ?? {}),
    };
    const signer = new SignatureV4({ credentials, region, service: opts.service ?? "organizations", sha256: NodeSha256, applyChecksum: false });
    const signed = await signer.sign({ method: opts.method ?? "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path, query: {}, headers, body });
    return send(baseUrl, opts.method ?? "POST", path, signed.headers, body);
}

export function organizations(target: string): Record<string, string> {
    return { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSOrganizationsV20161128.${target}` };
}
