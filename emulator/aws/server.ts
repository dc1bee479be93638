// AWS Organizations emulator: a real HTTP server on loopback speaking the Organizations JSON 1.1 protocol
// (and, on the same port, the REST-JSON Account Management API's PutAccountName/GetAccountInformation),
// with SigV4 verification, throttling and injectable faults in front of an in-memory organization.
import { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { FaultInjector, RateLimitOptions } from "../core/faults";
import { RequestLog } from "../core/requestLog";
import { Answer, CloudProtocol, headersAsReceived, startHttpEmulator } from "../core/httpServer";
import { pageAfter } from "../core/records";
import { amzDate, verifySigV4 } from "./sigv4";
import { AwsOrganizationState } from "./controls";
import { accountDto, organizationDto, ouDto, rootDto } from "./wire";
import { AwsServiceError, constraintViolation, invalidInput } from "./errors";
import { AwsRefusalOptions, CREATE_STATES, CreateState, DEFAULT_REFUSAL_OPTIONS, MAX_TAGS_PER_RESOURCE, PERMISSIVE_REFUSAL_OPTIONS, Tag } from "./model";

export interface AwsEmulatorCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    /** When set, every request must carry a matching x-amz-security-token (temporary credentials). */
    sessionToken?: string;
}

/** Distinctive test values; never real credentials. */
export const DEFAULT_AWS_CREDENTIALS: AwsEmulatorCredentials = {
    accessKeyId: "AKIAEMULATOR00000000",
    secretAccessKey: "aws-emulator-secret-access-key-for-tests-only-0000",
};

export interface AwsEmulatorOptions {
    /** 0 (default) = a random free port. */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    /** Time from CreateAccount to SUCCEEDED/FAILED; default 300. */
    creationDelayMs?: number;
    /** Time from PENDING_CLOSURE to CLOSED; default 300. */
    closeDelayMs?: number;
    /** Time from an accepted CloseAccount to the account showing PENDING_CLOSURE; default 0 (at once). */
    closeAcceptDelayMs?: number;
    /**
     * What the real service refuses and its consistency delays (see AwsRefusalOptions), each
     * relaxable; `"permissive"` relaxes them all.
     */
    refusals?: Partial<AwsRefusalOptions> | "permissive";
    /** At most this many creations IN_PROGRESS; beyond → ConstraintViolationException ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED. Default 5. */
    maxInProgress?: number;
    /** Accounts in the organization (management included) beyond which creations fail ACCOUNT_LIMIT_EXCEEDED; default unlimited. */
    maxAccounts?: number;
    /** At most `requests` per `windowMs` (sliding window); beyond → 400 TooManyRequestsException. */
    rateLimit?: RateLimitOptions;
    credentials?: AwsEmulatorCredentials;
    /** The region requests must be signed for; default us-east-1. */
    region?: string;
    /** The service's clock (signature expiry, timestamps, Date header). Default: real time. */
    clock?: () => Date;
    /** Request bodies larger than this get 413; default 1 MiB. */
    maxBodyBytes?: number;
}

export interface AwsEmulator {
    /** Accepts credentials an assumed role of this organization got (until they expire). */
    acceptTemporaryCredentials(issued: TemporaryCredentials): void;
    /** e.g. http://127.0.0.1:41234 — the endpoint for both OrganizationsClient and AccountClient. */
    url: string;
    port: number;
    credentials: AwsEmulatorCredentials;
    region: string;
    organizationId: string;
    rootId: string;
    managementAccountId: string;
    /** A pre-made OU directly under the root. */
    defaultOuId: string;
    faults: FaultInjector;
    requests: RequestLog;
    state: AwsOrganizationState;
    close(): Promise<void>;
}

export const TARGET_PREFIX = "AWSOrganizationsV20161128.";
export const JSON_11 = "application/x-amz-json-1.1";

