// AccountBackend over AWS Organizations, with the official SDK clients.
import {
    CloseAccountCommand,
    CreateAccountCommand,
    CreateAccountState,
    CreateAccountStatus,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeOrganizationalUnitCommand,
    DescribeOrganizationCommand,
    ListRootsCommand,
    ListParentsCommand,
    MoveAccountCommand,
    OrganizationsClient,
    ListAccountsCommand,
    ListCreateAccountStatusCommand,
    ListTagsForResourceCommand,
    RemoveAccountFromOrganizationCommand,
    TagResourceCommand,
    UntagResourceCommand,
    type Account,
} from "@aws-sdk/client-organizations";
import { AccountClient, PutAccountNameCommand } from "@aws-sdk/client-account";
import type { AccountBackend, AccountRecord, AccountState, AccountSummary, CreationState, CreationStatus, KnownAttributes } from "../backend";
import { SharedLoad } from "../../shared/concurrency";
import { credentialsCheckFailure, type CredentialsRefusal } from "../../host/config/credentialsCheck";
import {
    AmbiguousRequestError,
    ApiError,
    ConfigurationError,
    DeletionRefusedError,
    NotTheServiceError,
    ResponseShapeError,
    ThrottledError,
    TransportError,
} from "../../shared/errors";
import { AwsApi, awsClientConfig, AwsConnectionOptions, awsCredentialsNotFound, describeAwsCredentials, describeAwsEndpoint } from "./config";
import { adviceFor, formatAwsCreationFailure, PERMANENT_DELETION_REFUSALS } from "./failureReasons";
import type { AwsAccountInputs } from "../../host/validation/aws";
import { pagedItems } from "../paging";

/** The SDK's paginators follow a repeated NextToken forever (or, with stopOnSameToken, end silently on a consecutive repeat): pagedItems ends with an error naming the call. */
const NEXT_TOKEN = { tokenName: "NextToken" };

interface SdkError {
    name: string;
    message: string;
    code?: string;
    Reason?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

const NOT_FOUND = new Set(["AccountNotFoundException", "CreateAccountStatusNotFoundException", "ChildNotFoundException", "TargetNotFoundException"]);
const ALREADY_CLOSED = "AccountAlreadyClosedException";
/** Refusals that clear with time (reference, "What the real service refuses"): the request did nothing, send it again later. */
const REFUSED_FOR_NOW = new Set(["TooManyRequestsException", "ConcurrentModificationException", "ConflictException", "FinalizingOrganizationException"]);
const REASONS_FOR_NOW = new Set(["ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED", "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED", "ACCOUNT_CREATION_NOT_COMPLETE"]);
/** The service did not accept the credentials (not: accepted them and refused the call). */
const CREDENTIALS_REFUSED = new Set([
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "ExpiredTokenException",
    "ExpiredToken",
]);
const CALLER_DENIED = new Set(["AccessDeniedException", "AWSOrganizationsNotInUseException"]);
/** Socket errors of a request that never reached the service: safe to send again, even CreateAccount. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const NETWORK_CODES = new Set([...NOT_SENT_CODES, "ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED"]);

/** What an error needs to name the settings to fix: where the credentials and each endpoint come from. */
interface Settings {
    credentials: string;
    endpoint(api: AwsApi): string;
    credentialsNotFound(operation: string): string;
}

export class AwsBackend implements AccountBackend<AwsAccountInputs> {
    private readonly organizations: OrganizationsClient;
    /** CreateAccount has no idempotency token: the SDK must never send it twice. */
    private readonly organizationsOnce: OrganizationsClient;
    private readonly account: AccountClient;
    /** The organization's management account: read once (a failed read is not kept). */
    private readonly managementAccountId = new SharedLoad(
        async () => (await this.call("DescribeOrganization", () => this.organizations.send(new DescribeOrganizationCommand({})))).Organization?.MasterAccountId,
    );
    /** The organization's roots: listed once (an organization keeps its root). */
    private readonly roots = new SharedLoad(async () =>
        ((await this.call("ListRoots", () => this.organizations.send(new ListRootsCommand({})))).Roots ?? []).flatMap((root) => (root.Id ? [root.Id] : [])),
    );
    private readonly settings: Settings;

    constructor(options: AwsConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env) {
        const config = awsClientConfig(options, env);
        this.settings = {
            credentials: describeAwsCredentials(options, env),
            endpoint: (api) => describeAwsEndpoint(api, options, env),
            credentialsNotFound: (operation) => awsCredentialsNotFound(operation, options, env),
        };
        this.organizations = new OrganizationsClient(config);
        this.organizationsOnce = new OrganizationsClient({ ...config, maxAttempts: 1 });
        this.account = new AccountClient(config);
    }

