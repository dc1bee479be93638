// AccountBackend over the Huawei Cloud Organizations API.
import type { AccountBackend, AccountRecord, AccountSummary, CreationState, CreationStatus, KnownAttributes } from "../backend";
import { SharedLoad } from "../../shared/concurrency";
import { credentialsCheckFailure, type CredentialsRefusal } from "../../host/config/credentialsCheck";
import { ApiError, DeletionRefusedError, OrgAccountsError, ThrottledError } from "../../shared/errors";
import { HuaweiClientOptions, HuaweiOrganizationsClient } from "./client";
import { HUAWEI_REFUSALS } from "./errorCodes";
import { adviceForErrorCode, formatCreationFailure } from "./failureReasons";
import type { HuaweiAccountInputs } from "../../host/validation/huawei";
import type { AccountDto, CreateAccountStatusDto, TagDto } from "./schemas";

const NOT_FOUND_STATUS = 404;
const THROTTLED_STATUS = 429;
/** Refusals of any write that clear with time: send it again later. */
const REFUSED_FOR_NOW: readonly string[] = [HUAWEI_REFUSALS.concurrentModification.code];

// "Not found" right after a submission or a success (the service is eventually consistent) is
// the lifecycle's to disbelieve, for `consistencyGraceMs`: this backend answers what it reads.
// A refusal that clears with time is a ThrottledError, which the lifecycle waits out within the
// operation's timeouts.
export class HuaweiBackend implements AccountBackend<HuaweiAccountInputs> {
    /** The organization's roots: listed once (an organization keeps its root). */
    private readonly roots = new SharedLoad(async () => (await this.client.listRoots()).map((root) => root.id));

    constructor(readonly client: HuaweiOrganizationsClient) {}

    static fromOptions(options: HuaweiClientOptions): HuaweiBackend {
        return new HuaweiBackend(new HuaweiOrganizationsClient(options));
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
        // As terraform-provider-huaweicloud: the v1 create carries email or phone, v2 neither.
        const status = await write(
            () =>
                inputs.email !== undefined || inputs.phone !== undefined
                    ? this.client.createAccount({ ...body, email: inputs.email, phone: inputs.phone })
                    : this.client.createAccountV2(body),
            [HUAWEI_REFUSALS.creationsInProgress.code],
        );
        return toCreationStatus(status);
    }

    async getCreation(id: string): Promise<CreationStatus | undefined> {
        return toCreationStatus(await orUndefinedIfNotFound(this.client.getCreateAccountStatus(id)));
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
        const account = await orUndefinedIfNotFound(this.client.showAccount(accountId));
        if (!account) return undefined;
        const [parentId, tags] = await Promise.all([
            known.parentId ?? this.client.getParent(accountId).then((parent) => parent?.id),
            known.tags ? (toTagList(known.tags) ?? []) : this.client.listAccountTags(accountId),
        ]);
        return toAccountRecord(account, parentId, tags);
    }

    describeEndpoint(): string {
        return this.client.describeEndpoint();
    }

    async rootId(): Promise<string | undefined> {
        return (await this.roots.get())[0];
    }

    async parentExists(parentId: string): Promise<boolean> {
        if (parentId.startsWith("r-")) return (await this.roots.get()).includes(parentId);
        return (await orUndefinedIfNotFound(this.client.showOrganizationalUnit(parentId))) !== undefined;
    }

    moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<void> {
        return write(() => this.client.moveAccount(accountId, fromParentId, toParentId));
    }

    tagAccount(accountId: string, tags: Record<string, string>): Promise<void> {
        return write(() => this.client.tagAccount(accountId, toTagList(tags) ?? []));
    }

    untagAccount(accountId: string, keys: string[]): Promise<void> {
        return write(() =>
            this.client.untagAccount(
                accountId,
                keys.map((key) => ({ key, value: "" })),
            ),
        );
    }

    async updateAttributes(accountId: string, current: HuaweiAccountInputs, news: HuaweiAccountInputs): Promise<boolean> {
        if ((current.description ?? "") === (news.description ?? "")) return false;
        await write(() => this.client.updateAccountDescription(accountId, news.description ?? ""));
        return true;
    }

    /** A close refused because 3 are in progress is a ThrottledError (closes end within minutes). */
    async closeAccount(accountId: string): Promise<void> {
        try {
            await write(() => this.client.closeAccount(accountId), [HUAWEI_REFUSALS.closingInProgress.code]);
        } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            // "Already being closed" (terraform-provider-huaweicloud treats it as done too).
            if (error.errorCode === HUAWEI_REFUSALS.alreadyClosing.code || error.status === NOT_FOUND_STATUS) return;
            throw withAdvice(error);
        }
    }

    async removeAccount(accountId: string): Promise<void> {
        try {
            await write(() => orUndefinedIfNotFound(this.client.removeAccount(accountId)));
        } catch (error) {
            throw error instanceof ApiError ? withAdvice(error) : error;
        }
    }
}

/**
 * A write whose refusal clears with time (a 429, a concurrent modification, or one of this
 * write's own `forNow` codes) is a ThrottledError, named by the service's operation: it did
 * nothing, so the lifecycle sends it again within the operation's timeouts.
 */
async function write<T>(send: () => Promise<T>, forNow: readonly string[] = []): Promise<T> {
    try {
        return await send();
    } catch (error) {
        if (error instanceof ApiError && (isRefusedForNow(error) || forNow.includes(error.errorCode))) {
            const said = `HTTP ${error.status} ${error.errorCode}: ${error.errorMessage}${error.requestId ? ` (request id ${error.requestId})` : ""}`;
            throw new ThrottledError(error.operation, said, error);
        }
        throw error;
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
        failureMessage: status.state === "failed" ? formatCreationFailure(status.failure_reason, status.failure_detail_msg?.error_msg) : undefined,
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
