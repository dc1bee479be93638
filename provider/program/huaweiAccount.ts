// HuaweiAccount: the resource users declare in their Pulumi programs.
import * as pulumi from "@pulumi/pulumi";
import { AccountProviderShim } from "./providerShim";
import { ownerMarker } from "./owner";
import type { AccountTimeouts, OnDeletePolicy } from "./types";

/**
 * The inputs of a {@link HuaweiAccount}. Every rule is checked at `pulumi preview`, before any API
 * call; a failed check names the input, the rule and what is wrong with the value.
 */
export interface HuaweiAccountArgs {
    /**
     * The account name: required, 1-64 characters, no control characters. Huawei Cloud never
     * reuses a name, not even after the account is closed. Changing it replaces the account.
     *
     * @example "team-a-sandbox"
     */
    name: pulumi.Input<string>;
    /**
     * The account's email address, at most 64 characters. Huawei Cloud never reuses an email, not
     * even after closing. Required on the international site when `phone` is given and
     * `orgaccounts:huaweiSite` is `international`. With neither `email` nor `phone` the account is
     * created without a contact (`POST /v2/organizations/accounts`). Changing it replaces the account.
     *
     * @example "team-a-sandbox@example.com"
     */
    email?: pulumi.Input<string>;
    /**
     * The account's phone number: at most 32 characters of digits, spaces and `-`, optionally
     * starting with `+`. A closed account's phone cannot be reused. Required on the Chinese
     * mainland site when `email` is given and `orgaccounts:huaweiSite` is `china`. Changing it
     * replaces the account.
     *
     * @example "+86 138 0000 0000"
     */
    phone?: pulumi.Input<string>;
    /**
     * The agency created in the new account for the management account, 1-32 characters. Changing
     * it replaces the account.
     *
     * @example "OrganizationAccessAgency"
     */
    agencyName?: pulumi.Input<string>;
    /**
     * The account's description, at most 1024 characters. Changed in place (one PATCH).
     *
     * @example "Sandbox of team A"
     */
    description?: pulumi.Input<string>;
    /**
     * The account's tags: at most 19 (Huawei Cloud allows 20, one is the ownership marker). A key
     * is 1-128 letters, digits, spaces or `_ . : = + - @`, and does not start with `_sys_`; a value
     * is at most 255 of the same or `/`. Changed in place (only the tags that changed are written).
     *
     * @example { team: "a", "cost-center": "4711" }
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The root (`r-…`) or organizational unit (`ou-…`) to place the account in. Changed in place
     * (a move); left unset, the account stays where it is.
     *
     * @example "ou-0a1b2c3d4e5f"
     */
    parentId?: pulumi.Input<string>;
    /**
     * The organization to create the account in: the name of one declared in the stack config
     * under `orgaccounts:organizations` (each with its own credentials, endpoint, queue and poll
     * settings). Unset: the default organization of the top-level `orgaccounts:*` settings and the
     * environment. Changing it replaces the account, and needs a new name too.
     *
     * @example "intl-sandbox"
     */
    organization?: pulumi.Input<string>;
    /**
     * What destroying the resource does to the account (see {@link OnDeletePolicy}). Default
     * `"close"`, as the Huawei Cloud Terraform provider does.
     *
     * @example "retain"
     */
    onDelete?: pulumi.Input<OnDeletePolicy>;
    /**
     * Take over the organization's existing account with this `name` instead of creating one (it
     * gets the ownership tag). Only read at creation. Without it, an existing account of that name
     * is an error naming it.
     *
     * @example true
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * How long to wait; defaults `create: "20m"`, `delete: "10m"`.
     *
     * @example { create: "30m" }
     */
    timeouts?: pulumi.Input<AccountTimeouts>;
}

/**
 * A Huawei Cloud Organizations member account. `pulumi up` creates it and waits until it exists;
 * `pulumi destroy` closes, removes or retains it (`onDelete`). It never creates a duplicate, even
 * when a run is interrupted.
 *
 * @example
 * ```ts
 * const sandbox = new HuaweiAccount("sandbox", {
 *     name: "team-a-sandbox",
 *     email: "team-a-sandbox@example.com",
 *     parentId: "ou-0a1b2c3d4e5f",
 *     tags: { team: "a" },
 *     onDelete: "close",
 * });
 * export const sandboxAccountId = sandbox.accountId;
 * ```
 */
