// The wire shapes: the DTOs as the API answers them (absent fields omitted) and their conversion from the records.
import type { AccountRecord, AccountState, CreateState, CreateStatusRecord, JoinedMethod, Tag } from "./model";

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
    // No `Status`: since 2026-09-09 accounts carry only `State` (reference, "Status is gone").
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

export function statusDto(s: CreateStatusRecord): CreateAccountStatusDto {
    const dto: CreateAccountStatusDto = { Id: s.id, AccountName: s.accountName, State: s.state, RequestedTimestamp: epochSeconds(s.requestedAt) };
    if (s.completedAt !== undefined) dto.CompletedTimestamp = epochSeconds(s.completedAt);
    if (s.accountId !== undefined) dto.AccountId = s.accountId;
    if (s.failureReason !== undefined) dto.FailureReason = s.failureReason;
    return dto;
}
