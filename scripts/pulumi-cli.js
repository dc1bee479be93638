#!/usr/bin/env node
// `npm run pulumi-cli`: finds or builds the real Pulumi CLI at the version of the locked
// @pulumi/pulumi, and prints the folder that holds it (its first stdout line).
//
// - A `pulumi` on PATH at that version or a newer 3.x is used as it is.
// - Otherwise the CLI is built from its Go modules (pinned, with their checksums, by
//   scripts/pulumi-cli/go.mod and go.sum) into a cache folder outside the repository, keyed by
//   version: `$ORG_ACCOUNTS_CLI_CACHE`, else `$XDG_CACHE_HOME/pulumi-org-accounts/pulumi-cli/vX`,
//   else `~/.cache/...`. A cold build takes minutes; later runs reuse it.
// - Beside the binary goes `pulumi-resource-pulumi-nodejs`, the dynamic-provider plugin script
//   that ships inside @pulumi/pulumi (the CLI's own distribution bundles the same script); it runs
//   the plugin host from the program's own node_modules.
//
// - Beside it too goes the real YAML language host, `pulumi-language-yaml`, built from its own Go
//   module (scripts/pulumi-yaml/go.mod and go.sum: pulumi-yaml is built on an older Pulumi than the
//   CLI and does not compile against the CLI's pins) when it is missing or at another version. The
//   CLI looks for a bundled language host on PATH, then beside its own binary (`IsPluginBundled`
//   and `getPluginInfoAndPath` in
//   https://github.com/pulumi/pulumi/blob/master/sdk/go/common/workspace/plugins.go). Its folder
//   is printed on the second stdout line (the CLI's own, unless the CLI came from PATH).
//
// The CLI's Node.js language host (`pulumi-language-nodejs`) is not served by the module proxy
// reachable here: scripts/nodejs-language-host.js stands in for it (see there).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const GO_MODULE_DIR = path.join(__dirname, "pulumi-cli");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const PLUGIN_SCRIPT = "pulumi-resource-pulumi-nodejs";
const YAML_MODULE_DIR = path.join(__dirname, "pulumi-yaml");
const YAML_MODULE = "github.com/pulumi/pulumi-yaml";
const YAML_HOST_PACKAGE = `${YAML_MODULE}/cmd/pulumi-language-yaml`;
const YAML_VERSION_VARIABLE = `${YAML_MODULE}/pkg/version.Version`;
const YAML_HOST = "pulumi-language-yaml";

class CliError extends Error {}

function log(line) {
    process.stderr.write(`pulumi-cli: ${line}\n`);
}

/** The installed (locked) @pulumi/pulumi version, e.g. "3.276.0". */
function lockedVersion() {
    return require(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] })).version;
}

/** The CLI version scripts/pulumi-cli/go.mod pins. */
function pinnedVersion() {
    const goMod = fs.readFileSync(path.join(GO_MODULE_DIR, "go.mod"), "utf8");
    const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)/.exec(goMod);
    if (!match) throw new CliError("scripts/pulumi-cli/go.mod does not require github.com/pulumi/pulumi/pkg/v3");
    return match[1];
}

function compareVersions(a, b) {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

function cliVersion(binary) {
    const result = spawnSync(binary, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
    const match = result.status === 0 && /^v?(\d+\.\d+\.\d+)/.exec(result.stdout.trim());
    return match ? match[1] : undefined;
}

/** A `pulumi` on PATH at `version` or a newer 3.x, if there is one. */
function cliOnPath(version) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir, "pulumi");
        if (!dir || !fs.existsSync(candidate)) continue;
        const found = cliVersion(candidate);
        if (found && found.startsWith("3.") && compareVersions(found, version) >= 0) return { dir, version: found };
    }
    return undefined;
}

function cacheDir(version) {
    const base = process.env.ORG_ACCOUNTS_CLI_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-org-accounts", "pulumi-cli");
    return path.join(base, `v${version}`);
}

function goVersion() {
    const result = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim() : undefined;
}

