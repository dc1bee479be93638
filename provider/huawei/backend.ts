// AccountBackend over the Huawei Cloud Organizations API.
import type { AccountBackend, AccountRecord, AccountSummary, CreationState, CreationStatus, KnownAttributes } from "../backend";
import { SharedLoad } from "../concurrency";
import { credentialsCheckFailure, type CredentialsRefusal } from "../credentialsCheck";
import { ApiError, DeletionRefusedError, OrgAccountsError, ThrottledError } from "../errors";
import { DeadlineExceededError, formatElapsed } from "../polling";
import { backoffDelayMs, sleep } from "../transport/retry";
import { HuaweiClientOptions, HuaweiOrganizationsClient } from "./client";
import { HUAWEI_REFUSALS } from "./errorCodes";
import { adviceForErrorCode, formatCreationFailure } from "./failureReasons";
import type { HuaweiAccountInputs } from "./inputs";
import type { AccountDto, CreateAccountStatusDto, TagDto } from "./schemas";

const NOT_FOUND_STATUS = 404;
const THROTTLED_STATUS = 429;
/** Refusals of a write that clear with time: send it again later. */
const REFUSED_FOR_NOW: readonly string[] = [HUAWEI_REFUSALS.concurrentModification.code];
/** Waiting out a close refused for the number of closes in progress (they end within minutes). */
const CLOSE_BACKOFF = { maxAttempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 30_000, maxElapsedMs: Infinity };
/**
 * How long after a submission (or a success) a "not found" for its id is taken for the service's
 * eventual consistency and read again, instead of an answer.
 */
export const DEFAULT_CONSISTENCY_WINDOW_MS = 30_000;
const CONSISTENCY_RETRY_MS = 500;

export interface HuaweiBackendOptions {
    consistencyWindowMs?: number;
    /** Progress lines while a refusal is waited out. */
    log?: (line: string) => void;
}

export class HuaweiBackend implements AccountBackend<HuaweiAccountInputs> {
    /** Ids this backend learned recently (request ids at submission, account ids at success), with when. */
    private readonly recent = new Map<string, number>();
    private readonly consistencyWindowMs: number;
    /** The organization's roots: listed once (an organization keeps its root). */
    private readonly roots = new SharedLoad(async () => (await this.client.listRoots()).map((root) => root.id));

    constructor(
        readonly client: HuaweiOrganizationsClient,
        private readonly options: HuaweiBackendOptions = {},
    ) {
        this.consistencyWindowMs = options.consistencyWindowMs ?? DEFAULT_CONSISTENCY_WINDOW_MS;
    }

    static fromOptions(options: HuaweiClientOptions, backendOptions?: HuaweiBackendOptions): HuaweiBackend {
        return new HuaweiBackend(new HuaweiOrganizationsClient(options), backendOptions);
    }

    /** ShowOrganization: proves the credentials and the endpoint (any account of the organization may call it). */
    async verifyCredentials(): Promise<void> {
        try {
            await this.client.showOrganization();
        } catch (error) {
            throw credentialsCheckFailure("Huawei Cloud", error, callerRefusal);
        }
    }

    async submitCreation(inputs: HuaweiAccountInputs, tags: Record<string, string>): Promise<CreationStatus> {
        const body = { name: inputs.name, agency_name: inputs.agencyName, description: inputs.description, tags: toTagList(tags) };
        try {
            // As terraform-provider-huaweicloud: the v1 create carries email or phone, v2 neither.
            const status =
                inputs.email !== undefined || inputs.phone !== undefined
                    ? await this.client.createAccount({ ...body, email: inputs.email, phone: inputs.phone })
                    : await this.client.createAccountV2(body);
            this.remember(status.id);
            return toCreationStatus(status);
        } catch (error) {
            if (error instanceof ApiError && (error.errorCode === HUAWEI_REFUSALS.creationsInProgress.code || isRefusedForNow(error))) {
                throw new ThrottledError("CreateAccount", `${error.errorCode}: ${error.errorMessage}`, error);
            }
            throw error;
        }
    }

    async getCreation(id: string): Promise<CreationStatus | undefined> {
        const status = await this.tolerateLag(id, () => this.client.getCreateAccountStatus(id));
        if (status?.state === "succeeded" && status.account_id) this.remember(status.account_id);
        return toCreationStatus(status);
    }

