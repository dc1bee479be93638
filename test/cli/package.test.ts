// The package as a platform team gets it: packed, installed from the tarball into an empty folder
// with @pulumi/pulumi and TypeScript, a TypeScript program type-checked with the README's tsconfig,
// then `npx pulumi-org-accounts emulator --background` and its printed env, and that program's
// `pulumi preview` and `pulumi up` through the real CLI, offline.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { expectSuccess, PulumiProgram, REPO_ROOT } from "./workspace";

/** The newest TypeScript that @pulumi/pulumi accepts (its peer range is `>= 3.8.3 < 7`). */
const TYPESCRIPT = "6.0.3";
const PULUMI_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")).version;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

let folder: string;
let tarball: string;
let emulatorPid: number | undefined;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

/** The README block that follows the marker line, so that the test uses what users copy. */
function readmeBlock(after: string): string {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const at = readme.indexOf(after);
    expect(at, `README has "${after}"`).toBeGreaterThan(-1);
    const block = /```\w*\n([\s\S]*?)```/.exec(readme.slice(at));
    return block![1];
}

beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-user-"));
    // --ignore-scripts: dist/ is built by `npm test`, and rebuilding it here would race the other suites.
    const packed = run(NPM, ["pack", "--ignore-scripts", "--json=false", "--pack-destination", folder], REPO_ROOT);
    expect(packed.status, packed.output).toBe(0);
    tarball = path.join(folder, fs.readdirSync(folder).find((f) => f.endsWith(".tgz"))!);
});

afterAll(() => {
    if (emulatorPid) process.kill(emulatorPid, "SIGTERM");
});

test("from an empty folder: install the packed package, type-check a TypeScript program, preview and up against the emulator command", async () => {
    const program = path.join(folder, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "vending", private: true }, null, 2));
    const installed = run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--json=false", tarball, `@pulumi/pulumi@${PULUMI_VERSION}`, `typescript@${TYPESCRIPT}`], program);
    expect(installed.status, installed.output).toBe(0);
    // Warnings from the package's own install scripts (it has none); others' (protobufjs) are not ours.
    expect(installed.output).not.toMatch(/pulumi-org-accounts@[\d.]+ \(/);

    fs.writeFileSync(path.join(program, "tsconfig.json"), readmeBlock("tsconfig.json` that works"));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: vending\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(
        path.join(program, "index.ts"),
        `import * as pulumi from "@pulumi/pulumi";
import { AwsAccount, HuaweiAccount } from "pulumi-org-accounts";

const sandbox = new HuaweiAccount("sandbox", { name: "team-a-sandbox", email: "team-a-sandbox@example.com", tags: { team: "a" }, onDelete: "close" });
const workloads = new AwsAccount("workloads", { name: "Team A workloads", email: "team-a-workloads@example.com", onDelete: "close" });
const accountId: pulumi.Output<string> = sandbox.accountId;
export const sandboxAccountId = accountId;
export const workloadsAccountId = workloads.accountId;
`,
    );
    const checked = run(path.join(program, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."], program);
    expect(checked.status, checked.output).toBe(0);
    // A wrong input is a type error, so the types do guard the program.
    fs.writeFileSync(path.join(program, "wrong.ts"), `import { AwsAccount } from "pulumi-org-accounts";\nnew AwsAccount("x", { name: "x", email: "x@example.com", onDelete: "delete" });\n`);
    fs.writeFileSync(path.join(program, "tsconfig.wrong.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["wrong.ts"] }));
    const wrong = run(path.join(program, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.wrong.json"], program);
    expect(wrong.output).toContain(`Type '"delete"' is not assignable to type`);
    for (const file of ["wrong.ts", "tsconfig.wrong.json"]) fs.rmSync(path.join(program, file));

    // The README's one line: the emulators in the background, the env printed for the shell.
    const started = run("npx", ["--no-install", "pulumi-org-accounts", "emulator", "--background", "--stop-with", String(process.pid), "--creation-delay-ms", "200"], program);
    expect(started.status, started.output).toBe(0);
    const env = Object.fromEntries([...started.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
    emulatorPid = Number(env.ORG_ACCOUNTS_EMULATOR_PID);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(["HW_ORGANIZATIONS_ENDPOINT", "HW_ACCESS_KEY", "AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_ACCESS_KEY_ID"]));

    const pulumi = await PulumiProgram.create({ cliDir: inject("pulumiCliDir"), programDir: program, env });
    const preview = expectSuccess(await pulumi.preview());
    expect(preview.output).toMatch(/\+ +pulumi-nodejs:dynamic\/orgaccounts:HuaweiAccount +sandbox +create/);
    expect(preview.output).toMatch(/\+ +pulumi-nodejs:dynamic\/orgaccounts:AwsAccount +workloads +create/);
    expectSuccess(await pulumi.up());
    const outputs = await pulumi.outputs();
    expect(outputs.sandboxAccountId).toMatch(/^[0-9a-f]{32}$/);
    expect(outputs.workloadsAccountId).toMatch(/^\d{12}$/);

    // The accounts are in the emulators, as the control endpoint lists them.
    const listed = async (cloud: string) => ((await (await fetch(`${env.ORG_ACCOUNTS_EMULATOR_CONTROL}/${cloud}/accounts`)).json()) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
    expect(await listed("huawei")).toContain(outputs.sandboxAccountId);
    expect(await listed("aws")).toContain(outputs.workloadsAccountId);
}, 300_000);
