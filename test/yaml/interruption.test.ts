// A YAML program's `pulumi up` killed (SIGKILL, the CLI and everything it started) while the
// plugin waits for a creation; then the recovery docs/troubleshooting.md gives: `pulumi cancel`
// (the lock), `pulumi up` (takes the same request over), `pulumi refresh --clear-pending-creates`.
// Exactly one account is created, and the stack tracks it. And the other interruptions, as
// test/cli/interruptions.test.ts runs them through the classes: a creation that outlives its
// `timeouts.create` (recorded, refreshed while unfinished, finished by the next up), a recorded
// request that ends failed, Ctrl-C during a creation, and the plugin itself killed.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, inject, test } from "vitest";
import { clouds, type Emulator } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess, killTree } from "../../harness/cli/workspace";
import { YamlProgram } from "../../harness/cli/yamlProgram";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";

/** Long enough that a creation completes only when the test says so. */
const HELD = 600_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The orgaccounts plugin processes the CLI `cliPid` started. */
function pluginProcesses(cliPid: number): number[] {
    const listing = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(cliPid)], { encoding: "utf8" });
    return listing
        .split("\n")
        .filter((line) => line.includes("pulumi-resource-orgaccounts"))
        .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

describe.each(clouds)("$name: interrupted creations through the plugin", (cloud) => {
    const typeName = cloud.typeToken.split(":").pop()!;
    const token = `orgaccounts:index:${typeName}`;

    async function started(name: string, create: string) {
        const deletable = DELETABLE[cloud.name];
        const emulator: Emulator = await cloud.startEmulator({
            creationDelayMs: HELD,
            closeDelayMs: 100,
            ...(deletable.rules ? { rules: deletable.rules } : {}),
            ...deletable.emulator,
        });
        cleanups.push(() => emulator.close());
        const program = await YamlProgram.create({
            cliDir: inject("pulumiCliDir"),
            yamlHostDir: inject("pulumiYamlHostDir"),
            spec: {
                plugins: [{ name: "orgaccounts", path: PLUGIN_DIR }],
                resources: { acct: { type: token, properties: { name, ...cloud.baseArgs(name), timeouts: { create } } } },
                outputs: { accountId: "${acct.accountId}" },
            },
            env: { ...cloud.env(emulator), ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" },
        });
        cleanups.push(() => program.remove());
        return {
            emulator,
            program,
            creations: () => emulator.requests.byOperation("CreateAccount").length,
            named: () => cloud.accounts(emulator).filter((a) => a.name === name),
            completeCreations: () => (emulator as unknown as { state: { completeAll(): void } }).state.completeAll(),
        };
    }

    test("a creation past timeouts.create is recorded; after a refresh in between, the next up finishes the same request", async () => {
        const { program, creations, named, completeCreations } = await started("acct-late", "3s");
        const late = await program.up();
        expect(late.status).not.toBe(0);
        expect(late.output).toMatch(/is recorded in the stack: run `pulumi up` again to finish waiting for it/);
        const [recorded] = await program.resources(typeName);
        expect(recorded.id).toMatch(cloud.idPattern);
        expect(recorded.outputs?.accountId).toBeUndefined();

        expectSuccess(await program.refresh());
        expect(named()).toEqual([]);
        completeCreations();
        expectSuccess(await program.up());
        const { accountId } = await program.outputs();
        expect(named().map((a) => a.id)).toEqual([accountId]);
        expect(creations()).toBe(1);
        const [finished] = await program.resources(typeName);
        expect(finished.id).toBe(recorded.id);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("a recorded request that ends failed: up says so and what to do; with the input fixed, up submits a new request", async () => {
        const { emulator, program, creations, named, completeCreations } = await started("acct-doomed", "3s");
        const { expected } = cloud.scriptFailure(emulator, "acct-doomed");
        expect((await program.up()).status).not.toBe(0);
        const [recorded] = await program.resources(typeName);
        completeCreations();

        const failed = await program.up();
        expect(failed.status).not.toBe(0);
        for (const text of expected) expect(failed.output).toContain(text);
        expect(failed.output).toContain(`No account was created. Fix the cause, then run \`pulumi up\`: it submits a new request in place of ${recorded.id}`);

        // A replace-only input changed to fix the cause: no account exists, so it may.
        const fixed = cloud.name === "huawei" ? { email: "fixed@example.com" } : { roleName: "FixedAccessRole" };
        program.write({
            plugins: [{ name: "orgaccounts", path: PLUGIN_DIR }],
            resources: { acct: { type: token, properties: { name: "acct-doomed", ...cloud.baseArgs("acct-doomed"), ...fixed, timeouts: { create: "1m" } } } },
            outputs: { accountId: "${acct.accountId}" },
        });
        const next = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => creations() === 2, "the new request submitted");
        completeCreations();
        expectSuccess(await next.done);
        const { accountId } = await program.outputs();
        expect(
            named()
                .filter((a) => a.state !== "failed")
                .map((a) => a.id),
        ).toEqual([accountId]);
        expect(await program.resources(typeName)).toHaveLength(1);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("Ctrl-C once during a long creation: the engine waits for it, and the account is recorded", async () => {
        const { emulator, program, creations, completeCreations } = await started("acct-ctrl-c", "2m");
        const running = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => creations() === 1 && emulator.requests.byOperation(cloud.op.status).length > 0, "the creation submitted and polled");
        running.child.kill("SIGINT");
        await running.waitForOutput(/cancel/i);
        completeCreations();
        const interrupted = await running.done;
        const [recorded] = await program.resources(typeName);
        expect(recorded?.outputs?.accountId, interrupted.output).toMatch(cloud.accountIdPattern);
        expect(creations()).toBe(1);
        expectSuccess(await program.up());
        expect(creations()).toBe(1);
        expect((await program.outputs()).accountId).toBe(recorded.outputs?.accountId);
    });

    test("the plugin killed during a creation: the up fails; the next up takes the same request over", async () => {
        const { emulator, program, creations, named, completeCreations } = await started("acct-plugin-killed", "2m");
        const running = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => creations() === 1 && emulator.requests.byOperation(cloud.op.status).length > 0, "the creation submitted and polled");
        const plugins = pluginProcesses(running.child.pid!);
        expect(plugins).toHaveLength(1);
        process.kill(plugins[0], "SIGKILL");
        const failed = await running.done;
        expect(failed.status).not.toBe(0);

        const next = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => emulator.requests.byOperation(cloud.op.status).length > 2 || creations() > 1, "the next up looking at the request");
        completeCreations();
        const resumed = await next.done;
        expect(resumed.status, resumed.output).toBe(0);
        expect(creations()).toBe(1);
        const { accountId } = await program.outputs();
        expect(named().map((a) => a.id)).toEqual([accountId]);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("after `pulumi cancel`, up takes the same request over; refresh --clear-pending-creates leaves one tracked account", async () => {
        const { emulator, program, creations, named, completeCreations } = await started("acct-killed", "2m");
        const running = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => creations() === 1 && emulator.requests.byOperation(cloud.op.status).length > 0, "the creation submitted and polled");
        killTree(running.child.pid!);
        await running.done;
        const killed = await program.exportState();
        expect(killed.deployment.pending_operations?.map((op) => op.type)).toEqual(["creating"]);

        const locked = await program.up();
        expect(locked.status).not.toBe(0);
        expect(locked.output).toMatch(/the stack is currently locked/);
        expectSuccess(await program.cli(["cancel", "--yes"]));

        const next = await program.start(["up", "--yes", "--skip-preview"]);
        await waitFor(() => emulator.requests.byOperation(cloud.op.status).length > 2 || creations() > 1, "the next up looking at the request");
        completeCreations();
        const resumed = expectSuccess(await next.done);
        expect(resumed.output).toMatch(/acct\s+created/);
        // The plugin's progress line, sent to the engine's log, on the resource's row.
        expect(resumed.output).toMatch(new RegExp(`${token}\\s+acct\\s+creating .*(in_progress|succeeded) from an earlier run, taken over`));
        expect(creations()).toBe(1);
        const { accountId } = await program.outputs();
        expect(named().map((a) => a.id)).toEqual([accountId]);

        expectSuccess(await program.refresh("--clear-pending-creates"));
        const clean = await program.exportState();
        expect(clean.deployment.pending_operations ?? []).toEqual([]);
        expect(clean.deployment.resources?.filter((r) => r.type === token).map((r) => r.outputs?.accountId)).toEqual([accountId]);
        expectSuccess(await program.up("--expect-no-changes"));
        expect(creations()).toBe(1);
    });
});
