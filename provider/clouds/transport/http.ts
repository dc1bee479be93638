// HTTP on undici: timeouts, keep-alive, and retries that never repeat a non-idempotent request
// which may already have been processed.
import { Agent, request } from "undici";
import { AmbiguousRequestError, TransportError } from "../../shared/errors";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, RetryPolicy, sleep } from "./retry";

export interface HttpRequest {
    /** The API operation, for errors and logs. */
    operation: string;
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
    url: URL;
    headers?: Record<string, string>;
    body?: string;
    /** False for requests that create something: they are repeated only when surely not processed. */
    idempotent: boolean;
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string>;
    text: string;
    /** The parsed body; undefined for an empty body. */
    json: unknown;
}

export interface TransportOptions {
    retry?: Partial<RetryPolicy>;
    connectTimeoutMs?: number;
    /** Time allowed for the response headers, and between body chunks. */
    readTimeoutMs?: number;
    keepAliveTimeoutMs?: number;
    /** Receives one line per retry; never given headers or bodies. */
    log?: (line: string) => void;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

/** Headers for one attempt: called again on every retry, so signatures carry a fresh date. */
export type PrepareHeaders = (request: HttpRequest) => Record<string, string>;

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Failures that happen before a request leaves this machine: safe to repeat anything. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

class UnparseableBody extends Error {
    readonly code = "MALFORMED_BODY";
}

export class HttpTransport {
    private readonly agent: Agent;
    private readonly policy: RetryPolicy;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly random: () => number;
    private readonly log?: (line: string) => void;

    // Keeps only what it uses: callers may pass a larger options object (with credentials).
    constructor(options: TransportOptions = {}) {
        const readTimeout = options.readTimeoutMs ?? 30_000;
        this.agent = new Agent({
            connect: { timeout: options.connectTimeoutMs ?? 10_000 },
            headersTimeout: readTimeout,
            bodyTimeout: readTimeout,
            keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
        });
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.sleep = options.sleep ?? sleep;
        this.random = options.random ?? Math.random;
        this.log = options.log;
    }

    async send(req: HttpRequest, prepareHeaders: PrepareHeaders = (r) => r.headers ?? {}): Promise<HttpResponse> {
        const started = Date.now();
        for (let attempt = 1; ; attempt++) {
            let outcome: { response: HttpResponse } | { error: unknown };
            try {
                outcome = { response: await this.attempt(req, prepareHeaders(req)) };
            } catch (error) {
                outcome = { error };
            }
            const verdict = this.judge(req, outcome);
            if (verdict.kind === "done") {
                if ("response" in outcome) return outcome.response;
                throw new TransportError(req.operation, attempt, outcome.error);
            }
            if (verdict.kind === "ambiguous") throw new AmbiguousRequestError(req.operation, verdict.cause);

            const retryAfter = "response" in outcome ? parseRetryAfterMs(outcome.response.headers["retry-after"]) : undefined;
            const delay = retryAfter ?? backoffDelayMs(attempt - 1, this.policy, this.random);
            const outOfBudget = attempt >= this.policy.maxAttempts || Date.now() - started + delay > this.policy.maxElapsedMs;
            if (outOfBudget) {
                if ("response" in outcome) return outcome.response;
                throw new TransportError(req.operation, attempt, outcome.error);
            }
            this.log?.(`${req.operation}: ${verdict.reason}; retry ${attempt}/${this.policy.maxAttempts - 1} in ${(delay / 1000).toFixed(1)}s`);
            await this.sleep(delay);
        }
    }

    close(): Promise<void> {
        return this.agent.close();
    }

    private judge(
        req: HttpRequest,
        outcome: { response: HttpResponse } | { error: unknown },
    ): { kind: "done" } | { kind: "retry"; reason: string } | { kind: "ambiguous"; cause: unknown } {
        if ("response" in outcome) {
            const status = outcome.response.status;
            if (!RETRYABLE_STATUS.has(status)) return { kind: "done" };
            // A 429 is a refusal before processing; a 5xx on a create may come after it.
            if (status === 429 || req.idempotent) return { kind: "retry", reason: `HTTP ${status}` };
            return { kind: "ambiguous", cause: new Error(`HTTP ${status} ${outcome.response.text.slice(0, 200)}`) };
        }
        const code = errorCode(outcome.error);
        if (code === undefined) return { kind: "done" };
        if (NOT_SENT_CODES.has(code) || req.idempotent) return { kind: "retry", reason: code };
        return { kind: "ambiguous", cause: outcome.error };
    }

    private async attempt(req: HttpRequest, headers: Record<string, string>): Promise<HttpResponse> {
        const res = await request(req.url, {
            method: req.method,
            headers,
            body: req.body,
            dispatcher: this.agent,
        });
        const text = await res.body.text();
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
        }
        let json: unknown;
        if (text.trim() !== "") {
            try {
                json = JSON.parse(text);
            } catch {
                // A 2xx that cannot be parsed is treated like a broken connection (truncated or
                // corrupted in transit); an error status keeps its raw text for the message.
                if (res.statusCode < 400) throw new UnparseableBody(`HTTP ${res.statusCode} with a body that is not JSON`);
            }
        }
        return { status: res.statusCode, headers: responseHeaders, text, json };
    }
}

/** The network error code of an error or of its causes (undici wraps socket errors). */
export function errorCode(error: unknown): string | undefined {
    for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === "string") return code;
    }
    return undefined;
}