/** Organizations operations (JSON 1.1, `x-amz-target: AWSOrganizationsV20161128.<name>`). */
export const ORGANIZATIONS_OPERATIONS = [
    "CreateAccount",
    "DescribeCreateAccountStatus",
    "ListCreateAccountStatus",
    "DescribeAccount",
    "ListAccounts",
    "ListParents",
    "MoveAccount",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "CloseAccount",
    "RemoveAccountFromOrganization",
    "DescribeOrganization",
    "ListRoots",
    "DescribeOrganizationalUnit",
] as const;
/** Account Management operations (REST-JSON, `POST /putAccountName`, `POST /getAccountInformation`). */
export const ACCOUNT_OPERATIONS = ["PutAccountName", "GetAccountInformation"] as const;
export const AWS_OPERATIONS = [...ORGANIZATIONS_OPERATIONS, ...ACCOUNT_OPERATIONS] as const;
export type OrganizationsOperation = (typeof ORGANIZATIONS_OPERATIONS)[number];
export type AccountOperation = (typeof ACCOUNT_OPERATIONS)[number];
export type AwsOperation = (typeof AWS_OPERATIONS)[number];
/** Operation name logged for requests naming no operation (no/foreign x-amz-target, unknown path). */
export const UNKNOWN_OPERATION = "Unknown";

const ACCOUNT_PATHS: Record<string, AccountOperation> = { "/putAccountName": "PutAccountName", "/getAccountInformation": "GetAccountInformation" };

export const THROTTLE_MESSAGE = "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.";
/** `TooManyRequestsException.Type` the emulator sends (the service does not document its values). */
export const THROTTLE_TYPE = "RequestThrottled";

type Api = "organizations" | "account";

type Handler = (input: Record<string, unknown>) => unknown;

// ---------- error bodies ----------

/** The error answer for one API: JSON 1.1 uses `__type`/`Message`; REST-JSON uses `x-amzn-ErrorType`/`message`. */
function errorAnswer(api: Api, status: number, code: string, message: string, fields: Record<string, string> = {}): Answer {
    if (api === "organizations") return { status, body: { __type: code, Message: message, ...fields }, headers: { "Content-Type": JSON_11 } };
    const restFields: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) restFields[k.charAt(0).toLowerCase() + k.slice(1)] = v;
    return { status, body: { message, ...restFields }, headers: { "Content-Type": "application/json", "x-amzn-ErrorType": code } };
}

function serviceErrorAnswer(api: Api, err: AwsServiceError): Answer {
    return errorAnswer(api, err.status, err.code, err.message, err.fields);
}

// ---------- input validation (the SDK validates nothing: every constraint is the server's) ----------

function serialization(message: string): AwsServiceError {
    return new AwsServiceError("SerializationException", message);
}

function str(
    obj: Record<string, unknown>,
    field: string,
    opts: { min?: number; max?: number; required?: boolean; pattern?: RegExp; patternReason?: string } = {},
): string | undefined {
    const v = obj[field];
    if (v === undefined || v === null) {
        if (opts.required) throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${field}.`);
        return undefined;
    }
    if (typeof v !== "string") throw serialization(`${field}: expected a string, got ${Array.isArray(v) ? "an array" : typeof v}.`);
    const length = [...v].length;
    if (opts.min !== undefined && length < opts.min) throw invalidInput("MIN_LENGTH_EXCEEDED", `${field} must be at least ${opts.min} characters long.`);
    if (opts.max !== undefined && length > opts.max) throw invalidInput("MAX_LENGTH_EXCEEDED", `${field} must be at most ${opts.max} characters long.`);
    if (opts.pattern && !opts.pattern.test(v)) throw invalidInput(opts.patternReason ?? "INVALID_PATTERN", `${field} does not match the required pattern ${opts.pattern.source}.`);
    return v;
}

function intField(obj: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) throw serialization(`${field}: expected an integer.`);
    if (v < min) throw invalidInput("MIN_VALUE_EXCEEDED", `${field} must be at least ${min}.`);
    if (v > max) throw invalidInput("MAX_VALUE_EXCEEDED", `${field} must be at most ${max}.`);
    return v;
}

function strList(obj: Record<string, unknown>, field: string, required = false): string[] | undefined {
    const v = obj[field];
    if (v === undefined || v === null) {
        if (required) throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${field}.`);
        return undefined;
    }
    if (!Array.isArray(v)) throw serialization(`${field}: expected a list.`);
    for (const item of v) if (typeof item !== "string") throw serialization(`${field}: expected a list of strings.`);
    return v as string[];
}

