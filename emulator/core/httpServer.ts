// Cloud-neutral HTTP core of the emulators: a real server on loopback that reads and logs each request,
// applies injected faults, throttling and the body size limit, then hands the request to the cloud's protocol
// (routing, signature, error shapes, the service). Each cloud's server.ts supplies a CloudProtocol.
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import { Fault, FaultInjector, RateLimiter, RateLimitOptions, wrongShape } from "./faults";
import { LoggedRequest, RequestLog, queryToRecord } from "./requestLog";

export interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

export interface EmulatorRequest {
    requestId: string;
    method: string;
    /** Path and query as received (percent-encoding kept). */
    rawUrl: string;
    pathname: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    /** Header names and values as received, repeats kept (Node keeps only the first of some, e.g. Authorization). */
    rawHeaders: string[];
    /** Empty when the body was too large. */
    body: Buffer;
}

export type StatusFault = Extract<Fault, { kind: "status" }>;

/** What one cloud's emulator does differently. `R` is its routing result for one request. */
export interface CloudProtocol<R> {
    newRequestId(): string;
    /** Routes a request; `operation` is what the request log records and fault rules match. */
    route(req: EmulatorRequest): { operation: string; route: R };
    /** Headers every answer carries (request id, Date, ...), after the answer's own. */
    answerHeaders(requestId: string): Record<string, string>;
    /** Content-Type of JSON answers on this route. */
    contentType(route: R): string;
    /** The body actually sent for an answer (undefined = none). */
    sentBody(answer: Answer): unknown;
    /** Body of the "malformed" fault: JSON cut short. */
    malformedBody: string;
    /** The answer to a "status" fault. */
    statusFault(fault: StatusFault, route: R, requestId: string): Answer;
    /** How the gateway answers an expired signature ("clock-skew" fault). */
    clockSkew(route: R, requestId: string): Answer;
    throttled(route: R, requestId: string): Answer;
    tooLarge(route: R, requestId: string): Answer;
    /** The checks after the size limit and before the service (route, signature, protocol), in the cloud's order: an answer refuses the request. */
    check(req: EmulatorRequest, route: R): Answer | undefined | Promise<Answer | undefined>;
    /** Runs the service; errors become answers. */
    serve(req: EmulatorRequest, route: R): Answer;
    /** For the "repeat-token" fault: the request without its page token (so the service answers the first page). */
    withoutPageToken(req: EmulatorRequest): EmulatorRequest;
    /** For the "repeat-token" fault: a listing's answer with this next-page token (other answers unchanged). */
    withNextPageToken(answer: Answer, token: string): Answer;
    /** The answer when handling a request threw unexpectedly. */
    crash(message: string, requestId: string): Answer;
    /** Body and headers (before Connection/Content-Length) of the answer to a request Node's HTTP parser refused. */
    clientError(headTooLarge: boolean): { body: unknown; headers: Record<string, string> };
}

export interface HttpEmulatorOptions {
    /** 0 (default) = a random free port. */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    rateLimit?: RateLimitOptions;
    clock: () => Date;
    /** Request bodies larger than this get the protocol's tooLarge answer; default 1 MiB. */
    maxBodyBytes?: number;
    /** Runs once when close() starts, before the connections are destroyed. */
    onClose(): void;
}

export interface HttpEmulator {
    url: string;
    port: number;
    faults: FaultInjector;
    requests: RequestLog;
    close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

/** Every header with the values of all its lines, names lower-cased (Node keeps only the first line of some). */
export function headersAsReceived(req: Pick<EmulatorRequest, "rawHeaders">): Record<string, string[]> {
    const headers: Record<string, string[]> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) (headers[req.rawHeaders[i].toLowerCase()] ??= []).push(req.rawHeaders[i + 1]);
    return headers;
}

/** The values of every line of one header, in the order received. */
export function headerLines(req: Pick<EmulatorRequest, "rawHeaders">, name: string): string[] {
    const lines: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === name) lines.push(req.rawHeaders[i + 1]);
    return lines;
}

function readBody(req: IncomingMessage, max: number): Promise<{ body: Buffer; tooLarge: boolean }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > max) {
                tooLarge = true;
                chunks.length = 0;
            } else chunks.push(chunk);
        });
        req.on("end", () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
        req.on("error", reject);
    });
}

