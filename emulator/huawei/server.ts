// Huawei Cloud Organizations emulator: a real HTTP server on loopback with the API gateway's
// behaviour (AK/SK signature, throttling, gateway errors) in front of an in-memory organization.
import { randomBytes } from "node:crypto";
import { FaultInjector, RateLimitOptions } from "../core/faults";
import { RequestLog } from "../core/requestLog";
import { Answer, CloudProtocol, startHttpEmulator } from "../core/httpServer";
import { pageAfter } from "../core/records";
import { HuaweiOrganizationState } from "./controls";
import { accountDto, closeStatusDto, organizationDto, ouDto, rootDto } from "./wire";
import { ERRORS, ServiceError, invalid } from "./errors";
import { CLOSE_STATES, CREATE_STATES, CloseState, CreateApiVersion, CreateState, HuaweiRules, Tag } from "./model";
import { SignatureVerdict, verifySignature } from "./signature";

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
    /** Time from an accepted CloseAccount to the account showing pending_closure; default 0 (at once). */
    closeAcceptDelayMs?: number;
    /** At most `requests` per `windowMs` (sliding window); beyond → 429 APIGW.0308. */
    rateLimit?: RateLimitOptions;
    credentials?: HuaweiEmulatorCredentials;
    /** The gateway's and service's clock (signature expiry, timestamps). Default: real time. */
    clock?: () => Date;
    /** Request bodies larger than this get 413; default 1 MiB. */
    maxBodyBytes?: number;
    /** The service's limits (default: the documented ones, see DEFAULT_HUAWEI_RULES); relax them for your own tests. */
    rules?: Partial<HuaweiRules>;
    /** Timestamps with milliseconds instead of the service's whole seconds (runs faster than real time); default off. */
    millisecondTimestamps?: boolean;
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
    "ShowOrganizationalUnit",
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

