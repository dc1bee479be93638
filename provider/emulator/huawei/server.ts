// Huawei Cloud Organizations emulator: a real HTTP server on loopback with the API gateway's
// behaviour (AK/SK signature, throttling, gateway errors) in front of an in-memory organization.
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { verifyRequest } from "../../huawei/signer";
import { Fault, FaultInjector, RateLimiter, RateLimitOptions, wrongShape } from "../faults";
import { LoggedRequest, RequestLog, queryToRecord } from "../requestLog";
import {
    CLOSE_STATES,
    CREATE_STATES,
    CloseState,
    CreateState,
    ERRORS,
    HuaweiOrganizationState,
    ServiceError,
    Tag,
    invalid,
} from "./state";

export interface HuaweiEmulatorCredentials {
    accessKey: string;
    secretKey: string;
    /** When set, every request must carry a matching X-Security-Token (temporary credentials). */
    securityToken?: string;
}

/** Distinctive test values; never real credentials. */
export const DEFAULT_HUAWEI_CREDENTIALS: HuaweiEmulatorCredentials = {
    accessKey: "HWEMULATORACCESSKEY0",
    secretKey: "hw-emulator-secret-key-for-tests-only-0000",
};

export interface HuaweiEmulatorOptions {
    /** 0 (default) = a random free port. */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    /** Time from CreateAccount to the terminal state; default 300. */
    creationDelayMs?: number;
    /** Time from pending_closure to suspended; default 300. */
    closeDelayMs?: number;
    /** At most `requests` per `windowMs` (sliding window); beyond → 429 APIGW.0308. */
    rateLimit?: RateLimitOptions;
    credentials?: HuaweiEmulatorCredentials;
    /** The gateway's and service's clock (signature expiry, timestamps). Default: real time. */
    clock?: () => Date;
    /** Request bodies larger than this get 413; default 1 MiB. */
    maxBodyBytes?: number;
}

export interface HuaweiEmulator {
    /** e.g. http://127.0.0.1:41234 */
    url: string;
    port: number;
    credentials: HuaweiEmulatorCredentials;
    organizationId: string;
    rootId: string;
    managementAccountId: string;
    /** A pre-made OU directly under the root. */
    defaultOuId: string;
    faults: FaultInjector;
    requests: RequestLog;
    state: HuaweiOrganizationState;
    close(): Promise<void>;
}

/** Operation names used in the request log and fault rules. */
export const HUAWEI_OPERATIONS = [
    "CreateAccount",
    "ShowCreateAccountStatus",
    "ListCreateAccountStatuses",
    "ShowAccount",
    "ListAccounts",
    "UpdateAccount",
    "MoveAccount",
    "CloseAccount",
    "RemoveAccount",
    "ListCloseAccountStatuses",
    "ListEntities",
    "TagResource",
    "UntagResource",
    "ListTags",
    "ShowOrganization",
    "ListRoots",
] as const;
export type HuaweiOperation = (typeof HUAWEI_OPERATIONS)[number];
/** Operation name logged for requests matching no route. */
export const UNKNOWN_OPERATION = "Unknown";

export const GATEWAY_ERRORS = {
    notFound: { status: 404, code: "APIGW.0101", msg: "The API does not exist or has not been published in the environment" },
    tooLarge: { status: 413, code: "APIGW.0201", msg: "Request entity too large" },
    badRequest: { status: 400, code: "APIGW.0201", msg: "Bad request" },
    auth: { status: 401, code: "APIGW.0301" },
    throttled: {
        status: 429,
        code: "APIGW.0308",
        msg: "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute",
    },
} as const;

const AUTH_PREFIX = "Incorrect IAM authentication information: ";
export const AUTH_MESSAGES = {
    missing: AUTH_PREFIX + "verify aksk signature fail, Authorization or X-Sdk-Date header missing or malformed",
    "ak not exist": AUTH_PREFIX + "ak not exist",
    "signature mismatch": AUTH_PREFIX + "verify aksk signature fail",
    expired: AUTH_PREFIX + "verify aksk signature fail, signature expired, X-Sdk-Date is more than 15 minutes from the server time",
    "token mismatch": AUTH_PREFIX + "verify aksk signature fail, x-security-token is missing or invalid",
} as const;

