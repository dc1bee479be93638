// In-memory model of one AWS organization, as AWS Organizations (and the Account Management API) keep it.
import { randomInt } from "node:crypto";
import { randomAlnum, useFirst } from "../records";
import { OrganizationModel } from "../organizationModel";

export { randomAlnum };

export type CreateState = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
export type AccountState = "PENDING_ACTIVATION" | "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
export type JoinedMethod = "CREATED" | "INVITED";
export type ParentType = "ROOT" | "ORGANIZATIONAL_UNIT";

export const CREATE_STATES: readonly CreateState[] = ["IN_PROGRESS", "SUCCEEDED", "FAILED"];
export const ACCOUNT_STATES: readonly AccountState[] = ["PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"];

/** Every `CreateAccountStatus.FailureReason` the service documents. */
export const FAILURE_REASONS = [
    "ACCOUNT_LIMIT_EXCEEDED",
    "EMAIL_ALREADY_EXISTS",
    "INVALID_ADDRESS",
    "INVALID_EMAIL",
    "CONCURRENT_ACCOUNT_MODIFICATION",
    "INTERNAL_FAILURE",
    "GOVCLOUD_ACCOUNT_ALREADY_EXISTS",
    "MISSING_BUSINESS_VALIDATION",
    "FAILED_BUSINESS_VALIDATION",
    "PENDING_BUSINESS_VALIDATION",
    "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION",
    "UNKNOWN_BUSINESS_VALIDATION",
    "MISSING_PAYMENT_INSTRUMENT",
    "INVALID_PAYMENT_INSTRUMENT",
    "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * A service error. The JSON 1.1 API answers `status` with `{"__type": code, "Message": message, ...fields}`;
 * the REST-JSON Account API answers with `x-amzn-ErrorType: code` and `{"message": message, ...fields}`.
 */
export class AwsServiceError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly fields: Record<string, string> = {},
        readonly status = 400,
    ) {
        super(message);
    }
}

export function invalidInput(reason: string, message: string): AwsServiceError {
    return new AwsServiceError("InvalidInputException", message, { Reason: reason });
}
export function constraintViolation(reason: string, message: string): AwsServiceError {
    return new AwsServiceError("ConstraintViolationException", message, { Reason: reason });
}
function accountNotFound(id: string): AwsServiceError {
    return new AwsServiceError("AccountNotFoundException", `You specified an account that doesn't exist: ${id}.`);
}

function targetNotFound(id: string): AwsServiceError {
    return new AwsServiceError("TargetNotFoundException", `We can't find a root, OU, account, or policy with the TargetId that you specified: ${id}.`);
}

export function randomDigits(length: number): string {
    let out = String(randomInt(1, 10)); // no leading zero: ids stay 12 digits when read as numbers
    while (out.length < length) out += String(randomInt(0, 10));
    return out;
}

/** Epoch seconds with millisecond precision, as the service encodes timestamps. */
export function epochSeconds(date: Date): number {
    return date.getTime() / 1000;
}

export interface Tag {
    Key: string;
    Value: string;
}

export interface AccountRecord {
    seq: number;
    id: string;
    name: string;
    email: string;
    parentId: string;
    state: AccountState;
    joinedMethod: JoinedMethod;
    joinedAt: Date;
    tags: Map<string, string>;
    /** What an account needs before it may leave the organization (an invited account has it all). */
    standalone: Standalone;
    /** When CloseAccount was accepted: reads lag behind it. */
    closeRequestedAt?: Date;
    /** Reads of this account during the flapping window (which answer flips). */
    flapReads: number;
}

/** What RemoveAccountFromOrganization checks an account has of its own. */
export interface Standalone {
    paymentInstrument: boolean;
    eula: boolean;
    phoneVerified: boolean;
}

export interface CreateAccountInput {
    email: string;
    accountName: string;
    roleName?: string;
    iamUserAccessToBilling?: "ALLOW" | "DENY";
    tags?: Tag[];
}

