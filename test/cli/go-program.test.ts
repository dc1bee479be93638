// The Go example program (examples/go) through the real Pulumi CLI, the stand-in Go language host
// (scripts/go-language-host.js, found on PATH as `pulumi-language-go`) and the native plugin,
// against two AWS Organizations emulators: the typed SDK generated from the schema by Pulumi's own
// generator, used as a Go module through a `replace` to a copy of its module folder, built with
// `go build -mod=readonly` from the program's go.mod and go.sum. up, refresh,
// `pulumi import --generate-code=false` and destroy; and a wrong argument type stopped by the
// compiler. Go is required: without it this file fails.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { aws, type Emulator } from "../../harness/pluginHost/clouds";
import type { AwsEmulator } from "../../emulator/aws/server";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess } from "../../harness/cli/workspace";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";
import { GoProgram, goEnvironment, type GoEnvironment } from "../../harness/cli/goProgram";

const POLL = { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" };
const TOKEN = "orgaccounts:index:AwsAccount";
const SECOND_ORG = { accessKeyId: "AKIAGOLANGSECOND0000", secretAccessKey: "aws-secret-go-second-000000000000" };

let environment: GoEnvironment;
beforeAll(() => {
    environment = goEnvironment();
    console.log(`go environment: ${environment.goVersion} ${JSON.stringify(environment.timings)}`);
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

async function program(env: Record<string, string>): Promise<GoProgram> {
    const p = await GoProgram.create({ cliDir: inject("pulumiCliDir"), environment, env: { ...POLL, ...env } });
    cleanups.push(() => p.remove());
    return p;
}

const ours = (e: AwsEmulator) => aws.accounts(e).filter((a) => a.name.startsWith("acct-go-"));
const writes = (e: Emulator, from = 0) =>
    e.requests
        .all()
        .slice(from)
        .map((r) => r.operation)
        .filter((op) => aws.writeOperations.includes(op));

describe("the Go example program through the real CLI, the stand-in Go host and the typed SDK's module", () => {
    test("up creates an account in each organization (the second by its explicit provider), exports values built from the account id and the status function's answer; refresh; import; destroy closes them", async () => {
        const orgA = await emulator();
        const orgB = await emulator({ credentials: SECOND_ORG });
        const p = await program(aws.env(orgA));
        await p.setConfig("secondOrgEndpoint", orgB.url);
        await p.setConfig("secondOrgRegion", orgB.region);
        await p.setConfig("secondOrgAccessKeyId", SECOND_ORG.accessKeyId, { secret: true });
        await p.setConfig("secondOrgSecretAccessKey", SECOND_ORG.secretAccessKey, { secret: true });

        const about = expectSuccess(await p.cli(["about"]));
        expect(about.stdout).toMatch(/This project is written in go/);
        expect(about.stdout).toMatch(/github\.com\/pulumi-org-accounts\/pulumi-org-accounts\/sdk\/go\s+v0\.1\.0/);
        // The plugin the SDK's pulumi-plugin.json names (GetRequiredPlugins), before it is installed.
        expect(about.stdout).toMatch(/^resource\s+orgaccounts\s+0\.1\.0\s*$/m);

        // `pulumi install` installs the plugins the SDK's pulumi-plugin.json names (GetRequiredPackages):
        // from the release tarball or a folder, as a user would, else the CLI tries to download it.
        expectSuccess(await p.cli(["plugin", "install", "resource", "orgaccounts", "0.1.0", "--file", PLUGIN_DIR]));
        const install = expectSuccess(await p.cli(["install"]));
        expect(install.output).toMatch(/this stand-in downloads nothing/);

        const preview = expectSuccess(await p.preview());
        expect(preview.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+sandbox\\s+create`));
        expect(writes(orgA)).toEqual([]);

        const up = expectSuccess(await p.up());
        expect(up.stdout).toMatch(/\+\s+pulumi:providers:orgaccounts\s+second-org\s+created/);
        expect(up.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+sandbox\\s+created`));
        expect(up.stdout).toMatch(new RegExp(`\\+\\s+${TOKEN}\\s+billing\\s+created`));
        expect(ours(orgA).map((a) => [a.name, a.state, a.tags.team])).toEqual([["acct-go-sandbox", "active", "platform"]]);
        expect(ours(orgB).map((a) => [a.name, a.state])).toEqual([["acct-go-billing", "active"]]);

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
        const foundId = aws.addAccount(orgA, { name: "acct-go-found", tags: { team: "found" } });
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
        expect(ours(orgA).find((a) => a.name === "acct-go-sandbox")?.state).not.toBe("active");
        expect(ours(orgB).map((a) => a.state)).not.toContain("active");
    }, 300_000);

    // Go's compiler names a wrong type's field by position (line:column of `Name:`'s value) and the
    // types, and a misspelled field by its name; both are shown by the run's error.
    test("a wrong argument type and a misspelled field do not compile: the compiler's errors point at each, and no provider call is made", async () => {
        const orgA = await emulator();
        const p = await program(aws.env(orgA));
        p.write(
            [
                "package main",
                "",
                "import (",
                '\t"github.com/pulumi-org-accounts/pulumi-org-accounts/sdk/go/orgaccounts"',
                '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
                ")",
                "",
                "func main() {",
                "\tpulumi.Run(func(ctx *pulumi.Context) error {",
                '\t\t_, err := orgaccounts.NewAwsAccount(ctx, "typo", &orgaccounts.AwsAccountArgs{',
                "\t\t\tName:  pulumi.Int(1),",
                '\t\t\tEmial: pulumi.String("acct-go-typo@example.com"),',
                "\t\t})",
                "\t\treturn err",
                "\t})",
                "}",
                "",
            ].join("\n"),
        );
        const preview = await p.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toMatch(/go build` of .* failed/);
        expect(preview.output).toMatch(/main\.go:11:11: cannot use pulumi\.Int\(1\) .* as pulumi\.StringInput value in struct literal/);
        expect(preview.output).toMatch(/main\.go:12:4: unknown field Emial in struct literal of type orgaccounts\.AwsAccountArgs/);
        expect(preview.output.match(/unknown field Emial/g)).toHaveLength(1);
        expect(preview.output).not.toMatch(new RegExp(`${TOKEN}\\s+typo`));
        expect(orgA.requests.all()).toEqual([]);
    }, 120_000);

    test("a program's error is reported once, by the engine (the host bails on the SDK's exit code 32)", async () => {
        const orgA = await emulator();
        const p = await program(aws.env(orgA));
        p.write(
            [
                "package main",
                "",
                "import (",
                '\t"errors"',
                "",
                '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
                ")",
                "",
                "func main() {",
                "\tpulumi.Run(func(ctx *pulumi.Context) error {",
                '\t\treturn errors.New("no budget left for a new account")',
                "\t})",
                "}",
                "",
            ].join("\n"),
        );
        const preview = await p.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toMatch(/error: an unhandled error occurred: program failed:\s+1 error occurred:\s+\* no budget left for a new account/);
        expect(preview.output.match(/no budget left for a new account/g)).toHaveLength(1);
        expect(preview.output).not.toContain("program exited with");
        expect(orgA.requests.all()).toEqual([]);
    }, 120_000);
});
