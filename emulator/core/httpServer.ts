// Cloud-neutral HTTP core of the emulators: a real server on loopback that reads and logs each request,
// applies injected faults, throttling and the body size limit, then hands the request to the cloud's protocol
// (routing, signature, error shapes, the service). Each cloud's server.ts supplies a CloudProtocol; the
// steps one request goes through are the methods of Pipeline, in the order `handle` calls them.
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
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

/** The body, or nothing past `max` bytes (the rest is read and dropped so the connection stays usable). */
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

/** The request as the protocol sees it: path and query split from the URL as received. */
function emulatorRequest(req: IncomingMessage, requestId: string, body: Buffer): EmulatorRequest {
    const rawUrl = req.url ?? "/";
    const qIndex = rawUrl.indexOf("?");
    return {
        requestId,
        method: (req.method ?? "GET").toUpperCase(),
        rawUrl,
        pathname: qIndex >= 0 ? rawUrl.slice(0, qIndex) : rawUrl,
        query: new URLSearchParams(qIndex >= 0 ? rawUrl.slice(qIndex + 1) : ""),
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body,
    };
}

/** The body as the request log keeps it: parsed JSON, else the text; undefined when empty. */
function loggedBody(body: Buffer): unknown {
    const text = body.toString("utf8");
    if (text === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function loggedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
    const logged: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) logged[k.toLowerCase()] = v;
    return logged;
}

// RFC 9112, 3.2: a server MUST answer 400 to a request with more than one Host header line
// (Node would keep the first and go on).
function hasRepeatedHost(request: EmulatorRequest): boolean {
    return headerLines(request, "host").length > 1;
}

/** One request in flight: what was received, how it was routed, where its answer goes, and its log entry. */
interface Exchange<R> {
    req: IncomingMessage;
    res: ServerResponse;
    request: EmulatorRequest;
    route: R;
    entry: LoggedRequest;
}

/** Delays that close() cuts short: a delayed answer is then never sent. */
class Delays {
    private readonly timers = new Set<NodeJS.Timeout>();
    closing = false;

    /** Waits `ms`; false when the emulator started closing meanwhile (the request is then dropped). */
    async wait(ms: number): Promise<boolean> {
        await new Promise<void>((resolve) => {
            const t = setTimeout(() => {
                this.timers.delete(t);
                resolve();
            }, ms);
            this.timers.add(t);
        });
        return !this.closing;
    }

    close(): void {
        this.closing = true;
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
    }
}

/** What happens to one request, step by step: receive and log it, apply a fault, admit it, check it, serve it, answer. */
class Pipeline<R> {
    readonly faults = new FaultInjector();
    readonly requests = new RequestLog();
    readonly delays = new Delays();
    private readonly limiter: RateLimiter | undefined;
    private readonly maxBody: number;