export class HuaweiAccount extends pulumi.dynamic.Resource {
    /** The account's id (32 hex digits): use it downstream. @example "0a6d25d23900d45c0faac010e0fb4de0" */
    declare readonly accountId: pulumi.Output<string>;
    /** The account's name as Huawei Cloud shows it. @example "team-a-sandbox" */
    declare readonly accountName: pulumi.Output<string>;
    /**
     * The account's Huawei Cloud URN (not `urn`, which Pulumi reserves for the resource's own URN).
     *
     * @example "organizations::0a6d25d23900d45c0faac010e0fb4de0:account:0a6d25d23900d45c0faac010e0fb4de0"
     */
    declare readonly accountUrn: pulumi.Output<string>;
    /**
     * The account's status: `active`, `pending_closure` or `suspended` (`in_progress` while a
     * resumed creation is unfinished).
     *
     * @example "active"
     */
    declare readonly status: pulumi.Output<string>;
    /** Where the account actually is: a root or organizational unit id. @example "r-0a1b2c3d" */
    declare readonly parentId: pulumi.Output<string>;
    /** The create-account request id, which is also the resource's id. @example "h-awjp43m7bz3b8jgy5v61jrfwakt3og8w" */
    declare readonly createAccountStatusId: pulumi.Output<string | undefined>;
    /** When the creation was requested (ISO 8601). @example "2026-01-15T09:30:00Z" */
    declare readonly createdAt: pulumi.Output<string | undefined>;
    /** When the creation completed (ISO 8601). @example "2026-01-15T09:31:12Z" */
    declare readonly completedAt: pulumi.Output<string | undefined>;
    /** When the account joined the organization (ISO 8601). @example "2026-01-15T09:31:12Z" */
    declare readonly joinedAt: pulumi.Output<string | undefined>;
    /** The `name` input. @example "team-a-sandbox" */
    declare readonly name: pulumi.Output<string>;
    /** The `email` input. @example "team-a-sandbox@example.com" */
    declare readonly email: pulumi.Output<string | undefined>;
    /** The `phone` input. @example "+86 138 0000 0000" */
    declare readonly phone: pulumi.Output<string | undefined>;
    /** The `agencyName` input. @example "OrganizationAccessAgency" */
    declare readonly agencyName: pulumi.Output<string | undefined>;
    /** The account's description (after a refresh, as changed outside Pulumi). @example "Sandbox of team A" */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The account's tags, without the ownership marker. @example { team: "a" } */
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    /**
     * Every tag on the account but the ownership marker: `tags` and the organization's default
     * tags (`orgaccounts:defaultTags`, or `defaultTags` of a named organization). @example { team: "a", "cost-center": "1234" }
     */
    declare readonly tagsAll: pulumi.Output<Record<string, string> | undefined>;
    /** The `organization` input: unset for the default organization. @example "intl-sandbox" */
    declare readonly organization: pulumi.Output<string | undefined>;
    /** The `onDelete` input, as recorded (see {@link OnDeletePolicy}). @example "close" */
    declare readonly onDelete: pulumi.Output<OnDeletePolicy | undefined>;
    /** The `adopt` input. @example true */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The `timeouts` input. @example { create: "30m" } */
    declare readonly timeouts: pulumi.Output<{ create?: string; delete?: string } | undefined>;

    /**
     * @param name The resource's name in the stack (part of its URN and of the ownership marker).
     * @param args The account's inputs.
     * @param opts The engine's resource options (`protect`, `retainOnDelete`, `ignoreChanges`,
     *   `deletedWith`...; `customTimeouts` never reaches a dynamic provider: use `timeouts`).
     */
    constructor(name: string, args: HuaweiAccountArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            owner: ownerMarker(pulumi.getProject(), pulumi.getStack(), name),
            tagsAll: undefined,
            accountId: undefined,
            accountName: undefined,
            accountUrn: undefined,
            status: undefined,
            parentId: args.parentId,
            createAccountStatusId: undefined,
            createdAt: undefined,
            completedAt: undefined,
            joinedAt: undefined,
        };
        super(new AccountProviderShim("huawei"), name, props, opts, "orgaccounts", "HuaweiAccount");
    }
}