export interface CreateStatusRecord {
    seq: number;
    id: string;
    accountName: string;
    email: string;
    state: CreateState;
    requestedAt: Date;
    completedAt?: Date;
    accountId?: string;
    failureReason?: string;
    /** The status record no longer exists (Describe → not found, not listed); the creation itself still completes. */
    expired: boolean;
    /** Decided when the request arrives. */
    planned: { kind: "succeed" } | { kind: "fail"; reason: string };
    request: CreateAccountInput;
}

export interface OuRecord {
    seq: number;
    id: string;
    name: string;
    parentId: string;
    tags: Map<string, string>;
}

export interface ScriptedFailure {
    /** Matches the email (case-insensitive for strings) exactly or by test (RegExp); absent = any email. */
    email?: string | RegExp;
    /** Matches the account name exactly or by test (RegExp); absent = any name. */
    name?: string | RegExp;
    reason: FailureReason;
    /** How many creations this applies to; default 1. */
    times?: number;
}

export interface AwsStateOptions extends AwsRefusalOptions {
    creationDelayMs: number;
    /** Time from PENDING_CLOSURE to CLOSED. */
    closeDelayMs: number;
    clock: () => Date;
    /** At most this many creations IN_PROGRESS at once; default 5. */
    maxInProgress: number;
    /** Member accounts (management included) beyond which creations fail ACCOUNT_LIMIT_EXCEEDED; default unlimited. */
    maxAccounts?: number;
    /** Time from an accepted CloseAccount to the account showing PENDING_CLOSURE; default 0 (at once). */
    closeAcceptDelayMs?: number;
}

/**
 * What the real service refuses, and the delays of its eventual consistency. The defaults are the
 * service's behaviour at test speed; each can be relaxed for a user's own tests.
 * Sources: the AWS Organizations API Reference, each operation's "Errors" section
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html), the service
 * model (botocore's data/organizations/2016-11-28/service-2.json), and terraform-provider-aws
 * (internal/service/organizations/account.go, and its issues #24694 and #46284 on close visibility).
 */
export interface AwsRefusalOptions {
    /** A new create request, and a new account, are not found for this long (eventual consistency). Default 200. */
    consistencyLagMs: number;
    /** MoveAccount, TagResource and UntagResource of a just-created account → ConcurrentModificationException for this long. Default 300. */
    concurrentModificationMs: number;
    /** DescribeAccount and ListAccounts go on answering ACTIVE for this long after CloseAccount. Default 300. */
    closeVisibilityLagMs: number;
    /** After that lag, answers flip between the real state and ACTIVE for as long again. Default false. */
    closeFlapping: boolean;
    /** An account made by CreateAccount cannot leave the organization for this long: WAIT_PERIOD_ACTIVE. Default 7 days. */
    removalWaitPeriodMs: number;
    /** An account made by CreateAccount has no payment method, EULA or verified phone of its own until a test grants them (makeStandalone). Default true. */
    removalRequiresStandalone: boolean;
    /** More accounts than this PENDING_CLOSURE at once → CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED. Default 5. */
    maxConcurrentClosures: number;
    /** Closures per rolling 30 days; default the higher of 250 or 20% of the members, at most 1,000. */
    closeQuota30Days?: number;
    /** Trusted access for AWS Account Management; without it PutAccountName → AccessDeniedException. Default true. */
    accountManagementTrustedAccess: boolean;
}

export const DEFAULT_REFUSAL_OPTIONS: AwsRefusalOptions = {
    consistencyLagMs: 200,
    concurrentModificationMs: 300,
    closeVisibilityLagMs: 300,
    closeFlapping: false,
    removalWaitPeriodMs: 7 * 24 * 3600 * 1000,
    removalRequiresStandalone: true,
    maxConcurrentClosures: 5,
    accountManagementTrustedAccess: true,
};