const PATTERNS = {
    accountId: /^\d{12}$/,
    parentId: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    ouId: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
    childId: /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    resourceId: /^(\d{12}|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128})$/,
    createRequestId: /^car-[a-z0-9]{8,32}$/,
    email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    accountName: /^[\u0020-\u007E]+$/,
    /** account:PutAccountName (https://docs.aws.amazon.com/accounts/latest/reference/API_PutAccountName.html): no `<` or `>`, unlike CreateAccount's AccountName. */
    newAccountName: /^[ -;=?-~]{1,50}$/,
    roleName: /^[\w+=,.@-]{1,64}$/,
};

function parseTags(obj: Record<string, unknown>, field: string, required: boolean): Tag[] | undefined {
    const v = obj[field];
    if (v === undefined || v === null) {
        if (required) throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${field}.`);
        return undefined;
    }
    if (!Array.isArray(v)) throw serialization(`${field}: expected a list.`);
    if (v.length > MAX_TAGS_PER_RESOURCE)
        throw constraintViolation("MAX_TAG_LIMIT_EXCEEDED", `You have exceeded the maximum number of tags allowed on this resource (${MAX_TAGS_PER_RESOURCE}).`);
    const seen = new Set<string>();
    return v.map((item) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) throw serialization(`${field}: expected a list of Tag structures.`);
        const t = item as Record<string, unknown>;
        const Key = str(t, "Key", { min: 1, max: 128, required: true })!;
        const Value = str(t, "Value", { min: 0, max: 256, required: true })!;
        if (Key.toLowerCase().startsWith("aws:")) throw invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", "You can't use the aws: prefix in tag keys: it is reserved for AWS use.");
        if (seen.has(Key)) throw invalidInput("DUPLICATE_TAG_KEY", `Tag keys must be unique among the tags attached to a resource: ${Key}.`);
        seen.add(Key);
        return { Key, Value };
    });
}

// ---------- pagination: opaque tokens naming the last item's sequence number ----------

function encodeToken(operation: string, seq: number): string {
    return Buffer.from(`awsemu:${operation}:${seq}`, "utf8").toString("base64url");
}

function decodeToken(operation: string, raw: unknown): number {
    if (raw === undefined || raw === null) return -1;
    if (typeof raw !== "string") throw serialization("NextToken: expected a string.");
    const m = /^awsemu:([A-Za-z]+):(\d+)$/.exec(Buffer.from(raw, "base64url").toString("utf8"));
    if (!m || m[1] !== operation || encodeToken(operation, Number(m[2])) !== raw) {
        throw invalidInput("INVALID_NEXT_TOKEN", "The NextToken value isn't valid. Use the NextToken from the previous response.");
    }
    return Number(m[2]);
}

/** The page of items after the token (see pageAfter). */
function paginate<T>(operation: string, items: { seq: number; item: T }[], input: Record<string, unknown>, pageSize: number, maxResults?: number) {
    const after = decodeToken(operation, input.NextToken);
    const { page, more } = pageAfter(items, after, maxResults ?? pageSize);
    const nextToken = more ? encodeToken(operation, page[page.length - 1].seq) : undefined;
    return { page: page.map((p) => p.item), nextToken };
}

function withToken<T extends Record<string, unknown>>(body: T, nextToken: string | undefined): T & { NextToken?: string } {
    return nextToken === undefined ? body : { ...body, NextToken: nextToken };
}

// ---------- operations ----------

function organizationsHandlers(state: AwsOrganizationState): Record<OrganizationsOperation, Handler> {
    return {
        CreateAccount(input) {
            const email = str(input, "Email", { min: 6, max: 64, required: true, pattern: PATTERNS.email, patternReason: "INVALID_EMAIL_ADDRESS_TARGET" })!;
            const accountName = str(input, "AccountName", { min: 1, max: 50, required: true, pattern: PATTERNS.accountName })!;
            const roleName = str(input, "RoleName", { max: 64, pattern: PATTERNS.roleName, patternReason: "INVALID_ROLE_NAME" });
            const billing = str(input, "IamUserAccessToBilling");
            if (billing !== undefined && billing !== "ALLOW" && billing !== "DENY") throw invalidInput("INVALID_ENUM", "IamUserAccessToBilling must be ALLOW or DENY.");
            const tags = parseTags(input, "Tags", false);
            const status = state.createAccount({ email, accountName, roleName, iamUserAccessToBilling: billing, tags });
            return { CreateAccountStatus: status };
        },
        DescribeCreateAccountStatus(input) {
            const id = str(input, "CreateAccountRequestId", { required: true, max: 36, pattern: PATTERNS.createRequestId })!;
            return { CreateAccountStatus: state.describeCreateAccountStatus(id) };
        },
        ListCreateAccountStatus(input) {
            const states = strList(input, "States") ?? [];
            for (const s of states) {
                if (!(CREATE_STATES as readonly string[]).includes(s))
                    throw invalidInput("INVALID_ENUM", `States has an unknown value ${JSON.stringify(s)}; allowed: ${CREATE_STATES.join(", ")}.`);
            }
            const maxResults = intField(input, "MaxResults", 1, 20);
            const items = state.listCreateAccountStatuses(states as CreateState[]).map((s) => ({ seq: s.seq, item: s.dto }));
            const { page, nextToken } = paginate("ListCreateAccountStatus", items, input, 20, maxResults);
            return withToken({ CreateAccountStatuses: page }, nextToken);
        },
        DescribeAccount(input) {
            const id = str(input, "AccountId", { required: true, pattern: PATTERNS.accountId })!;
            const account = state.readAccount(id);
            return { Account: accountDto(state, account, state.answeredState(account)) };
        },
        ListAccounts(input) {
            const maxResults = intField(input, "MaxResults", 1, 20);
            const items = state.listAccounts().map((a) => ({ seq: a.seq, item: accountDto(state, a, state.answeredState(a)) }));
            const { page, nextToken } = paginate("ListAccounts", items, input, 20, maxResults);
            return withToken({ Accounts: page }, nextToken);
        },
        ListParents(input) {
            const childId = str(input, "ChildId", { required: true, pattern: PATTERNS.childId })!;
            const maxResults = intField(input, "MaxResults", 1, 20);
            const items = state.listParents(childId).map((p, i) => ({ seq: i + 1, item: p }));
            const { page, nextToken } = paginate("ListParents", items, input, 20, maxResults);
            return withToken({ Parents: page }, nextToken);
        },
        MoveAccount(input) {
            const id = str(input, "AccountId", { required: true, pattern: PATTERNS.accountId })!;
            const source = str(input, "SourceParentId", { required: true, pattern: PATTERNS.parentId })!;
            const destination = str(input, "DestinationParentId", { required: true, pattern: PATTERNS.parentId })!;
            state.moveAccount(id, source, destination);
            return {};
        },
        TagResource(input) {
            const id = str(input, "ResourceId", { required: true, pattern: PATTERNS.resourceId })!;
            state.tagResource(id, parseTags(input, "Tags", true)!);
            return {};
        },
        UntagResource(input) {
            const id = str(input, "ResourceId", { required: true, pattern: PATTERNS.resourceId })!;
            const keys = strList(input, "TagKeys", true)!;
            for (const k of keys)
                if (k.length < 1 || k.length > 128)
                    throw invalidInput(k.length < 1 ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED", "TagKeys members must be 1 to 128 characters long.");
            state.untagResource(id, keys);
            return {};
        },
        ListTagsForResource(input) {
            const id = str(input, "ResourceId", { required: true, pattern: PATTERNS.resourceId })!;
            const items = state.listTags(id).map((t, i) => ({ seq: i + 1, item: t }));
            const { page, nextToken } = paginate("ListTagsForResource", items, input, MAX_TAGS_PER_RESOURCE);
            return withToken({ Tags: page }, nextToken);
        },
        CloseAccount(input) {
            const id = str(input, "AccountId", { required: true, pattern: PATTERNS.accountId })!;
            state.closeAccount(id);
            return {};
        },
        RemoveAccountFromOrganization(input) {
            const id = str(input, "AccountId", { required: true, pattern: PATTERNS.accountId })!;
            state.removeAccount(id);
            return {};
        },
        DescribeOrganizationalUnit(input) {
            const id = str(input, "OrganizationalUnitId", { required: true, pattern: PATTERNS.ouId })!;
            const ou = state.findOrganizationalUnit(id);
            if (!ou) throw new AwsServiceError("OrganizationalUnitNotFoundException", `We can't find an OU with the OrganizationalUnitId that you specified: ${id}.`);
            return { OrganizationalUnit: ouDto(state, ou) };
        },
        DescribeOrganization() {
            return { Organization: organizationDto(state) };
        },
        ListRoots(input) {
            const maxResults = intField(input, "MaxResults", 1, 20);
            const { page, nextToken } = paginate("ListRoots", [{ seq: 1, item: rootDto(state) }], input, 20, maxResults);
            return withToken({ Roots: page }, nextToken);
        },
    };
}