    constructor(
        private readonly protocol: CloudProtocol<R>,
        private readonly options: HttpEmulatorOptions,
    ) {
        this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
        this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    }

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const { exchange, tooLarge } = await this.receive(req, res);
        if (hasRepeatedHost(exchange.request)) return this.reply(exchange, this.repeatedHostAnswer());
        const fault = this.takeFault(exchange);
        if (!(await this.applyFaultBefore(exchange, fault))) return;
        const refusal = this.admit(exchange, tooLarge) ?? (await this.protocol.check(exchange.request, exchange.route));
        if (refusal) return this.reply(exchange, refusal);
        const answer = this.serve(exchange, fault);
        if (!(await this.applyFaultAfter(exchange, fault, answer))) return;
        this.reply(exchange, answer);
    }

    /** Reads the body (within the size limit), routes the request and logs it. */
    private async receive(req: IncomingMessage, res: ServerResponse): Promise<{ exchange: Exchange<R>; tooLarge: boolean }> {
        const requestId = this.protocol.newRequestId();
        const { body, tooLarge } = await readBody(req, this.maxBody);
        const request = emulatorRequest(req, requestId, body);
        const { operation, route } = this.protocol.route(request);
        const entry = this.requests.add({
            time: this.options.clock().toISOString(),
            operation,
            method: request.method,
            path: request.pathname,
            query: queryToRecord(request.query),
            headers: loggedHeaders(req.headers),
            body: loggedBody(body),
        });
        return { exchange: { req, res, request, route, entry }, tooLarge };
    }

    private repeatedHostAnswer(): Answer {
        const { body, headers } = this.protocol.clientError(false);
        return { status: 400, body, headers };
    }

    /** The first injected fault for this operation (consumed), recorded in the log entry. */
    private takeFault(exchange: Exchange<R>): Fault | undefined {
        const fault = this.faults.take(exchange.entry.operation);
        if (fault) exchange.entry.fault = fault.kind;
        return fault;
    }

    /** The faults that act before the service runs. False when the exchange ended here. */
    private async applyFaultBefore(exchange: Exchange<R>, fault: Fault | undefined): Promise<boolean> {
        const { protocol } = this;
        const { route, request } = exchange;
        switch (fault?.kind) {
            case "reset-before":
                this.reset(exchange);
                return false;
            case "hang":
                this.requests.finish(exchange.entry, "hang");
                return false; // closed by close()
            case "malformed":
                this.reply(exchange, { status: 200, body: protocol.malformedBody, headers: { "Content-Type": protocol.contentType(route) } });
                return false;
            case "clock-skew":
                this.reply(exchange, protocol.clockSkew(route, request.requestId));
                return false;
            case "status":
                this.reply(exchange, protocol.statusFault(fault, route, request.requestId));
                return false;
            case "delay":
                return this.delays.wait(fault.ms);
            default:
                return true;
        }
    }

    /** Throttling, then the size limit: the refusal, if any. */
    private admit(exchange: Exchange<R>, tooLarge: boolean): Answer | undefined {
        if (this.limiter && !this.limiter.admit()) return this.protocol.throttled(exchange.route, exchange.request.requestId);
        if (tooLarge) return this.protocol.tooLarge(exchange.route, exchange.request.requestId);
        return undefined;
    }

    /** The service's answer (for a "repeat-token" fault: the first page, with the fault's next-page token). */
    private serve(exchange: Exchange<R>, fault: Fault | undefined): Answer {
        const { protocol } = this;
        const { request, route } = exchange;
        if (fault?.kind !== "repeat-token") return protocol.serve(request, route);
        return protocol.withNextPageToken(protocol.serve(protocol.withoutPageToken(request), route), fault.token ?? "repeated-token");
    }

    /** The faults that act after the service ran (its changes stay). False when the exchange ended here. */
    private async applyFaultAfter(exchange: Exchange<R>, fault: Fault | undefined, answer: Answer): Promise<boolean> {
        const { route, request } = exchange;
        switch (fault?.kind) {
            case "reset-after":
                this.reset(exchange);
                return false;
            case "delay-after":
                return this.delays.wait(fault.ms);
            case "status-after":
                this.reply(exchange, this.protocol.statusFault({ kind: "status", status: fault.status, body: fault.body, headers: fault.headers }, route, request.requestId));
                return false;
            case "truncated":
                this.sendTruncated(exchange, answer);
                return false;
            case "wrong-shape":
                this.reply(exchange, { status: 200, body: wrongShape(this.protocol.sentBody(answer)) });
                return false;
            default:
                return true;
        }
    }

    private serialize(route: R, answer: Answer): { status: number; headers: Record<string, string>; payload: Buffer } {
        const headers: Record<string, string> = { ...(answer.headers ?? {}) };
        let payload = Buffer.alloc(0);
        const body = this.protocol.sentBody(answer);
        if (body !== undefined) {
            payload = Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
            headers["Content-Type"] ??= this.protocol.contentType(route);
        }
        return { status: answer.status, headers, payload };
    }

    /** Sends the answer (unless the client is gone) and logs its status. */
    private reply(exchange: Exchange<R>, answer: Answer): void {
        const { res, route, request, entry } = exchange;
        const { status, headers, payload } = this.serialize(route, answer);
        if (res.destroyed || res.headersSent) return;
        res.writeHead(status, { ...headers, ...this.protocol.answerHeaders(request.requestId), "Content-Length": String(payload.length) });
        res.end(payload);
        this.requests.finish(entry, status);
    }

    private reset(exchange: Exchange<R>): void {
        exchange.req.socket.destroy();
        this.requests.finish(exchange.entry, "reset");
    }

    /** Headers announcing the whole answer, half of its body, then the connection cut. */
    private sendTruncated(exchange: Exchange<R>, answer: Answer): void {
        const { req, res, route, request, entry } = exchange;
        const { status, headers, payload } = this.serialize(route, answer);
        const full = payload.length > 0 ? payload : Buffer.from(JSON.stringify({ truncated: true }), "utf8");
        res.writeHead(status, {
            ...headers,
            "Content-Type": this.protocol.contentType(route),
            ...this.protocol.answerHeaders(request.requestId),
            "Content-Length": String(full.length + 16),
        });
        res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
        this.requests.finish(entry, "truncated");
    }

    /** When handling threw: the protocol's crash answer if nothing was sent yet, else the connection cut. */
    answerCrash(req: IncomingMessage, res: ServerResponse, err: unknown): void {
        try {
            if (res.headersSent || res.destroyed) return void req.socket.destroy();
            const requestId = this.protocol.newRequestId();
            const answer = this.protocol.crash(err instanceof Error ? err.message : String(err), requestId);
            const payload = JSON.stringify(answer.body);
            res.writeHead(answer.status, { ...answer.headers, ...this.protocol.answerHeaders(requestId), "Content-Length": String(Buffer.byteLength(payload)) });
            res.end(payload);
        } catch {
            req.socket.destroy();
        }
    }

    // A request node's HTTP parser refuses (bad framing, bytes a URL may not hold, unknown method,
    // oversized head) never reaches `handle`: answer it in the cloud's JSON error shape too.
    answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
        if (!socket.writable) return void socket.destroy();
        const headTooLarge = err.code === "HPE_HEADER_OVERFLOW";
        const status = headTooLarge ? 431 : 400;
        const { body, headers } = this.protocol.clientError(headTooLarge);
        const payload = JSON.stringify(body);
        const head = Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("");
        socket.end(
            `HTTP/1.1 ${status} ${headTooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n${head}` +
                `Connection: close\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
        );
    }
}

function listen(server: Server, port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve((server.address() as AddressInfo).port);
        });
    });
}

/** Remembers open connections, so close() can end them (a hanging request included). */
function trackSockets(server: Server): Set<Socket> {
    const sockets = new Set<Socket>();
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    return sockets;
}

export async function startHttpEmulator<R>(protocol: CloudProtocol<R>, options: HttpEmulatorOptions): Promise<HttpEmulator> {
    const pipeline = new Pipeline(protocol, options);
    const server = createServer((req, res) => {
        pipeline.handle(req, res).catch((err: unknown) => pipeline.answerCrash(req, res, err));
    });
    const sockets = trackSockets(server);
    server.on("clientError", (err: NodeJS.ErrnoException, socket) => pipeline.answerClientError(err, socket));
    const host = options.host ?? "127.0.0.1";
    const port = await listen(server, options.port ?? 0, host);

    let closed: Promise<void> | undefined;
    return {
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        faults: pipeline.faults,
        requests: pipeline.requests,
        close() {
            closed ??= new Promise<void>((resolve) => {
                pipeline.delays.close();
                options.onClose();
                server.close(() => resolve());
                server.closeAllConnections();
                for (const s of sockets) s.destroy();
            });
            return closed;
        },
    };
}
