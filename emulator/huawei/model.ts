// The organization's records, its options and the rules it applies, as Huawei Cloud Organizations keeps them.
import { randomBytes } from "node:crypto";

export type CreateState = "in_progress" | "succeeded" | "failed";
export type AccountStatus = "active" | "pending_closure" | "suspended";
export type CloseState = "pending_closure" | "suspended";
export type EntityType = "root" | "organizational_unit" | "account";

export const CREATE_STATES: readonly CreateState[] = ["in_progress", "succeeded", "failed"];
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ["active", "pending_closure", "suspended"];
export const CLOSE_STATES: readonly CloseState[] = ["pending_closure", "suspended"];

export function randomHex(length: number): string {
    return randomBytes(Math.ceil(length / 2))
        .toString("hex")
        .slice(0, length);
}

export interface Tag {
    key: string;
    value: string;
}

export interface AccountRecord {
    seq: number;
    id: string;
    name: string;
    email?: string;
    phone?: string;
    description?: string;
    agencyName?: string;
    tags: Map<string, string>;
    parentId: string;
    status: AccountStatus;
    joinMethod: "created" | "invited";
    joinedAt: string;
    /** Epoch ms from which reads find it (eventual consistency). */
    visibleFrom: number;
}

export interface CreateStatusRecord {
    seq: number;
    id: string;
    accountName: string;
    state: CreateState;
    createdAt: string;
    completedAt?: string;
    accountId?: string;
    failureReason?: string;
    failureDetail?: string;
    /** The status record no longer exists (GET → 404, not listed); the creation itself still completes. */
    expired: boolean;
    /** Epoch ms from which a read by id finds it (eventual consistency). */
    visibleFrom: number;
    /** Decided when the request arrives. */
    planned: { kind: "succeed" } | { kind: "fail"; reason: string; detail?: string };
    request: CreateAccountInput;
}

export interface CloseStatusRecord {
    seq: number;
    accountId: string;
    /** Epoch ms the close was accepted (the 30-day quota counts these). */
    acceptedAt: number;
    state: CloseState;
    createdAt: string;
    updatedAt: string;
}

export interface OuRecord {
    seq: number;
    id: string;
    name: string;
    parentId: string;
    createdAt: string;
}

export interface CreateAccountInput {
    name: string;
    email?: string;
    phone?: string;
    agencyName?: string;
    description?: string;
    tags?: Tag[];
}

export interface ScriptedFailure {
    /** Matches the account name exactly (string) or by test (RegExp); absent = any creation. */
    name?: string | RegExp;
    /** `error.NNNN`, e.g. `error.2000`. */
    reason: string;
    /** Becomes `failure_detail_msg.error_msg`. */
    detail?: string;
    /** How many creations this applies to; default 1. */
    times?: number;
}

/**
 * What the real service refuses. Defaults are the documented limits (the Organizations API
 * reference, https://support.huaweicloud.com/intl/en-us/api-organizations/org_04_001.html, and the user guide's
 * constraints on creating, closing and removing accounts); a user's own tests may relax them.
 */
export interface HuaweiRules {
    /** Creations `in_progress` at once in the organization; beyond → refused (the documented limit: 5). */
    maxCreationsInProgress: number;
    /**
     * Which site the organization is on. CreateAccount (https://support.huaweicloud.com/intl/en-us/api-organizations/CreateAccount.html,
     * "Request Parameters"): `email` is mandatory for the v1 create on the international site,
     * `phone` on the Chinese mainland site.
     */
    site: "international" | "china";
    /** At most 20 tags per account (the ownership tag included): the tag APIs' `tags`, 1 to 20 items. */
    maxTagsPerAccount: number;
    /** User guide, "Closing an Account", constraints: at most 3 closing at a time. */
    closeConcurrency: number;
    /** Same constraints: at most 10% of member accounts per 30 days, and at most 200. 0 = no quota. */
    closeQuotaPercent: number;
    closeQuotaMax: number;
    /**
     * User guide, "Removing a Member Account": only an account that can stand alone can leave. "created-cannot-leave" follows the
     * 2024 user guide (accounts created in the organization cannot be removed); "any" the 2025
     * version, which drops that sentence.
     */
    removal: "created-cannot-leave" | "any";
    /**
     * Eventual consistency: for this long after a creation is accepted its status, and after it
     * succeeds its account, answer 404. Default 0 (always consistent).
     */
    consistencyDelayMs: number;
}

export const DEFAULT_HUAWEI_RULES: HuaweiRules = {
    maxCreationsInProgress: 5,
    site: "international",
    maxTagsPerAccount: 20,
    closeConcurrency: 3,
    closeQuotaPercent: 10,
    closeQuotaMax: 200,
    removal: "created-cannot-leave",
    consistencyDelayMs: 0,
};

export interface HuaweiStateOptions {
    creationDelayMs: number;
    closeDelayMs: number;
    clock: () => Date;
    /** Time from an accepted CloseAccount to the account showing pending_closure; default 0 (at once). */
    closeAcceptDelayMs?: number;
    rules?: Partial<HuaweiRules>;
    /** Timestamps with milliseconds (the service sends whole seconds): for runs faster than real time, such as the benchmark. */
    millisecondTimestamps?: boolean;
}

/** Which create API a request came through: v1 carries email/phone, v2 (CreateAccountV2 in the API reference) neither. */
export type CreateApiVersion = "v1" | "v2";
