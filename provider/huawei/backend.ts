// AccountBackend over the Huawei Cloud Organizations API.
import type { AccountBackend, AccountRecord, AccountSummary, CreationStatus } from "../backend";
import { ApiError } from "../errors";
import { HuaweiClientOptions, HuaweiOrganizationsClient } from "./client";
import { formatCreationFailure } from "./failureReasons";
import type { HuaweiAccountInputs } from "./inputs";
import type { AccountDto, CreateAccountStatusDto, TagDto } from "./schemas";

const NOT_FOUND_STATUS = 404;
/** "The account is already being closed." */
const ALREADY_CLOSING = "Organizations.1325";

export class HuaweiBackend implements AccountBackend<HuaweiAccountInputs> {
    constructor(readonly client: HuaweiOrganizationsClient) {}

    static fromOptions(options: HuaweiClientOptions): HuaweiBackend {
        return new HuaweiBackend(new HuaweiOrganizationsClient(options));
    }

    async submitCreation(inputs: HuaweiAccountInputs, tags: Record<string, string>): Promise<CreationStatus> {
        const status = await this.client.createAccount({
            name: inputs.name,
            email: inputs.email,
            phone: inputs.phone,
            agency_name: inputs.agencyName,
            description: inputs.description,
            tags: toTagList(tags),
        });
        return toCreationStatus(status);
    }

    async getCreation(id: string): Promise<CreationStatus | undefined> {
        return toCreationStatus(await orUndefinedIfNotFound(this.client.getCreateAccountStatus(id)));
    }

    async listCreations(): Promise<CreationStatus[]> {
        const found: CreationStatus[] = [];
        for await (const status of this.client.iterateCreateAccountStatuses({ states: ["in_progress", "succeeded"], limit: 200 })) {
            found.push(toCreationStatus(status));
        }
        return found;
    }

    async listAccounts(): Promise<AccountSummary[]> {
        const found: AccountSummary[] = [];
        for await (const account of this.client.iterateAccounts({ limit: 200 })) found.push({ accountId: account.id, name: account.name });
        return found;
    }

    async describeAccount(accountId: string): Promise<AccountRecord | undefined> {
        const account = await orUndefinedIfNotFound(this.client.showAccount(accountId));
        if (!account) return undefined;
        const [parent, tags] = await Promise.all([this.client.getParent(accountId), this.client.listAccountTags(accountId)]);
        return toAccountRecord(account, parent?.id, tags);
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

    async closeAccount(accountId: string): Promise<void> {
        try {
            await this.client.closeAccount(accountId);
        } catch (error) {
            if (error instanceof ApiError && (error.errorCode === ALREADY_CLOSING || error.status === NOT_FOUND_STATUS)) return;
            throw error;
        }
    }

    async removeAccount(accountId: string): Promise<void> {
        await orUndefinedIfNotFound(this.client.removeAccount(accountId));
    }
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
