// scripts/pulumi-cli.js and the YAML language host: a host at the pinned pulumi-yaml version in the
// cache folder is reused without Go; a missing one, or one at another version, is rebuilt, and
// without Go that fails with a message saying what is missing and what to install (never a skip).
// Each case runs the script with a cache folder of its own (the real CLI linked in) and a PATH
// holding only Node, so that no Go is found.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, inject, test } from "vitest";
import { REPO_ROOT } from "../../harness/cli/workspace";

const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-cli.js");
const PINNED = /github\.com\/pulumi\/pulumi-yaml v(\d+\.\d+\.\d+)/.exec(fs.readFileSync(path.join(REPO_ROOT, "scripts", "pulumi-yaml", "go.mod"), "utf8"))![1];
const CLI_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;

const caches: string[] = [];
afterEach(() => {
    for (const dir of caches.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A cache folder holding the real CLI (linked), and the YAML host `host` makes there, if any. */
function cacheWith(host: (dir: string) => void): { cache: string; dir: string } {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-cli-cache-"));
    caches.push(cache);
    const dir = path.join(cache, `v${CLI_VERSION}`);
    fs.mkdirSync(dir);
    for (const file of ["pulumi", "pulumi-resource-pulumi-nodejs"]) fs.symlinkSync(path.join(inject("pulumiCliDir"), file), path.join(dir, file));
    host(dir);
    return { cache, dir };
}

function runWithoutGo(cache: string) {
    const env = { ...process.env, ORG_ACCOUNTS_CLI_CACHE: cache, PATH: path.dirname(process.execPath) };
    expect(spawnSync("go", ["version"], { env }).error).toBeDefined();
    return spawnSync(process.execPath, [SCRIPT], { cwd: REPO_ROOT, env, encoding: "utf8" });
}

describe("the YAML language host in the CLI's cache folder", () => {
    test("at the pinned version: reused as it is, without Go, and its folder printed on the second line", () => {
        const { cache, dir } = cacheWith((d) => fs.symlinkSync(path.join(inject("pulumiYamlHostDir"), "pulumi-language-yaml"), path.join(d, "pulumi-language-yaml")));
        const run = runWithoutGo(cache);
        expect(run.stderr).not.toContain("building");
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(`${dir}\n${dir}\n`);
        expect(run.stderr).toContain(`using pulumi-language-yaml v${PINNED} from ${dir}`);
    });

    test.each([
        ["missing", () => undefined, (dir: string) => `the YAML language host (pulumi-language-yaml, pulumi-yaml v${PINNED}) is not in ${dir}`],
        [
            "at another version",
            (d: string) => fs.writeFileSync(path.join(d, "pulumi-language-yaml"), "\nmod\tgithub.com/pulumi/pulumi-yaml\tv1.11.1\th1:x=\n", { mode: 0o755 }),
            (dir: string) => `the YAML language host ${dir}/pulumi-language-yaml is at pulumi-yaml v1.11.1, not the pinned v${PINNED}`,
        ],
    ])("%s: rebuilt, and without Go the script fails saying what is wrong and what to install", (_case, host, problem) => {
        const { cache, dir } = cacheWith(host);
        const run = runWithoutGo(cache);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain(
            `pulumi-cli: error: ${problem(dir)}, and Go is not installed to build it. ` +
                "Install Go 1.26 or newer (the host is built once from its Go modules, pinned in scripts/pulumi-yaml/go.mod).",
        );
    });
});
