// Member accounts in both clouds: two Huawei Cloud accounts (one placed in an organizational unit)
// and one AWS account, with account ids consumed downstream. Run it with `npm run demo` (against
// the emulators), or with `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount, HuaweiAccount } from "pulumi-org-accounts";

export = () => {
    const config = new pulumi.Config();
    // The organizational unit that holds production accounts ("ou-..."), e.g. from `pulumi config set productionOu ou-...`.
    const productionOu = config.require("productionOu");
    // The AWS organizational unit for workloads ("ou-...-...").
    const awsWorkloadsOu = config.require("awsWorkloadsOu");

    const sandbox = new HuaweiAccount("sandbox", {
        name: "team-a-sandbox",
        email: "team-a-sandbox@example.com",
        description: "Team A's sandbox",
        tags: { team: "a", environment: "sandbox" },
        onDelete: "close",
    });

    const production = new HuaweiAccount("production", {
        name: "team-a-production",
        email: "team-a-production@example.com",
        parentId: productionOu,
        // Downstream use of an output: the production account records its sandbox's id.
        description: pulumi.interpolate`Team A production; sandbox account ${sandbox.accountId}`,
        tags: { team: "a", environment: "production" },
        onDelete: "retain",
        timeouts: { create: "30m" },
    });

    const workloads = new AwsAccount("aws-workloads", {
        name: "Team A workloads",
        email: "team-a-workloads@example.com",
        parentId: awsWorkloadsOu,
        // Another downstream use: the AWS account is tagged with its Huawei counterpart.
        tags: { team: "a", huaweiSandbox: sandbox.accountId },
        onDelete: "close",
    });

    return {
        sandboxAccountId: sandbox.accountId,
        productionAccountId: production.accountId,
        productionParentId: production.parentId,
        awsWorkloadsAccountId: workloads.accountId,
        awsWorkloadsArn: workloads.arn,
    };
};