function validation(message: string, field?: string): AwsServiceError {
    return new AwsServiceError("ValidationException", message, { Reason: field ? "fieldValidationFailed" : "invalidParameter" });
}

/** Account Management API (REST-JSON): errors are ValidationException / ResourceNotFoundException / ... */
function accountHandlers(state: AwsOrganizationState): Record<AccountOperation, Handler> {
    const accountIdOf = (input: Record<string, unknown>): string => {
        const v = input.AccountId;
        if (v === undefined || v === null) return state.managementAccountId;
        if (typeof v !== "string" || !/^\d{12}$/.test(v)) throw validation("Invalid AccountId: it must be a 12-digit account id.", "AccountId");
        return v;
    };
    const account = (id: string) => {
        try {
            return state.getAccount(id);
        } catch {
            throw new AwsServiceError("ResourceNotFoundException", `The account ${id} was not found in the organization.`, {}, 404);
        }
    };
    return {
        PutAccountName(input) {
            const id = accountIdOf(input);
            const name = input.AccountName;
            if (typeof name !== "string") throw validation("AccountName is required and must be a string.", "AccountName");
            if (!PATTERNS.newAccountName.test(name))
                throw validation("Invalid AccountName: 1 to 50 characters matching [ -;=?-~] (printable ASCII without < and >).", "AccountName");
            // API_PutAccountName.html, AccountId: the management account is renamed by a request without it;
            // naming it is refused (the exact error is not documented: a validation error here).
            if (input.AccountId === state.managementAccountId) {
                throw validation("To update the management account's own name, omit AccountId: it must name a member account of the organization.", "AccountId");
            }
            if (!state.accountManagementTrustedAccess) {
                throw new AwsServiceError("AccessDeniedException", "Trusted access for AWS Account Management is not enabled for the organization.", {}, 403);
            }
            account(id);
            state.putAccountName(id, name);
            return undefined;
        },
        GetAccountInformation(input) {
            const id = accountIdOf(input);
            const a = account(id);
            return {
                AccountId: a.id,
                AccountName: a.name,
                AccountCreatedDate: a.joinedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
                AccountState: a.state,
            };
        },
    };
}