    /** DescribeOrganization: proves the credentials and the endpoint (any member account may call it). */
    async verifyCredentials(): Promise<void> {
        try {
            await this.call("DescribeOrganization", () => this.organizations.send(new DescribeOrganizationCommand({})));
        } catch (error) {
            throw credentialsCheckFailure("AWS", error, callerRefusal);
        }
    }

    async submitCreation(inputs: AwsAccountInputs, tags: Record<string, string>): Promise<CreationStatus> {
        const command = new CreateAccountCommand({
            AccountName: inputs.name,
            Email: inputs.email,
            RoleName: inputs.roleName,
            IamUserAccessToBilling: inputs.iamUserAccessToBilling,
            Tags: toTagList(tags),
        });
        try {
            return toCreationStatus((await this.organizationsOnce.send(command)).CreateAccountStatus);
        } catch (error) {
            const e = error as SdkError;
            const status = e.$metadata?.httpStatusCode;
            if (isRefusedForNow(e)) throw refusedForNow("CreateAccount", e);
            // Never sent: no credentials, or no connection made.
            if (status === undefined && (isCredentialsMissing(e) || NOT_SENT_CODES.has(e.code ?? ""))) throw toApiError("CreateAccount", error, this.settings);
            // No answer, a server error, or a success whose body could not be read (truncated,
            // corrupted): the account may be on its way.
            if (status === undefined || status >= 500 || (status >= 200 && status < 300)) throw new AmbiguousRequestError("CreateAccount", error);
            throw toApiError("CreateAccount", error, this.settings);
        }
    }

    describeEndpoint(): string {
        return this.settings.endpoint("organizations");
    }

    async getCreation(id: string): Promise<CreationStatus | undefined> {
        const out = await this.lookup("DescribeCreateAccountStatus", () => this.organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })));
        return out && toCreationStatus(out.CreateAccountStatus);
    }

    async listCreations(states: readonly CreationState[] = ["in_progress", "succeeded"]): Promise<CreationStatus[]> {
        const found: CreationStatus[] = [];
        const States = states.map((state) => state.toUpperCase() as CreateAccountState);
        const statuses = pagedItems(
            "ListCreateAccountStatus",
            async (NextToken) => {
                const page = await this.organizations.send(new ListCreateAccountStatusCommand({ States, MaxResults: 20, NextToken }));
                return { items: page.CreateAccountStatuses ?? [], next: page.NextToken };
            },
            NEXT_TOKEN,
        );
        await this.call("ListCreateAccountStatus", async () => {
            for await (const status of statuses) found.push(toCreationStatus(status));
        });
        return found;
    }

    async listAccounts(): Promise<AccountSummary[]> {
        const found: AccountSummary[] = [];
        const accounts = pagedItems(
            "ListAccounts",
            async (NextToken) => {
                const page = await this.organizations.send(new ListAccountsCommand({ MaxResults: 20, NextToken }));
                return { items: page.Accounts ?? [], next: page.NextToken };
            },
            NEXT_TOKEN,
        );
        await this.call("ListAccounts", async () => {
            for await (const a of accounts) if (a.Id) found.push({ accountId: a.Id, name: a.Name ?? "", email: a.Email });
        });
        return found;
    }

    async rootId(): Promise<string | undefined> {
        return (await this.roots.get())[0];
    }

    async parentExists(parentId: string): Promise<boolean> {
        if (parentId.startsWith("r-")) return (await this.roots.get()).includes(parentId);
        try {
            await this.organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parentId }));
            return true;
        } catch (error) {
            if ((error as SdkError).name === "OrganizationalUnitNotFoundException") return false;
            throw toApiError("DescribeOrganizationalUnit", error, this.settings);
        }
    }

    async describeAccount(accountId: string, known: KnownAttributes = {}): Promise<AccountRecord | undefined> {
        const out = await this.lookup("DescribeAccount", () => this.organizations.send(new DescribeAccountCommand({ AccountId: accountId })));
        if (!out?.Account) return undefined;
        const [parentId, tags] = await Promise.all([
            known.parentId ??
                this.lookup("ListParents", () => this.organizations.send(new ListParentsCommand({ ChildId: accountId }))).then((parents) => parents?.Parents?.[0]?.Id),
            known.tags ?? this.listTags(accountId),
        ]);
        return toAccountRecord(out.Account, parentId, tags);
    }

    async moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<void> {
        await this.call("MoveAccount", () =>
            this.organizations.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: fromParentId, DestinationParentId: toParentId })),
        );
    }

    async tagAccount(accountId: string, tags: Record<string, string>): Promise<void> {
        await this.call("TagResource", () => this.organizations.send(new TagResourceCommand({ ResourceId: accountId, Tags: toTagList(tags) ?? [] })));
    }

    async untagAccount(accountId: string, keys: string[]): Promise<void> {
        await this.call("UntagResource", () => this.organizations.send(new UntagResourceCommand({ ResourceId: accountId, TagKeys: keys })));
    }

    async updateAttributes(accountId: string, current: AwsAccountInputs, news: AwsAccountInputs): Promise<boolean> {
        if (current.name === news.name) return false;
        // Reference, "Renames": the management account renames itself by a request without AccountId.
        const own = accountId === (await this.managementAccountId.get());
        await this.call("PutAccountName", () => this.account.send(new PutAccountNameCommand({ ...(own ? {} : { AccountId: accountId }), AccountName: news.name })));
        return true;
    }

    async closeAccount(accountId: string): Promise<void> {
        try {
            await this.organizations.send(new CloseAccountCommand({ AccountId: accountId }));
        } catch (error) {
            const e = error as SdkError;
            if (e.name === ALREADY_CLOSED || NOT_FOUND.has(e.name)) return;
            // A close sent again (after a lost answer, or by an earlier run) meets the first one.
            if (e.name === "ConflictException" && (await this.isClosing(accountId))) return;
            throw toDeletionError("CloseAccount", error, this.settings);
        }
    }

    async removeAccount(accountId: string): Promise<void> {
        try {
            await this.organizations.send(new RemoveAccountFromOrganizationCommand({ AccountId: accountId }));
        } catch (error) {
            if (NOT_FOUND.has((error as SdkError).name)) return;
            throw toDeletionError("RemoveAccountFromOrganization", error, this.settings);
        }
    }

    private async isClosing(accountId: string): Promise<boolean> {
        const out = await this.lookup("DescribeAccount", () => this.organizations.send(new DescribeAccountCommand({ AccountId: accountId })));
        return out?.Account?.State === "PENDING_CLOSURE" || out?.Account?.State === "CLOSED";
    }

    private async listTags(accountId: string): Promise<Record<string, string>> {
        const tags: Record<string, string> = {};
        try {
            const pages = pagedItems(
                "ListTagsForResource",
                async (NextToken) => {
                    const page = await this.organizations.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken }));
                    return { items: page.Tags ?? [], next: page.NextToken };
                },
                NEXT_TOKEN,
            );
            for await (const tag of pages) if (tag.Key) tags[tag.Key] = tag.Value ?? "";
        } catch (error) {
            if (!NOT_FOUND.has((error as SdkError).name)) throw toApiError("ListTagsForResource", error, this.settings);
        }
        return tags;
    }

    /** A lookup (or a removal): "not found" answers are undefined. */
    private async lookup<T>(operation: string, send: () => Promise<T>): Promise<T | undefined> {
        try {
            return await send();
        } catch (error) {
            if (NOT_FOUND.has((error as SdkError).name)) return undefined;
            throw toApiError(operation, error, this.settings);
        }
    }

    /** A change or a listing: a refusal for now is a ThrottledError; every other error is the user's to see, named by its operation. */
    private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
        try {
            return await send();
        } catch (error) {
            if (isRefusedForNow(error as SdkError)) throw refusedForNow(operation, error as SdkError);
            throw toApiError(operation, error, this.settings);
        }
    }
}

