// In-memory model of one AWS organization, as AWS Organizations (and the Account Management API) keep it:
// what the API operations do. The controls a test has over it are in controls.ts.
import { randomAlnum, useFirst } from "../core/records";
import { OrganizationModel } from "../core/organizationModel";
import {
    accountAlreadyClosed,
    accountNotFound,
    alreadyClosing,
    childNotFound,
    concurrentModification,
    constraintViolation,
    createAccountStatusNotFound,
    destinationParentNotFound,
    duplicateAccount,
    masterCannotLeave,
    sourceParentNotFound,
    targetNotFound,
} from "./errors";
import { ACCOUNT_STATES, FAILURE_REASONS, MAX_TAGS_PER_RESOURCE, randomDigits } from "./model";
import type {
    AccountRecord,
    AccountState,
    AwsStateOptions,
    CreateAccountInput,
    CreateState,
    CreateStatusRecord,
    JoinedMethod,
    OuRecord,
    ParentType,
    ScriptedFailure,
    Tag,
} from "./model";
import { statusDto } from "./wire";
import type { CreateAccountStatusDto } from "./wire";

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

function matches(pattern: string | RegExp | undefined, value: string, caseInsensitive: boolean): boolean {
    if (pattern === undefined) return true;
    if (typeof pattern === "string") return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    pattern.lastIndex = 0;
    return pattern.test(value);
}

export class AwsOrganization extends OrganizationModel<CreateStatusRecord, AccountRecord, ScriptedFailure, AccountState> {
    protected readonly accountStates = { all: ACCOUNT_STATES, closing: "PENDING_CLOSURE" } as const;
    readonly organizationId = "o-" + randomAlnum(10);
    readonly rootId = "r-" + randomAlnum(4);
    readonly rootName = "Root";
    readonly managementAccountId = randomDigits(12);
    readonly managementAccountName = "emulator-management";
    readonly managementAccountEmail = "management@example.com";
    readonly defaultOuId: string;

    /** Lower-cased emails of every account that ever existed (removed or closed accounts keep theirs). */
    protected readonly usedEmails = new Set<string>();
    protected readonly ous = new Map<string, OuRecord>();
    protected readonly rootTags = new Map<string, string>();
    /** When each accepted CloseAccount was made (the rolling 30-day quota). */
    protected readonly closedAt: Date[] = [];

    constructor(protected readonly options: AwsStateOptions) {
        super();
        this.defaultOuId = `ou-${this.rootId.slice(2)}-${randomAlnum(8)}`;
        this.seed();
    }

    /** The organization as it starts: the management account and one OU. */
    protected seed(): void {
        this.insertAccount({
            id: this.managementAccountId,
            name: this.managementAccountName,
            email: this.managementAccountEmail,
            parentId: this.rootId,
            joinedMethod: "INVITED",
        });
        this.ous.set(this.defaultOuId, { seq: this.nextSeq(), id: this.defaultOuId, name: "emulator-default-ou", parentId: this.rootId, tags: new Map() });
    }

    protected now(): Date {
        return this.options.clock();
    }

    get maxInProgress(): number {
        return this.options.maxInProgress;
    }

    /** A scripted failure ends the creation FAILED with its reason (checked after email uniqueness): one the service documents. */
    protected override checkScriptedFailure(failure: ScriptedFailure): void {
        if (!(FAILURE_REASONS as readonly string[]).includes(failure.reason)) throw new Error(`unknown failure reason ${failure.reason}`);
    }

