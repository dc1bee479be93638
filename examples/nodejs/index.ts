// Account vending with the typed Node.js SDK: one account in the organization of the default
// provider (its credentials from the environment or `orgaccounts:` config), one in a second
// organization through an explicit provider, a value built from an account id, and the status of
// an account's create request through the status function.
import * as pulumi from "@pulumi/pulumi";
import * as orgaccounts from "@pulumi-org-accounts/orgaccounts";

const config = new pulumi.Config();

// The second organization: its endpoint, region and credentials from this stack's config.
const secondOrg = new orgaccounts.Provider("second-org", {
    awsEndpoint: config.require("secondOrgEndpoint"),
    awsRegion: config.get("secondOrgRegion") ?? "us-east-1",
    awsAccessKeyId: config.requireSecret("secondOrgAccessKeyId"),
    awsSecretAccessKey: config.requireSecret("secondOrgSecretAccessKey"),
});

const sandbox = new orgaccounts.AwsAccount("sandbox", {
    name: "acct-ts-sandbox",
    email: "acct-ts-sandbox@example.com",
    onDelete: "close",
    tags: { team: "platform" },
});

const billing = new orgaccounts.AwsAccount("billing", { name: "acct-ts-billing", email: "acct-ts-billing@example.com", onDelete: "close" }, { provider: secondOrg });

export const sandboxAccountId = sandbox.accountId;
export const billingAccountId = billing.accountId;
// Downstream of the account id: the role a pipeline would assume in the new account.
export const sandboxAdminRoleArn = pulumi.interpolate`arn:aws:iam::${sandbox.accountId}:role/OrganizationAccountAccessRole`;

// The create request behind the sandbox account (its resource id), as the status function reads it.
export const sandboxRequestState = orgaccounts.getCreateAccountStatusOutput({ cloud: "aws", id: sandbox.id }).state;