/** Relaxes every refusal: an emulator as permissive as the older one, for tests of other things. */
export const PERMISSIVE_REFUSAL_OPTIONS: AwsRefusalOptions = {
    consistencyLagMs: 0,
    concurrentModificationMs: 0,
    closeVisibilityLagMs: 0,
    closeFlapping: false,
    removalWaitPeriodMs: 0,
    removalRequiresStandalone: false,
    maxConcurrentClosures: Infinity,
    closeQuota30Days: Infinity,
    accountManagementTrustedAccess: true,
};

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export const MAX_TAGS_PER_RESOURCE = 50;

// ---- DTOs, as the API answers them (absent fields omitted) ----

export interface CreateAccountStatusDto {
    Id: string;
    AccountName: string;
    State: CreateState;
    RequestedTimestamp: number;
    CompletedTimestamp?: number;
    AccountId?: string;
    FailureReason?: string;
}

export interface AccountDto {
    Id: string;
    Arn: string;
    Email: string;
    Name: string;
    // No `Status`: since 2026-09-09 accounts carry only `State` (reference, "Status is gone").
    State: AccountState;
    JoinedMethod: JoinedMethod;
    JoinedTimestamp: number;
}

export interface AccountSnapshot extends Omit<AccountRecord, "seq" | "tags" | "standalone" | "flapReads" | "closeRequestedAt"> {
    arn: string;
    tags: Tag[];
}

export interface CreateAccountStatusSnapshot extends CreateAccountStatusDto {
    email: string;
}

function matches(pattern: string | RegExp | undefined, value: string, caseInsensitive: boolean): boolean {
    if (pattern === undefined) return true;
    if (typeof pattern === "string") return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    pattern.lastIndex = 0;
    return pattern.test(value);
}

export class AwsOrganizationState extends OrganizationModel<CreateStatusRecord> {
    readonly organizationId = "o-" + randomAlnum(10);
    readonly rootId = "r-" + randomAlnum(4);
    readonly rootName = "Root";
    readonly managementAccountId = randomDigits(12);
    readonly managementAccountName = "emulator-management";
    readonly managementAccountEmail = "management@example.com";
    readonly defaultOuId: string;

    private readonly accountsById = new Map<string, AccountRecord>();
    /** Lower-cased emails of every account that ever existed (removed or closed accounts keep theirs). */
    private readonly usedEmails = new Set<string>();
    private readonly ous = new Map<string, OuRecord>();
    private readonly rootTags = new Map<string, string>();
    private scripted: (ScriptedFailure & { remaining: number })[] = [];
    /** When each accepted CloseAccount was made (the rolling 30-day quota). */
    private readonly closedAt: Date[] = [];

    constructor(protected readonly options: AwsStateOptions) {
        super();
        this.defaultOuId = `ou-${this.rootId.slice(2)}-${randomAlnum(8)}`;
        this.seed();
    }

    /** The organization as it starts: the management account and one OU. */
    private seed(): void {
        this.insertAccount({
            id: this.managementAccountId,
            name: this.managementAccountName,
            email: this.managementAccountEmail,
            parentId: this.rootId,
            joinedMethod: "INVITED",
        });
        this.ous.set(this.defaultOuId, { seq: this.nextSeq(), id: this.defaultOuId, name: "emulator-default-ou", parentId: this.rootId, tags: new Map() });
    }

    /** Back to the organization as it started (same ids): every other account, request, OU and script is forgotten. */
    reset(): void {
        this.resetModel();
        for (const collection of [this.accountsById, this.usedEmails, this.ous, this.rootTags]) collection.clear();
        this.closedAt.length = 0;
        this.scripted = [];
        this.seed();
    }

    private now(): Date {
        return this.options.clock();
    }

    get maxInProgress(): number {
        return this.options.maxInProgress;
    }

    organizationArn(): string {
        return `arn:aws:organizations::${this.managementAccountId}:organization/${this.organizationId}`;
    }
    accountArn(id: string): string {
        return `arn:aws:organizations::${this.managementAccountId}:account/${this.organizationId}/${id}`;
    }
    rootArn(): string {
        return `arn:aws:organizations::${this.managementAccountId}:root/${this.organizationId}/${this.rootId}`;
    }
    ouArn(id: string): string {
        return `arn:aws:organizations::${this.managementAccountId}:ou/${this.organizationId}/${id}`;
    }

