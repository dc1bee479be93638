// In-memory model of one Huawei Cloud organization, as the Organizations service keeps it: what the
// API operations do. The controls a test has over it are in controls.ts.
import { randomAlnum, useFirst } from "../core/records";
import { OrganizationModel } from "../core/organizationModel";
import { HUAWEI_REFUSALS } from "../../provider/clouds/huawei/errorCodes";
import { alreadyClosing, invalid, notFound, refused } from "./errors";
import { ACCOUNT_STATUSES, DEFAULT_HUAWEI_RULES, randomHex } from "./model";
import type {
    AccountRecord,
    AccountStatus,
    CloseState,
    CloseStatusRecord,
    CreateAccountInput,
    CreateApiVersion,
    CreateState,
    CreateStatusRecord,
    EntityType,
    HuaweiRules,
    HuaweiStateOptions,
    OuRecord,
    ScriptedFailure,
    Tag,
} from "./model";
import { isoSeconds, statusDto } from "./wire";
import type { CreateAccountStatusDto } from "./wire";

const CLOSE_QUOTA_WINDOW_MS = 30 * 24 * 3600 * 1000;

export class HuaweiOrganization extends OrganizationModel<CreateStatusRecord, AccountRecord, ScriptedFailure, AccountStatus> {
    protected readonly accountStates = { all: ACCOUNT_STATUSES, closing: "pending_closure" } as const;
    readonly organizationId = "o-" + randomAlnum(32);
    readonly rootId = "r-" + randomAlnum(4);
    readonly rootName = "Root";
    readonly managementAccountId = randomHex(32);
    readonly managementAccountName = "emulator-management";
    readonly defaultOuId: string;

    /** Names of every account that ever existed (removed accounts keep theirs: names are global). */
    protected readonly usedNames = new Set<string>();
    /** Emails (lower-cased) of every account that ever existed: never reused, not even after closing. */
    protected readonly usedEmails = new Set<string>();
    /** Phones of closed accounts: not reusable. */
    protected readonly closedPhones = new Set<string>();
    readonly rules: HuaweiRules;
    protected readonly closeStatuses: CloseStatusRecord[] = [];
    protected readonly ous = new Map<string, OuRecord>();
    readonly createdAt: string;

    constructor(protected readonly options: HuaweiStateOptions) {
        super();
        this.rules = { ...DEFAULT_HUAWEI_RULES, ...options.rules };
        this.createdAt = this.now();
        this.defaultOuId = "ou-" + randomAlnum(32);
        this.seed();
    }

    /** The organization as it starts: the management account and one OU. */
    protected seed(): void {
        this.insertAccount({
            name: this.managementAccountName,
            email: "management@example.com",
            parentId: this.rootId,
            joinMethod: "created",
            id: this.managementAccountId,
        });
        this.ous.set(this.defaultOuId, { seq: this.nextSeq(), id: this.defaultOuId, name: "emulator-default-ou", parentId: this.rootId, createdAt: this.now() });
    }

    protected now(): string {
        return this.options.millisecondTimestamps ? this.options.clock().toISOString() : isoSeconds(this.options.clock());
    }

    protected writeState(account: AccountRecord, status: AccountStatus): void {
        account.status = status;
    }

    // ---------- service operations ----------

    createAccount(input: CreateAccountInput, version: CreateApiVersion = "v1"): CreateAccountStatusDto {
        this.refuseCreation(input, version);
        const id = "h-" + randomAlnum(32);
        const record: CreateStatusRecord = {
            seq: this.nextSeq(),
            id,
            accountName: input.name,
            state: "in_progress",
            createdAt: this.now(),
            expired: false,
            visibleFrom: this.options.clock().getTime() + this.rules.consistencyDelayMs,
            planned: this.planCreation(input),
            request: input,
        };
        this.statuses.push(record);
        this.creations.schedule(id, this.options.creationDelayMs, () => this.completeCreation(id));
        return statusDto(record);
    }

