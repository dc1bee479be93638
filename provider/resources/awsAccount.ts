// AwsAccount: an AWS Organizations member account, declared in a Pulumi program.
import * as pulumi from "@pulumi/pulumi";
import { ownerMarker } from "./owner";
import { AccountProviderShim } from "./providerShim";

export interface AwsAccountArgs {
    /** Account name (1-50 printable ASCII characters). Renamed in place. */
    name: pulumi.Input<string>;
    /** Root user email, unique across AWS (6-64 characters). Changing it replaces the account. */
    email: pulumi.Input<string>;
    /** IAM role created in the new account for the management account (default OrganizationAccountAccessRole). Replaces. */
    roleName?: pulumi.Input<string>;
    /** Whether IAM users can reach billing (default ALLOW). Replaces. */
    iamUserAccessToBilling?: pulumi.Input<"ALLOW" | "DENY">;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Root (`r-...`) or organizational unit (`ou-...-...`) to place the account in. */
    parentId?: pulumi.Input<string>;
    /** What destroying the resource does. Default "remove", as aws.organizations.Account does. */
    onDelete?: pulumi.Input<"close" | "remove" | "retain">;
    /** Take over the organization's existing account with this email instead of creating one. */
    adopt?: pulumi.Input<boolean>;
    /** How long to wait, e.g. "20m" (default) for create and "10m" for delete. */
    timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;
}

export class AwsAccount extends pulumi.dynamic.Resource {
    declare readonly accountId: pulumi.Output<string>;
    declare readonly arn: pulumi.Output<string>;
    /** `ACTIVE`, `PENDING_CLOSURE`, `SUSPENDED`... (`IN_PROGRESS` while a resumed creation is unfinished). */
    declare readonly state: pulumi.Output<string>;
    declare readonly parentId: pulumi.Output<string>;
    /** The CreateAccount request id (`car-...`): the resource's id. */
    declare readonly createAccountStatusId: pulumi.Output<string | undefined>;
    declare readonly requestedAt: pulumi.Output<string | undefined>;
    declare readonly completedAt: pulumi.Output<string | undefined>;
    declare readonly joinedAt: pulumi.Output<string | undefined>;
    declare readonly name: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string>;
    declare readonly roleName: pulumi.Output<string | undefined>;
    declare readonly iamUserAccessToBilling: pulumi.Output<string | undefined>;
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare readonly onDelete: pulumi.Output<string | undefined>;

    constructor(name: string, args: AwsAccountArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            owner: ownerMarker(pulumi.getProject(), pulumi.getStack(), name),
            accountId: undefined,
            arn: undefined,
            state: undefined,
            parentId: args.parentId,
            createAccountStatusId: undefined,
            requestedAt: undefined,
            completedAt: undefined,
            joinedAt: undefined,
        };
        super(new AccountProviderShim("aws"), name, props, opts, "orgaccounts", "AwsAccount");
    }
}
