// AwsAccount: an AWS Organizations member account, declared in a Pulumi program.
import * as pulumi from "@pulumi/pulumi";
import { ownerMarker } from "./owner";
import { AccountProviderShim } from "./providerShim";
import type { AccountTimeouts, OnDeletePolicy } from "./types";

/**
 * The inputs of an {@link AwsAccount}. Every rule is checked at `pulumi preview`, before any API
 * call; a failed check names the input, the rule and what is wrong with the value.
 */
export interface AwsAccountArgs {
    /**
     * The account name: required, 1-50 printable ASCII characters, without `<` or `>` (a rename,
     * `PutAccountName`, refuses them). Changed in place (`PutAccountName`).
     *
     * @example "Team A workloads"
     */
    name: pulumi.Input<string>;
    /**
     * The root user's email: required, 6-64 characters, exactly one `@` and a dot in the domain.
     * AWS never reuses an email, not even after closing. Changing it replaces the account.
     *
     * @example "team-a-workloads@example.com"
     */
    email: pulumi.Input<string>;
    /**
     * The IAM role created in the new account for the management account: at most 64 letters,
     * digits or `+ = , . @ _ -` (AWS default `OrganizationAccountAccessRole`). Changing it replaces
     * the account.
     *
     * @example "OrganizationAccountAccessRole"
     */
    roleName?: pulumi.Input<string>;
    /**
     * Whether IAM users of the account can reach its billing information (AWS default `"ALLOW"`).
     * Changing it replaces the account.
     *
     * @example "DENY"
     */
    iamUserAccessToBilling?: pulumi.Input<"ALLOW" | "DENY">;
    /**
     * The account's tags: at most 49 (AWS allows 50, one is the ownership marker). A key is 1-128
     * letters, digits, spaces or `_ . : / = + - @` and does not start with `aws:`; a value is at
     * most 256 of the same. Changed in place.
     *
     * @example { team: "a", "cost-center": "4711" }
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The root (`r-…`) or organizational unit (`ou-…-…`) to place the account in; it must exist
     * (checked before anything is created or moved). Changed in place (a move).
     *
     * @example "ou-ab12-cd34ef56"
     */
    parentId?: pulumi.Input<string>;
    /**
     * The organization to create the account in: the name of one declared in the stack config
     * under `orgaccounts:organizations` (each with its own credentials, endpoint, queue and poll
     * settings). Unset: the default organization of the top-level `orgaccounts:*` settings and the
     * environment. Changing it replaces the account, and needs a new email too.
     *
     * @example "sandbox"
     */
    organization?: pulumi.Input<string>;
    /**
     * What destroying the resource does to the account (see {@link OnDeletePolicy}). Default
     * `"remove"`, as `aws.organizations.Account` does, which AWS refuses for an account made by
     * `CreateAccount` until its waiting period has passed: accounts you mean to throw away should
     * say `"close"`.
     *
     * @example "close"
     */
    onDelete?: pulumi.Input<OnDeletePolicy>;
    /**
     * Take over the organization's existing account with this `email` instead of creating one (it
     * gets the ownership tag). Only read at creation. Without it, an existing account with that
     * email is an error naming it.
     *
     * @example true
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * How long to wait; defaults `create: "20m"`, `delete: "30m"` (closing waits until AWS shows
     * `PENDING_CLOSURE`).
     *
     * @example { delete: "45m" }
     */
    timeouts?: pulumi.Input<AccountTimeouts>;
}

/**
 * An AWS Organizations member account. `pulumi up` creates it and waits until it exists;
 * `pulumi destroy` removes, closes or retains it (`onDelete`). It never creates a duplicate, even
 * when a run is interrupted.
 *
 * @example
 * ```ts
 * const workloads = new AwsAccount("workloads", {
 *     name: "Team A workloads",
 *     email: "team-a-workloads@example.com",
 *     parentId: "ou-ab12-cd34ef56",
 *     tags: { team: "a" },
 *     onDelete: "close",
 * });
 * export const workloadsAccountId = workloads.accountId;
 * ```
 */
