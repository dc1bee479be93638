// The wire shapes: the DTOs as the API answers them (absent fields omitted) and their conversion from the records.
import type { AccountRecord, AccountStatus, CreateState, CreateStatusRecord, Tag } from "./model";

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