    protected writeState(account: AccountRecord, state: AccountState): void {
        account.state = state;
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

    protected insertAccount(input: { id?: string; name: string; email: string; tags?: Tag[]; parentId: string; joinedMethod: JoinedMethod }): AccountRecord {
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

    /**
     * Eventual consistency: a new request, and a new account, are not found at first
     * (terraform-provider-aws tolerates it while it waits, internal/service/organizations/account.go).
     */
    private isFresh(since: Date): boolean {
        return this.now().getTime() - since.getTime() < this.options.consistencyLagMs;
    }

    describeCreateAccountStatus(id: string): CreateAccountStatusDto {
        const found = this.visibleStatus(id);
        const record = found && !this.isFresh(found.requestedAt) ? found : undefined;
        if (!record) throw createAccountStatusNotFound(id);
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
     * state and ACTIVE in turn (https://github.com/hashicorp/terraform-provider-aws/issues/24694 and /46284).
     */
    answeredState(account: AccountRecord): AccountState {
        if (!account.closeRequestedAt) return account.state;
        const since = this.now().getTime() - account.closeRequestedAt.getTime();
        const lag = this.options.closeVisibilityLagMs;
        if (since < lag) return "ACTIVE";
        if (this.options.closeFlapping && since < 2 * lag + 1) return account.flapReads++ % 2 === 0 ? account.state : "ACTIVE";
        return account.state;
    }

    /** ConcurrentModificationException on moves and tags of a just-created account (listed in the Errors of https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html and API_TagResource.html). */
    private refuseWhileSettling(account: AccountRecord): void {
        if (account.joinedMethod !== "CREATED") return;
        if (this.now().getTime() - account.joinedAt.getTime() >= this.options.concurrentModificationMs) return;
        throw concurrentModification();
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
        if (parentId === undefined) throw childNotFound(childId);
        return [{ Id: parentId, Type: parentId === this.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
    }

    moveAccount(id: string, sourceParentId: string, destinationParentId: string): void {
        const account = this.getAccount(id);
        this.refuseWhileSettling(account);
        if (!this.isContainer(sourceParentId) || account.parentId !== sourceParentId) {
            throw sourceParentNotFound(sourceParentId);
        }
        if (!this.isContainer(destinationParentId)) {
            throw destinationParentNotFound(destinationParentId);
        }
        if (account.parentId === destinationParentId) {
            throw duplicateAccount(destinationParentId);
        }
        account.parentId = destinationParentId;
    }

    // CloseAccount (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html, and the user guide's
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_close.html):
    // PENDING_CLOSURE, then State=CLOSED (the 90-day window
    // before it is gone for good is not modelled); SUSPENDED is AWS's own suspension, not a close.
    closeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) throw constraintViolation("CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "You can't close the management account of an organization.");
        if (account.state === "CLOSED" || account.state === "SUSPENDED") {
            throw accountAlreadyClosed(id);
        }
        // Closing an account already closing is undocumented; the operation's error list now has
        // ConflictException (API_CloseAccount.html, "Errors"), which is what the emulator answers.
        if (account.state === "PENDING_CLOSURE") {
            throw alreadyClosing(id);
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

    /** Quotas (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html): the higher of 250 or 20% of the members per rolling 30 days, at most 1,000. */
    private closeQuota(): number {
        return this.options.closeQuota30Days ?? Math.min(1000, Math.max(250, Math.floor(this.accountsById.size * 0.2)));
    }

    private completeClosure(id: string): void {
        const account = this.accountsById.get(id);
        if (account && account.state === "PENDING_CLOSURE") account.state = "CLOSED";
    }

    // RemoveAccountFromOrganization (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_remove.html):
    // an account made by CreateAccount cannot leave until its waiting period is over (the service
    // model, botocore's data/organizations/2016-11-28/service-2.json, says at least 4 days, the
    // quotas page 7; the emulator uses 7, the more recent quotas page) and it has its own
    // payment method, EULA and verified phone. The order of the checks is not documented.
    removeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) {
            throw masterCannotLeave();
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

    /** DescribeOrganizationalUnit: undefined when there is no such OU. */
    findOrganizationalUnit(id: string): OuRecord | undefined {
        return this.ous.get(id);
    }

    // ---------- Account Management operations ----------

    get accountManagementTrustedAccess(): boolean {
        return this.options.accountManagementTrustedAccess;
    }

    putAccountName(id: string, name: string): void {
        this.getAccount(id).name = name;
    }
}