const JSON_CONTENT_TYPE = "application/json;charset=UTF-8";
const DEFAULT_MAX_BODY = 1024 * 1024;

interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

interface Ctx {
    params: Record<string, string>;
    query: URLSearchParams;
    body: unknown;
    rawBody: string;
}

interface Route {
    method: string;
    segments: string[]; // "{name}" marks a parameter
    operation: HuaweiOperation;
    handler: (ctx: Ctx) => Answer;
}

function errorBody(code: string, msg: string, requestId: string, gateway: boolean): Record<string, string> {
    return gateway ? { error_msg: msg, error_code: code, request_id: requestId } : { error_code: code, error_msg: msg, request_id: requestId };
}

// ---------- validation helpers ----------

function requireObject(body: unknown): Record<string, unknown> {
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalid("Invalid request body: a JSON object is required.");
    return body as Record<string, unknown>;
}

function optString(obj: Record<string, unknown>, field: string, min: number, max: number, required = false): string | undefined {
    const v = obj[field];
    if (v === undefined || (v === null && !required)) {
        if (required) throw invalid(`Invalid parameter: ${field} is required.`);
        return undefined;
    }
    if (typeof v !== "string") throw invalid(`Invalid parameter: ${field} must be a string.`);
    const length = [...v].length;
    if (length < min || length > max) throw invalid(`Invalid parameter: ${field} must be ${min} to ${max} characters long.`);
    return v;
}

function parseTags(obj: Record<string, unknown>, field: string, min: number, max: number, valueRequired: boolean): Tag[] | { key: string; value?: string }[] {
    const v = obj[field];
    if (!Array.isArray(v)) throw invalid(`Invalid parameter: ${field} must be an array.`);
    if (v.length < min || v.length > max) throw invalid(`Invalid parameter: ${field} must have ${min} to ${max} items.`);
    const seen = new Set<string>();
    return v.map((item, i) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) throw invalid(`Invalid parameter: ${field}[${i}] must be an object.`);
        const t = item as Record<string, unknown>;
        const key = optString(t, "key", 1, 128, true)!;
        if (t.value === null) throw invalid(`Invalid parameter: ${field}[${i}].value must be a string.`);
        const value = optString(t, "value", 0, 255, valueRequired);
        if (seen.has(key)) throw invalid(`Invalid parameter: ${field} has the key ${key} more than once.`);
        seen.add(key);
        return value === undefined ? { key } : { key, value };
    });
}

function parseLimit(query: URLSearchParams, max = 2000, def = 200): number {
    const raw = query.get("limit");
    if (raw === null) return def;
    if (!/^\d+$/.test(raw)) throw invalid("Invalid parameter: limit must be an integer.");
    const n = Number(raw);
    if (n < 1 || n > max) throw invalid(`Invalid parameter: limit must be between 1 and ${max}.`);
    return n;
}

function encodeMarker(seq: number): string {
    return Buffer.from(`hwemu:${seq}`, "utf8").toString("base64url");
}

function decodeMarker(query: URLSearchParams): number {
    const raw = query.get("marker");
    if (raw === null || raw === "") return -1;
    const m = /^hwemu:(\d+)$/.exec(Buffer.from(raw, "base64url").toString("utf8"));
    if (!m) throw invalid("Invalid parameter: marker is not valid.");
    return Number(m[1]);
}

