// Typed client of the Huawei Cloud Organizations API: signed requests, retries, validated bodies.
import type { z } from "zod";
import { ApiError, bodyPreview, NotTheServiceError, ResponseShapeError, TransportError } from "../../shared/errors";
import { pagedItems } from "../paging";
import { HttpRequest, HttpResponse, HttpTransport, TransportOptions } from "../transport/http";
import { describeHuaweiEndpoint, HuaweiConnection, HuaweiConnectionOptions, resolveHuaweiConnection } from "./config";
import { adviceForErrorCode } from "./failureReasons";
import * as S from "./schemas";
import { signRequest } from "./signer";

export interface HuaweiClientOptions extends HuaweiConnectionOptions, TransportOptions {
    /** Environment to read credentials from when options omit them (default process.env). */
    env?: NodeJS.ProcessEnv;
}

export interface ListCreateAccountStatusesParams {
    states?: S.CreateAccountState[];
    limit?: number;
    marker?: string;
}

export interface Page<T> {
    items: T[];
    nextMarker: string | null;
}

type Query = Record<string, string | number | string[] | undefined>;

export class HuaweiOrganizationsClient {
    // Holds the secret key: a true private field, so serializing or logging the client never shows it.
    readonly #connection: HuaweiConnection;
    private readonly transport: HttpTransport;

    constructor(options: HuaweiClientOptions = {}) {
        this.#connection = resolveHuaweiConnection(options, options.env);
        this.transport = new HttpTransport(options);
    }

    get endpoint(): URL {
        return this.#connection.endpoint;
    }