function seconds(since) {
    return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function build(version, dir) {
    const go = goVersion();
    if (!go) {
        throw new CliError(
            `the Pulumi CLI v${version} is not on PATH and Go is not installed to build it. ` +
                `Install Go 1.26 or newer (the CLI is built once from its Go modules), or put pulumi v${version} or newer on PATH.`,
        );
    }
    const started = Date.now();
    log(`building the Pulumi CLI v${version} with ${go} into ${dir}`);
    log("a cold build downloads the CLI's Go modules and compiles them: it takes several minutes; later runs reuse it");
    const staging = `${dir}.building-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const result = spawnSync("go", ["build", "-mod=readonly", "-ldflags", `-s -w -X ${VERSION_VARIABLE}=v${version}`, "-o", path.join(staging, "pulumi"), CLI_PACKAGE], {
        cwd: GO_MODULE_DIR,
        stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status !== 0) {
        fs.rmSync(staging, { recursive: true, force: true });
        throw new CliError(`go build of the Pulumi CLI v${version} failed (exit ${result.status ?? result.signal}); its output is above`);
    }
    installPluginScript(staging);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    log(`built in ${seconds(started)}`);
}

function installPluginScript(dir) {
    const source = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] })), PLUGIN_SCRIPT);
    fs.copyFileSync(source, path.join(dir, PLUGIN_SCRIPT));
    fs.chmodSync(path.join(dir, PLUGIN_SCRIPT), 0o755);
}

/** The pulumi-yaml version scripts/pulumi-yaml/go.mod pins, e.g. "1.25.0". */
function yamlPinnedVersion() {
    const goMod = fs.readFileSync(path.join(YAML_MODULE_DIR, "go.mod"), "utf8");
    const match = /github\.com\/pulumi\/pulumi-yaml v(\d+\.\d+\.\d+)/.exec(goMod);
    if (!match) throw new CliError("scripts/pulumi-yaml/go.mod does not require github.com/pulumi/pulumi-yaml");
    return match[1];
}

/**
 * The pulumi-yaml version a built `pulumi-language-yaml` was made from, read from the build
 * information Go writes into every binary (what `go version -m` prints), so that no Go is needed
 * to check it: the line `dep <TAB> github.com/pulumi/pulumi-yaml <TAB> vX.Y.Z`.
 */
function yamlHostVersion(binary) {
    let text;
    try {
        text = fs.readFileSync(binary).toString("latin1");
    } catch {
        return undefined;
    }
    const match = /\n(?:dep|mod)\tgithub\.com\/pulumi\/pulumi-yaml\tv(\d+\.\d+\.\d+)\t/.exec(text);
    return match ? match[1] : undefined;
}

/** Why the host in `dir` is not usable: missing, or at another version. */
function yamlHostProblem(version, dir) {
    const binary = path.join(dir, YAML_HOST);
    if (!fs.existsSync(binary)) return `the YAML language host (${YAML_HOST}, pulumi-yaml v${version}) is not in ${dir}`;
    const found = yamlHostVersion(binary);
    return `the YAML language host ${binary} is ${found ? `at pulumi-yaml v${found}` : "of an unknown version"}, not the pinned v${version}`;
}

function buildYamlHost(version, dir) {
    const problem = yamlHostProblem(version, dir);
    const go = goVersion();
    if (!go) {
        throw new CliError(
            `${problem}, and Go is not installed to build it. ` + "Install Go 1.26 or newer (the host is built once from its Go modules, pinned in scripts/pulumi-yaml/go.mod).",
        );
    }
    const started = Date.now();
    log(`${problem}: building it with ${go} into ${dir}`);
    log("a cold build downloads its Go modules and compiles them: it takes a minute or two; later runs reuse it");
    fs.mkdirSync(dir, { recursive: true });
    const staging = path.join(dir, `${YAML_HOST}.building-${process.pid}`);
    const result = spawnSync("go", ["build", "-mod=readonly", "-ldflags", `-s -w -X ${YAML_VERSION_VARIABLE}=v${version}`, "-o", staging, YAML_HOST_PACKAGE], {
        cwd: YAML_MODULE_DIR,
        stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status !== 0) {
        fs.rmSync(staging, { force: true });
        throw new CliError(`go build of the YAML language host (pulumi-yaml v${version}) failed (exit ${result.status ?? result.signal}); its output is above`);
    }
    fs.renameSync(staging, path.join(dir, YAML_HOST));
    log(`built the YAML language host in ${seconds(started)}`);
}

/** The folder holding `pulumi-language-yaml` at the pinned version (`dir`), building it there when missing. */
function ensureYamlHost(dir) {
    const version = yamlPinnedVersion();
    if (yamlHostVersion(path.join(dir, YAML_HOST)) === version) return { dir, version, source: "cache" };
    buildYamlHost(version, dir);
    return { dir, version, source: "built" };
}

/**
 * The folder holding `pulumi` (and the dynamic-provider plugin), building the CLI when needed, and
 * the folder holding the YAML language host (`yamlHostDir`), building it when needed.
 * Throws a CliError saying what is missing.
 */
function ensurePulumiCli() {
    const cli = ensureCli();
    // Beside the CLI's binary, unless the CLI came from PATH: then in the cache folder of its version.
    const yamlHost = ensureYamlHost(cli.source === "PATH" ? cacheDir(cli.version) : cli.dir);
    return { ...cli, yamlHostDir: yamlHost.dir, yamlHostVersion: yamlHost.version, yamlHostSource: yamlHost.source };
}

function ensureCli() {
    const version = lockedVersion();
    const pinned = pinnedVersion();
    if (pinned !== version) {
        throw new CliError(`scripts/pulumi-cli/go.mod pins the CLI at v${pinned} but the locked @pulumi/pulumi is ${version}: pin the same version in both`);
    }
    const onPath = cliOnPath(version);
    if (onPath) return { dir: onPath.dir, version: onPath.version, source: "PATH" };
    const dir = cacheDir(version);
    if (cliVersion(path.join(dir, "pulumi")) === version && fs.existsSync(path.join(dir, PLUGIN_SCRIPT))) return { dir, version, source: "cache" };
    build(version, dir);
    return { dir, version, source: "built" };
}

module.exports = { ensurePulumiCli, CliError };

if (require.main === module) {
    try {
        const cli = ensurePulumiCli();
        log(`using pulumi v${cli.version} from ${cli.source === "PATH" ? "PATH" : cli.dir}`);
        log(`using ${YAML_HOST} v${cli.yamlHostVersion} from ${cli.yamlHostDir}`);
        process.stdout.write(`${cli.dir}\n${cli.yamlHostDir}\n`);
    } catch (error) {
        log(`error: ${error.message}`);
        process.exit(1);
    }
}