    // ---------- test hooks ----------

    /** The next matching creation(s) end FAILED with this reason (checked after email uniqueness). */
    scriptFailure(failure: ScriptedFailure): void {
        const times = failure.times ?? 1;
        if (!(times > 0)) throw new Error("times must be > 0");
        if (!(FAILURE_REASONS as readonly string[]).includes(failure.reason)) throw new Error(`unknown failure reason ${failure.reason}`);
        this.scripted.push({ ...failure, remaining: times });
    }

    /** An account that is already a member (not created through the API), e.g. for adoption tests. Returns its id. */
    addAccount(input: { name: string; email: string; parentId?: string; tags?: Tag[] | Record<string, string>; joinedMethod?: JoinedMethod; state?: AccountState }): string {
        const parentId = input.parentId ?? this.rootId;
        if (!this.isContainer(parentId)) throw new Error(`unknown parent ${parentId}`);
        if (this.usedEmails.has(input.email.toLowerCase())) throw new Error(`email ${input.email} already used`);
        const tags = Array.isArray(input.tags) ? input.tags : Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
        const account = this.insertAccount({ name: input.name, email: input.email, parentId, tags, joinedMethod: input.joinedMethod ?? "INVITED" });
        if (input.state) account.state = input.state;
        return account.id;
    }

    /** The account gets what it needs to stand alone (all of it by default): removal may then go ahead. */
    makeStandalone(id: string, parts: Partial<Standalone> = { paymentInstrument: true, eula: true, phoneVerified: true }): void {
        const account = this.accountsById.get(id);
        if (!account) throw new Error(`unknown account ${id}`);
        Object.assign(account.standalone, parts);
    }

    /** Ends the waiting period of an account made by CreateAccount (as if it had joined long ago). */
    endWaitPeriod(id: string): void {
        const account = this.accountsById.get(id);
        if (!account) throw new Error(`unknown account ${id}`);
        account.joinedAt = new Date(this.now().getTime() - this.options.removalWaitPeriodMs - 1);
    }