/** Items after the marker, in seq order: stable across pages even while items are added. */
function paginate<T extends { seq: number }>(items: T[], query: URLSearchParams, maxLimit = 2000, defLimit = 200) {
    const limit = parseLimit(query, maxLimit, defLimit);
    const after = decodeMarker(query);
    const rest = items.filter((i) => i.seq > after).sort((a, b) => a.seq - b.seq);
    const page = rest.slice(0, limit);
    const more = rest.length > limit;
    return {
        page,
        page_info: { next_marker: more ? encodeMarker(page[page.length - 1].seq) : null, current_count: page.length },
    };
}

function parseStates<S extends string>(query: URLSearchParams, allowed: readonly S[], max: number): S[] {
    const states = query.getAll("states");
    if (states.length > max) throw invalid(`Invalid parameter: states can have at most ${max} values.`);
    for (const s of states) {
        if (!(allowed as readonly string[]).includes(s)) throw invalid(`Invalid parameter: states has an unknown value ${JSON.stringify(s)}; allowed: ${allowed.join(", ")}.`);
    }
    return states as S[];
}

function withContactInfo(query: URLSearchParams): boolean {
    return query.get("with_register_contact_info") === "true";
}

// ---------- routes ----------

function buildRoutes(state: HuaweiOrganizationState): Route[] {
    const ok = (body?: unknown, status = 200): Answer => ({ status, body });
    const routes: Route[] = [];
    const add = (method: string, path: string, operation: HuaweiOperation, handler: (ctx: Ctx) => Answer) =>
        routes.push({ method, segments: path.split("/").filter(Boolean), operation, handler });

    add("POST", "/v1/organizations/accounts", "CreateAccount", ({ body }) => {
        const obj = requireObject(body);
        const name = optString(obj, "name", 1, 64, true)!;
        const email = optString(obj, "email", 1, 64);
        if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid("Invalid parameter: email is not a valid email address.");
        const phone = optString(obj, "phone", 1, 32);
        const agencyName = optString(obj, "agency_name", 1, 32);
        const description = optString(obj, "description", 0, 1024);
        const tags = obj.tags === undefined || obj.tags === null ? undefined : (parseTags(obj, "tags", 0, 20, true) as Tag[]);
        const status = state.createAccount({ name, email, phone, agencyName, description, tags });
        return ok({ create_account_status: status }, 202);
    });
    add("GET", "/v1/organizations/create-account-status/{id}", "ShowCreateAccountStatus", ({ params }) =>
        ok({ create_account_status: state.showCreateAccountStatus(params.id) }),
    );
    add("GET", "/v1/organizations/create-account-status", "ListCreateAccountStatuses", ({ query }) => {
        const states = parseStates<CreateState>(query, CREATE_STATES, 3);
        const { page, page_info } = paginate(state.listCreateAccountStatuses(states), query);
        return ok({ create_account_statuses: page.map((s) => s.dto), page_info });
    });
    add("GET", "/v1/organizations/accounts/{id}", "ShowAccount", ({ params, query }) =>
        ok({ account: state.accountDto(state.getAccount(params.id), withContactInfo(query)) }),
    );
    add("GET", "/v1/organizations/accounts", "ListAccounts", ({ query }) => {
        const parentId = query.get("parent_id") ?? undefined;
        const { page, page_info } = paginate(state.listAccounts(parentId || undefined), query, 1000, 1000);
        const contact = withContactInfo(query);
        return ok({ accounts: page.map((a) => state.accountDto(a, contact)), page_info });
    });
    add("PATCH", "/v1/organizations/accounts/{id}", "UpdateAccount", ({ params, body, query }) => {
        const obj = requireObject(body);
        const description = optString(obj, "description", 0, 1024, true);
        return ok({ account: state.accountDto(state.updateAccount(params.id, description), withContactInfo(query)) });
    });
    add("POST", "/v1/organizations/accounts/{id}/move", "MoveAccount", ({ params, body }) => {
        const obj = requireObject(body);
        const source = optString(obj, "source_parent_id", 1, 64, true)!;
        const destination = optString(obj, "destination_parent_id", 1, 64, true)!;
        state.moveAccount(params.id, source, destination);
        return ok();
    });
    add("POST", "/v1/organizations/accounts/{id}/close", "CloseAccount", ({ params }) => {
        state.closeAccount(params.id);
        return ok();
    });
    add("POST", "/v1/organizations/accounts/{id}/remove", "RemoveAccount", ({ params }) => {
        state.removeAccount(params.id);
        return ok();
    });
    add("GET", "/v1/organizations/close-account-status", "ListCloseAccountStatuses", ({ query }) => {
        const states = parseStates<CloseState>(query, CLOSE_STATES, 2);
        const { page, page_info } = paginate(state.listCloseAccountStatuses(states), query);
        return ok({ close_account_statuses: page.map((c) => state.closeStatusDto(c)), page_info });
    });
    add("GET", "/v1/organizations/entities", "ListEntities", ({ query }) => {
        const childId = query.get("child_id");
        const parentId = query.get("parent_id");
        let entities;
        if (childId) entities = [state.parentOf(childId)];
        else if (parentId) entities = state.childrenOf(parentId);
        else throw invalid("Invalid parameter: child_id or parent_id is required.");
        const { page, page_info } = paginate(entities, query);
        return ok({ entities: page.map(({ id, name, type }) => ({ id, name, type })), page_info });
    });
    add("POST", "/v1/organizations/organizations:accounts/{id}/tags/create", "TagResource", ({ params, body }) => {
        const tags = parseTags(requireObject(body), "tags", 1, 20, true) as Tag[];
        state.tagAccount(params.id, tags);
        return ok();
    });
    add("POST", "/v1/organizations/organizations:accounts/{id}/tags/delete", "UntagResource", ({ params, body }) => {
        const tags = parseTags(requireObject(body), "tags", 1, 20, false);
        state.untagAccount(params.id, tags.map((t) => t.key));
        return ok();
    });
    add("GET", "/v1/organizations/organizations:accounts/{id}/tags", "ListTags", ({ params, query }) => {
        const tags = state.listTags(params.id).map((t, i) => ({ ...t, seq: i + 1 }));
        const { page, page_info } = paginate(tags, query, 1000, 1000);
        return ok({ tags: page.map(({ key, value }) => ({ key, value })), page_info });
    });
    add("GET", "/v1/organizations", "ShowOrganization", () => ok({ organization: state.organizationDto() }));
    add("GET", "/v1/organizations/roots", "ListRoots", ({ query }) => {
        const { page, page_info } = paginate([{ ...state.rootDto(), seq: 1 }], query);
        return ok({ roots: page.map(({ seq: _seq, ...r }) => r), page_info });
    });
    return routes;
}