    async listCreations(states: readonly CreationState[] = ["in_progress", "succeeded"]): Promise<CreationStatus[]> {
        const found: CreationStatus[] = [];
        for await (const status of this.client.iterateCreateAccountStatuses({ states: [...states], limit: 200 })) {
            found.push(toCreationStatus(status));
        }
        return found;
    }

    async listAccounts(): Promise<AccountSummary[]> {
        const found: AccountSummary[] = [];
        for await (const account of this.client.iterateAccounts({ limit: 200 })) found.push({ accountId: account.id, name: account.name });
        return found;
    }

    async describeAccount(accountId: string, known: KnownAttributes = {}): Promise<AccountRecord | undefined> {
        const account = await this.tolerateLag(accountId, () => this.client.showAccount(accountId));
        if (!account) return undefined;
        const [parentId, tags] = await Promise.all([
            known.parentId ?? this.client.getParent(accountId).then((parent) => parent?.id),
            known.tags ? toTagList(known.tags) ?? [] : this.client.listAccountTags(accountId),
        ]);
        return toAccountRecord(account, parentId, tags);
    }

    async rootId(): Promise<string | undefined> {
        return (await this.roots.get())[0];
    }

    async parentExists(parentId: string): Promise<boolean> {
        if (parentId.startsWith("r-")) return (await this.roots.get()).includes(parentId);
        return (await orUndefinedIfNotFound(this.client.showOrganizationalUnit(parentId))) !== undefined;
    }

    moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<void> {
        return this.client.moveAccount(accountId, fromParentId, toParentId);
    }

    tagAccount(accountId: string, tags: Record<string, string>): Promise<void> {
        return this.client.tagAccount(accountId, toTagList(tags) ?? []);
    }

    untagAccount(accountId: string, keys: string[]): Promise<void> {
        return this.client.untagAccount(
            accountId,
            keys.map((key) => ({ key, value: "" })),
        );
    }

    async updateAttributes(accountId: string, current: HuaweiAccountInputs, news: HuaweiAccountInputs): Promise<boolean> {
        if ((current.description ?? "") === (news.description ?? "")) return false;
        await this.client.updateAccountDescription(accountId, news.description ?? "");
        return true;
    }

    /** A close refused because 3 are in progress is sent again, with backoff, until `deadline`. */
    async closeAccount(accountId: string, deadline = Date.now()): Promise<void> {
        for (let attempt = 0; ; attempt++) {
            try {
                await this.client.closeAccount(accountId);
                return;
            } catch (error) {
                if (!(error instanceof ApiError)) throw error;
                // "Already being closed" (terraform-provider-huaweicloud treats it as done too).
                if (error.errorCode === HUAWEI_REFUSALS.alreadyClosing.code || error.status === NOT_FOUND_STATUS) return;
                const waitable = error.errorCode === HUAWEI_REFUSALS.closingInProgress.code || isRefusedForNow(error);
                if (!waitable) throw withAdvice(error);
                await this.waitOut(error, attempt, deadline, `close account ${accountId}`);
            }
        }
    }

    async removeAccount(accountId: string): Promise<void> {
        try {
            await orUndefinedIfNotFound(this.client.removeAccount(accountId));
        } catch (error) {
            throw error instanceof ApiError ? withAdvice(error) : error;
        }
    }

    private async waitOut(error: ApiError, attempt: number, deadline: number, what: string): Promise<void> {
        const ceiling = Math.min(CLOSE_BACKOFF.maxDelayMs, CLOSE_BACKOFF.baseDelayMs * 2 ** attempt);
        const delay = ceiling / 2 + backoffDelayMs(attempt, CLOSE_BACKOFF) / 2;
        if (Date.now() + delay > deadline) {
            throw new DeadlineExceededError(`${error.message}; still refused at the delete deadline (raise timeouts.delete to wait longer)`);
        }
        this.options.log?.(`${what}: refused for now (${error.errorCode}); sending it again in ${formatElapsed(delay)}`);
        await sleep(delay);
    }

