// The organization's records, its options and the refusals it applies, as AWS Organizations keeps them.
import { randomInt } from "node:crypto";

export type CreateState = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
export type AccountState = "PENDING_ACTIVATION" | "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
export type JoinedMethod = "CREATED" | "INVITED";
export type ParentType = "ROOT" | "ORGANIZATIONAL_UNIT";

export const CREATE_STATES: readonly CreateState[] = ["IN_PROGRESS", "SUCCEEDED", "FAILED"];
export const ACCOUNT_STATES: readonly AccountState[] = ["PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"];

/** Every `CreateAccountStatus.FailureReason` the service documents. */
export const FAILURE_REASONS = [
    "ACCOUNT_LIMIT_EXCEEDED",
    "EMAIL_ALREADY_EXISTS",
    "INVALID_ADDRESS",
    "INVALID_EMAIL",
    "CONCURRENT_ACCOUNT_MODIFICATION",
    "INTERNAL_FAILURE",
    "GOVCLOUD_ACCOUNT_ALREADY_EXISTS",
    "MISSING_BUSINESS_VALIDATION",
    "FAILED_BUSINESS_VALIDATION",
    "PENDING_BUSINESS_VALIDATION",
    "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION",
    "UNKNOWN_BUSINESS_VALIDATION",
    "MISSING_PAYMENT_INSTRUMENT",
    "INVALID_PAYMENT_INSTRUMENT",
    "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export function randomDigits(length: number): string {
    let out = String(randomInt(1, 10)); // no leading zero: ids stay 12 digits when read as numbers
    while (out.length < length) out += String(randomInt(0, 10));
    return out;
}

export interface Tag {
    Key: string;
    Value: string;
}

export interface AccountRecord {
    seq: number;
    id: string;
    name: string;
    email: string;
    parentId: string;
    state: AccountState;
    joinedMethod: JoinedMethod;
    joinedAt: Date;
    tags: Map<string, string>;
    /** What an account needs before it may leave the organization (an invited account has it all). */
    standalone: Standalone;
    /** When CloseAccount was accepted: reads lag behind it. */
    closeRequestedAt?: Date;
    /** Reads of this account during the flapping window (which answer flips). */
    flapReads: number;
}

/** What RemoveAccountFromOrganization checks an account has of its own. */
export interface Standalone {
    paymentInstrument: boolean;
    eula: boolean;
    phoneVerified: boolean;
}

export interface CreateAccountInput {
    email: string;
    accountName: string;
    roleName?: string;
    iamUserAccessToBilling?: "ALLOW" | "DENY";
    tags?: Tag[];
}

export interface CreateStatusRecord {
    seq: number;
    id: string;
    accountName: string;
    email: string;
    state: CreateState;
    requestedAt: Date;
    completedAt?: Date;
    accountId?: string;
    failureReason?: string;
    /** The status record no longer exists (Describe → not found, not listed); the creation itself still completes. */
    expired: boolean;
    /** Decided when the request arrives. */
    planned: { kind: "succeed" } | { kind: "fail"; reason: string };
    request: CreateAccountInput;
}

export interface OuRecord {
    seq: number;
    id: string;
    name: string;
    parentId: string;
    tags: Map<string, string>;
}

export interface ScriptedFailure {
    /** Matches the email (case-insensitive for strings) exactly or by test (RegExp); absent = any email. */
    email?: string | RegExp;
    /** Matches the account name exactly or by test (RegExp); absent = any name. */
    name?: string | RegExp;
    reason: FailureReason;
    /** How many creations this applies to; default 1. */
    times?: number;
}

export interface AwsStateOptions extends AwsRefusalOptions {
    creationDelayMs: number;
    /** Time from PENDING_CLOSURE to CLOSED. */
    closeDelayMs: number;
    clock: () => Date;
    /** At most this many creations IN_PROGRESS at once; default 5. */
    maxInProgress: number;
    /** Member accounts (management included) beyond which creations fail ACCOUNT_LIMIT_EXCEEDED; default unlimited. */
    maxAccounts?: number;
    /** Time from an accepted CloseAccount to the account showing PENDING_CLOSURE; default 0 (at once). */
    closeAcceptDelayMs?: number;
}

/**
 * What the real service refuses, and the delays of its eventual consistency. The defaults are the
 * service's behaviour at test speed; each can be relaxed for a user's own tests.
 * Sources: the AWS Organizations API Reference, each operation's "Errors" section
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html), the service
 * model (botocore's data/organizations/2016-11-28/service-2.json), and terraform-provider-aws
 * (internal/service/organizations/account.go, and its issues #24694 and #46284 on close visibility).
 */
export interface AwsRefusalOptions {
    /** A new create request, and a new account, are not found for this long (eventual consistency). Default 200. */
    consistencyLagMs: number;
    /** MoveAccount, TagResource and UntagResource of a just-created account → ConcurrentModificationException for this long. Default 300. */
    concurrentModificationMs: number;
    /** DescribeAccount and ListAccounts go on answering ACTIVE for this long after CloseAccount. Default 300. */
    closeVisibilityLagMs: number;
    /** After that lag, answers flip between the real state and ACTIVE for as long again. Default false. */
    closeFlapping: boolean;
    /** An account made by CreateAccount cannot leave the organization for this long: WAIT_PERIOD_ACTIVE. Default 7 days. */
    removalWaitPeriodMs: number;
    /** An account made by CreateAccount has no payment method, EULA or verified phone of its own until a test grants them (makeStandalone). Default true. */
    removalRequiresStandalone: boolean;
    /** More accounts than this PENDING_CLOSURE at once → CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED. Default 5. */
    maxConcurrentClosures: number;
    /** Closures per rolling 30 days; default the higher of 250 or 20% of the members, at most 1,000. */
    closeQuota30Days?: number;
    /** Trusted access for AWS Account Management; without it PutAccountName → AccessDeniedException. Default true. */
    accountManagementTrustedAccess: boolean;
}

export const DEFAULT_REFUSAL_OPTIONS: AwsRefusalOptions = {
    consistencyLagMs: 200,
    concurrentModificationMs: 300,
    closeVisibilityLagMs: 300,
    closeFlapping: false,
    removalWaitPeriodMs: 7 * 24 * 3600 * 1000,
    removalRequiresStandalone: true,
    maxConcurrentClosures: 5,
    accountManagementTrustedAccess: true,
};

/** Relaxes every refusal: an emulator as permissive as the older one, for tests of other things. */
export const PERMISSIVE_REFUSAL_OPTIONS: AwsRefusalOptions = {
    consistencyLagMs: 0,
    concurrentModificationMs: 0,
    closeVisibilityLagMs: 0,
    closeFlapping: false,
    removalWaitPeriodMs: 0,
    removalRequiresStandalone: false,
    maxConcurrentClosures: Infinity,
    closeQuota30Days: Infinity,
    accountManagementTrustedAccess: true,
};

export const MAX_TAGS_PER_RESOURCE = 50;
