#!/usr/bin/env node
// `npm run release [-- <folder>]`: what a user installs from a file, from the checked-in sdk/ and the
// provider's sources, into dist/release/ (emptied first) or <folder>:
//   pulumi-resource-orgaccounts-v<v>-<os>-<arch>.tar.gz  the plugin: one executable (the bundled
//       plugin in a copy of the Node.js that builds the release, a single executable application:
//       no Node.js needed where it runs), with the package.json and schema its GetSchema answers
//       from; for `pulumi plugin install resource orgaccounts <v> --file <it>`. <os>-<arch> are the
//       building machine's (linux-amd64 here).
//   pulumi-org-accounts-orgaccounts-<v>.tgz  the Node.js SDK, compiled with tsc against the installed
//       @pulumi/pulumi, its package.json beside the output (`npm install <it>`)
//   pulumi_orgaccounts-<v>-py3-none-any.whl  the Python SDK (`pip install <it>`), built by the
//       setuptools pinned in scripts/python-venv.js, in the environment built from the lockfile
//   go/                              the Go SDK module, for a `replace` in a program's go.mod
// Each SDK names the plugin it needs (pulumi-plugin.json; package.json's `pulumi` for Node.js).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { bundlePlugin } = require("./bundle-plugin.js");
const { buildSingleExecutable, pulumiPlatform } = require("./single-executable.js");
const { ensurePythonVenv } = require("./python-venv.js");

const ROOT = path.resolve(__dirname, "..");
const SDK = path.join(ROOT, "sdk");

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { encoding: "utf8", ...options });
    if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
}

function version() {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "orgaccounts.json"), "utf8"));
    if (schema.version !== version) throw new Error(`schema/orgaccounts.json has version ${schema.version}, package.json ${version}: run \`npm run schema && npm run sdk\``);
    const sdkPackage = JSON.parse(fs.readFileSync(path.join(SDK, "nodejs", "package.json"), "utf8"));
    if (sdkPackage.version !== version) throw new Error(`sdk/nodejs is at version ${sdkPackage.version}, package.json ${version}: run \`npm run sdk\``);
    return version;
}

async function pluginTarball(out, work, v) {
    const stage = path.join(work, "plugin");
    fs.mkdirSync(path.join(stage, "schema"), { recursive: true });
    const script = path.join(work, "plugin.js");
    const warnings = await bundlePlugin(script);
    if (warnings.length > 0) throw new Error(`bundling the plugin: ${warnings.map((w) => w.text).join("; ")}`);
    buildSingleExecutable(script, path.join(stage, "pulumi-resource-orgaccounts"));
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify({ name: "pulumi-resource-orgaccounts", version: v, private: true, license: "Apache-2.0" }, null, 2)}\n`);
    fs.copyFileSync(path.join(ROOT, "schema", "orgaccounts.json"), path.join(stage, "schema", "orgaccounts.json"));
    fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(stage, "LICENSE"));
    const file = path.join(out, `pulumi-resource-orgaccounts-v${v}-${pulumiPlatform()}.tar.gz`);
    run("tar", ["-czf", file, "-C", stage, "pulumi-resource-orgaccounts", "package.json", "schema", "LICENSE"]);
    return file;
}

function nodeTarball(out, work) {
    const stage = path.join(work, "nodejs");
    fs.cpSync(path.join(SDK, "nodejs"), stage, { recursive: true });
    // Compiled against the @pulumi/pulumi and @types/node this repository installs.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(stage, "node_modules"));
    run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: stage });
    const bin = path.join(stage, "bin");
    for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(stage, file), path.join(bin, file));
    fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(bin, "LICENSE"));
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", out], { cwd: bin, env: { ...process.env, npm_config_loglevel: "error" } }));
    return path.join(out, packed[0].filename);
}

function pythonWheel(out, work) {
    const stage = path.join(work, "python");
    fs.cpSync(path.join(SDK, "python"), stage, { recursive: true });
    fs.copyFileSync(path.join(stage, "pulumi_orgaccounts", "README.md"), path.join(stage, "README.md"));
    const { python } = ensurePythonVenv();
    run(python, ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--wheel-dir", out, stage]);
    const wheel = fs.readdirSync(out).find((f) => /^pulumi_orgaccounts-.*-py3-none-any\.whl$/.test(f));
    if (!wheel) throw new Error("pip wheel wrote no pulumi_orgaccounts wheel");
    return path.join(out, wheel);
}

function goModule(out) {
    const target = path.join(out, "go");
    fs.cpSync(path.join(SDK, "go"), target, { recursive: true });
    return target;
}

/** Builds every artifact into `out` (emptied first); returns their paths. */
async function release(out = path.join(ROOT, "dist", "release")) {
    const v = version();
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-release-"));
    try {
        return {
            plugin: await pluginTarball(out, work, v),
            nodejs: nodeTarball(out, work),
            python: pythonWheel(out, work),
            go: goModule(out),
            version: v,
        };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** One artifact into `out` (which must exist), with a scratch folder of its own: for tests that need only that one. */
async function buildOne(kind, out) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-release-"));
    try {
        if (kind === "plugin") return await pluginTarball(out, work, version());
        if (kind === "nodejs") return nodeTarball(out, work);
        if (kind === "python") return pythonWheel(out, work);
        return goModule(out);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

module.exports = { release, buildOne, version };

if (require.main === module) {
    release(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
        (built) => {
            for (const [kind, file] of Object.entries(built)) {
                if (kind === "version") continue;
                const size = fs.statSync(file).isFile() ? ` (${(fs.statSync(file).size / 1024).toFixed(0)} KiB)` : "";
                console.log(`${kind}: ${path.relative(process.cwd(), file)}${size}`);
            }
        },
        (error) => {
            console.error(`release: ${error.message}`);
            process.exitCode = 1;
        },
    );
}
