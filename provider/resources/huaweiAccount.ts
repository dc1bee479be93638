// HuaweiAccount: the resource users declare in their Pulumi programs.
import * as pulumi from "@pulumi/pulumi";
import { AccountProviderShim } from "./providerShim";
import { ownerMarker } from "./owner";

export interface HuaweiAccountArgs {
    /** Account name, unique in Huawei Cloud (1-64 characters). Changing it replaces the account. */
    name: pulumi.Input<string>;
    /** Required on the international site. Changing it replaces the account. */
    email?: pulumi.Input<string>;
    /** Required on the Chinese mainland site. Changing it replaces the account. */
    phone?: pulumi.Input<string>;
    /** Agency created in the new account for the management account (1-32 characters). Replaces. */
    agencyName?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Root (`r-...`) or organizational unit (`ou-...`) to place the account in. */
    parentId?: pulumi.Input<string>;
    /** What destroying the resource does to the account. Default "close", as the Terraform provider does. */
    onDelete?: pulumi.Input<"close" | "remove" | "retain">;
    /** Take over an existing account with this name instead of creating one. */
    adopt?: pulumi.Input<boolean>;
    /** How long to wait, e.g. "20m" (default) for create and "10m" for delete. */
    timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;
}

export class HuaweiAccount extends pulumi.dynamic.Resource {
    declare readonly accountId: pulumi.Output<string>;
    declare readonly accountName: pulumi.Output<string>;
    /** The account's Huawei Cloud URN. */
    declare readonly accountUrn: pulumi.Output<string>;
    /** `active`, `pending_closure` or `suspended` (`in_progress` while a resumed creation is unfinished). */
    declare readonly status: pulumi.Output<string>;
    declare readonly parentId: pulumi.Output<string>;
    /** The create-account request id: the resource's id. */
    declare readonly createAccountStatusId: pulumi.Output<string | undefined>;
    declare readonly createdAt: pulumi.Output<string | undefined>;
    declare readonly completedAt: pulumi.Output<string | undefined>;
    declare readonly joinedAt: pulumi.Output<string | undefined>;
    declare readonly name: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string | undefined>;
    declare readonly phone: pulumi.Output<string | undefined>;
    declare readonly agencyName: pulumi.Output<string | undefined>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare readonly onDelete: pulumi.Output<string | undefined>;

    constructor(name: string, args: HuaweiAccountArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            owner: ownerMarker(pulumi.getProject(), pulumi.getStack(), name),
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
