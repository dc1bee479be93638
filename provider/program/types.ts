// Input types both account resources share, documented for the program's editor. The values of
// `onDelete` are defined here alone: the plugin host's input schema is built from them.
import type * as pulumi from "@pulumi/pulumi";

/** Every value `onDelete` takes (see {@link OnDeletePolicy}). */
export const ON_DELETE_POLICIES = ["close", "remove", "retain"] as const;

/**
 * What destroying the resource (or replacing it: the old account) does to the account.
 *
 * - `"close"`: closes the account and waits until the cloud shows it closing or closed (Huawei
 *   `pending_closure` or `suspended`, AWS `PENDING_CLOSURE` or `CLOSED`). Closing is limited: Huawei
 *   Cloud closes 3 at a time and 10% of the members per 30 days; AWS has its own 30-day quota. A
 *   closed account's email (and Huawei name and phone) can never be used again.
 * - `"remove"`: removes the account from the organization; it goes on existing as a standalone
 *   account. The cloud lets only an account that can stand alone leave: AWS refuses it for an
 *   account made by `CreateAccount` until its 7-day waiting period has passed and it has its own
 *   payment method, EULA and verified phone; Huawei Cloud (per its 2024 user guide) refuses it for
 *   an account created in the organization.
 * - `"retain"`: leaves the account in the organization as it is; the stack only forgets it.
 *
 * Changing it is recorded by `pulumi up` without any API call. The old account of a replacement
 * is deleted with the value recorded for it, not the program's new value.
 *
 * @example "close"
 */
export type OnDeletePolicy = (typeof ON_DELETE_POLICIES)[number];

/**
 * How long to wait for the account, as durations such as `"20m"`, `"1h30m"` or `"90s"` (hours,
 * minutes, seconds, in that order). Pulumi's `customTimeouts` option never reaches a dynamic
 * provider: use this. Past the create deadline the resource is recorded with its request id, and
 * the next `pulumi up` finishes waiting for the same request.
 *
 * @example { create: "30m", delete: "15m" }
 */
export interface AccountTimeouts {
    /** Waiting for the creation (and the move to `parentId`). @example "45m" */
    create?: pulumi.Input<string>;
    /** Waiting for the close or removal. @example "1h" */
    delete?: pulumi.Input<string>;
}