    /** Returns the new OU's id (`ou-<root suffix>-<8 chars>`). */
    createOrganizationalUnit(name: string, parentId: string = this.rootId): string {
        if (!this.isContainer(parentId)) throw new AwsServiceError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified: ${parentId}.`);
        const id = `ou-${this.rootId.slice(2)}-${randomAlnum(8)}`;
        this.ous.set(id, { seq: this.nextSeq(), id, name, parentId, tags: new Map() });
        return id;
    }

    setAccountState(id: string, state: AccountState): void {
        const account = this.accountsById.get(id);
        if (!account) throw new Error(`unknown account ${id}`);
        if (!ACCOUNT_STATES.includes(state)) throw new Error(`unknown account state ${state}`);
        account.state = state;
        if (state !== "PENDING_CLOSURE") this.closures.cancel(id);
    }

    /**
     * A change made outside the API under test (the console, another tool): the account moved to
     * `parentId` and its tags set, without the refusals the API would answer right after a creation.
     */
    changeOutOfBand(id: string, change: { parentId?: string; tags?: Record<string, string> }): void {
        const account = this.accountsById.get(id);
        if (!account) throw new Error(`unknown account ${id}`);
        if (change.parentId !== undefined && !this.isContainer(change.parentId)) throw new Error(`unknown parent ${change.parentId}`);
        if (change.parentId !== undefined) account.parentId = change.parentId;
        for (const [key, value] of Object.entries(change.tags ?? {})) account.tags.set(key, value);
    }

    accounts(): AccountSnapshot[] {
        return [...this.accountsById.values()]
            .sort((a, b) => a.seq - b.seq)
            .map((a) => ({
                id: a.id,
                arn: this.accountArn(a.id),
                name: a.name,
                email: a.email,
                parentId: a.parentId,
                state: a.state,
                joinedMethod: a.joinedMethod,
                joinedAt: a.joinedAt,
                tags: [...a.tags].map(([Key, Value]) => ({ Key, Value })),
            }));
    }

    /** Visible (not expired) status records, in request order. */
    createAccountStatuses(): CreateAccountStatusSnapshot[] {
        return this.statuses.filter((s) => !s.expired).map((s) => ({ ...statusDto(s), email: s.email }));
    }

    organizationalUnits(): { id: string; name: string; parentId: string }[] {
        return [...this.ous.values()].map((o) => ({ id: o.id, name: o.name, parentId: o.parentId }));
    }

    /** Creations currently IN_PROGRESS (expired records included: the work is still under way). */
    inProgressCount(): number {
        return this.statuses.filter((s) => s.state === "IN_PROGRESS").length;
    }

    // ---------- Organizations operations ----------

    createAccount(input: CreateAccountInput): CreateAccountStatusDto {
        if (this.inProgressCount() >= this.options.maxInProgress) {
            throw constraintViolation(
                "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
                "You have exceeded the number of concurrent account creation requests. Wait for one of the requests in progress to complete, then try again.",
            );
        }
        const id = "car-" + randomAlnum(32);
        const record: CreateStatusRecord = {
            seq: this.nextSeq(),
            id,
            accountName: input.accountName,
            email: input.email,
            state: "IN_PROGRESS",
            requestedAt: this.now(),
            expired: false,
            planned: this.planCreation(input),
            request: input,
        };
        this.statuses.push(record);
        this.creations.schedule(id, this.options.creationDelayMs, () => this.completeCreation(id));
        return statusDto(record);
    }

    private planCreation(input: CreateAccountInput): CreateStatusRecord["planned"] {
        const email = input.email.toLowerCase();
        const taken = this.usedEmails.has(email) || this.statuses.some((s) => s.state === "IN_PROGRESS" && s.planned.kind === "succeed" && s.email.toLowerCase() === email);
        if (taken) return { kind: "fail", reason: "EMAIL_ALREADY_EXISTS" };
        const f = useFirst(this.scripted, (f) => matches(f.email, input.email, true) && matches(f.name, input.accountName, false));
        if (f) return { kind: "fail", reason: f.reason };
        return { kind: "succeed" };
    }

    private completeCreation(id: string): void {
        const record = this.statuses.find((s) => s.id === id);
        if (!record || record.state !== "IN_PROGRESS") return;
        record.completedAt = this.now();
        let planned = record.planned;
        if (planned.kind === "succeed" && this.options.maxAccounts !== undefined && this.accountsById.size >= this.options.maxAccounts) {
            planned = { kind: "fail", reason: "ACCOUNT_LIMIT_EXCEEDED" };
        }
        if (planned.kind === "fail") {
            record.state = "FAILED";
            record.failureReason = planned.reason;
            return;
        }
        const input = record.request;
        const account = this.insertAccount({
            name: input.accountName,
            email: input.email,
            tags: input.tags,
            parentId: this.rootId,
            joinedMethod: "CREATED",
        });
        record.state = "SUCCEEDED";
        record.accountId = account.id;
    }

    private insertAccount(input: { id?: string; name: string; email: string; tags?: Tag[]; parentId: string; joinedMethod: JoinedMethod }): AccountRecord {
        let id = input.id;
        while (id === undefined || (this.accountsById.has(id) && input.id === undefined)) id = randomDigits(12);
        const account: AccountRecord = {
            seq: this.nextSeq(),
            id,
            name: input.name,
            email: input.email,
            parentId: input.parentId,
            state: "ACTIVE",
            joinedMethod: input.joinedMethod,
            joinedAt: this.now(),
            tags: new Map((input.tags ?? []).map((t) => [t.Key, t.Value])),
            // Accounts that joined by invitation were standalone accounts before; created ones are not.
            standalone: { paymentInstrument: input.joinedMethod === "INVITED", eula: input.joinedMethod === "INVITED", phoneVerified: input.joinedMethod === "INVITED" },
            flapReads: 0,
        };
        this.accountsById.set(account.id, account);
        this.usedEmails.add(account.email.toLowerCase());
        return account;
    }

    /** Eventual consistency (reference, "Right after a creation"): a new request is not found at first. */
    private isFresh(since: Date): boolean {
        return this.now().getTime() - since.getTime() < this.options.consistencyLagMs;
    }

    describeCreateAccountStatus(id: string): CreateAccountStatusDto {
        const found = this.visibleStatus(id);
        const record = found && !this.isFresh(found.requestedAt) ? found : undefined;
        if (!record)
            throw new AwsServiceError("CreateAccountStatusNotFoundException", `We can't find a create account request with the CreateAccountRequestId that you specified: ${id}.`);
        return statusDto(record);
    }

