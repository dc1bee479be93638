// The TypeScript example program (examples/nodejs) through the real Pulumi CLI and the stand-in
// Node.js language host, as a user installs it: the plugin from its built tarball (`pulumi plugin
// install resource orgaccounts <v> --file <tarball>`, one executable with Node.js inside), the
// generated Node.js SDK from its built npm tarball. Two AWS Organizations
// emulators: up, refresh, `pulumi import --generate-code=false` and destroy
// (test/support/vendingExample.ts); and the SDK's types: a wrong argument does not type-check.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { nodeLanguagePluginDir } from "../../harness/cli/nodeLanguagePlugin";
import { buildRelease, releaseVersion } from "../../harness/cli/release";
import { NativeClient, startNativePlugin } from "../../harness/plugin/nativePlugin";
import { expectSuccess, PulumiProgram, PULUMI_PACKAGE_DIR, REPO_ROOT } from "../../harness/cli/workspace";
import { exampleFixtures, runVendingExample } from "../support/vendingExample";

const VERSION = releaseVersion();
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-sdk-nodejs-"));
const EXAMPLE = path.join(REPO_ROOT, "examples", "nodejs");
const languagePlugin = nodeLanguagePluginDir();
let pluginTarball: string;
let sdkTarball: string;

/** tsc on a program folder with its own tsconfig.json, as a user's `tsc` would check it. */
function typeCheck(dir: string) {
    const result = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", "--noEmit"], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A program folder: examples/nodejs (its Pulumi.yaml, package.json, tsconfig.json and index.ts,
 * or `source` as index.ts), the SDK unpacked from its npm tarball (as `npm install <tarball>`
 * places it), @pulumi/pulumi, @types and typescript as this repository installs them.
 */
function programFolder(dir: string, source?: string): void {
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    const sdkDir = path.join(dir, "node_modules", "@pulumi-org-accounts", "orgaccounts");
    fs.mkdirSync(sdkDir, { recursive: true });
    execFileSync("tar", ["-xzf", sdkTarball, "-C", sdkDir, "--strip-components=1"]);
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"));
    fs.symlinkSync(PULUMI_PACKAGE_DIR, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    for (const name of ["@types", "typescript"]) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
    if (source !== undefined) fs.writeFileSync(path.join(dir, "index.ts"), source);
}

const fixtures = exampleFixtures((env) => {
    const dir = fs.mkdtempSync(path.join(scratch, "program-"));
    programFolder(dir);
    return PulumiProgram.create({ cliDir: inject("pulumiCliDir"), programDir: dir, path: [languagePlugin.dir], env });
});

beforeAll(async () => {
    const out = path.join(scratch, "release");
    fs.mkdirSync(out);
    pluginTarball = await buildRelease("plugin", out);
    sdkTarball = await buildRelease("nodejs", out);
}, 240_000);

afterAll(() => {
    languagePlugin.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
});

test("the SDK's tarball carries the plugin's name and version, and its compiled output beside its package.json; the plugin's tarball its executable, package.json, schema and licence", () => {
    const dir = path.join(scratch, "unpacked");
    programFolder(dir);
    const sdkDir = path.join(dir, "node_modules", "@pulumi-org-accounts", "orgaccounts");
    const manifest = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")) as { version: string; pulumi: unknown };
    expect(manifest.version).toBe(VERSION);
    expect(manifest.pulumi).toEqual({ resource: true, name: "orgaccounts", version: VERSION });
    for (const file of ["index.js", "index.d.ts", "awsAccount.js", "provider.d.ts", "getCreateAccountStatus.js"]) expect(fs.existsSync(path.join(sdkDir, file))).toBe(true);
    const listed = execFileSync("tar", ["-tzf", pluginTarball], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(listed).toEqual(["LICENSE", "package.json", "pulumi-resource-orgaccounts", "schema/", "schema/orgaccounts.json"]);
});

test("the plugin in its tarball is one executable that needs no Node.js: with nothing on PATH it serves its schema", async () => {
    const dir = path.join(scratch, "plugin");
    fs.mkdirSync(dir);
    execFileSync("tar", ["-xzf", pluginTarball, "-C", dir]);
    expect(fs.readFileSync(path.join(dir, "pulumi-resource-orgaccounts")).subarray(0, 4)).toEqual(Buffer.from("\x7fELF", "latin1"));
    const plugin = await startNativePlugin({ executable: path.join(dir, "pulumi-resource-orgaccounts"), env: { PATH: "/nonexistent" } });
    const client = new NativeClient(plugin.address, { deadlineMs: 30_000 });
    try {
        expect(await client.getSchema()).toMatchObject({ name: "orgaccounts", version: VERSION });
    } finally {
        client.close();
        await plugin.close();
    }
});

test("the TypeScript example on the SDK's tarball, the plugin installed from its tarball: it type-checks; up creates an account in each organization (the second by its explicit provider), exports values built from the account id and the status function's answer; refresh; import; destroy closes them", async () => {
    await runVendingExample({
        fixtures,
        prefix: "acct-ts-",
        secondOrg: { accessKeyId: "AKIANODEJSSECOND0000", secretAccessKey: "aws-secret-nodejs-second-00000000" },
        async prepare(p) {
            const checked = typeCheck(p.dir);
            expect(checked.output).toBe("");
            expect(checked.status).toBe(0);
            // Before the install the CLI has no plugin for the SDK's package (and may not download one).
            const before = await p.preview();
            expect(before.status).not.toBe(0);
            expect(before.output).toMatch(/orgaccounts/);
            const installed = expectSuccess(await p.cli(["plugin", "install", "resource", "orgaccounts", VERSION, "--file", pluginTarball]));
            expect(installed.output).toContain(`[resource plugin orgaccounts-${VERSION}] installing`);
        },
        async afterUp(p) {
            // Both providers the SDK registered, the default one and the explicit one, are the installed plugin's version.
            const state = await p.exportState();
            const providers = (state.deployment.resources ?? []).filter((r) => r.type === "pulumi:providers:orgaccounts");
            expect(providers.map((r) => [r.urn.split("::").pop(), r.inputs?.version]).sort()).toEqual([
                [`default_${VERSION.replace(/\./g, "_")}`, VERSION],
                ["second-org", VERSION],
            ]);
        },
    });
}, 300_000);

test("a program passing a wrong argument type to the SDK does not type-check, naming the argument", () => {
    const dir = path.join(scratch, "wrong");
    programFolder(
        dir,
        `import * as orgaccounts from "@pulumi-org-accounts/orgaccounts";
new orgaccounts.AwsAccount("acct", { name: 42, email: "acct@example.com" });
orgaccounts.getCreateAccountStatusOutput({ cloud: "gcp", id: "car-1" });
`,
    );
    const checked = typeCheck(dir);
    expect(checked.status).not.toBe(0);
    expect(checked.output).toMatch(/index\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'Input<string>'/);
    expect(checked.output).toMatch(/index\.ts\(3,\d+\): error TS2322: Type '"gcp"' is not assignable to type 'Input<CloudName>'/);
});
