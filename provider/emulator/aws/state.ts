// In-memory model of one AWS organization, as AWS Organizations (and the Account Management API) keep it.
import { randomInt } from "node:crypto";
import { randomAlnum, useFirst } from "../records";
import { OrganizationModel } from "../organizationModel";

export { randomAlnum };

export type CreateState = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
export type AccountState = "PENDING_ACTIVATION" | "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
export type AccountStatus = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
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

export interface AwsStateOptions {
    creationDelayMs: number;
    closeDelayMs: number;
    clock: () => Date;
    /** At most this many creations IN_PROGRESS at once; default 5. */
    maxInProgress: number;
    /** Member accounts (management included) beyond which creations fail ACCOUNT_LIMIT_EXCEEDED; default unlimited. */
    maxAccounts?: number;
    /** Time from an accepted CloseAccount to the account showing PENDING_CLOSURE; default 0 (at once). */
    closeAcceptDelayMs?: number;
}

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
    Status: AccountStatus;
    State: AccountState;
    JoinedMethod: JoinedMethod;
    JoinedTimestamp: number;
}

export interface AccountSnapshot extends Omit<AccountRecord, "seq" | "tags"> {
    arn: string;
    tags: Tag[];
}

export interface CreateAccountStatusSnapshot extends CreateAccountStatusDto {
    email: string;
}

/** The older `Status` field for a `State`. */
export function statusOf(state: AccountState): AccountStatus {
    switch (state) {
        case "PENDING_ACTIVATION":
        case "ACTIVE":
            return "ACTIVE";
        case "PENDING_CLOSURE":
            return "PENDING_CLOSURE";
        default:
            return "SUSPENDED";
    }
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

    constructor(private readonly options: AwsStateOptions) {
        super();
        this.insertAccount({
            id: this.managementAccountId,
            name: this.managementAccountName,
            email: this.managementAccountEmail,
            parentId: this.rootId,
            joinedMethod: "INVITED",
        });
        this.defaultOuId = this.createOrganizationalUnit("emulator-default-ou");
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
        const taken =
            this.usedEmails.has(email) ||
            this.statuses.some((s) => s.state === "IN_PROGRESS" && s.planned.kind === "succeed" && s.email.toLowerCase() === email);
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
        };
        this.accountsById.set(account.id, account);
        this.usedEmails.add(account.email.toLowerCase());
        return account;
    }

    describeCreateAccountStatus(id: string): CreateAccountStatusDto {
        const record = this.visibleStatus(id);
        if (!record) throw new AwsServiceError("CreateAccountStatusNotFoundException", `We can't find a create account request with the CreateAccountRequestId that you specified: ${id}.`);
        return statusDto(record);
    }

    /** Visible status records, filtered, in request order. */
    listCreateAccountStatuses(states: CreateState[]): { seq: number; dto: CreateAccountStatusDto }[] {
        return this.statuses
            .filter((s) => !s.expired && (states.length === 0 || states.includes(s.state)))
            .map((s) => ({ seq: s.seq, dto: statusDto(s) }));
    }

    getAccount(id: string): AccountRecord {
        const account = this.accountsById.get(id);
        if (!account) throw accountNotFound(id);
        return account;
    }

    accountDto(account: AccountRecord): AccountDto {
        return {
            Id: account.id,
            Arn: this.accountArn(account.id),
            Email: account.email,
            Name: account.name,
            Status: statusOf(account.state),
            State: account.state,
            JoinedMethod: account.joinedMethod,
            JoinedTimestamp: epochSeconds(account.joinedAt),
        };
    }

    listAccounts(): AccountRecord[] {
        return [...this.accountsById.values()].sort((a, b) => a.seq - b.seq);
    }

    isContainer(id: string): boolean {
        return id === this.rootId || this.ous.has(id);
    }

    listParents(childId: string): { Id: string; Type: ParentType }[] {
        const parentId = this.accountsById.get(childId)?.parentId ?? this.ous.get(childId)?.parentId;
        if (parentId === undefined) throw new AwsServiceError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified: ${childId}.`);
        return [{ Id: parentId, Type: parentId === this.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
    }

    moveAccount(id: string, sourceParentId: string, destinationParentId: string): void {
        const account = this.getAccount(id);
        if (!this.isContainer(sourceParentId) || account.parentId !== sourceParentId) {
            throw new AwsServiceError("SourceParentNotFoundException", `We can't find a source root or OU with the ParentId that you specified: ${sourceParentId}.`);
        }
        if (!this.isContainer(destinationParentId)) {
            throw new AwsServiceError("DestinationParentNotFoundException", `We can't find the destination container (a root or OU) with the ParentId that you specified: ${destinationParentId}.`);
        }
        if (account.parentId === destinationParentId) {
            throw new AwsServiceError("DuplicateAccountException", `That account is already present in the specified destination: ${destinationParentId}.`);
        }
        account.parentId = destinationParentId;
    }

    closeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) throw constraintViolation("CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "You can't close the management account of an organization.");
        if (account.state !== "ACTIVE" && account.state !== "PENDING_ACTIVATION") {
            throw new AwsServiceError("AccountAlreadyClosedException", `You attempted to close an account that is already closed: ${id}.`);
        }
        const start = () => {
            if (account.state !== "ACTIVE" && account.state !== "PENDING_ACTIVATION") return;
            account.state = "PENDING_CLOSURE";
            this.closures.schedule(id, this.options.closeDelayMs, () => this.completeClosure(id));
        };
        if (this.options.closeAcceptDelayMs) this.closures.schedule(id, this.options.closeAcceptDelayMs, start);
        else start();
    }

    private completeClosure(id: string): void {
        const account = this.accountsById.get(id);
        if (account && account.state === "PENDING_CLOSURE") account.state = "SUSPENDED";
    }

    removeAccount(id: string): void {
        this.getAccount(id);
        if (id === this.managementAccountId) {
            throw new AwsServiceError("MasterCannotLeaveOrganizationException", "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.");
        }
        this.closures.cancel(id);
        this.accountsById.delete(id);
    }

    private tagsOf(resourceId: string): Map<string, string> {
        const tags = this.accountsById.get(resourceId)?.tags ?? this.ous.get(resourceId)?.tags ?? (resourceId === this.rootId ? this.rootTags : undefined);
        if (!tags) throw new AwsServiceError("TargetNotFoundException", `We can't find a root, OU, account, or policy with the TargetId that you specified: ${resourceId}.`);
        return tags;
    }

    tagResource(resourceId: string, tags: Tag[]): void {
        const current = this.tagsOf(resourceId);
        const keys = new Set([...current.keys(), ...tags.map((t) => t.Key)]);
        if (keys.size > MAX_TAGS_PER_RESOURCE) {
            throw constraintViolation("MAX_TAG_LIMIT_EXCEEDED", `You have exceeded the maximum number of tags allowed on this resource (${MAX_TAGS_PER_RESOURCE}).`);
        }
        for (const t of tags) current.set(t.Key, t.Value);
    }

    untagResource(resourceId: string, keys: string[]): void {
        const current = this.tagsOf(resourceId);
        for (const k of keys) current.delete(k);
    }

    listTags(resourceId: string): Tag[] {
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

    // ---------- Account Management operations ----------

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