type RouteMatch = { kind: "route"; route: Route; params: Record<string, string> } | { kind: "none" } | { kind: "malformed" };

function matchRoute(routes: Route[], method: string, pathname: string): RouteMatch {
    let segments: string[];
    try {
        segments = pathname.split("/").filter((s, i, all) => !(s === "" && (i === 0 || i === all.length - 1))).map((s) => decodeURIComponent(s));
    } catch {
        return { kind: "malformed" };
    }
    if (segments.some((s) => s === "")) return { kind: "none" };
    for (const route of routes) {
        if (route.method !== method || route.segments.length !== segments.length) continue;
        const params: Record<string, string> = {};
        let matched = true;
        for (let i = 0; i < segments.length; i++) {
            const pattern = route.segments[i];
            if (pattern.startsWith("{")) params[pattern.slice(1, -1)] = segments[i];
            else if (pattern !== segments[i]) {
                matched = false;
                break;
            }
        }
        if (matched) return { kind: "route", route, params };
    }
    return { kind: "none" };
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

export async function startHuaweiEmulator(options: HuaweiEmulatorOptions = {}): Promise<HuaweiEmulator> {
    const clock = options.clock ?? (() => new Date());
    const credentials = { ...(options.credentials ?? DEFAULT_HUAWEI_CREDENTIALS) };
    const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const state = new HuaweiOrganizationState({
        creationDelayMs: options.creationDelayMs ?? 300,
        closeDelayMs: options.closeDelayMs ?? 300,
        clock,
    });
    const faults = new FaultInjector();
    const requests = new RequestLog();
    const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    const routes = buildRoutes(state);
    const sockets = new Set<Socket>();
    const delayTimers = new Set<NodeJS.Timeout>();
    let closing = false;

    const lookup = (accessKey: string) =>
        accessKey === credentials.accessKey ? { secretKey: credentials.secretKey, securityToken: credentials.securityToken } : undefined;

    const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
            const t = setTimeout(() => {
                delayTimers.delete(t);
                resolve();
            }, ms);
            delayTimers.add(t);
        });

    function serialize(answer: Answer): { status: number; headers: Record<string, string>; payload: Buffer } {
        const headers: Record<string, string> = { ...(answer.headers ?? {}) };
        let payload = Buffer.alloc(0);
        if (answer.body !== undefined && answer.status !== 204) {
            payload = Buffer.from(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), "utf8");
            headers["Content-Type"] ??= JSON_CONTENT_TYPE;
        }
        return { status: answer.status, headers, payload };
    }

    function send(res: ServerResponse, entry: LoggedRequest, requestId: string, answer: Answer): void {
        const { status, headers, payload } = serialize(answer);
        if (res.destroyed || res.headersSent) return;
        res.writeHead(status, { ...headers, "X-Request-Id": requestId, "Content-Length": String(payload.length) });
        res.end(payload);
        requests.finish(entry, status);
    }

    function runHandler(match: RouteMatch & { kind: "route" }, query: URLSearchParams, body: Buffer, requestId: string): Answer {
        try {
            const raw = body.toString("utf8");
            let parsed: unknown = undefined;
            if (raw.trim() !== "") {
                try {
                    parsed = JSON.parse(raw);
                } catch {
                    throw invalid("Invalid request body: not valid JSON.");
                }
            }
            return match.route.handler({ params: match.params, query, body: parsed, rawBody: raw });
        } catch (err) {
            if (err instanceof ServiceError) return { status: err.status, body: errorBody(err.code, err.message, requestId, false) };
            const message = err instanceof Error ? err.message : String(err);
            return { status: ERRORS.internal.status, body: errorBody(ERRORS.internal.code, `System error: ${message}`, requestId, false) };
        }
    }

    function defaultFaultBody(status: number, requestId: string): unknown {
        if (status === 429) return errorBody(GATEWAY_ERRORS.throttled.code, GATEWAY_ERRORS.throttled.msg, requestId, true);
        if (status === 401) return errorBody(GATEWAY_ERRORS.auth.code, AUTH_MESSAGES["signature mismatch"], requestId, true);
        if (status >= 500) return errorBody(ERRORS.internal.code, "System error.", requestId, false);
        return errorBody(ERRORS.invalidParameter.code, `Injected error ${status}.`, requestId, false);
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const requestId = randomBytes(16).toString("hex");
        const method = (req.method ?? "GET").toUpperCase();
        const rawUrl = req.url ?? "/";
        const { body, tooLarge } = await readBody(req, maxBody);
        const qIndex = rawUrl.indexOf("?");
        const pathname = qIndex >= 0 ? rawUrl.slice(0, qIndex) : rawUrl;
        const query = new URLSearchParams(qIndex >= 0 ? rawUrl.slice(qIndex + 1) : "");
        const match = matchRoute(routes, method, pathname);
        const operation = match.kind === "route" ? match.route.operation : UNKNOWN_OPERATION;

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

        const gatewayError = (status: number, code: string, msg: string) => send(res, entry, requestId, { status, body: errorBody(code, msg, requestId, true) });

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
                send(res, entry, requestId, { status: 200, body: '{"create_account_status": {"id": "h-', headers: { "Content-Type": JSON_CONTENT_TYPE } });
                return;
            case "clock-skew":
                gatewayError(GATEWAY_ERRORS.auth.status, GATEWAY_ERRORS.auth.code, AUTH_MESSAGES.expired);
                return;
            case "status":
                send(res, entry, requestId, { status: fault.status, body: fault.body ?? defaultFaultBody(fault.status, requestId), headers: fault.headers });
                return;
            case "delay":
                await sleep(fault.ms);
                if (closing) return;
                break;
        }

        // 2. throttling
        if (limiter && !limiter.admit()) return gatewayError(GATEWAY_ERRORS.throttled.status, GATEWAY_ERRORS.throttled.code, GATEWAY_ERRORS.throttled.msg);
        // 3. gateway: size and route
        if (tooLarge) return gatewayError(GATEWAY_ERRORS.tooLarge.status, GATEWAY_ERRORS.tooLarge.code, GATEWAY_ERRORS.tooLarge.msg);
        if (match.kind !== "route") return gatewayError(GATEWAY_ERRORS.notFound.status, GATEWAY_ERRORS.notFound.code, GATEWAY_ERRORS.notFound.msg);
        // 4. signature
        let verdict: ReturnType<typeof verifyRequest>;
        try {
            verdict = verifyRequest({ method, url: rawUrl, headers: req.headers, body }, lookup, clock());
        } catch {
            verdict = { ok: false, reason: "signature mismatch" };
        }
        if (!verdict.ok) return gatewayError(GATEWAY_ERRORS.auth.status, GATEWAY_ERRORS.auth.code, AUTH_MESSAGES[verdict.reason]);

        // 5. the service
        const answer = runHandler(match, query, body, requestId);
        switch (fault?.kind) {
            case "reset-after":
                req.socket.destroy();
                requests.finish(entry, "reset");
                return;
            case "delay-after":
                await sleep(fault.ms);
                if (closing) return;
                break;
            case "truncated": {
                const { status, headers: h, payload } = serialize(answer);
                const full = payload.length > 0 ? payload : Buffer.from(JSON.stringify({ truncated: true }), "utf8");
                res.writeHead(status, { ...h, "Content-Type": JSON_CONTENT_TYPE, "X-Request-Id": requestId, "Content-Length": String(full.length + 16) });
                res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
                requests.finish(entry, "truncated");
                return;
            }
            case "wrong-shape":
                send(res, entry, requestId, { status: 200, body: wrongShape(answer.status === 204 ? undefined : answer.body) });
                return;
        }
        send(res, entry, requestId, answer);
    }

    const server: Server = createServer((req, res) => {
        handle(req, res).catch((err) => {
            try {
                if (!res.headersSent && !res.destroyed) {
                    const requestId = randomBytes(16).toString("hex");
                    const payload = JSON.stringify(errorBody(ERRORS.internal.code, `System error: ${err instanceof Error ? err.message : String(err)}`, requestId, false));
                    res.writeHead(500, { "Content-Type": JSON_CONTENT_TYPE, "X-Request-Id": requestId, "Content-Length": String(Buffer.byteLength(payload)) });
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
    // oversized head) never reaches `handle`: answer it in the gateway's JSON error shape too.
    server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
        if (!socket.writable) return socket.destroy();
        const headTooLarge = err.code === "HPE_HEADER_OVERFLOW";
        const status = headTooLarge ? 431 : 400;
        const payload = JSON.stringify(
            errorBody(GATEWAY_ERRORS.badRequest.code, headTooLarge ? "Request header fields too large" : GATEWAY_ERRORS.badRequest.msg, randomBytes(16).toString("hex"), true),
        );
        socket.end(
            `HTTP/1.1 ${status} ${headTooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\n` +
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
        credentials,
        organizationId: state.organizationId,
        rootId: state.rootId,
        managementAccountId: state.managementAccountId,
        defaultOuId: state.defaultOuId,
        faults,
        requests,
        state,
        close() {
            closed ??= new Promise<void>((resolve) => {
                closing = true;
                state.dispose();
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
