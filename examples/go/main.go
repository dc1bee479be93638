// Account vending with the typed Go SDK: one account in the organization of the default provider
// (its credentials from the environment or `orgaccounts:` config), one in a second organization
// through an explicit provider, a value built from an account id, and the status of an account's
// create request through the status function.
package main

import (
	"fmt"

	"github.com/pulumi-org-accounts/pulumi-org-accounts/sdk/go/orgaccounts"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		region := cfg.Get("secondOrgRegion")
		if region == "" {
			region = "us-east-1"
		}

		// The second organization: its endpoint, region and credentials from this stack's config.
		secondOrg, err := orgaccounts.NewProvider(ctx, "second-org", &orgaccounts.ProviderArgs{
			AwsEndpoint:        pulumi.String(cfg.Require("secondOrgEndpoint")),
			AwsRegion:          pulumi.String(region),
			AwsAccessKeyId:     cfg.RequireSecret("secondOrgAccessKeyId"),
			AwsSecretAccessKey: cfg.RequireSecret("secondOrgSecretAccessKey"),
		})
		if err != nil {
			return err
		}

		sandbox, err := orgaccounts.NewAwsAccount(ctx, "sandbox", &orgaccounts.AwsAccountArgs{
			Name:     pulumi.String("acct-go-sandbox"),
			Email:    pulumi.String("acct-go-sandbox@example.com"),
			OnDelete: orgaccounts.OnDeletePolicyCLOSE,
			Tags:     pulumi.StringMap{"team": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}

		billing, err := orgaccounts.NewAwsAccount(ctx, "billing", &orgaccounts.AwsAccountArgs{
			Name:     pulumi.String("acct-go-billing"),
			Email:    pulumi.String("acct-go-billing@example.com"),
			OnDelete: orgaccounts.OnDeletePolicyCLOSE,
		}, pulumi.Provider(secondOrg))
		if err != nil {
			return err
		}

		ctx.Export("sandboxAccountId", sandbox.AccountId)
		ctx.Export("billingAccountId", billing.AccountId)
		// Downstream of the account id: the role a pipeline would assume in the new account.
		ctx.Export("sandboxAdminRoleArn", sandbox.AccountId.ApplyT(func(accountID string) string {
			return fmt.Sprintf("arn:aws:iam::%s:role/OrganizationAccountAccessRole", accountID)
		}).(pulumi.StringOutput))

		// The create request behind the sandbox account (its resource id), as the status function reads it.
		status := orgaccounts.GetCreateAccountStatusOutput(ctx, orgaccounts.GetCreateAccountStatusOutputArgs{
			Cloud: orgaccounts.CloudNameAWS,
			Id:    sandbox.ID(),
		})
		ctx.Export("sandboxRequestState", status.State())
		return nil
	})
}
