// The wire shapes: the DTOs as the API answers them (absent fields omitted) and their conversion from the records.
import type { AccountRecord, AccountState, CreateState, CreateStatusRecord, JoinedMethod, OuRecord, Tag } from "./model";

/** Epoch seconds with millisecond precision, as the service encodes timestamps. */
export function epochSeconds(date: Date): number {
    return date.getTime() / 1000;
}

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
    // No `Status`: since 2026-09-09 accounts carry only `State` (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html).
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

/** The organization's ids that answers and ARNs are made of. */
export interface AwsOrganizationIds {
    readonly organizationId: string;
    readonly managementAccountId: string;
    readonly managementAccountEmail: string;
    readonly rootId: string;
    readonly rootName: string;
}

// ARN formats: the Service Authorization Reference, "Resource types defined by AWS Organizations"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html).
export function organizationArn(org: AwsOrganizationIds): string {
    return `arn:aws:organizations::${org.managementAccountId}:organization/${org.organizationId}`;
}
export function accountArn(org: AwsOrganizationIds, id: string): string {
    return `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${id}`;
}
export function rootArn(org: AwsOrganizationIds): string {
    return `arn:aws:organizations::${org.managementAccountId}:root/${org.organizationId}/${org.rootId}`;
}
export function ouArn(org: AwsOrganizationIds, id: string): string {
    return `arn:aws:organizations::${org.managementAccountId}:ou/${org.organizationId}/${id}`;
}

/** An account as DescribeAccount and ListAccounts answer it, in the state reads see (`state`). */
export function accountDto(org: AwsOrganizationIds, account: AccountRecord, state: AccountState): AccountDto {
    return {
        Id: account.id,
        Arn: accountArn(org, account.id),
        Email: account.email,
        Name: account.name,
        State: state,
        JoinedMethod: account.joinedMethod,
        JoinedTimestamp: epochSeconds(account.joinedAt),
    };
}

export function organizationDto(org: AwsOrganizationIds): Record<string, unknown> {
    return {
        Id: org.organizationId,
        Arn: organizationArn(org),
        FeatureSet: "ALL",
        MasterAccountArn: accountArn(org, org.managementAccountId),
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: org.managementAccountEmail,
        AvailablePolicyTypes: [],
    };
}

export function rootDto(org: AwsOrganizationIds): Record<string, unknown> {
    return { Id: org.rootId, Arn: rootArn(org), Name: org.rootName, PolicyTypes: [] };
}

export function ouDto(org: AwsOrganizationIds, ou: OuRecord): { Id: string; Arn: string; Name: string } {
    return { Id: ou.id, Arn: ouArn(org, ou.id), Name: ou.name };
}

export function statusDto(s: CreateStatusRecord): CreateAccountStatusDto {
    const dto: CreateAccountStatusDto = { Id: s.id, AccountName: s.accountName, State: s.state, RequestedTimestamp: epochSeconds(s.requestedAt) };
    if (s.completedAt !== undefined) dto.CompletedTimestamp = epochSeconds(s.completedAt);
    if (s.accountId !== undefined) dto.AccountId = s.accountId;
    if (s.failureReason !== undefined) dto.FailureReason = s.failureReason;
    return dto;
}
