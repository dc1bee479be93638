// The checked-in package schema is one Pulumi accepts: the real CLI binds it (`pulumi package
// get-schema <file>` validates against the metaschema and binds every type and reference), and
// Pulumi's own Node.js, Python and Go SDK generators, built from the CLI's Go modules
// (scripts/schema-check), generate from it; the Node.js SDK type-checks and the Go SDK vets.
// Go is required: without it these tests fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, inject, test } from "vitest";
import { REPO_ROOT } from "../../harness/cli/workspace";

const SCHEMA = path.join(REPO_ROOT, "schema", "orgaccounts.json");
const { buildSchemaChecker } = createRequire(import.meta.url)("../../scripts/schema-check.js") as { buildSchemaChecker: () => string };

const work = mkdtempSync(path.join(os.tmpdir(), "orgaccounts-schema-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    const result = spawnSync(command, args, { encoding: "utf8", cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 240_000 });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function getSchema(file: string) {
    const pulumi = path.join(inject("pulumiCliDir"), "pulumi");
    return run(pulumi, ["package", "get-schema", file], { env: { PULUMI_HOME: path.join(work, "pulumi-home"), PULUMI_SKIP_UPDATE_CHECK: "true" } });
}

/** The checked-in schema with AwsAccount's `name` input of a type Pulumi does not have. */
function brokenSchema(): string {
    const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as { resources: Record<string, { inputProperties: Record<string, { type?: string }> }> };
    schema.resources["orgaccounts:index:AwsAccount"].inputProperties.name.type = "text";
    const file = path.join(work, "broken.json");
    writeFileSync(file, JSON.stringify(schema));
    return file;
}

describe("the Pulumi CLI", () => {
    test("binds the checked-in schema and reads back every field of it: pulumi package get-schema schema/orgaccounts.json", () => {
        const result = getSchema(SCHEMA);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        // What the CLI prints is the schema as Pulumi read it: a field it does not know (a misspelled
        // `replaceOnChanges`, say) would be missing from it.
        expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(SCHEMA, "utf8")));
    });

    test("gets the same schema from the plugin itself (GetSchema): pulumi package get-schema bin/pulumi-resource-orgaccounts", () => {
        const result = getSchema(path.join(REPO_ROOT, "bin", "pulumi-resource-orgaccounts"));
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(SCHEMA, "utf8")));
    });

    test("refuses a schema with a type it does not have, naming where", () => {
        const result = getSchema(brokenSchema());
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain("#/resources/orgaccounts:index:AwsAccount/inputProperties/name/type: unknown type kind text");
    });
});

describe("Pulumi's SDK generators", () => {
    test("generate the Node.js, Python and Go SDKs; the Node.js SDK type-checks and the Go SDK vets", () => {
        const checker = buildSchemaChecker();
        const out = path.join(work, "sdk");
        const result = run(checker, [SCHEMA, out]);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        for (const file of ["nodejs/awsAccount.ts", "nodejs/provider.ts", "python/pulumi_orgaccounts/huawei_account.py", "go/orgaccounts/listCreateAccountStatuses.go"]) {
            expect(result.stdout).toContain(`  ${file.slice(file.indexOf("/") + 1)}\n`);
        }

        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(out, "nodejs", "node_modules"));
        const tsc = run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], { cwd: path.join(out, "nodejs") });
        expect(tsc.stdout + tsc.stderr).toBe("");
        expect(tsc.status).toBe(0);

        // The Go SDK as a module at its import path, on the same Go module pins as the checker.
        const goMod = readFileSync(path.join(REPO_ROOT, "scripts", "schema-check", "go.mod"), "utf8").replace(
            /^module .*$/m,
            "module github.com/pulumi-org-accounts/pulumi-org-accounts/sdk",
        );
        writeFileSync(path.join(out, "go.mod"), goMod);
        writeFileSync(path.join(out, "go.sum"), readFileSync(path.join(REPO_ROOT, "scripts", "schema-check", "go.sum")));
        const vet = run("go", ["vet", "./go/..."], { cwd: out, env: { GOFLAGS: "-mod=mod" } });
        expect(vet.stdout + vet.stderr).toBe("");
        expect(vet.status).toBe(0);
    });

    test("the checker refuses a schema Pulumi's binder refuses", () => {
        const result = run(buildSchemaChecker(), [brokenSchema()]);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("unknown type kind text");
    });
});
