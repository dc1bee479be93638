//go:build tools

// The Pulumi CLI at the version of the locked @pulumi/pulumi npm package, built by
// scripts/pulumi-cli.js. This module only pins the CLI's Go modules (go.sum checks them).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
