// Two Huawei Cloud member accounts, one placed in an organizational unit, and one account id
// consumed downstream. Run it with `npm run demo` (against the emulator), or with `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { HuaweiAccount } from "pulumi-org-accounts";

export = () => {
    const config = new pulumi.Config();
    // The organizational unit that holds production accounts ("ou-..."), e.g. from `pulumi config set productionOu ou-...`.
    const productionOu = config.require("productionOu");

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

    return {
        sandboxAccountId: sandbox.accountId,
        productionAccountId: production.accountId,
        productionParentId: production.parentId,
    };
};
