// The Python example program (examples/python) through the real Pulumi CLI, the stand-in Python
// language host (scripts/python-language-host.js, found on PATH as `pulumi-language-python`) and
// the native plugin, against two AWS Organizations emulators: the typed SDK generated from the
// schema by Pulumi's own generator, built into a wheel and installed from it into the virtual
// environment built from the lockfile. up, refresh, `pulumi import --generate-code=false` and
// destroy; and a misspelled argument stopped by the SDK's class before any provider call.
// python3 and Go are required: without them this file fails.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { aws, type Emulator } from "../../harness/pluginHost/clouds";
import type { AwsEmulator } from "../../emulator/aws/server";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess } from "../../harness/cli/workspace";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";
import { PythonProgram, pythonEnvironment, type PythonEnvironment } from "../../harness/cli/pythonProgram";

const POLL = { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" };
const TOKEN = "orgaccounts:index:AwsAccount";
const SECOND_ORG = { accessKeyId: "AKIAPYTHONSECOND0000", secretAccessKey: "aws-secret-python-second-00000000" };

let environment: PythonEnvironment;
beforeAll(() => {
    environment = pythonEnvironment();
    console.log(`python environment: ${JSON.stringify(environment.timings)}`);
}, 600_000);
afterAll(() => environment?.remove());

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(more: Record<string, unknown> = {}): Promise<AwsEmulator> {
    const e = await aws.startEmulator({ creationDelayMs: 300, closeDelayMs: 100, ...DELETABLE.aws.emulator, ...more });
    cleanups.push(() => e.close());
    return e;
}

async function program(env: Record<string, string>): Promise<PythonProgram> {
    const p = await PythonProgram.create({ cliDir: inject("pulumiCliDir"), environment, env: { ...POLL, ...env } });
    cleanups.push(() => p.remove());
    return p;
}

const ours = (e: AwsEmulator) => aws.accounts(e).filter((a) => a.name.startsWith("acct-py-"));
const writes = (e: Emulator, from = 0) =>
    e.requests
        .all()
        .slice(from)
        .map((r) => r.operation)
        .filter((op) => aws.writeOperations.includes(op));

describe("the Python example program through the real CLI, the stand-in Python host and the typed SDK's wheel", () => {
    test("up creates an account in each organization (the second by its explicit provider), exports values built from the account id and the status function's answer; refresh; import; destroy closes them", async () => {
        const orgA = await emulator();
        const orgB = await emulator({ credentials: SECOND_ORG });
        const p = await program(aws.env(orgA));
        await p.setConfig("secondOrgEndpoint", orgB.url);
        await p.setConfig("secondOrgRegion", orgB.region);
        await p.setConfig("secondOrgAccessKeyId", SECOND_ORG.accessKeyId, { secret: true });
        await p.setConfig("secondOrgSecretAccessKey", SECOND_ORG.secretAccessKey, { secret: true });

        const about = expectSuccess(await p.cli(["about"]));
        expect(about.stdout).toMatch(/This project is written in python/);
        expect(about.stdout).toMatch(/^pulumi_orgaccounts\s+0\.1\.0\s*$/m);

        // `pulumi install` installs the plugins the SDK's pulumi-plugin.json names (GetRequiredPackages):
        // from the release tarball or a folder, as a user would, else the CLI tries to download it.
        expectSuccess(await p.cli(["plugin", "install", "resource", "orgaccounts", "0.1.0", "--file", PLUGIN_DIR]));
        const install = expectSuccess(await p.cli(["install"]));
        expect(install.output).toMatch(/this stand-in installs nothing/);

        const preview = expectSuccess(await p.preview());
        expect(preview.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+sandbox\\s+create`));
        expect(writes(orgA)).toEqual([]);

        const up = expectSuccess(await p.up());
        expect(up.stdout).toMatch(/\+\s+pulumi:providers:orgaccounts\s+second-org\s+created/);
        expect(up.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+sandbox\\s+created`));
        expect(up.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+billing\\s+created`));
        expect(ours(orgA).map((a) => [a.name, a.state, a.tags.team])).toEqual([["acct-py-sandbox", "active", "platform"]]);
        expect(ours(orgB).map((a) => [a.name, a.state])).toEqual([["acct-py-billing", "active"]]);

        const outputs = await p.outputs();
        const sandbox = ours(orgA)[0];
        expect(outputs.sandboxAccountId).toBe(sandbox.id);
        expect(outputs.billingAccountId).toBe(ours(orgB)[0].id);
        expect(outputs.sandboxAdminRoleArn).toBe(`arn:aws:iam::${sandbox.id}:role/OrganizationAccountAccessRole`);
        expect(outputs.sandboxRequestState).toBe("succeeded");
        const exported = JSON.stringify(await p.exportState());
        expect(exported).not.toContain(SECOND_ORG.secretAccessKey);
        expect(up.output).not.toContain(SECOND_ORG.secretAccessKey);

        const refresh = expectSuccess(await p.refresh());
        expect(refresh.stdout).toMatch(/Resources:[\s\S]*unchanged/);
        expectSuccess(await p.up("--expect-no-changes"));

        // An account the stack never created, imported by its account id (the stand-in host generates no code).
        const foundId = aws.addAccount(orgA, { name: "acct-py-found", tags: { team: "found" } });
        const mark = orgA.requests.all().length;
        const imported = expectSuccess(await p.import(TOKEN, "found", foundId, "--generate-code=false", "--protect=false"));
        expect(imported.stdout).toMatch(new RegExp(`=\\s+${TOKEN}\\s+found\\s+imported`));
        expect(writes(orgA, mark)).toEqual([]);
        expect((await p.resources("AwsAccount")).find((r) => r.urn.endsWith("::found"))?.id).toBe(foundId);

        const destroy = expectSuccess(await p.destroy());
        expect(destroy.stdout).toMatch(new RegExp(`-\\s+${TOKEN}\\s+sandbox\\s+deleted`));
        expect(destroy.stdout).toMatch(new RegExp(`-\\s+${TOKEN}\\s+billing\\s+deleted`));
        expect(await p.resources("AwsAccount")).toEqual([]);
        // onDelete "close": closed and still listed by their organizations.
        expect(ours(orgA).find((a) => a.name === "acct-py-sandbox")?.state).not.toBe("active");
        expect(ours(orgB).map((a) => a.state)).not.toContain("active");
    }, 240_000);

    test("a misspelled argument fails at the SDK's class (a TypeError naming it) before the provider sees the resource", async () => {
        const orgA = await emulator();
        const p = await program(aws.env(orgA));
        p.write(["import pulumi_orgaccounts as orgaccounts", "", 'orgaccounts.AwsAccount("typo", name="acct-py-typo", emial="acct-py-typo@example.com")', ""].join("\n"));
        const preview = await p.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toMatch(/TypeError: .*unexpected keyword argument 'emial'/);
        expect(preview.output).toContain("__main__.py");
        // Reported once, by the engine: the host answers the runner's exit code 32 with `bail`.
        expect(preview.output.match(/unexpected keyword argument 'emial'/g)).toHaveLength(1);
        expect(preview.output).not.toContain("Program exited with");
        expect(preview.output).not.toMatch(new RegExp(`${TOKEN}\\s+typo`));
        expect(orgA.requests.all()).toEqual([]);
    });

    test("a virtualenv that names nothing stops the run, naming the interpreter and how to create the environment", async () => {
        const orgA = await emulator();
        const p = await program(aws.env(orgA));
        const project = path.join(p.dir, "Pulumi.yaml");
        fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace(/virtualenv: .*/, "virtualenv: no-such-venv"));
        const preview = await p.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toContain(`The Python interpreter ${path.join(p.dir, "no-such-venv", "bin", "python")} does not exist`);
        expect(preview.output).toContain("python3 -m venv <dir> && <dir>/bin/pip install -r requirements.txt");
        expect(orgA.requests.all()).toEqual([]);
    });
});