    /** The endpoint and the setting that sets it, for messages. */
    describeEndpoint(): string {
        return describeHuaweiEndpoint(this.#connection);
    }

    close(): Promise<void> {
        return this.transport.close();
    }

    /** The organization of the credentials' account: the cheap read that proves credentials and endpoint work. */
    async showOrganization(): Promise<S.OrganizationDto> {
        return (await this.call("ShowOrganization", "GET", "/v1/organizations", S.ShowOrganizationResponse)).organization;
    }

    // --- create-account requests (https://support.huaweicloud.com/intl/en-us/api-organizations/: CreateAccount.html, ShowCreateAccountStatus.html, ListCreateAccountStatuses.html) ---

    async createAccount(body: S.CreateAccountReqBody): Promise<S.CreateAccountStatusDto> {
        const res = await this.call("CreateAccount", "POST", "/v1/organizations/accounts", S.CreateAccountResponse, { body, idempotent: false });
        return res.create_account_status;
    }

    /**
     * The create without email or phone (reference: `POST /v2/organizations/accounts`, same body
     * without them; terraform-provider-huaweicloud sends it when neither is given). Its answer is
     * assumed to be v1's (202 with `create_account_status`): the reference does not describe it.
     */
    async createAccountV2(body: S.CreateAccountV2ReqBody): Promise<S.CreateAccountStatusDto> {
        const res = await this.call("CreateAccount", "POST", "/v2/organizations/accounts", S.CreateAccountResponse, { body, idempotent: false });
        return res.create_account_status;
    }

    async getCreateAccountStatus(id: string): Promise<S.CreateAccountStatusDto> {
        const path = `/v1/organizations/create-account-status/${encodeURIComponent(id)}`;
        return (await this.call("ShowCreateAccountStatus", "GET", path, S.ShowCreateAccountStatusResponse)).create_account_status;
    }

    async listCreateAccountStatuses(params: ListCreateAccountStatusesParams = {}): Promise<Page<S.CreateAccountStatusDto>> {
        const res = await this.call("ListCreateAccountStatuses", "GET", "/v1/organizations/create-account-status", S.ListCreateAccountStatusesResponse, {
            query: { states: params.states, limit: params.limit, marker: params.marker },
        });
        return { items: res.create_account_statuses, nextMarker: res.page_info.next_marker };
    }

    /** Every create-account request in the given states, following `next_marker` until it is null. */
    iterateCreateAccountStatuses(params: Omit<ListCreateAccountStatusesParams, "marker"> = {}): AsyncIterable<S.CreateAccountStatusDto> {
        return paginate("ListCreateAccountStatuses", (marker) => this.listCreateAccountStatuses({ ...params, marker }));
    }

    // --- the rest of an account's life ---

    async showAccount(accountId: string): Promise<S.AccountDto> {
        const path = `/v1/organizations/accounts/${encodeURIComponent(accountId)}`;
        return (await this.call("ShowAccount", "GET", path, S.ShowAccountResponse, { query: { with_register_contact_info: "true" } })).account;
    }

    async listAccounts(params: { parentId?: string; limit?: number; marker?: string } = {}): Promise<Page<S.AccountDto>> {
        const res = await this.call("ListAccounts", "GET", "/v1/organizations/accounts", S.ListAccountsResponse, {
            query: { parent_id: params.parentId, limit: params.limit, marker: params.marker },
        });
        return { items: res.accounts, nextMarker: res.page_info.next_marker };
    }

    iterateAccounts(params: { parentId?: string; limit?: number } = {}): AsyncIterable<S.AccountDto> {
        return paginate("ListAccounts", (marker) => this.listAccounts({ ...params, marker }));
    }

    async updateAccountDescription(accountId: string, description: string): Promise<S.AccountDto> {
        const path = `/v1/organizations/accounts/${encodeURIComponent(accountId)}`;
        return (await this.call("UpdateAccount", "PATCH", path, S.UpdateAccountResponse, { body: { description } })).account;
    }

    // --- the organization's tree ---

    /** The organization's root (Huawei organizations have one; the listing pages anyway). */
    async listRoots(): Promise<z.infer<typeof S.RootDto>[]> {
        return (await this.call("ListRoots", "GET", "/v1/organizations/roots", S.ListRootsResponse)).roots;
    }

    async showOrganizationalUnit(id: string): Promise<z.infer<typeof S.OrganizationalUnitDto>> {
        const path = `/v1/organizations/organizational-units/${encodeURIComponent(id)}`;
        return (await this.call("ShowOrganizationalUnit", "GET", path, S.ShowOrganizationalUnitResponse)).organizational_unit;
    }

    /** The root or organizational unit that holds an account. */
    async getParent(accountId: string): Promise<S.EntityDto | undefined> {
        const res = await this.call("ListEntities", "GET", "/v1/organizations/entities", S.ListEntitiesResponse, { query: { child_id: accountId } });
        return res.entities.find((e) => e.type !== "account");
    }

    async moveAccount(accountId: string, sourceParentId: string, destinationParentId: string): Promise<void> {
        const path = `/v1/organizations/accounts/${encodeURIComponent(accountId)}/move`;
        await this.call("MoveAccount", "POST", path, undefined, {
            body: { source_parent_id: sourceParentId, destination_parent_id: destinationParentId },
        });
    }

    async closeAccount(accountId: string): Promise<void> {
        await this.call("CloseAccount", "POST", `/v1/organizations/accounts/${encodeURIComponent(accountId)}/close`);
    }

    async removeAccount(accountId: string): Promise<void> {
        await this.call("RemoveAccount", "POST", `/v1/organizations/accounts/${encodeURIComponent(accountId)}/remove`);
    }

    async tagAccount(accountId: string, tags: S.TagDto[]): Promise<void> {
        await this.call("TagResource", "POST", `${tagsPath(accountId)}/create`, undefined, { body: { tags } });
    }

    async untagAccount(accountId: string, tags: S.TagDto[]): Promise<void> {
        await this.call("UntagResource", "POST", `${tagsPath(accountId)}/delete`, undefined, { body: { tags } });
    }

    async listAccountTags(accountId: string): Promise<S.TagDto[]> {
        const tags: S.TagDto[] = [];
        const pages = paginate("ListTags", async (marker) => {
            const res = await this.call("ListTags", "GET", tagsPath(accountId), S.ListTagsResponse, { query: { limit: 200, marker } });
            return { items: res.tags, nextMarker: res.page_info?.next_marker ?? null };
        });
        for await (const tag of pages) tags.push(tag);
        return tags;
    }

    // --- plumbing ---

    private async call<T extends z.ZodType>(
        operation: string,
        method: HttpRequest["method"],
        path: string,
        schema?: T,
        options: { query?: Query; body?: unknown; idempotent?: boolean } = {},
    ): Promise<z.output<T>> {
        const url = requestUrl(this.#connection.endpoint, path);
        appendQuery(url, options.query);
        const body = options.body === undefined ? undefined : JSON.stringify(options.body);
        const request: HttpRequest = { operation, method, url, body, idempotent: options.idempotent ?? true };
        const response = await this.transport
            .send(request, () => this.signedHeaders(request))
            .catch((error: unknown) => {
                throw error instanceof TransportError ? error.at(this.describeEndpoint()) : error;
            });
        // A refusal of the service (or its gateway) is JSON; a web page is some other server's.
        if (response.status >= 400 && response.json === undefined && /^\s*[^\s[{]/.test(response.text)) {
            throw new NotTheServiceError(operation, response.status, bodyPreview(response.text), this.describeEndpoint());
        }
        if (response.status >= 400) throw this.explained(toApiError(operation, response));
        if (!schema) return undefined as z.output<T>;
        return parseResponse(operation, schema, response.json);
    }

    /** A refusal of the caller (401, 403) says what to check, and which settings gave the credentials. */
    private explained(error: ApiError): ApiError {
        if (error.status !== 401 && error.status !== 403) return error;
        const advice = adviceForErrorCode(error.errorCode) ?? (error.status === 401 ? "The credentials were not accepted." : "The caller lacks a permission this call needs.");
        const { accessKey, secretKey, securityToken } = this.#connection.sources;
        const inUse = `Credentials in use: the access key from ${accessKey}, the secret key from ${secretKey}${securityToken ? `, the security token from ${securityToken}` : ", no security token"}.`;
        return new ApiError(error.operation, error.status, error.errorCode, error.errorMessage, error.requestId, `${advice} ${inUse}`);
    }

    private signedHeaders(request: HttpRequest): Record<string, string> {
        const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
        if (this.#connection.domainId) headers["X-Domain-Id"] = this.#connection.domainId;
        return signRequest({ method: request.method, url: request.url, headers, body: request.body }, this.#connection.credentials);
    }
}

/** The API path under the endpoint, keeping any base path the endpoint has (e.g. behind a proxy). */
export function requestUrl(endpoint: URL, path: string): URL {
    return new URL(endpoint.origin + endpoint.pathname.replace(/\/+$/, "") + path);
}

function tagsPath(accountId: string): string {
    return `/v1/organizations/organizations:accounts/${encodeURIComponent(accountId)}/tags`;
}

function appendQuery(url: URL, query: Query | undefined): void {
    for (const [key, value] of Object.entries(query ?? {})) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
}

/** Every item of a listing, following `page_info.next_marker` (a repeated marker is an error naming the call, see pagedItems). */
export function paginate<T>(operation: string, fetchPage: (marker: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
    return pagedItems(
        operation,
        async (marker) => {
            const page = await fetchPage(marker);
            return { items: page.items, next: page.nextMarker };
        },
        { tokenName: "page_info.next_marker" },
    );
}

export function parseResponse<T extends z.ZodType>(operation: string, schema: T, body: unknown): z.output<T> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
    throw new ResponseShapeError(operation, issues.join("; "));
}

function toApiError(operation: string, response: HttpResponse): ApiError {
    const parsed = S.ErrorBody.safeParse(response.json);
    const requestId = (parsed.success ? parsed.data.request_id : undefined) ?? response.headers["x-request-id"];
    if (parsed.success) return new ApiError(operation, response.status, parsed.data.error_code, parsed.data.error_msg, requestId);
    return new ApiError(operation, response.status, `HTTP.${response.status}`, response.text.slice(0, 300) || "(empty body)", requestId);
}