/** The page of items after the marker (see pageAfter). */
function paginate<T extends { seq: number }>(items: T[], query: URLSearchParams, maxLimit = 2000, defLimit = 200) {
    const limit = parseLimit(query, maxLimit, defLimit);
    const { page, more } = pageAfter(items, decodeMarker(query), limit);
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

    const createAccount =
        (version: CreateApiVersion) =>
        ({ body }: Ctx): Answer => {
            const obj = requireObject(body);
            const name = optString(obj, "name", 1, 64, true)!;
            // CreateAccountV2 (Organizations API reference) takes the same body without email and phone.
            if (version === "v2" && (obj.email != null || obj.phone != null)) {
                throw invalid("Invalid parameter: email and phone are not accepted by this API; use POST /v1/organizations/accounts.");
            }
            const email = optString(obj, "email", 1, 64);
            if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid("Invalid parameter: email is not a valid email address.");
            const phone = optString(obj, "phone", 1, 32);
            const agencyName = optString(obj, "agency_name", 1, 32);
            const description = optString(obj, "description", 0, 1024);
            // The tag count is the state's rule (maxTagsPerAccount), so that a test can relax it.
            const tags = obj.tags === undefined || obj.tags === null ? undefined : (parseTags(obj, "tags", 0, 1000, true) as Tag[]);
            const status = state.createAccount({ name, email, phone, agencyName, description, tags }, version);
            return ok({ create_account_status: status }, 202);
        };
    add("POST", "/v1/organizations/accounts", "CreateAccount", createAccount("v1"));
    // Same operation name as v1: fault rules and the request log treat both as the one creating call.
    add("POST", "/v2/organizations/accounts", "CreateAccount", createAccount("v2"));
    add("GET", "/v1/organizations/create-account-status/{id}", "ShowCreateAccountStatus", ({ params }) => ok({ create_account_status: state.showCreateAccountStatus(params.id) }));
    add("GET", "/v1/organizations/create-account-status", "ListCreateAccountStatuses", ({ query }) => {
        const states = parseStates<CreateState>(query, CREATE_STATES, 3);
        const { page, page_info } = paginate(state.listCreateAccountStatuses(states), query);
        return ok({ create_account_statuses: page.map((s) => s.dto), page_info });
    });
    add("GET", "/v1/organizations/accounts/{id}", "ShowAccount", ({ params, query }) => ok({ account: accountDto(state, state.getAccount(params.id), withContactInfo(query)) }));
    add("GET", "/v1/organizations/accounts", "ListAccounts", ({ query }) => {
        const parentId = query.get("parent_id") ?? undefined;
        const { page, page_info } = paginate(state.listAccounts(parentId || undefined), query, 1000, 1000);
        const contact = withContactInfo(query);
        return ok({ accounts: page.map((a) => accountDto(state, a, contact)), page_info });
    });
    // UpdateAccount (support.huaweicloud.com/intl/en-us/api-organizations/UpdateAccount.html, "Request
    // Parameters", description): optional; "If you set the parameter to an empty string, the description
    // is empty. If you set it to NULL, no operations are required": absent or null changes nothing.
    add("PATCH", "/v1/organizations/accounts/{id}", "UpdateAccount", ({ params, body, query }) => {
        const obj = requireObject(body);
        const description = optString(obj, "description", 0, 1024);
        return ok({ account: accountDto(state, state.updateAccount(params.id, description), withContactInfo(query)) });
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
    // ListCloseAccountStatuses (support.huaweicloud.com/intl/en-us/api-organizations/ListCloseAccountStatuses.html,
    // "URI" and "Response Parameters"): the one query parameter is `states` (0 to 2), and the answer is
    // `close_account_statuses` alone: no limit, marker or page_info, unlike the other listings.
    add("GET", "/v1/organizations/close-account-status", "ListCloseAccountStatuses", ({ query }) => {
        const states = parseStates<CloseState>(query, CLOSE_STATES, 2);
        return ok({ close_account_statuses: state.listCloseAccountStatuses(states).map((c) => closeStatusDto(state, c)) });
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
        state.untagAccount(
            params.id,
            tags.map((t) => t.key),
        );
        return ok();
    });
    add("GET", "/v1/organizations/organizations:accounts/{id}/tags", "ListTags", ({ params, query }) => {
        const tags = state.listTags(params.id).map((t, i) => ({ ...t, seq: i + 1 }));
        const { page, page_info } = paginate(tags, query, 1000, 1000);
        return ok({ tags: page.map(({ key, value }) => ({ key, value })), page_info });
    });
    // ShowOrganization (support.huaweicloud.com/api-organizations/ShowOrganization.html): 200
    // {organization: {id, urn, management_account_id, management_account_name, created_at}}; the
    // provider's credentials check at preview.
    add("GET", "/v1/organizations", "ShowOrganization", () => ok({ organization: organizationDto(state, state.currentManagementAccountName()) }));
    add("GET", "/v1/organizations/roots", "ListRoots", ({ query }) => {
        const { page, page_info } = paginate([{ ...rootDto(state), seq: 1 }], query);
        return ok({ roots: page.map(({ seq: _seq, ...r }) => r), page_info });
    });
    // GET /v1/organizations/organizational-units/{organizational_unit_id} (the official SDKs' ShowOrganizationalUnit).
    add("GET", "/v1/organizations/organizational-units/{id}", "ShowOrganizationalUnit", ({ params }) =>
        ok({ organizational_unit: ouDto(state, state.getOrganizationalUnit(params.id)) }),
    );
    return routes;
}

type RouteMatch = { kind: "route"; route: Route; params: Record<string, string> } | { kind: "none" } | { kind: "malformed" };

function matchRoute(routes: Route[], method: string, pathname: string): RouteMatch {
    let segments: string[];
    try {
        segments = pathname
            .split("/")
            .filter((s, i, all) => !(s === "" && (i === 0 || i === all.length - 1)))
            .map((s) => decodeURIComponent(s));
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

function gatewayError(error: { status: number; code: string }, msg: string, requestId: string): Answer {
    return { status: error.status, body: errorBody(error.code, msg, requestId, true) };
}

/** What Huawei's API gateway does its own way: REST routes, AK/SK signature, its error shapes. */
function huaweiProtocol(routes: Route[], credentials: HuaweiEmulatorCredentials, clock: () => Date): CloudProtocol<RouteMatch> {
    const lookup = (accessKey: string) => (accessKey === credentials.accessKey ? { secretKey: credentials.secretKey, securityToken: credentials.securityToken } : undefined);
    const newRequestId = () => randomBytes(16).toString("hex");

    return {
        newRequestId,
        route(req) {
            const match = matchRoute(routes, req.method, req.pathname);
            return { operation: match.kind === "route" ? match.route.operation : UNKNOWN_OPERATION, route: match };
        },
        answerHeaders: (requestId) => ({ "X-Request-Id": requestId }),
        contentType: () => JSON_CONTENT_TYPE,
        // the gateway sends no body with 204
        sentBody: (answer) => (answer.status === 204 ? undefined : answer.body),
        malformedBody: '{"create_account_status": {"id": "h-',
        statusFault: (fault, _match, requestId) => ({ status: fault.status, body: fault.body ?? defaultFaultBody(fault.status, requestId), headers: fault.headers }),
        clockSkew: (_match, requestId) => gatewayError(GATEWAY_ERRORS.auth, AUTH_MESSAGES.expired, requestId),
        throttled: (_match, requestId) => gatewayError(GATEWAY_ERRORS.throttled, GATEWAY_ERRORS.throttled.msg, requestId),
        tooLarge: (_match, requestId) => gatewayError(GATEWAY_ERRORS.tooLarge, GATEWAY_ERRORS.tooLarge.msg, requestId),
        check(req, match) {
            if (match.kind !== "route") return gatewayError(GATEWAY_ERRORS.notFound, GATEWAY_ERRORS.notFound.msg, req.requestId);
            let verdict: SignatureVerdict;
            try {
                verdict = verifySignature(req, lookup, clock());
            } catch {
                verdict = { ok: false, reason: "signature mismatch" };
            }
            if (!verdict.ok) return gatewayError(GATEWAY_ERRORS.auth, AUTH_MESSAGES[verdict.reason], req.requestId);
            return undefined;
        },
        serve: (req, match) => runHandler(match as RouteMatch & { kind: "route" }, req.query, req.body, req.requestId),
        withoutPageToken(req) {
            const query = new URLSearchParams(req.query);
            query.delete("marker");
            return { ...req, query };
        },
        withNextPageToken(answer, token) {
            const body = answer.body as Record<string, unknown> | undefined;
            const items = answer.status === 200 && body !== null && typeof body === "object" ? Object.values(body).find(Array.isArray) : undefined;
            if (!items) return answer;
            return { ...answer, body: { ...body, page_info: { next_marker: token, current_count: items.length } } };
        },
        crash: (message, requestId) => ({
            status: 500,
            body: errorBody(ERRORS.internal.code, `System error: ${message}`, requestId, false),
            headers: { "Content-Type": JSON_CONTENT_TYPE },
        }),
        clientError: (headTooLarge) => ({
            body: errorBody(GATEWAY_ERRORS.badRequest.code, headTooLarge ? "Request header fields too large" : GATEWAY_ERRORS.badRequest.msg, newRequestId(), true),
            headers: { "Content-Type": JSON_CONTENT_TYPE },
        }),
    };
}

export async function startHuaweiEmulator(options: HuaweiEmulatorOptions = {}): Promise<HuaweiEmulator> {
    const clock = options.clock ?? (() => new Date());
    const credentials = { ...(options.credentials ?? DEFAULT_HUAWEI_CREDENTIALS) };
    const state = new HuaweiOrganizationState({
        creationDelayMs: options.creationDelayMs ?? 300,
        closeDelayMs: options.closeDelayMs ?? 300,
        closeAcceptDelayMs: options.closeAcceptDelayMs,
        clock,
        rules: options.rules,
        millisecondTimestamps: options.millisecondTimestamps,
    });
    const http = await startHttpEmulator(huaweiProtocol(buildRoutes(state), credentials, clock), { ...options, clock, onClose: () => state.dispose() });
    return {
        url: http.url,
        port: http.port,
        credentials,
        organizationId: state.organizationId,
        rootId: state.rootId,
        managementAccountId: state.managementAccountId,
        defaultOuId: state.defaultOuId,
        faults: http.faults,
        requests: http.requests,
        state,
        close: () => http.close(),
    };
}
