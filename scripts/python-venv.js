#!/usr/bin/env node
// `node scripts/python-venv.js`: the Python virtual environment that Python programs run in, built
// from the lockfile examples/python/requirements.txt (every package pinned, installed with
// --no-deps) plus the pinned setuptools that builds the SDK's wheel, into a cache folder beside the
// CLI's (`$ORG_ACCOUNTS_CLI_CACHE/../python-venv/<hash>`, else
// `~/.cache/pulumi-org-accounts/python-venv/<hash>`), the hash being that of the lockfile, the
// build pins and the Python version: a changed lockfile makes a new environment, an unchanged one
// is reused. python3 (3.9 or newer, with its venv module) is required: without it this fails.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const LOCKFILE = path.resolve(__dirname, "..", "examples", "python", "requirements.txt");
/** What builds the SDK's wheel (`pip wheel --no-build-isolation`), pinned like the lockfile. */
const BUILD_REQUIREMENTS = ["setuptools==75.8.0"];

function cacheBase() {
    return process.env.ORG_ACCOUNTS_CLI_CACHE
        ? path.join(path.dirname(process.env.ORG_ACCOUNTS_CLI_CACHE), "python-venv")
        : path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-org-accounts", "python-venv");
}

function run(command, args, what) {
    const result = spawnSync(command, args, { encoding: "utf8" });
    if (result.error) throw new Error(`${what}: ${command} cannot be run (${result.error.message}). Install Python 3.9 or newer with its venv module (python3 -m venv).`);
    if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${(result.stderr || result.stdout).trim()}`);
    return result.stdout;
}

/** Creates (or reuses) the environment and returns its folder and python; throws with what to install when python3 is missing. */
function ensurePythonVenv() {
    const python3 = process.env.ORG_ACCOUNTS_PYTHON ?? "python3";
    const version = run(python3, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], "Python").trim();
    const [major, minor] = version.split(".").map(Number);
    if (major !== 3 || minor < 9) throw new Error(`Python ${version} (${python3}) is too old: the Pulumi SDK needs Python 3.9 or newer.`);
    const lock = fs.readFileSync(LOCKFILE, "utf8");
    const hash = crypto
        .createHash("sha256")
        .update([version, lock, ...BUILD_REQUIREMENTS].join("\n"))
        .digest("hex")
        .slice(0, 16);
    const dir = path.join(cacheBase(), `py${version}-${hash}`);
    const python = path.join(dir, "bin", "python");
    const ready = path.join(dir, ".complete");
    if (fs.existsSync(ready)) return { dir, python, created: false };

    const started = Date.now();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    run(python3, ["-m", "venv", dir], "python3 -m venv");
    const pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"];
    run(python, [...pip.slice(1), "-r", LOCKFILE, ...BUILD_REQUIREMENTS], `pip install -r ${path.relative(process.cwd(), LOCKFILE)}`);
    run(python, ["-c", "import pulumi, pulumi.runtime"], "the Pulumi SDK's import check");
    fs.writeFileSync(ready, `${new Date().toISOString()} ${Date.now() - started}ms\n`);
    return { dir, python, created: true, ms: Date.now() - started };
}

module.exports = { ensurePythonVenv };

if (require.main === module) {
    try {
        const venv = ensurePythonVenv();
        console.log(venv.created ? `created ${venv.dir} in ${venv.ms} ms` : `reused ${venv.dir}`);
    } catch (error) {
        console.error(`python-venv: ${error.message}`);
        process.exitCode = 1;
    }
}
