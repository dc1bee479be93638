// The plugin installed into the plugin cache from a tarball (`pulumi plugin install resource
// orgaccounts <version> --file <tarball>`), then a YAML program that names only the package's
// resource types (no `plugins:` or `packages:` path): the CLI runs the cached plugin.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, expect, inject, test } from "vitest";
import { aws } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { REPO_ROOT, expectSuccess } from "../../harness/cli/workspace";
import { YamlProgram } from "../../harness/cli/yamlProgram";
import { PLUGIN_PATH } from "../../harness/plugin/nativePlugin";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/**
 * The plugin as a tarball: the executable at its root beside the built package (dist/, schema/,
 * package.json). Its dependencies come from NODE_PATH, as a global npm install provides them.
 */
function pluginTarball(scratch: string): string {
    const stage = path.join(scratch, "stage");
    fs.mkdirSync(stage);
    fs.copyFileSync(PLUGIN_PATH, path.join(stage, "pulumi-resource-orgaccounts"));
    fs.chmodSync(path.join(stage, "pulumi-resource-orgaccounts"), 0o755);
    for (const entry of ["dist", "schema", "package.json"]) fs.cpSync(path.join(REPO_ROOT, entry), path.join(stage, entry), { recursive: true });
    const tarball = path.join(scratch, `orgaccounts-${VERSION}.tgz`);
    execFileSync("tar", ["-czf", tarball, "-C", stage, "."]);
    return tarball;
}

test("`pulumi plugin install resource orgaccounts <version> --file <tarball>`, then a program naming only the package runs preview, up and destroy", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-install-"));
    cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
    const emulator = await aws.startEmulator({ creationDelayMs: 200, closeDelayMs: 100, ...DELETABLE.aws.emulator });
    cleanups.push(() => emulator.close());
    const program = await YamlProgram.create({
        cliDir: inject("pulumiCliDir"),
        yamlHostDir: inject("pulumiYamlHostDir"),
        spec: {
            resources: { acct: { type: "orgaccounts:index:AwsAccount", properties: { name: "acct-cached", email: "acct-cached@example.com", onDelete: "close" } } },
            outputs: { accountId: "${acct.accountId}" },
        },
        env: { ...aws.env(emulator), ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200", NODE_PATH: path.join(REPO_ROOT, "node_modules") },
    });
    cleanups.push(() => program.remove());

    // Before the install, the CLI has no plugin to run (and may not download one: the workspace forbids it).
    const without = await program.preview();
    expect(without.status).not.toBe(0);

    const installed = expectSuccess(await program.installPlugin("orgaccounts", VERSION, pluginTarball(scratch)));
    expect(installed.output).toContain(`[resource plugin orgaccounts-${VERSION}] installing`);
    expect(expectSuccess(await program.cli(["plugin", "ls"])).stdout).toMatch(new RegExp(`^orgaccounts\\s+resource\\s+${VERSION.replace(/\./g, "\\.")}\\s`, "m"));

    const mark = emulator.requests.all().length;
    expectSuccess(await program.preview());
    expect(
        emulator.requests
            .all()
            .slice(mark)
            .filter((r) => aws.writeOperations.includes(r.operation)),
    ).toEqual([]);
    const up = expectSuccess(await program.up());
    expect(up.stdout).toMatch(/\+\s+orgaccounts:index:AwsAccount\s+acct\s+created/);
    const [account] = aws.accounts(emulator).filter((a) => a.name === "acct-cached");
    expect((await program.outputs()).accountId).toBe(account.id);
    expectSuccess(await program.destroy());
    expect(aws.accounts(emulator).find((a) => a.id === account.id)?.state ?? "gone").not.toBe("active");
});
