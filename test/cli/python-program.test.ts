// The Python example program (examples/python) through the real Pulumi CLI, the stand-in Python
// language host (scripts/python-language-host.js, found on PATH as `pulumi-language-python`) and
// the native plugin, against two AWS Organizations emulators: the typed SDK generated from the
// schema by Pulumi's own generator, built into a wheel and installed from it into the virtual
// environment built from the lockfile. up, refresh, `pulumi import --generate-code=false` and
// destroy; and a misspelled argument stopped by the SDK's class before any provider call.
// python3 and Go are required: without them this file fails.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { aws } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";
import { PythonProgram, pythonEnvironment, type PythonEnvironment } from "../../harness/cli/pythonProgram";
import { ACCOUNT_TOKEN, exampleFixtures, installPlugin, runVendingExample } from "../support/vendingExample";

let environment: PythonEnvironment;
beforeAll(async () => {
    environment = await pythonEnvironment();
    console.log(`python environment: ${JSON.stringify(environment.timings)}`);
}, 600_000);
afterAll(() => environment?.remove());

const fixtures = exampleFixtures((env) => PythonProgram.create({ cliDir: inject("pulumiCliDir"), environment, env }));
const { emulator, program } = fixtures;

describe("the Python example program through the real CLI, the stand-in Python host and the typed SDK's wheel", () => {
    test("up creates an account in each organization (the second by its explicit provider), exports values built from the account id and the status function's answer; refresh; import; destroy closes them", async () => {
        await runVendingExample({
            fixtures,
            prefix: "acct-py-",
            secondOrg: { accessKeyId: "AKIAPYTHONSECOND0000", secretAccessKey: "aws-secret-python-second-00000000" },
            async prepare(p) {
                const about = expectSuccess(await p.cli(["about"]));
                expect(about.stdout).toMatch(/This project is written in python/);
                expect(about.stdout).toMatch(/^pulumi_orgaccounts\s+0\.1\.0\s*$/m);
                await installPlugin(p, PLUGIN_DIR, /this stand-in installs nothing/);
            },
        });
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
        expect(preview.output).not.toMatch(new RegExp(`${ACCOUNT_TOKEN}\\s+typo`));
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
