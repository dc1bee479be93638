// The release a user installs, through the real Pulumi CLI: the plugin installed from its built
// tarball (`pulumi plugin install resource orgaccounts <v> --file <tarball>`, one bundled script
// run by Node.js with no node_modules), and a TypeScript program using the generated Node.js SDK
// installed from its built npm tarball: an explicit `orgaccounts.Provider` creates an account in
// its organization, `getCreateAccountStatusOutput` reads the request's status through the same
// provider, destroy closes the account. And the SDK's types: a wrong argument does not type-check.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { aws } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess, PulumiProgram, REPO_ROOT } from "../../harness/cli/workspace";

interface ReleaseScript {
    buildOne: (kind: "plugin" | "nodejs", out: string) => Promise<string>;
    version: () => string;
}
const { buildOne, version } = createRequire(import.meta.url)("../../scripts/release.js") as ReleaseScript;
const VERSION = version();
const PULUMI_PACKAGE_DIR = path.dirname(fs.realpathSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json")));
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-sdk-nodejs-"));
const programDir = path.join(scratch, "program");
let pluginTarball: string;
let emulator: Awaited<ReturnType<typeof aws.startEmulator>>;
let program: PulumiProgram;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as orgaccounts from "@pulumi-org-accounts/orgaccounts";

const config = new pulumi.Config();
const second = new orgaccounts.Provider("second", {
    awsEndpoint: config.require("endpoint"),
    awsRegion: config.require("region"),
    awsAccessKeyId: config.require("accessKeyId"),
    awsSecretAccessKey: config.requireSecret("secretAccessKey"),
    pollInitialMs: 50,
    pollMaxMs: 200,
});
const account = new orgaccounts.AwsAccount("acct", { name: "acct-sdk", email: "acct-sdk@example.com", onDelete: "close", tags: { team: "sdk" } }, { provider: second });
const status = orgaccounts.getCreateAccountStatusOutput({ cloud: "aws", id: account.id }, { provider: second });

export const accountId = account.accountId;
export const statusState = status.state;
export const statusAccountId = status.accountId;
`;

/** tsc on a program folder's index.ts (strict, CommonJS), as a user's `tsc` or ts-node would check it. */
function typeCheck(dir: string, emit: boolean) {
    const result = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", ...(emit ? [] : ["--noEmit"])], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A program folder: Pulumi.yaml, tsconfig.json, @pulumi/pulumi as this repository installs it, the SDK unpacked from its npm tarball (as `npm install <tarball>` places it). */
function programFolder(dir: string, sdkTarball: string, source: string): void {
    const sdkDir = path.join(dir, "node_modules", "@pulumi-org-accounts", "orgaccounts");
    fs.mkdirSync(sdkDir, { recursive: true });
    execFileSync("tar", ["-xzf", sdkTarball, "-C", sdkDir, "--strip-components=1"]);
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"));
    fs.symlinkSync(PULUMI_PACKAGE_DIR, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@types"), path.join(dir, "node_modules", "@types"), "dir");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: vending\nruntime: nodejs\ndescription: a TypeScript program on the generated SDK\n");
    const dependencies = { "@pulumi/pulumi": "^3.249.0", "@pulumi-org-accounts/orgaccounts": `file:${sdkTarball}` };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "vending", main: "index.js", dependencies }, null, 2));
    const compilerOptions = { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, outDir: "." };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2));
    fs.writeFileSync(path.join(dir, "index.ts"), source);
}

beforeAll(async () => {
    const out = path.join(scratch, "release");
    fs.mkdirSync(out);
    pluginTarball = await buildOne("plugin", out);
    const sdkTarball = await buildOne("nodejs", out);
    programFolder(programDir, sdkTarball, PROGRAM);
    emulator = await aws.startEmulator({ creationDelayMs: 200, closeDelayMs: 100, ...DELETABLE.aws.emulator });
    program = await PulumiProgram.create({ cliDir: inject("pulumiCliDir"), programDir });
}, 240_000);

afterAll(async () => {
    program?.remove();
    await emulator?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
});

test("the SDK's tarball carries the plugin's name and version, and its compiled output beside its package.json", () => {
    const sdkDir = path.join(programDir, "node_modules", "@pulumi-org-accounts", "orgaccounts");
    const manifest = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")) as { version: string; pulumi: unknown };
    expect(manifest.version).toBe(VERSION);
    expect(manifest.pulumi).toEqual({ resource: true, name: "orgaccounts", version: VERSION });
    for (const file of ["index.js", "index.d.ts", "awsAccount.js", "provider.d.ts", "getCreateAccountStatus.js"]) expect(fs.existsSync(path.join(sdkDir, file))).toBe(true);
    const listed = execFileSync("tar", ["-tzf", pluginTarball], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(listed).toEqual(["LICENSE", "package.json", "pulumi-resource-orgaccounts", "schema/", "schema/orgaccounts.json"]);
});

test("plugin installed from its tarball; a TypeScript program on the SDK: up creates with an explicit provider and reads the status by a typed call; destroy closes", async () => {
    const compiled = typeCheck(programDir, true);
    expect(compiled.output).toBe("");
    expect(compiled.status).toBe(0);

    // Before the install the CLI has no plugin for the SDK's package (and may not download one).
    expect((await program.up()).status).not.toBe(0);
    const installed = expectSuccess(await program.cli(["plugin", "install", "resource", "orgaccounts", VERSION, "--file", pluginTarball]));
    expect(installed.output).toContain(`[resource plugin orgaccounts-${VERSION}] installing`);

    await program.setConfig("endpoint", emulator.url);
    await program.setConfig("region", emulator.region);
    await program.setConfig("accessKeyId", emulator.credentials.accessKeyId);
    await program.setConfig("secretAccessKey", emulator.credentials.secretAccessKey, { secret: true });

    const up = expectSuccess(await program.up());
    expect(up.output).toMatch(/\+\s+pulumi:providers:orgaccounts\s+second\s+created/);
    expect(up.output).toMatch(/\+\s+orgaccounts:index:AwsAccount\s+acct\s+created/);
    const [account] = aws.accounts(emulator).filter((a) => a.name === "acct-sdk");
    expect(account.state).toBe("active");
    expect(account.tags).toMatchObject({ team: "sdk" });
    const outputs = await program.outputs();
    expect(outputs).toMatchObject({ accountId: account.id, statusState: "succeeded", statusAccountId: account.id });

    // The provider the SDK registered is the installed plugin's version, and the only one: no default provider ran.
    const state = await program.exportState();
    const providers = (state.deployment.resources ?? []).filter((r) => r.type === "pulumi:providers:orgaccounts");
    expect(providers.map((r) => r.urn.split("::").pop())).toEqual(["second"]);
    expect(providers[0].inputs).toMatchObject({ version: VERSION });
    expect(JSON.stringify(state)).not.toContain(emulator.credentials.secretAccessKey);

    expectSuccess(await program.destroy());
    expect(aws.accounts(emulator).find((a) => a.id === account.id)?.state ?? "gone").not.toBe("active");
}, 240_000);

test("a program passing a wrong argument type to the SDK does not type-check, naming the argument", () => {
    const dir = path.join(scratch, "wrong");
    programFolder(
        dir,
        fs
            .readdirSync(path.join(scratch, "release"))
            .map((f) => path.join(scratch, "release", f))
            .find((f) => f.endsWith(".tgz") && !f.includes("pulumi-resource"))!,
        `import * as orgaccounts from "@pulumi-org-accounts/orgaccounts";
new orgaccounts.AwsAccount("acct", { name: 42, email: "acct@example.com" });
orgaccounts.getCreateAccountStatusOutput({ cloud: "gcp", id: "car-1" });
`,
    );
    const checked = typeCheck(dir, false);
    expect(checked.status).not.toBe(0);
    expect(checked.output).toMatch(/index\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'Input<string>'/);
    expect(checked.output).toMatch(/index\.ts\(3,\d+\): error TS2322: Type '"gcp"' is not assignable to type 'Input<CloudName>'/);
});
