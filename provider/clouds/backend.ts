// The one interface between the provider logic and a cloud's Organizations API. The provider
// logic speaks only these types; each backend maps them to its own API.
import type { OnDeletePolicy } from "../program/types";

/** The state of a create-account request, the same for both clouds. */
export type CreationState = "in_progress" | "succeeded" | "failed";

/** A create-account request as the service tracks it. */
export interface CreationStatus {
    /** The request id (AWS `car-...`, Huawei `h-...`): the resource id of the account this provider created with it. */
    id: string;
    /** `in_progress`, `succeeded` or `failed`. */
    state: CreationState;
    /** The name of the account the request creates. */
    accountName?: string;
    /** The new account's id, once the request succeeded. */
    accountId?: string;
    /** When the request was made (ISO 8601). */
    requestedAt?: string;
    /** When the request ended (ISO 8601). */
    completedAt?: string;
    /** The service's code, as sent (e.g. `error.2001`, `EMAIL_ALREADY_EXISTS`). */
    failureReason?: string;
    /** A sentence for the user: code, meaning, the service's detail, what to do. */
    failureMessage?: string;
}

/** Lifecycle states, normalized across clouds. */
export type AccountState = "active" | "pending_activation" | "pending_closure" | "suspended" | "closed";

/** An account as a listing shows it: enough to tell which account inputs describe. */
export interface AccountSummary {
    accountId: string;
    name: string;
    email?: string;
}

export interface AccountRecord extends AccountSummary {
    state: AccountState;
    /** The root or organizational unit holding the account. */
    parentId?: string;
    /** Every tag on the account, the ownership marker included. */
    tags: Record<string, string>;
    joinedAt?: string;
    /** Cloud-specific attributes (urn, arn, description...), already output-shaped. */
    attributes: Record<string, string>;
}

/** Attributes of an account its caller knows for certain, so that they need no read. */
export interface KnownAttributes {
    tags?: Record<string, string>;
    parentId?: string;
}

/** The inputs every account resource has, whatever the cloud. */
export interface CommonAccountInputs {
    name: string;
    tags?: Record<string, string>;
    parentId?: string;
    onDelete?: OnDeletePolicy;
    adopt?: boolean;
    timeouts?: { create?: string; delete?: string };
    /** Identifies the stack and resource that own the account; set by the resource class. */
    owner: string;
}

export interface AccountBackend<I extends CommonAccountInputs> {
    /** Submits a create-account request. Throws AmbiguousRequestError when it may have been processed. */
    submitCreation(inputs: I, tags: Record<string, string>): Promise<CreationStatus>;
    /**
     * Undefined when the service does not know the request (records expire). Here and in
     * describeAccount "not found" is answered as read, even right after a submission or a
     * success: the lifecycle alone disbelieves it, for the consistency grace.
     */
    getCreation(id: string): Promise<CreationStatus | undefined>;
    /** Every create-account request in these states (default in progress or succeeded); the service may have expired old ones. */
    listCreations(states?: readonly CreationState[]): Promise<CreationStatus[]>;
    /** Every account in the organization. */
    listAccounts(): Promise<AccountSummary[]>;
    /**
     * Undefined when the account is not (or no longer) in the organization. What the caller
     * already knows (`known`: a new account's tags and parent) is taken as it is, not read.
     */
    describeAccount(accountId: string, known?: KnownAttributes): Promise<AccountRecord | undefined>;
    // Changes: a refusal that clears with time (throttling, a concurrent modification) is a
    // ThrottledError, which the provider logic waits out within the operation's deadline.
    moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<void>;
    tagAccount(accountId: string, tags: Record<string, string>): Promise<void>;
    untagAccount(accountId: string, keys: string[]): Promise<void>;
    /** Applies in-place changes of cloud-specific inputs (a description, a name); true if it wrote. */
    updateAttributes(accountId: string, current: I, news: I): Promise<boolean>;
    /**
     * Starts closing; an account already closing or gone is not an error. A refusal that clears
     * with time is a ThrottledError; one that does not, a DeletionRefusedError.
     */
    closeAccount(accountId: string): Promise<void>;
    /** Removes the account from the organization; an account already gone is not an error. Refusals as for closeAccount. */
    removeAccount(accountId: string): Promise<void>;
    /**
     * One cheap read that proves the credentials and the endpoint work, made by `check` once per
     * plugin host. Throws a ConfigurationError naming the setting to fix.
     */
    verifyCredentials?(): Promise<void>;
    /** The organization's root (where a new account is placed), read once. */
    rootId?(): Promise<string | undefined>;
    /**
     * Whether a root or organizational unit with this id exists in the organization, so that a
     * wrong `parentId` fails before an account is created. A backend without it skips the check.
     */
    parentExists?(parentId: string): Promise<boolean>;
    /** Where the requests go, for an error that says what was looked up: "the AWS Organizations endpoint …". No credential. */
    describeEndpoint?(): string;
}