    /** Refusals answered at once, as an HTTP error: the request is not accepted. */
    private refuseCreation(input: CreateAccountInput, version: CreateApiVersion): void {
        // CreateAccount (https://support.huaweicloud.com/intl/en-us/api-organizations/CreateAccount.html, "Request Parameters"):
        // email "mandatory when an account is created at the Huawei Cloud International website",
        // phone "at the Huawei Cloud Chinese Mainland website"; a missing mandatory parameter is a
        // 400, as every other parameter check.
        if (version === "v1" && this.rules.site === "international" && input.email === undefined) {
            throw invalid("Invalid parameter: email is required when an account is created at the Huawei Cloud International website.");
        }
        if (version === "v1" && this.rules.site === "china" && input.phone === undefined) {
            throw invalid("Invalid parameter: phone is required when an account is created at the Huawei Cloud Chinese Mainland website.");
        }
        // At most 20 tags per account (HuaweiRules.maxTagsPerAccount).
        if ((input.tags?.length ?? 0) > this.rules.maxTagsPerAccount) {
            throw invalid(`Invalid parameter: an account can have at most ${this.rules.maxTagsPerAccount} tags.`);
        }
        // At most 5 creations in progress in an organization (HuaweiRules.maxCreationsInProgress).
        const inProgress = this.statuses.filter((s) => s.state === "in_progress").length;
        if (inProgress >= this.rules.maxCreationsInProgress) throw refused(HUAWEI_REFUSALS.creationsInProgress);
    }

    /**
     * Refusals decided on acceptance but reported asynchronously, as a `failed` status.
     * ShowCreateAccountStatus (https://support.huaweicloud.com/intl/en-us/api-organizations/ShowCreateAccountStatus.html, `failure_reason`)
     * lists conflicts among the status reasons (`error.2001` name conflict, `error.3001` phone
     * limit), so conflicts of email and phone are modelled the same way: an email already used by
     * any account, closed ones included, fails `error.2000` (the page lists no reason of its own
     * for it); the phone of a closed account fails `error.3001`.
     */
    private planCreation(input: CreateAccountInput): CreateStatusRecord["planned"] {
        const name = input.name;
        const pending = this.statuses.filter((s) => s.planned.kind === "succeed" && s.state !== "failed");
        const taken = this.usedNames.has(name) || pending.some((s) => s.accountName === name);
        if (taken) {
            return { kind: "fail", reason: "error.2001", detail: `The account name ${name} already exists.` };
        }
        const email = input.email?.toLowerCase();
        if (email !== undefined && (this.usedEmails.has(email) || pending.some((s) => s.request.email?.toLowerCase() === email))) {
            return { kind: "fail", reason: "error.2000", detail: `The email address ${input.email} is already used by another account.` };
        }
        if (input.phone !== undefined && this.closedPhones.has(input.phone)) {
            return { kind: "fail", reason: "error.3001", detail: `The mobile number ${input.phone} belongs to a closed account and cannot be reused.` };
        }
        const f = useFirst(this.scripted, (f) => f.name === undefined || (typeof f.name === "string" ? f.name === name : f.name.test(name)));
        if (f) return { kind: "fail", reason: f.reason, detail: f.detail };
        return { kind: "succeed" };
    }

    private completeCreation(id: string): void {
        const record = this.statuses.find((s) => s.id === id);
        if (!record || record.state !== "in_progress") return;
        record.completedAt = this.now();
        if (record.planned.kind === "fail") {
            record.state = "failed";
            record.failureReason = record.planned.reason;
            record.failureDetail = record.planned.detail;
            return;
        }
        const input = record.request;
        const account = this.insertAccount({
            name: input.name,
            email: input.email,
            phone: input.phone,
            description: input.description,
            agencyName: input.agencyName,
            tags: input.tags,
            parentId: this.rootId,
            joinMethod: "created",
            visibleFrom: this.options.clock().getTime() + this.rules.consistencyDelayMs,
        });
        record.state = "succeeded";
        record.accountId = account.id;
    }

