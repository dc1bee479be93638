// What the account lifecycle is given: the resource type's own shape (AccountKind) and how the
// plugin host runs it (LifecycleOptions); and the shapes of the engine's properties it handles.
import type { z } from "zod";
import type { AccountBackend, AccountRecord, AccountState, AccountSummary, CommonAccountInputs, CreationStatus } from "../../clouds/backend";
import type { PollSchedule } from "../waiting/polling";
import type { SchedulePolicy } from "../waiting/pollSchedule";
import type { OnDeletePolicy } from "../../program/types";

export type Outputs = Record<string, unknown>;

/** What differs between resource types: their inputs, outputs and backend. */
export interface AccountKind<I extends CommonAccountInputs, S> {
    typeName: string;
    schema: z.ZodType<I>;
    /** Inputs whose change needs a new account. */
    replaceOnChange: readonly string[];
    /** Inputs the cloud keeps unique across accounts, and never frees (not even by closing). */
    uniqueInputs: readonly string[];
    defaultOnDelete: OnDeletePolicy;
    defaultTimeouts: { create: string; delete: string };
    /** States in which the account counts as deleted (closing or closed); default pending_closure, suspended, closed. */
    goneStates?: readonly AccountState[];
    /**
     * Why the cloud would refuse to remove this account (known from its old inputs) from the
     * organization, if it knows it will: a replacement under onDelete "remove" is then refused at
     * check, before a new account is made and the old one is stuck as a pending delete.
     */
    removalRefusal?(olds: Outputs): string | undefined;
    backend(settings: S): AccountBackend<I>;
    /** Creations this plugin host keeps in progress at once (the cloud's own quota); none = no limit. */
    maxConcurrentCreations?(settings: S): number | undefined;
    /** Whether an account is the one these inputs describe (same unique name or email). */
    isSameAccount(account: AccountSummary, inputs: I): boolean;
    /** Lays the cloud's own drifted attributes (a description, a name) over `base`. */
    currentInputs(record: AccountRecord, base: I): I;
    /** Output properties (beside the inputs) from what is known of the account. */
    outputs(creation: CreationStatus | undefined, record: AccountRecord | undefined): Outputs;
    /** The ids `pulumi import` takes for this type; none: it cannot be imported by id. */
    importIds?: ImportIdForms;
}

/** The two id forms an import takes: the create-account request's and the account's own. */
export interface ImportIdForms {
    /** The cloud as errors name it ("AWS", "Huawei Cloud"). */
    cloud: string;
    request: IdForm;
    account: IdForm;
}

export interface IdForm {
    pattern: RegExp;
    /** The form in words, for the error an id of another form gets. */
    described: string;
}

export interface LifecycleOptions {
    poll: PollSchedule;
    /** Progress lines for the user, shown by `pulumi up` (host/progress.ts). */
    log: (line: string) => void;
    /**
     * How long "not found" is disbelieved right after a submission or a success (eventual
     * consistency) before it is taken as the answer; default DEFAULT_CONSISTENCY_GRACE_MS.
     */
    consistencyGraceMs?: number;
    /**
     * Whether `check` proves the credentials and endpoint with one read (the backend's
     * verifyCredentials), once for every resource of this lifecycle; default false.
     */
    verifyCredentials?: boolean;
    /** The organization's default tags: on every account, under the resource's own tags. */
    defaultTags?: Record<string, string>;
    /**
     * How creations are polled: by the organization's history (the default of the plugin host),
     * or, with `explicit`, by the user's schedule. Unset: `poll`, as given.
     */
    pollPolicy?: SchedulePolicy;
}

export const DEFAULT_CONSISTENCY_GRACE_MS = 30_000;