interface Route {
    api: Api;
    /** The operation named by the request, if it names a known one. */
    operation?: AwsOperation;
    /** What to log (the named operation even if unknown to the emulator, else UNKNOWN_OPERATION). */
    logName: string;
}

function route(method: string, pathname: string, headers: IncomingMessage["headers"]): Route {
    const accountOp = ACCOUNT_PATHS[pathname];
    if (accountOp) return { api: "account", operation: method === "POST" ? accountOp : undefined, logName: accountOp };
    const target = headers["x-amz-target"];
    const name = typeof target === "string" && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const known = name !== undefined && (ORGANIZATIONS_OPERATIONS as readonly string[]).includes(name) ? (name as OrganizationsOperation) : undefined;
    const valid = method === "POST" && pathname === "/";
    return { api: "organizations", operation: valid ? known : undefined, logName: name && /^[A-Za-z]{1,64}$/.test(name) ? name : UNKNOWN_OPERATION };
}

function contentTypeOf(api: Api): string {
    return api === "organizations" ? JSON_11 : "application/json";
}

function throttled(api: Api): Answer {
    return api === "organizations"
        ? errorAnswer(api, 400, "TooManyRequestsException", THROTTLE_MESSAGE, { Type: THROTTLE_TYPE })
        : errorAnswer(api, 429, "TooManyRequestsException", THROTTLE_MESSAGE);
}