export async function startHttpEmulator<R>(protocol: CloudProtocol<R>, options: HttpEmulatorOptions): Promise<HttpEmulator> {
    const { clock } = options;
    const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const faults = new FaultInjector();
    const requests = new RequestLog();
    const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    const sockets = new Set<Socket>();
    const delayTimers = new Set<NodeJS.Timeout>();
    let closing = false;

    const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
            const t = setTimeout(() => {
                delayTimers.delete(t);
                resolve();
            }, ms);
            delayTimers.add(t);
        });

    function serialize(route: R, answer: Answer): { status: number; headers: Record<string, string>; payload: Buffer } {
        const headers: Record<string, string> = { ...(answer.headers ?? {}) };
        let payload = Buffer.alloc(0);
        const body = protocol.sentBody(answer);
        if (body !== undefined) {
            payload = Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
            headers["Content-Type"] ??= protocol.contentType(route);
        }
        return { status: answer.status, headers, payload };
    }

    function send(res: ServerResponse, entry: LoggedRequest, requestId: string, route: R, answer: Answer): void {
        const { status, headers, payload } = serialize(route, answer);
        if (res.destroyed || res.headersSent) return;
        res.writeHead(status, { ...headers, ...protocol.answerHeaders(requestId), "Content-Length": String(payload.length) });
        res.end(payload);
        requests.finish(entry, status);
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const requestId = protocol.newRequestId();
        const method = (req.method ?? "GET").toUpperCase();
        const rawUrl = req.url ?? "/";
        const { body, tooLarge } = await readBody(req, maxBody);
        const qIndex = rawUrl.indexOf("?");
        const pathname = qIndex >= 0 ? rawUrl.slice(0, qIndex) : rawUrl;
        const query = new URLSearchParams(qIndex >= 0 ? rawUrl.slice(qIndex + 1) : "");
        const request: EmulatorRequest = { requestId, method, rawUrl, pathname, query, headers: req.headers, rawHeaders: req.rawHeaders, body };
        const { operation, route } = protocol.route(request);

        let loggedBody: unknown = undefined;
        const text = body.toString("utf8");
        if (text !== "") {
            try {
                loggedBody = JSON.parse(text);
            } catch {
                loggedBody = text;
            }
        }
        const headers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = v;
        const entry = requests.add({ time: clock().toISOString(), operation, method, path: pathname, query: queryToRecord(query), headers, body: loggedBody });
        const reply = (answer: Answer) => send(res, entry, requestId, route, answer);
        // RFC 9112, 3.2: a server MUST answer 400 to a request with more than one Host header line
        // (Node would keep the first and go on).
        if (headerLines(request, "host").length > 1) {
            const { body: refusal, headers: refusalHeaders } = protocol.clientError(false);
            return reply({ status: 400, body: refusal, headers: refusalHeaders });
        }

        // 1. injected faults
        const fault: Fault | undefined = faults.take(operation);
        if (fault) entry.fault = fault.kind;
        switch (fault?.kind) {
            case "reset-before":
                req.socket.destroy();
                requests.finish(entry, "reset");
                return;
            case "hang":
                requests.finish(entry, "hang");
                return; // closed by close()
            case "malformed":
                reply({ status: 200, body: protocol.malformedBody, headers: { "Content-Type": protocol.contentType(route) } });
                return;
            case "clock-skew":
                reply(protocol.clockSkew(route, requestId));
                return;
            case "status":
                reply(protocol.statusFault(fault, route, requestId));
                return;
            case "delay":
                await sleep(fault.ms);
                if (closing) return;
                break;
        }

        // 2. throttling
        if (limiter && !limiter.admit()) return reply(protocol.throttled(route, requestId));
        // 3. size
        if (tooLarge) return reply(protocol.tooLarge(route, requestId));
        // 4. route, signature, protocol
        const refusal = await protocol.check(request, route);
        if (refusal) return reply(refusal);
        // 5. the service
        const answer =
            fault?.kind === "repeat-token"
                ? protocol.withNextPageToken(protocol.serve(protocol.withoutPageToken(request), route), fault.token ?? "repeated-token")
                : protocol.serve(request, route);
        switch (fault?.kind) {
            case "reset-after":
                req.socket.destroy();
                requests.finish(entry, "reset");
                return;
            case "delay-after":
                await sleep(fault.ms);
                if (closing) return;
                break;
            case "status-after":
                reply(protocol.statusFault({ kind: "status", status: fault.status, body: fault.body, headers: fault.headers }, route, requestId));
                return;
            case "truncated": {
                const { status, headers: h, payload } = serialize(route, answer);
                const full = payload.length > 0 ? payload : Buffer.from(JSON.stringify({ truncated: true }), "utf8");
                res.writeHead(status, { ...h, "Content-Type": protocol.contentType(route), ...protocol.answerHeaders(requestId), "Content-Length": String(full.length + 16) });
                res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
                requests.finish(entry, "truncated");
                return;
            }
            case "wrong-shape":
                reply({ status: 200, body: wrongShape(protocol.sentBody(answer)) });
                return;
        }
        reply(answer);
    }

    const server: Server = createServer((req, res) => {
        handle(req, res).catch((err) => {
            try {
                if (!res.headersSent && !res.destroyed) {
                    const requestId = protocol.newRequestId();
                    const answer = protocol.crash(err instanceof Error ? err.message : String(err), requestId);
                    const payload = JSON.stringify(answer.body);
                    res.writeHead(answer.status, { ...answer.headers, ...protocol.answerHeaders(requestId), "Content-Length": String(Buffer.byteLength(payload)) });
                    res.end(payload);
                } else req.socket.destroy();
            } catch {
                req.socket.destroy();
            }
        });
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    // A request node's HTTP parser refuses (bad framing, bytes a URL may not hold, unknown method,
    // oversized head) never reaches `handle`: answer it in the cloud's JSON error shape too.
    server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
        if (!socket.writable) return socket.destroy();
        const headTooLarge = err.code === "HPE_HEADER_OVERFLOW";
        const status = headTooLarge ? 431 : 400;
        const { body, headers } = protocol.clientError(headTooLarge);
        const payload = JSON.stringify(body);
        const head = Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("");
        socket.end(
            `HTTP/1.1 ${status} ${headTooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n${head}` +
                `Connection: close\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
        );
    });

    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    const urlHost = host.includes(":") ? `[${host}]` : host;

    let closed: Promise<void> | undefined;
    return {
        url: `http://${urlHost}:${port}`,
        port,
        faults,
        requests,
        close() {
            closed ??= new Promise<void>((resolve) => {
                closing = true;
                options.onClose();
                for (const t of delayTimers) clearTimeout(t);
                delayTimers.clear();
                server.close(() => resolve());
                server.closeAllConnections();
                for (const s of sockets) s.destroy();
            });
            return closed;
        },
    };
}
