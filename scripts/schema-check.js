#!/usr/bin/env node
// `npm run schema:check [file]`: validates a Pulumi package schema (default schema/orgaccounts.json)
// with Pulumi's own binder and its Node.js, Python and Go SDK generators, offline: the checker
// (scripts/schema-check/main.go) is built from the same pinned Go modules as the CLI, into a cache
// folder beside the CLI's (`$ORG_ACCOUNTS_CLI_CACHE/../schema-check`, else
// `~/.cache/pulumi-org-accounts/schema-check`). Go's build cache makes later builds take seconds.
"use strict";
const { spawnSync } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const GO_MODULE_DIR = path.join(__dirname, "schema-check");

function checkerPath() {
    const base = process.env.ORG_ACCOUNTS_CLI_CACHE
        ? path.join(path.dirname(process.env.ORG_ACCOUNTS_CLI_CACHE), "schema-check")
        : path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-org-accounts", "schema-check");
    return path.join(base, "schemacheck");
}

/** Builds the checker (a no-op for Go when nothing changed) and returns its path; throws when Go is missing or the build fails. */
function buildSchemaChecker() {
    const binary = checkerPath();
    const result = spawnSync("go", ["build", "-mod=readonly", "-o", binary, "."], { cwd: GO_MODULE_DIR, encoding: "utf8" });
    if (result.error) throw new Error(`Go is needed to build the schema checker (scripts/schema-check): ${result.error.message}. Install Go 1.26 or newer.`);
    if (result.status !== 0) throw new Error(`go build of scripts/schema-check failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
    return binary;
}

module.exports = { buildSchemaChecker };

if (require.main === module) {
    try {
        const file = path.resolve(process.argv[2] ?? path.join(ROOT, "schema", "orgaccounts.json"));
        const result = spawnSync(buildSchemaChecker(), [file], { stdio: "inherit" });
        process.exitCode = result.status ?? 1;
    } catch (error) {
        console.error(`schema-check: ${error.message}`);
        process.exitCode = 1;
    }
}