function defaultFaultAnswer(api: Api, status: number): Answer {
    if (status === 400 || status === 429) return { ...throttled(api), status };
    if (status === 401 || status === 403) return errorAnswer(api, status, "AccessDeniedException", "You don't have permissions to perform the requested operation.");
    if (status === 409)
        return errorAnswer(
            api,
            status,
            api === "organizations" ? "ConcurrentModificationException" : "ConflictException",
            "The target of the operation is currently being modified by a different request. Try again later.",
        );
    if (status === 502 || status === 503 || status === 504) {
        const text = status === 503 ? "Service Unavailable" : status === 502 ? "Bad Gateway" : "Gateway Timeout";
        return { status, body: text, headers: { "Content-Type": "text/plain" } };
    }
    if (status >= 500) {
        return api === "organizations"
            ? errorAnswer(api, status, "ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.")
            : errorAnswer(api, status, "InternalServerException", "The operation failed because of an error internal to AWS. Try again later.");
    }
    return api === "organizations"
        ? errorAnswer(api, status, "InvalidInputException", `Injected error ${status}.`, { Reason: "INPUT_REQUIRED" })
        : errorAnswer(api, status, "ValidationException", `Injected error ${status}.`, { Reason: "invalidParameter" });
}

function runHandler(handlers: Record<AwsOperation, Handler>, r: Route & { operation: AwsOperation }, body: Buffer): Answer {
    try {
        const raw = body.toString("utf8");
        let parsed: unknown = {};
        if (raw.trim() !== "") {
            try {
                parsed = JSON.parse(raw);
            } catch {
                throw serialization("The request body is not valid JSON.");
            }
        }
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw serialization("The request body must be a JSON object.");
        const result = handlers[r.operation](parsed as Record<string, unknown>);
        return { status: 200, body: result };
    } catch (err) {
        if (err instanceof AwsServiceError) {
            if (r.api === "account" && err.code === "SerializationException")
                return errorAnswer("account", 400, "ValidationException", err.message, { Reason: "invalidParameter" });
            return serviceErrorAnswer(r.api, err);
        }
        const message = err instanceof Error ? err.message : String(err);
        return r.api === "organizations"
            ? errorAnswer(
                  "organizations",
                  500,
                  "ServiceException",
                  `AWS Organizations can't complete your request because of an internal service error. Try again later. (${message})`,
              )
            : errorAnswer("account", 500, "InternalServerException", `The operation failed because of an error internal to AWS. Try again later. (${message})`);
    }
}

