// The Go example program (examples/go) through the real Pulumi CLI, the stand-in Go language host
// (scripts/go-language-host.js, found on PATH as `pulumi-language-go`) and the native plugin,
// against two AWS Organizations emulators: the typed SDK generated from the schema by Pulumi's own
// generator, used as a Go module through a `replace` to a copy of its module folder, built with
// `go build -mod=readonly` from the program's go.mod and go.sum. up, refresh,
// `pulumi import --generate-code=false` and destroy; and a wrong argument type stopped by the
// compiler. Go is required: without it this file fails.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { aws } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";
import { GoProgram, goEnvironment, type GoEnvironment } from "../../harness/cli/goProgram";
import { ACCOUNT_TOKEN, exampleFixtures, installPlugin, runVendingExample } from "../support/vendingExample";

let environment: GoEnvironment;
beforeAll(async () => {
    environment = await goEnvironment();
    console.log(`go environment: ${environment.goVersion} ${JSON.stringify(environment.timings)}`);
}, 600_000);
afterAll(() => environment?.remove());

const fixtures = exampleFixtures((env) => GoProgram.create({ cliDir: inject("pulumiCliDir"), environment, env }));
const { emulator, program } = fixtures;

describe("the Go example program through the real CLI, the stand-in Go host and the typed SDK's module", () => {
    test("up creates an account in each organization (the second by its explicit provider), exports values built from the account id and the status function's answer; refresh; import; destroy closes them", async () => {
        await runVendingExample({
            fixtures,
            prefix: "acct-go-",
            secondOrg: { accessKeyId: "AKIAGOLANGSECOND0000", secretAccessKey: "aws-secret-go-second-000000000000" },
            async prepare(p) {
                const about = expectSuccess(await p.cli(["about"]));
                expect(about.stdout).toMatch(/This project is written in go/);
                expect(about.stdout).toMatch(/github\.com\/pulumi-org-accounts\/pulumi-org-accounts\/sdk\/go\s+v0\.1\.0/);
                // The plugin the SDK's pulumi-plugin.json names (GetRequiredPlugins), before it is installed.
                expect(about.stdout).toMatch(/^resource\s+orgaccounts\s+0\.1\.0\s*$/m);
                await installPlugin(p, PLUGIN_DIR, /this stand-in downloads nothing/);
            },
        });
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
        expect(preview.output).not.toMatch(new RegExp(`${ACCOUNT_TOKEN}\\s+typo`));
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