    /** Visible status records, filtered, in request order. */
    listCreateAccountStatuses(states: CreateState[]): { seq: number; dto: CreateAccountStatusDto }[] {
        return this.statuses
            .filter((s) => !s.expired && !this.isFresh(s.requestedAt) && (states.length === 0 || states.includes(s.state)))
            .map((s) => ({ seq: s.seq, dto: statusDto(s) }));
    }

    getAccount(id: string): AccountRecord {
        const account = this.accountsById.get(id);
        if (!account) throw accountNotFound(id);
        return account;
    }

    /** An account as reads see it: a just-created one is not found yet (eventual consistency). */
    readAccount(id: string): AccountRecord {
        const account = this.getAccount(id);
        if (this.isNew(account)) throw accountNotFound(id);
        return account;
    }

    private isNew(account: AccountRecord): boolean {
        return account.joinedMethod === "CREATED" && this.isFresh(account.joinedAt);
    }

    /**
     * The state reads answer: ACTIVE for a while after CloseAccount, then (if flapping) the real
     * state and ACTIVE in turn (TF #24694, #46284: DescribeAccount lags and flips after a close).
     */
    private visibleState(account: AccountRecord): AccountState {
        if (!account.closeRequestedAt) return account.state;
        const since = this.now().getTime() - account.closeRequestedAt.getTime();
        const lag = this.options.closeVisibilityLagMs;
        if (since < lag) return "ACTIVE";
        if (this.options.closeFlapping && since < 2 * lag + 1) return account.flapReads++ % 2 === 0 ? account.state : "ACTIVE";
        return account.state;
    }

    /** ConcurrentModificationException on moves and tags of a just-created account (reference, "Right after a creation"). */
    private refuseWhileSettling(account: AccountRecord): void {
        if (account.joinedMethod !== "CREATED") return;
        if (this.now().getTime() - account.joinedAt.getTime() >= this.options.concurrentModificationMs) return;
        throw new AwsServiceError("ConcurrentModificationException", "The target of the operation is currently being modified by a different request. Try again later.");
    }

    accountDto(account: AccountRecord): AccountDto {
        return {
            Id: account.id,
            Arn: this.accountArn(account.id),
            Email: account.email,
            Name: account.name,
            State: this.visibleState(account),
            JoinedMethod: account.joinedMethod,
            JoinedTimestamp: epochSeconds(account.joinedAt),
        };
    }

    listAccounts(): AccountRecord[] {
        return [...this.accountsById.values()].filter((a) => !this.isNew(a)).sort((a, b) => a.seq - b.seq);
    }

    isContainer(id: string): boolean {
        return id === this.rootId || this.ous.has(id);
    }

