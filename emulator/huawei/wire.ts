// The wire shapes: the DTOs as the API answers them (absent fields omitted) and their conversion from the records.
import type { AccountRecord, AccountStatus, CloseState, CloseStatusRecord, CreateState, CreateStatusRecord, OuRecord, Tag } from "./model";

/** `2022-08-24T06:41:15Z` */
export function isoSeconds(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface CreateAccountStatusDto {
    account_id?: string;
    account_name: string;
    completed_at?: string;
    created_at: string;
    id: string;
    state: CreateState;
    failure_reason?: string;
    failure_detail_msg?: { error_msg?: string };
}

export interface AccountDto {
    id: string;
    urn: string;
    join_method: string;
    status: AccountStatus;
    joined_at: string;
    name: string;
    email?: string;
    mobile_phone?: string;
    description?: string;
}

export interface AccountSnapshot extends Omit<AccountRecord, "seq" | "tags" | "visibleFrom"> {
    tags: Tag[];
}

/** The organization's ids that answers and URNs are made of. */
export interface HuaweiOrganizationIds {
    readonly organizationId: string;
    readonly managementAccountId: string;
    readonly rootId: string;
    readonly rootName: string;
    /** When the organization was made (`created_at` of the organization and its root). */
    readonly createdAt: string;
}

const urn = (org: HuaweiOrganizationIds, kind: string, id: string) => `organizations::${org.managementAccountId}:${kind}:${org.organizationId}/${id}`;

/** An account as ShowAccount, ListAccounts and UpdateAccount answer it; email and phone only when asked for. */
export function accountDto(org: HuaweiOrganizationIds, account: AccountRecord, withContactInfo: boolean): AccountDto {
    const dto: AccountDto = {
        id: account.id,
        urn: urn(org, "account", account.id),
        join_method: account.joinMethod,
        status: account.status,
        joined_at: account.joinedAt,
        name: account.name,
    };
    if (withContactInfo && account.email !== undefined) dto.email = account.email;
    if (withContactInfo && account.phone !== undefined) dto.mobile_phone = account.phone;
    if (account.description !== undefined) dto.description = account.description;
    return dto;
}

export function ouDto(org: HuaweiOrganizationIds, ou: OuRecord): { id: string; urn: string; name: string; created_at: string } {
    return { id: ou.id, urn: urn(org, "ou", ou.id), name: ou.name, created_at: ou.createdAt };
}

export interface CloseAccountStatusDto {
    account_id: string;
    created_at: string;
    updated_at: string;
    state: CloseState;
    organization_id: string;
}

export function closeStatusDto(org: HuaweiOrganizationIds, c: CloseStatusRecord): CloseAccountStatusDto {
    return { account_id: c.accountId, created_at: c.createdAt, updated_at: c.updatedAt, state: c.state, organization_id: org.organizationId };
}

export function rootDto(org: HuaweiOrganizationIds): { id: string; urn: string; name: string; policy_types: unknown[]; created_at: string } {
    return { id: org.rootId, urn: urn(org, "root", org.rootId), name: org.rootName, policy_types: [], created_at: org.createdAt };
}

/** ShowOrganization; `managementAccountName` is the management account's current name. */
export function organizationDto(org: HuaweiOrganizationIds, managementAccountName: string): Record<string, unknown> {
    return {
        id: org.organizationId,
        urn: `organizations::${org.managementAccountId}:organization:${org.organizationId}`,
        management_account_id: org.managementAccountId,
        management_account_name: managementAccountName,
        created_at: org.createdAt,
    };
}

export function statusDto(s: CreateStatusRecord): CreateAccountStatusDto {
    const dto: CreateAccountStatusDto = { account_name: s.accountName, created_at: s.createdAt, id: s.id, state: s.state };
    if (s.accountId !== undefined) dto.account_id = s.accountId;
    if (s.completedAt !== undefined) dto.completed_at = s.completedAt;
    if (s.failureReason !== undefined) dto.failure_reason = s.failureReason;
    if (s.state === "failed") dto.failure_detail_msg = s.failureDetail !== undefined ? { error_msg: s.failureDetail } : {};
    // keep the documented key order
    const ordered: CreateAccountStatusDto = {} as CreateAccountStatusDto;
    for (const key of ["account_id", "account_name", "completed_at", "created_at", "id", "state", "failure_reason", "failure_detail_msg"] as const) {
        if (dto[key] !== undefined) (ordered as unknown as Record<string, unknown>)[key] = dto[key];
    }
    return ordered;
}