/** By the exception's name (the error code without its reason). */
function callerRefusal(error: ApiError): CredentialsRefusal {
    const name = error.errorCode.split(" ")[0];
    return CREDENTIALS_REFUSED.has(name) || name === ROLE_REFUSED ? "refused" : CALLER_DENIED.has(name) ? "denied" : undefined;
}

function isRefusedForNow(e: SdkError): boolean {
    return REFUSED_FOR_NOW.has(e?.name) || (e?.name === "ConstraintViolationException" && REASONS_FOR_NOW.has(e.Reason ?? ""));
}

function refusedForNow(operation: string, e: SdkError): ThrottledError {
    return new ThrottledError(operation, `${e.name}${e.Reason ? ` (${e.Reason})` : ""}: ${e.message}`, e);
}

/** A removal's or closure's error: for now, refused for good (with the reason), or any other. */
function toDeletionError(operation: string, error: unknown, settings: Settings): Error {
    const e = error as SdkError;
    if (isRefusedForNow(e)) return refusedForNow(operation, e);
    const reason = e?.Reason ?? e?.name;
    if (PERMANENT_DELETION_REFUSALS.has(reason)) {
        const advice = adviceFor(e.name, e.Reason);
        return new DeletionRefusedError(operation, e.Reason ? `${e.name} (${e.Reason})` : e.name, advice ? `${e.message} ${advice}` : e.message, error);
    }
    return toApiError(operation, error, settings);
}

/**
 * The SDK's error as the user should see it: named by the operation; a refusal of the caller says
 * which settings gave the credentials; no credentials, or no connection, say what to set.
 */