function jsonOrUndefined(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** A successful answer carrying a list: a page of a listing. */
function isListing(answer: Answer): boolean {
    return answer.status === 200 && answer.body !== null && typeof answer.body === "object" && Object.values(answer.body).some(Array.isArray);
}

/** What AWS does its own way: two wire protocols on one port, SigV4, their error shapes. */
/** Temporary credentials an STS emulator issued for a role in this organization (startStsEmulator). */
export interface TemporaryCredentials extends Required<AwsEmulatorCredentials> {
    expiresAt: Date;
}

function awsProtocol(
    handlers: Record<AwsOperation, Handler>,
    credentials: AwsEmulatorCredentials,
    temporary: Map<string, TemporaryCredentials>,
    region: string,
    clock: () => Date,
): CloudProtocol<Route> {
    const lookup = (accessKeyId: string) => {
        if (accessKeyId === credentials.accessKeyId) return { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
        const issued = temporary.get(accessKeyId);
        // Expired temporary credentials are unknown (AWS answers ExpiredToken; the SDK refreshes them before).
        return issued && issued.expiresAt > clock() ? { secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken } : undefined;
    };

    return {
        newRequestId: () => randomUUID(),
        route(req) {
            const r = route(req.method, req.pathname, req.headers);
            return { operation: r.logName, route: r };
        },
        answerHeaders: (requestId) => ({ "x-amzn-RequestId": requestId, Date: clock().toUTCString() }),
        contentType: (r) => contentTypeOf(r.api),
        sentBody: (answer) => answer.body,
        malformedBody: '{"CreateAccountStatus": {"Id": "car-',
        statusFault(fault, r) {
            if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers: fault.headers };
            const answer = defaultFaultAnswer(r.api, fault.status);
            return { ...answer, headers: { ...answer.headers, ...(fault.headers ?? {}) } };
        },
        clockSkew(r) {
            const now = clock();
            const then = amzDate(new Date(now.getTime() - 20 * 60 * 1000));
            const message = `Signature expired: ${then} is now earlier than ${amzDate(new Date(now.getTime() - 15 * 60 * 1000))} (${amzDate(now)} - 15 min.)`;
            return errorAnswer(r.api, r.api === "organizations" ? 400 : 403, "InvalidSignatureException", message);
        },
        throttled: (r) => throttled(r.api),
        tooLarge: (r) => errorAnswer(r.api, 413, "RequestEntityTooLargeException", "Request entity too large."),
        async check(req, r) {
            const api = r.api;
            let verdict: Awaited<ReturnType<typeof verifySigV4>>;
            try {
                // SigV4 (AWS docs, "Create a canonical request"): a header sent more than once signs as its
                // values joined by commas, so every line counts; a second Authorization makes the header malformed.
                const headers = headersAsReceived(req);
                verdict = await verifySigV4({ method: req.method, path: req.pathname, query: req.query, headers, body: req.body }, lookup, clock(), {
                    service: api === "organizations" ? "organizations" : "account",
                    region,
                });
            } catch {
                verdict = {
                    ok: false,
                    reason: "signature mismatch",
                    code: "InvalidSignatureException",
                    message: "The request signature we calculated does not match the signature you provided.",
                };
            }
            if (!verdict.ok) return errorAnswer(api, api === "organizations" ? 400 : 403, verdict.code, verdict.message);
            if (r.operation === undefined) {
                return api === "organizations"
                    ? errorAnswer(api, 400, "UnknownOperationException", `The operation ${r.logName} is not supported by this service.`)
                    : errorAnswer(api, 404, "UnknownOperationException", `The operation ${req.method} ${req.pathname} is not supported by this service.`);
            }
            if (api === "organizations") {
                const contentType = String(req.headers["content-type"] ?? "")
                    .split(";")[0]
                    .trim()
                    .toLowerCase();
                if (contentType !== JSON_11)
                    return errorAnswer(api, 400, "UnknownOperationException", `The content type ${contentType || "(none)"} is not supported: use ${JSON_11}.`);
            }
            return undefined;
        },
        serve: (req, r) => runHandler(handlers, r as Route & { operation: AwsOperation }, req.body),
        withoutPageToken(req) {
            const input = jsonOrUndefined(req.body.toString("utf8"));
            if (input === null || typeof input !== "object" || !("NextToken" in input)) return req;
            const { NextToken: _token, ...rest } = input as Record<string, unknown>;
            return { ...req, body: Buffer.from(JSON.stringify(rest), "utf8") };
        },
        withNextPageToken: (answer, token) => (isListing(answer) ? { ...answer, body: { ...(answer.body as object), NextToken: token } } : answer),
        crash: (message) => ({
            status: 500,
            body: { __type: "ServiceException", Message: `AWS Organizations can't complete your request because of an internal service error. Try again later. (${message})` },
            headers: { "Content-Type": JSON_11 },
        }),
        clientError: (headTooLarge) => ({
            body: { __type: "SerializationException", Message: headTooLarge ? "Request header fields too large." : "The request is not valid HTTP/1.1." },
            headers: { "Content-Type": JSON_11, "x-amzn-RequestId": randomUUID() },
        }),
    };
}

export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
    const clock = options.clock ?? (() => new Date());
    const credentials = { ...(options.credentials ?? DEFAULT_AWS_CREDENTIALS) };
    const region = options.region ?? "us-east-1";
    const state = new AwsOrganizationState({
        creationDelayMs: options.creationDelayMs ?? 300,
        closeDelayMs: options.closeDelayMs ?? 300,
        maxInProgress: options.maxInProgress ?? 5,
        maxAccounts: options.maxAccounts,
        closeAcceptDelayMs: options.closeAcceptDelayMs,
        clock,
        ...DEFAULT_REFUSAL_OPTIONS,
        ...(options.refusals === "permissive" ? PERMISSIVE_REFUSAL_OPTIONS : options.refusals),
    });
    const handlers: Record<AwsOperation, Handler> = { ...organizationsHandlers(state), ...accountHandlers(state) };
    const temporary = new Map<string, TemporaryCredentials>();
    const http = await startHttpEmulator(awsProtocol(handlers, credentials, temporary, region, clock), { ...options, clock, onClose: () => state.dispose() });
    return {
        url: http.url,
        port: http.port,
        credentials,
        region,
        organizationId: state.organizationId,
        rootId: state.rootId,
        managementAccountId: state.managementAccountId,
        defaultOuId: state.defaultOuId,
        faults: http.faults,
        requests: http.requests,
        state,
        acceptTemporaryCredentials: (issued) => void temporary.set(issued.accessKeyId, issued),
        close: () => http.close(),
    };
}