export class AwsAccount extends pulumi.dynamic.Resource {
    /** The account's id (12 digits): use it downstream. @example "123456789012" */
    declare readonly accountId: pulumi.Output<string>;
    /** The account's ARN. @example "arn:aws:organizations::111111111111:account/o-exampleorgid/123456789012" */
    declare readonly arn: pulumi.Output<string>;
    /**
     * AWS's `State` of the account: `PENDING_ACTIVATION`, `ACTIVE`, `PENDING_CLOSURE`, `CLOSED`, or
     * `SUSPENDED` (suspended by AWS, not closed); `IN_PROGRESS` while a resumed creation is unfinished.
     *
     * @example "ACTIVE"
     */
    declare readonly state: pulumi.Output<string>;
    /** Where the account actually is: a root or organizational unit id. @example "r-ab12" */
    declare readonly parentId: pulumi.Output<string>;
    /** The `CreateAccount` request id (`car-…`), which is also the resource's id. @example "car-0123456789abcdef" */
    declare readonly createAccountStatusId: pulumi.Output<string | undefined>;
    /** When the creation was requested (ISO 8601). @example "2026-01-15T09:30:00.000Z" */
    declare readonly requestedAt: pulumi.Output<string | undefined>;
    /** When the creation completed (ISO 8601). @example "2026-01-15T09:31:12.000Z" */
    declare readonly completedAt: pulumi.Output<string | undefined>;
    /** When the account joined the organization (ISO 8601). @example "2026-01-15T09:31:12.000Z" */
    declare readonly joinedAt: pulumi.Output<string | undefined>;
    /**
     * How the account joined the organization, as AWS reports it: `CREATED` (by `CreateAccount`)
     * or `INVITED` (an adopted account that accepted an invitation). @example "CREATED"
     */
    declare readonly joinedMethod: pulumi.Output<"CREATED" | "INVITED" | undefined>;
    /** The account's name (after a refresh, as changed outside Pulumi). @example "Team A workloads" */
    declare readonly name: pulumi.Output<string>;
    /** The `email` input. @example "team-a-workloads@example.com" */
    declare readonly email: pulumi.Output<string>;
    /** The `roleName` input. @example "OrganizationAccountAccessRole" */
    declare readonly roleName: pulumi.Output<string | undefined>;
    /** The `iamUserAccessToBilling` input. @example "ALLOW" */
    declare readonly iamUserAccessToBilling: pulumi.Output<"ALLOW" | "DENY" | undefined>;
    /** The account's tags, without the ownership marker. @example { team: "a" } */
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    /**
     * Every tag on the account but the ownership marker: `tags` and the organization's default
     * tags (`orgaccounts:defaultTags`, or `defaultTags` of a named organization). @example { team: "a", "cost-center": "1234" }
     */
    declare readonly tagsAll: pulumi.Output<Record<string, string> | undefined>;
    /** The `organization` input: unset for the default organization. @example "sandbox" */
    declare readonly organization: pulumi.Output<string | undefined>;
    /** The `onDelete` input, as recorded (see {@link OnDeletePolicy}). @example "close" */
    declare readonly onDelete: pulumi.Output<OnDeletePolicy | undefined>;
    /** The `adopt` input. @example true */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The `timeouts` input. @example { delete: "45m" } */
    declare readonly timeouts: pulumi.Output<{ create?: string; delete?: string } | undefined>;

    /**
     * @param name The resource's name in the stack (part of its URN and of the ownership marker).
     * @param args The account's inputs.
     * @param opts The engine's resource options (`protect`, `retainOnDelete`, `ignoreChanges`,
     *   `deletedWith`...; `customTimeouts` never reaches a dynamic provider: use `timeouts`).
     */
    constructor(name: string, args: AwsAccountArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            owner: ownerMarker(pulumi.getProject(), pulumi.getStack(), name),
            tagsAll: undefined,
            accountId: undefined,
            arn: undefined,
            state: undefined,
            parentId: args.parentId,
            createAccountStatusId: undefined,
            requestedAt: undefined,
            completedAt: undefined,
            joinedAt: undefined,
            joinedMethod: undefined,
        };
        super(new AccountProviderShim("aws"), name, props, opts, "orgaccounts", "AwsAccount");
    }
}