function toApiError(operation: string, error: unknown, settings: Settings): Error {
    const e = error as SdkError;
    if (!e?.$metadata?.httpStatusCode) return withoutAnswer(operation, error, settings);
    // An answer that is not JSON at all (a web page): not the service's, whose refusals are JSON too.
    // JSON cut short or corrupted is the service's answer damaged on the way, and stays as it was.
    if (isForeignBody(e)) {
        return new NotTheServiceError(operation, e.$metadata.httpStatusCode, e.message.split("\n")[0], settings.endpoint(apiOf(operation)));
    }
    const advice = adviceFor(e.name, e.Reason);
    const code = e.Reason ? `${e.name} (${e.Reason})` : e.name;
    const message = advice ? `${e.message} ${advice}` : e.message;
    return new ApiError(operation, e.$metadata.httpStatusCode, code, message, e.$metadata.requestId, callerHint(e, settings));
}

/** For a refusal of the caller: what to check, and which settings gave the credentials. */
function callerHint(e: SdkError, settings: Settings): string | undefined {
    const inUse = `Credentials in use: ${settings.credentials}.`;
    if (CREDENTIALS_REFUSED.has(e.name)) return `${CREDENTIALS_ADVICE} ${inUse}`;
    if (e.name === ROLE_REFUSED) return `${ROLE_ADVICE} ${inUse}`;
    return CALLER_DENIED.has(e.name) ? inUse : undefined;
}

/** STS's refusal to let the credentials assume the role (AssumeRole, for orgaccounts:awsRoleArn). */
const ROLE_REFUSED = "AccessDenied";
const ROLE_ADVICE =
    "The role's trust policy does not let these credentials assume it, or it asks for an external id they did not give (orgaccounts:awsExternalId, or externalId of a named organization).";

const CREDENTIALS_ADVICE =
    "The access key is unknown or disabled, the secret key does not match it, temporary credentials lack their session token or have expired, or the clock is more than 5 minutes off.";

function withoutAnswer(operation: string, error: unknown, settings: Settings): Error {
    const e = error as SdkError;
    if (isCredentialsMissing(e)) return new ConfigurationError(settings.credentialsNotFound(operation), { cause: error });
    if (NETWORK_CODES.has(e?.code ?? "") || e?.name === "TimeoutError") {
        return new TransportError(operation, e.$metadata?.attempts ?? 1, error, settings.endpoint(apiOf(operation)));
    }
    return error instanceof Error ? error : new Error(String(error));
}

/** The SDK's parse error quotes the body's start: `Unexpected token '<', "<html><bod"... is not valid JSON`. */
function isForeignBody(e: SdkError): boolean {
    const quoted = e.name === "SyntaxError" ? /, "([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(e.message) : null;
    return quoted !== null && !/^\s*[[{]/.test(quoted[1]);
}

function apiOf(operation: string): AwsApi {
    return operation === "PutAccountName" ? "account" : "organizations";
}

function isCredentialsMissing(e: SdkError): boolean {
    return e?.name === "CredentialsProviderError";
}

function toTagList(tags: Record<string, string>): { Key: string; Value: string }[] | undefined {
    const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    return list.length > 0 ? list : undefined;
}

function iso(value: Date | undefined): string | undefined {
    return value ? value.toISOString() : undefined;
}

function toCreationStatus(status: CreateAccountStatus | undefined): CreationStatus {
    if (!status?.Id || !status.State) throw new Error("CreateAccountStatus without Id or State");
    const state = status.State === "IN_PROGRESS" ? "in_progress" : status.State === "SUCCEEDED" ? "succeeded" : "failed";
    return {
        id: status.Id,
        state,
        accountName: status.AccountName,
        accountId: status.AccountId,
        requestedAt: iso(status.RequestedTimestamp),
        completedAt: iso(status.CompletedTimestamp),
        failureReason: status.FailureReason,
        failureMessage: state === "failed" ? formatAwsCreationFailure(status.FailureReason) : undefined,
    };
}

// Since 2026-09-09 accounts carry only `State` (reference, "Status is gone"): `Status` is never read.
const ACCOUNT_STATES: readonly string[] = ["PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"];

function toAccountRecord(account: Account, parentId: string | undefined, tags: Record<string, string>): AccountRecord {
    if (!account.State || !ACCOUNT_STATES.includes(account.State)) {
        throw new ResponseShapeError("DescribeAccount", `account ${account.Id} has no known State (${JSON.stringify(account.State ?? null)})`);
    }
    const state = account.State.toLowerCase() as AccountState;
    return {
        accountId: account.Id!,
        name: account.Name ?? "",
        state,
        parentId,
        tags,
        joinedAt: iso(account.JoinedTimestamp),
        email: account.Email,
        attributes: { ...(account.Arn ? { arn: account.Arn } : {}), ...(account.JoinedMethod ? { joinedMethod: account.JoinedMethod } : {}) },
    };
}
