//go:build tools

// The real YAML language host (pulumi-language-yaml), built by scripts/pulumi-cli.js into the
// same cache folder as the CLI. It is built on an older Pulumi than the CLI (pulumi-yaml v1.25.0
// requires pkg/v3 v3.206.0, which the CLI's pins do not compile with), so it has its own module.
// This module only pins its Go modules (go.sum checks them).
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
