"""Account vending with the typed Python SDK: one account in the organization of the default
provider (its credentials from the environment or `orgaccounts:` config), one in a second
organization through an explicit provider, a value built from an account id, and the status of
an account's create request through the status function."""

import pulumi
import pulumi_orgaccounts as orgaccounts

config = pulumi.Config()

# The second organization: its endpoint, region and credentials from this stack's config.
second_org = orgaccounts.Provider(
    "second-org",
    aws_endpoint=config.require("secondOrgEndpoint"),
    aws_region=config.get("secondOrgRegion") or "us-east-1",
    aws_access_key_id=config.require_secret("secondOrgAccessKeyId"),
    aws_secret_access_key=config.require_secret("secondOrgSecretAccessKey"),
)

sandbox = orgaccounts.AwsAccount(
    "sandbox",
    name="acct-py-sandbox",
    email="acct-py-sandbox@example.com",
    on_delete="close",
    tags={"team": "platform"},
)

billing = orgaccounts.AwsAccount(
    "billing",
    name="acct-py-billing",
    email="acct-py-billing@example.com",
    on_delete="close",
    opts=pulumi.ResourceOptions(provider=second_org),
)

# Downstream of the account id: the role a pipeline would assume in the new account.
pulumi.export("sandboxAccountId", sandbox.account_id)
pulumi.export("billingAccountId", billing.account_id)
pulumi.export(
    "sandboxAdminRoleArn",
    sandbox.account_id.apply(lambda account_id: f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"),
)

# The create request behind the sandbox account (its resource id), as the status function reads it.
status = orgaccounts.get_create_account_status_output(cloud="aws", id=sandbox.id)
pulumi.export("sandboxRequestState", status.state)
