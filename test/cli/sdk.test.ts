// The checked-in SDKs (sdk/nodejs, sdk/python, sdk/go) are what the checked-in schema generates with
// Pulumi's pinned generators (`npm run sdk`): regenerated into a temporary folder and compared file by
// file, so a schema changed without `npm run sdk` fails here. The Go SDK builds as the module it
// is, from its own go.mod and go.sum. Go is required: without it these tests fail.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, test } from "vitest";
import { REPO_ROOT } from "../../harness/cli/workspace";

interface SdkScript {
    staleFiles: (options?: { schema?: string; sdk?: string }) => string[];
    pulumiGoSdkVersion: () => string;
    GO_MODULE: string;
}
const { staleFiles, pulumiGoSdkVersion, GO_MODULE } = createRequire(import.meta.url)("../../scripts/sdk.js") as SdkScript;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-sdk-check-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("sdk/ is what schema/orgaccounts.json generates (run `npm run sdk` after changing the schema)", () => {
    expect(staleFiles()).toEqual([]);
}, 120_000);

test("a schema changed without regenerating is caught, naming the files that differ in each language", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema", "orgaccounts.json"), "utf8")) as {
        resources: Record<string, { inputProperties: Record<string, { description?: string }> }>;
    };
    schema.resources["orgaccounts:index:AwsAccount"].inputProperties.email.description = "The root user's email (changed).";
    const changed = path.join(work, "changed.json");
    fs.writeFileSync(changed, JSON.stringify(schema));
    expect(staleFiles({ schema: changed })).toEqual([
        "sdk/go/orgaccounts/awsAccount.go (differs)",
        "sdk/nodejs/awsAccount.ts (differs)",
        "sdk/python/pulumi_orgaccounts/aws_account.py (differs)",
    ]);
}, 120_000);

test("the Go SDK is a module at its path on the CLI's Go SDK, and builds from its go.mod and go.sum alone", () => {
    const goMod = fs.readFileSync(path.join(REPO_ROOT, "sdk", "go", "go.mod"), "utf8");
    expect(goMod).toMatch(new RegExp(`^module ${GO_MODULE.replace(/\./g, "\\.")}$`, "m"));
    expect(goMod).toContain(`github.com/pulumi/pulumi/sdk/v3 ${pulumiGoSdkVersion()}`);
    const build = spawnSync("go", ["build", "./..."], {
        cwd: path.join(REPO_ROOT, "sdk", "go"),
        encoding: "utf8",
        env: { ...process.env, GOFLAGS: "-mod=readonly" },
        timeout: 600_000,
    });
    if (build.error) throw new Error(`Go is needed to build the Go SDK: ${build.error.message}`);
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
}, 600_000);