    private remember(id: string): void {
        const now = Date.now();
        this.recent.set(id, now);
        for (const [key, at] of this.recent) if (now - at > this.consistencyWindowMs) this.recent.delete(key);
    }

    /**
     * A "not found" for an id learned within the consistency window, and not found since, is the
     * service not having caught up yet: read again until the window closes. Otherwise "not found"
     * is the answer.
     */
    private async tolerateLag<T>(id: string, read: () => Promise<T>): Promise<T | undefined> {
        for (;;) {
            const found = await orUndefinedIfNotFound(read());
            const learnedAt = this.recent.get(id);
            // Found once, the service has caught up: a later "not found" is an answer.
            if (found !== undefined) this.recent.delete(id);
            if (found !== undefined || learnedAt === undefined || Date.now() - learnedAt >= this.consistencyWindowMs) return found;
            await sleep(Math.min(CONSISTENCY_RETRY_MS, learnedAt + this.consistencyWindowMs - Date.now()));
        }
    }
}

/** The API gateway's 401 refuses the credentials; the service's 401 or 403 refuses the caller they belong to. */
function callerRefusal(error: ApiError): CredentialsRefusal {
    if (error.status === 401 && error.errorCode.startsWith("APIGW.")) return "refused";
    return error.status === 401 || error.status === 403 ? "denied" : undefined;
}

function isRefusedForNow(error: ApiError): boolean {
    return error.status === THROTTLED_STATUS || REFUSED_FOR_NOW.includes(error.errorCode);
}

/** Refusals of a close or removal that no wait clears. */
const PERMANENT_DELETION_REFUSALS: ReadonlySet<string> = new Set([HUAWEI_REFUSALS.closeQuota.code, HUAWEI_REFUSALS.cannotLeave.code]);

/** The service's refusal, with what the user can do about it when the documents say. */
function withAdvice(error: ApiError): Error {
    // The client has already explained a refusal of the caller.
    const advice = error.status === 401 || error.status === 403 ? undefined : adviceForErrorCode(error.errorCode);
    if (!advice) return error;
    // Refusals no wait clears: the lifecycle adds the ways out that touch this resource alone.
    if (PERMANENT_DELETION_REFUSALS.has(error.errorCode)) {
        const said = `${error.errorMessage.replace(/\.?$/, ".")}${error.requestId ? ` (request id ${error.requestId})` : ""}`;
        return new DeletionRefusedError(error.operation, `HTTP ${error.status} ${error.errorCode}`, `${said} ${advice}`, error);
    }
    return new OrgAccountsError(`${error.message}. ${advice}`, { cause: error });
}

async function orUndefinedIfNotFound<T>(call: Promise<T>): Promise<T | undefined> {
    try {
        return await call;
    } catch (error) {
        if (error instanceof ApiError && error.status === NOT_FOUND_STATUS) return undefined;
        throw error;
    }
}

function toTagList(tags: Record<string, string>): TagDto[] | undefined {
    const list = Object.entries(tags).map(([key, value]) => ({ key, value }));
    return list.length > 0 ? list : undefined;
}

function toCreationStatus(status: CreateAccountStatusDto): CreationStatus;
function toCreationStatus(status: CreateAccountStatusDto | undefined): CreationStatus | undefined;
function toCreationStatus(status: CreateAccountStatusDto | undefined): CreationStatus | undefined {
    if (!status) return undefined;
    return {
        id: status.id,
        state: status.state,
        accountName: status.account_name,
        accountId: status.account_id,
        requestedAt: status.created_at,
        completedAt: status.completed_at,
        failureReason: status.failure_reason,
        failureMessage:
            status.state === "failed" ? formatCreationFailure(status.failure_reason, status.failure_detail_msg?.error_msg) : undefined,
    };
}

function toAccountRecord(account: AccountDto, parentId: string | undefined, tags: TagDto[]): AccountRecord {
    const attributes: Record<string, string> = {};
    if (account.urn) attributes.urn = account.urn;
    if (account.mobile_phone) attributes.phone = account.mobile_phone;
    if (account.description !== undefined) attributes.description = account.description;
    return {
        accountId: account.id,
        name: account.name,
        email: account.email,
        state: account.status,
        parentId,
        tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
        joinedAt: account.joined_at,
        attributes,
    };
}