    listParents(childId: string): { Id: string; Type: ParentType }[] {
        const account = this.accountsById.get(childId);
        const parentId = (account && !this.isNew(account) ? account.parentId : undefined) ?? this.ous.get(childId)?.parentId;
        if (parentId === undefined)
            throw new AwsServiceError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified: ${childId}.`);
        return [{ Id: parentId, Type: parentId === this.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
    }

    moveAccount(id: string, sourceParentId: string, destinationParentId: string): void {
        const account = this.getAccount(id);
        this.refuseWhileSettling(account);
        if (!this.isContainer(sourceParentId) || account.parentId !== sourceParentId) {
            throw new AwsServiceError("SourceParentNotFoundException", `We can't find a source root or OU with the ParentId that you specified: ${sourceParentId}.`);
        }
        if (!this.isContainer(destinationParentId)) {
            throw new AwsServiceError(
                "DestinationParentNotFoundException",
                `We can't find the destination container (a root or OU) with the ParentId that you specified: ${destinationParentId}.`,
            );
        }
        if (account.parentId === destinationParentId) {
            throw new AwsServiceError("DuplicateAccountException", `That account is already present in the specified destination: ${destinationParentId}.`);
        }
        account.parentId = destinationParentId;
    }

    // CloseAccount (reference, "Closing"): PENDING_CLOSURE, then State=CLOSED (the 90-day window
    // before it is gone for good is not modelled); SUSPENDED is AWS's own suspension, not a close.
    closeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) throw constraintViolation("CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "You can't close the management account of an organization.");
        if (account.state === "CLOSED" || account.state === "SUSPENDED") {
            throw new AwsServiceError("AccountAlreadyClosedException", `You attempted to close an account that is already closed: ${id}.`);
        }
        // Closing an account already closing is undocumented; the operation's error list now has
        // ConflictException (reference, "Closing"), which is what the emulator answers.
        if (account.state === "PENDING_CLOSURE") {
            throw new AwsServiceError(
                "ConflictException",
                `The request failed because it conflicts with the current state of the specified resource: account ${id} is already being closed.`,
            );
        }
        const closing = [...this.accountsById.values()].filter((a) => a.state === "PENDING_CLOSURE").length;
        if (closing >= this.options.maxConcurrentClosures) {
            throw constraintViolation(
                "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED",
                "You have exceeded the number of accounts that you can close at a time. Wait for the accounts being closed to finish closing, then try again.",
            );
        }
        const since = this.now().getTime() - THIRTY_DAYS_MS;
        if (this.closedAt.filter((t) => t.getTime() > since).length >= this.closeQuota()) {
            throw constraintViolation("CLOSE_ACCOUNT_QUOTA_EXCEEDED", "You have exceeded the close account quota for the past 30 days.");
        }
        this.closedAt.push(this.now());
        const start = () => {
            if (account.state !== "ACTIVE" && account.state !== "PENDING_ACTIVATION") return;
            account.state = "PENDING_CLOSURE";
            account.closeRequestedAt = this.now();
            account.flapReads = 0;
            this.closures.schedule(id, this.options.closeDelayMs, () => this.completeClosure(id));
        };
        if (this.options.closeAcceptDelayMs) this.closures.schedule(id, this.options.closeAcceptDelayMs, start);
        else start();
    }

    /** Reference, "Quotas": the higher of 250 or 20% of the members per rolling 30 days, at most 1,000. */
    private closeQuota(): number {
        return this.options.closeQuota30Days ?? Math.min(1000, Math.max(250, Math.floor(this.accountsById.size * 0.2)));
    }

    private completeClosure(id: string): void {
        const account = this.accountsById.get(id);
        if (account && account.state === "PENDING_CLOSURE") account.state = "CLOSED";
    }

    // RemoveAccountFromOrganization (reference, "Removal of a created account"): an account made by
    // CreateAccount cannot leave until its waiting period is over (the model says at least 4 days,
    // the quotas page 7; the emulator uses 7, the more recent quotas page) and it has its own
    // payment method, EULA and verified phone. The order of the checks is not documented.
    removeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) {
            throw new AwsServiceError(
                "MasterCannotLeaveOrganizationException",
                "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
            );
        }
        if (account.joinedMethod === "CREATED" && this.now().getTime() - account.joinedAt.getTime() < this.options.removalWaitPeriodMs) {
            throw constraintViolation("WAIT_PERIOD_ACTIVE", "You can't remove a newly created account from an organization until its waiting period has passed. Try again later.");
        }
        if (this.options.removalRequiresStandalone) {
            if (!account.standalone.paymentInstrument) {
                throw constraintViolation(
                    "MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED",
                    "To leave an organization, the member account must have a valid payment instrument of its own. Sign in to the account as its root user and add one.",
                );
            }
            if (!account.standalone.eula) {
                throw constraintViolation(
                    "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA",
                    "To leave an organization, the account must first accept the AWS Customer Agreement. Sign in to the account as its root user to accept it.",
                );
            }
            if (!account.standalone.phoneVerified) {
                throw constraintViolation(
                    "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION",
                    "To leave an organization, the account must first complete phone verification. Sign in to the account as its root user to verify it.",
                );
            }
        }
        this.closures.cancel(id);
        this.accountsById.delete(id);
    }

    private tagsOf(resourceId: string): Map<string, string> {
        const tags = this.accountsById.get(resourceId)?.tags ?? this.ous.get(resourceId)?.tags ?? (resourceId === this.rootId ? this.rootTags : undefined);
        if (!tags) throw targetNotFound(resourceId);
        return tags;
    }

    private refuseTagsWhileSettling(resourceId: string): void {
        const account = this.accountsById.get(resourceId);
        if (account) this.refuseWhileSettling(account);
    }

    tagResource(resourceId: string, tags: Tag[]): void {
        const current = this.tagsOf(resourceId);
        this.refuseTagsWhileSettling(resourceId);
        const keys = new Set([...current.keys(), ...tags.map((t) => t.Key)]);
        if (keys.size > MAX_TAGS_PER_RESOURCE) {
            throw constraintViolation("MAX_TAG_LIMIT_EXCEEDED", `You have exceeded the maximum number of tags allowed on this resource (${MAX_TAGS_PER_RESOURCE}).`);
        }
        for (const t of tags) current.set(t.Key, t.Value);
    }

    untagResource(resourceId: string, keys: string[]): void {
        const current = this.tagsOf(resourceId);
        this.refuseTagsWhileSettling(resourceId);
        for (const k of keys) current.delete(k);
    }

    listTags(resourceId: string): Tag[] {
        const account = this.accountsById.get(resourceId);
        if (account && this.isNew(account)) throw targetNotFound(resourceId);
        return [...this.tagsOf(resourceId)].map(([Key, Value]) => ({ Key, Value }));
    }

    organizationDto(): Record<string, unknown> {
        return {
            Id: this.organizationId,
            Arn: this.organizationArn(),
            FeatureSet: "ALL",
            MasterAccountArn: this.accountArn(this.managementAccountId),
            MasterAccountId: this.managementAccountId,
            MasterAccountEmail: this.managementAccountEmail,
            AvailablePolicyTypes: [],
        };
    }

    rootDto(): Record<string, unknown> {
        return { Id: this.rootId, Arn: this.rootArn(), Name: this.rootName, PolicyTypes: [] };
    }

    /** DescribeOrganizationalUnit: undefined when there is no such OU. */
    organizationalUnit(id: string): { Id: string; Arn: string; Name: string } | undefined {
        const ou = this.ous.get(id);
        return ou && { Id: ou.id, Arn: this.ouArn(ou.id), Name: ou.name };
    }

    // ---------- Account Management operations ----------

    get accountManagementTrustedAccess(): boolean {
        return this.options.accountManagementTrustedAccess;
    }

    putAccountName(id: string, name: string): void {
        this.getAccount(id).name = name;
    }
}

function statusDto(s: CreateStatusRecord): CreateAccountStatusDto {
    const dto: CreateAccountStatusDto = { Id: s.id, AccountName: s.accountName, State: s.state, RequestedTimestamp: epochSeconds(s.requestedAt) };
    if (s.completedAt !== undefined) dto.CompletedTimestamp = epochSeconds(s.completedAt);
    if (s.accountId !== undefined) dto.AccountId = s.accountId;
    if (s.failureReason !== undefined) dto.FailureReason = s.failureReason;
    return dto;
}