    protected insertAccount(input: {
        id?: string;
        name: string;
        email?: string;
        phone?: string;
        description?: string;
        agencyName?: string;
        tags?: Tag[];
        parentId: string;
        joinMethod: "created" | "invited";
        visibleFrom?: number;
    }): AccountRecord {
        const account: AccountRecord = {
            seq: this.nextSeq(),
            id: input.id ?? randomHex(32),
            name: input.name,
            email: input.email,
            phone: input.phone,
            description: input.description,
            agencyName: input.agencyName,
            tags: new Map((input.tags ?? []).map((t) => [t.key, t.value])),
            parentId: input.parentId,
            status: "active",
            joinMethod: input.joinMethod,
            joinedAt: this.now(),
            visibleFrom: input.visibleFrom ?? 0,
        };
        this.accountsById.set(account.id, account);
        this.usedNames.add(account.name);
        if (account.email !== undefined) this.usedEmails.add(account.email.toLowerCase());
        return account;
    }

    showCreateAccountStatus(id: string): CreateAccountStatusDto {
        const record = this.visibleStatus(id);
        if (!record || record.visibleFrom > this.options.clock().getTime()) throw notFound(`The CreateAccount request ${id} does not exist.`);
        return statusDto(record);
    }

    /** Visible status records, filtered, in creation order. */
    listCreateAccountStatuses(states: CreateState[]): (CreateStatusRecord & { dto: CreateAccountStatusDto })[] {
        return this.statuses.filter((s) => !s.expired && (states.length === 0 || states.includes(s.state))).map((s) => ({ ...s, dto: statusDto(s) }));
    }

    getAccount(id: string): AccountRecord {
        const account = this.accountsById.get(id);
        if (!account || account.visibleFrom > this.options.clock().getTime()) throw notFound(`The account ${id} does not exist in the organization.`);
        return account;
    }

    listAccounts(parentId?: string): AccountRecord[] {
        if (parentId !== undefined && !this.isContainer(parentId)) throw notFound(`The parent ${parentId} does not exist.`);
        return [...this.accountsById.values()].filter((a) => parentId === undefined || a.parentId === parentId).sort((a, b) => a.seq - b.seq);
    }

    updateAccount(id: string, description: string | undefined): AccountRecord {
        const account = this.getAccount(id);
        if (description !== undefined) account.description = description;
        return account;
    }

    /** ShowOrganizationalUnit: 404 for an id that names no OU (terraform-provider-huaweicloud's OU read treats 404 as gone). */
    getOrganizationalUnit(id: string): OuRecord {
        const ou = this.ous.get(id);
        if (!ou) throw notFound(`The organizational unit ${id} does not exist.`);
        return ou;
    }

    isContainer(id: string): boolean {
        return id === this.rootId || this.ous.has(id);
    }

    entity(id: string): { id: string; name: string; type: EntityType; seq: number } | undefined {
        if (id === this.rootId) return { id, name: this.rootName, type: "root", seq: 0 };
        const ou = this.ous.get(id);
        if (ou) return { id, name: ou.name, type: "organizational_unit", seq: ou.seq };
        const account = this.accountsById.get(id);
        if (account) return { id, name: account.name, type: "account", seq: account.seq };
        return undefined;
    }

    /** The parent of a child (account or OU). */
    parentOf(childId: string): { id: string; name: string; type: EntityType; seq: number } {
        const parentId = this.accountsById.get(childId)?.parentId ?? this.ous.get(childId)?.parentId;
        if (parentId === undefined) throw notFound(`The entity ${childId} does not exist.`);
        return this.entity(parentId)!;
    }

    /** The direct children (OUs, then accounts) of a root or OU. */
    childrenOf(parentId: string): { id: string; name: string; type: EntityType; seq: number }[] {
        if (!this.isContainer(parentId)) throw notFound(`The parent ${parentId} does not exist.`);
        const ous = [...this.ous.values()].filter((o) => o.parentId === parentId).map((o) => this.entity(o.id)!);
        const accounts = [...this.accountsById.values()].filter((a) => a.parentId === parentId).map((a) => this.entity(a.id)!);
        return [...ous, ...accounts].sort((a, b) => a.seq - b.seq);
    }

