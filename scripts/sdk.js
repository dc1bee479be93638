#!/usr/bin/env node
// `npm run sdk`: generates the typed SDKs sdk/nodejs, sdk/python and sdk/go from the checked-in
// schema (schema/orgaccounts.json) with Pulumi's own generators, pinned to the CLI's pkg/v3 module
// (scripts/schema-check). The schema's `language` section sets the package names and
// `respectSchemaVersion` (without it the versions come out as placeholders).
// The Go SDK is a module of its own (sdk/go/go.mod): its go.mod and go.sum are written by
// `go mod tidy` the first time and kept afterwards; `npm run sdk -- --tidy` writes them again.
// `node scripts/sdk.js --check`: generates into a temporary folder and lists every file that
// differs from sdk/ (exit 1), so CI fails when the schema changed and the SDKs were not regenerated.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { buildSchemaChecker } = require("./schema-check.js");

const ROOT = path.resolve(__dirname, "..");
const SCHEMA = path.join(ROOT, "schema", "orgaccounts.json");
const SDK = path.join(ROOT, "sdk");
const LANGUAGES = ["nodejs", "python", "go"];
/** Written by go mod tidy, not by the generator: carried over from sdk/go. */
const GO_MODULE_FILES = ["go.mod", "go.sum"];
const GO_MODULE = "github.com/pulumi-org-accounts/pulumi-org-accounts/sdk/go";

/** The version of github.com/pulumi/pulumi/sdk/v3 the checker (and so the CLI) is built from. */
function pulumiGoSdkVersion() {
    const goMod = fs.readFileSync(path.join(__dirname, "schema-check", "go.mod"), "utf8");
    const match = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/.exec(goMod);
    if (!match) throw new Error("scripts/schema-check/go.mod does not require github.com/pulumi/pulumi/sdk/v3");
    return match[1];
}

/** Generates every SDK from `schema` into `out/<language>/` (emptied first). */
function generate(out, schema = SCHEMA) {
    const checker = buildSchemaChecker();
    for (const language of LANGUAGES) fs.rmSync(path.join(out, language), { recursive: true, force: true });
    const result = spawnSync(checker, [schema, out], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`the SDK generators failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
}

function tidyGoModule(dir) {
    const version = pulumiGoSdkVersion();
    fs.writeFileSync(path.join(dir, "go.mod"), `module ${GO_MODULE}\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${version}\n`);
    const result = spawnSync("go", ["mod", "tidy"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
    if (result.error) throw new Error(`Go is needed for the Go SDK's go.mod: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`go mod tidy in the Go SDK failed:\n${result.stderr}`);
}

/** What building or installing an SDK leaves beside it (each SDK's .gitignore names them): not compared. */
const BUILD_OUTPUT = /^(node_modules|bin|build|dist|__pycache__|.*\.egg-info|.*\.pyc)$/;

function listFiles(dir, prefix = "") {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => !BUILD_OUTPUT.test(entry.name))
        .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
        .sort();
}

/** The files under `sdk` (default sdk/) that differ from what `schema` generates now (added, missing or changed). */
function staleFiles({ schema = SCHEMA, sdk = SDK } = {}) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-sdk-"));
    try {
        generate(work, schema);
        for (const file of GO_MODULE_FILES) {
            const kept = path.join(sdk, "go", file);
            if (fs.existsSync(kept)) fs.copyFileSync(kept, path.join(work, "go", file));
        }
        const stale = [];
        for (const language of LANGUAGES) {
            const fresh = listFiles(path.join(work, language));
            const current = listFiles(path.join(sdk, language));
            for (const file of new Set([...fresh, ...current])) {
                const a = path.join(work, language, file);
                const b = path.join(sdk, language, file);
                if (!fresh.includes(file)) stale.push(`sdk/${language}/${file} (not generated from the schema)`);
                else if (!current.includes(file)) stale.push(`sdk/${language}/${file} (missing)`);
                else if (!fs.readFileSync(a).equals(fs.readFileSync(b))) stale.push(`sdk/${language}/${file} (differs)`);
            }
        }
        return stale.sort();
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Regenerates sdk/ in place, keeping the Go module's go.mod and go.sum unless `tidy`. */
function writeSdks({ tidy }) {
    const kept = new Map();
    for (const file of GO_MODULE_FILES) {
        const existing = path.join(SDK, "go", file);
        if (fs.existsSync(existing)) kept.set(file, fs.readFileSync(existing));
    }
    generate(SDK);
    if (tidy || kept.size < GO_MODULE_FILES.length) tidyGoModule(path.join(SDK, "go"));
    else for (const [file, text] of kept) fs.writeFileSync(path.join(SDK, "go", file), text);
}

module.exports = { staleFiles, generate, pulumiGoSdkVersion, GO_MODULE, LANGUAGES };

if (require.main === module) {
    try {
        if (process.argv.includes("--check")) {
            const stale = staleFiles();
            if (stale.length > 0) {
                console.error(`sdk/ is not what schema/orgaccounts.json generates; run \`npm run sdk\` and commit sdk/:\n  ${stale.join("\n  ")}`);
                process.exitCode = 1;
            } else console.log("sdk/ is what schema/orgaccounts.json generates.");
        } else {
            writeSdks({ tidy: process.argv.includes("--tidy") });
            console.log(`Generated ${LANGUAGES.map((l) => `sdk/${l}`).join(", ")} from schema/orgaccounts.json.`);
        }
    } catch (error) {
        console.error(`sdk: ${error.message}`);
        process.exitCode = 1;
    }
}