    moveAccount(id: string, sourceParentId: string, destinationParentId: string): void {
        const account = this.getAccount(id);
        if (!this.isContainer(sourceParentId)) throw notFound(`The source parent ${sourceParentId} does not exist.`);
        if (!this.isContainer(destinationParentId)) throw notFound(`The destination parent ${destinationParentId} does not exist.`);
        if (account.parentId !== sourceParentId) {
            throw invalid(`source_parent_id ${sourceParentId} is not the parent of account ${id}.`);
        }
        account.parentId = destinationParentId;
    }

    closeAccount(id: string): void {
        const account = this.getAccount(id);
        if (account.status !== "active") {
            throw alreadyClosing(id);
        }
        if (id === this.managementAccountId) throw invalid("The management account cannot be closed.");
        this.refuseClosure();
        if (account.phone !== undefined) this.closedPhones.add(account.phone);
        const acceptedAt = this.options.clock().getTime();
        const start = () => {
            if (account.status !== "active") return;
            account.status = "pending_closure";
            const now = this.now();
            this.closeStatuses.push({ seq: this.nextSeq(), accountId: id, acceptedAt, state: "pending_closure", createdAt: now, updatedAt: now });
            this.closures.schedule(id, this.options.closeDelayMs, () => this.completeClosure(id));
        };
        if (this.options.closeAcceptDelayMs) this.closures.schedule(id, this.options.closeAcceptDelayMs, start);
        else start();
    }

    /** User guide, "Closing an Account", constraints: at most 3 at a time; at most 10% of member accounts (at most 200) per 30 days. */
    private refuseClosure(): void {
        const closing = [...this.accountsById.values()].filter((a) => a.status === "pending_closure").length;
        if (closing >= this.rules.closeConcurrency) throw refused(HUAWEI_REFUSALS.closingInProgress);
        if (this.rules.closeQuotaPercent <= 0) return;
        const members = this.accountsById.size - 1; // the management account is not a member
        const quota = Math.min(this.rules.closeQuotaMax, Math.ceil((members * this.rules.closeQuotaPercent) / 100));
        const since = this.options.clock().getTime() - CLOSE_QUOTA_WINDOW_MS;
        const closed = this.closeStatuses.filter((c) => c.acceptedAt > since).length;
        if (closed >= quota) throw refused(HUAWEI_REFUSALS.closeQuota, `${closed} closed of ${quota} allowed for ${members} member accounts.`);
    }

    private completeClosure(id: string): void {
        const account = this.accountsById.get(id);
        if (account && account.status === "pending_closure") account.status = "suspended";
        for (const c of this.closeStatuses) {
            if (c.accountId === id && c.state === "pending_closure") {
                c.state = "suspended";
                c.updatedAt = this.now();
            }
        }
    }

    listCloseAccountStatuses(states: CloseState[]): CloseStatusRecord[] {
        return this.closeStatuses.filter((c) => states.length === 0 || states.includes(c.state));
    }

    removeAccount(id: string): void {
        const account = this.getAccount(id);
        if (id === this.managementAccountId) throw invalid("The management account cannot be removed from the organization.");
        if (this.rules.removal === "created-cannot-leave" && account.joinMethod === "created") throw refused(HUAWEI_REFUSALS.cannotLeave);
        this.accountsById.delete(id);
    }

    tagAccount(id: string, tags: Tag[]): void {
        const account = this.getAccount(id);
        const keys = new Set([...account.tags.keys(), ...tags.map((t) => t.key)]);
        // At most 20 tags per account (HuaweiRules.maxTagsPerAccount).
        if (keys.size > this.rules.maxTagsPerAccount) throw invalid(`Invalid parameter: an account can have at most ${this.rules.maxTagsPerAccount} tags.`);
        for (const t of tags) {
            account.tags.delete(t.key); // re-tagging moves the key to the end, like a fresh insert
            account.tags.set(t.key, t.value);
        }
    }

    untagAccount(id: string, keys: string[]): void {
        const account = this.getAccount(id);
        for (const k of keys) account.tags.delete(k);
    }

    listTags(id: string): Tag[] {
        return [...this.getAccount(id).tags].map(([key, value]) => ({ key, value }));
    }

    /** The management account's name now (a drift may have renamed it). */
    currentManagementAccountName(): string {
        return this.accountsById.get(this.managementAccountId)?.name ?? this.managementAccountName;
    }
}
