// Creations that do not finish within one `pulumi up`, through the real CLI: the deadline passes,
// a refresh runs in between, the request fails later, the user presses Ctrl-C, the CLI is killed.
// Each ends with exactly one account, tracked, and its accountId known.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess, killTree } from "../../harness/cli/workspace";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

const CREATION_DELAY_MS = 2_500;
/** Long enough that a creation completes only when the test says so (`completeCreations`). */
const HELD = 600_000;

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    const creations = () => world.emulator.requests.byOperation("CreateAccount").length;
    const accountsNamed = (name: string) => cloud.accounts(world.emulator).filter((a) => a.name === name);
    const completeCreations = () => (world.emulator as unknown as { state: { completeAll(): void } }).state.completeAll();

    async function interruptedUp(name: string, creationDelayMs = CREATION_DELAY_MS): Promise<string> {
        world = await startCliWorld(cloud, { creationDelayMs });
        world.program.write(world.declare("acct", name, { timeouts: { create: "3s" } }) + "exports.accountId = acct.accountId;\n");
        const up = await world.program.up();
        expect(up.status).not.toBe(0);
        expect(up.output).toMatch(/is recorded in the stack: run `pulumi up` again to finish waiting for it/);
        const [recorded] = await world.program.resources(world.className);
        expect(recorded.id).toMatch(cloud.idPattern);
        expect(recorded.outputs?.accountId).toBeUndefined();
        return recorded.id!;
    }

    async function expectFinished(requestId: string, name: string): Promise<void> {
        const outputs = await world.program.outputs();
        expect(outputs.accountId).toMatch(cloud.accountIdPattern);
        expect(accountsNamed(name).map((a) => a.id)).toEqual([outputs.accountId]);
        expect(creations()).toBe(1);
        const [recorded] = await world.program.resources(world.className);
        expect(recorded.id).toBe(requestId);
        expect(recorded.initErrors ?? []).toEqual([]);
        expectSuccess(await world.program.up("--expect-no-changes"));
    }

    test("a refresh while the creation is unfinished, then up: the same request is finished and accountId becomes known", async () => {
        const id = await interruptedUp("acct-refreshed", HELD);
        // The engine clears the init errors when Read succeeds: the provider's diff must still ask for the update.
        const refresh = await world.program.refresh();
        expect(refresh.status, refresh.output).toBe(0);
        const [refreshed] = await world.program.resources(world.className);
        expect(accountsNamed("acct-refreshed")).toEqual([]);
        expect(refreshed.outputs?.accountId).toBeUndefined();
        expect(refreshed.initErrors ?? []).toEqual([]);
        completeCreations();
        expectSuccess(await world.program.up());
        await expectFinished(id, "acct-refreshed");
    });

    test("the same with `pulumi up --refresh`", async () => {
        const id = await interruptedUp("acct-up-refresh", HELD);
        // Refreshed while still in progress, in the same command that then waits for it.
        const running = await world.program.start(["up", "--yes", "--skip-preview", "--refresh"]);
        await running.waitForOutput(/resuming account creation/);
        expect(accountsNamed("acct-up-refresh")).toEqual([]);
        completeCreations();
        expectSuccess(await running.done);
        await expectFinished(id, "acct-up-refresh");
    });

    test("a recorded request that ends failed: up says so and what to do; with the input fixed, up submits a new request", async () => {
        const name = "acct-doomed";
        world = await startCliWorld(cloud, { creationDelayMs: CREATION_DELAY_MS });
        const { expected } = cloud.scriptFailure(world.emulator, name);
        world.program.write(world.declare("acct", name, { timeouts: { create: "1s" } }) + "exports.accountId = acct.accountId;\n");
        expect((await world.program.up()).status).not.toBe(0);
        const [recorded] = await world.program.resources(world.className);
        await sleep(CREATION_DELAY_MS);

        const failed = await world.program.up();
        expect(failed.status).not.toBe(0);
        for (const text of expected) expect(failed.output).toContain(text);
        expect(failed.output).toContain(`No account was created. Fix the cause, then run \`pulumi up\`: it submits a new request in place of ${recorded.id}`);
        expect(failed.output).not.toMatch(/run `pulumi up` again to finish waiting/);

        // A replace-only input changed to fix the cause, the unique one kept: no account exists, so it may.
        const fixed = cloud.name === "huawei" ? { email: "fixed@example.com" } : { roleName: "FixedAccessRole" };
        world.program.write(world.declare("acct", name, { ...fixed, timeouts: { create: "1m" } }) + "exports.accountId = acct.accountId;\n");
        const up = expectSuccess(await world.program.up());
        expect(up.output).toMatch(/\+-.*replaced|1 replaced/);
        expect(creations()).toBe(2);
        const outputs = await world.program.outputs();
        expect(accountsNamed(name).map((a) => a.id)).toEqual([outputs.accountId]);
        const state = await world.program.exportState();
        expect(state.deployment.resources?.filter((r) => r.type.endsWith(world.className))).toHaveLength(1);
        expect(state.deployment.pending_operations ?? []).toEqual([]);
        expectSuccess(await world.program.up("--expect-no-changes"));
    });

    test("Ctrl-C once during a long creation: the engine waits for it, and the account is recorded", async () => {
        world = await startCliWorld(cloud, { creationDelayMs: HELD });
        world.program.write(world.declare("acct", "acct-ctrl-c", { timeouts: { create: "2m" } }) + "exports.accountId = acct.accountId;\n");
        const running = await world.program.start(["up", "--yes", "--skip-preview"]);
        await running.waitForOutput(/submitted; waiting for it to complete/);
        running.child.kill("SIGINT");
        await running.waitForOutput(/cancel/i);
        completeCreations();
        const interrupted = await running.done;
        const [recorded] = await world.program.resources(world.className);
        expect(recorded?.outputs?.accountId, interrupted.output).toMatch(cloud.accountIdPattern);
        expect(creations()).toBe(1);
        expectSuccess(await world.program.up());
        expect(creations()).toBe(1);
        expect((await world.program.outputs()).accountId).toBe(recorded.outputs?.accountId);
    });

    test("the CLI killed during a creation: after `pulumi cancel`, the next up takes the same request over; refresh --clear-pending-creates leaves a clean state", async () => {
        world = await startCliWorld(cloud, { creationDelayMs: HELD });
        world.program.write(world.declare("acct", "acct-killed", { timeouts: { create: "2m" } }) + "exports.accountId = acct.accountId;\n");
        const running = await world.program.start(["up", "--yes", "--skip-preview"]);
        await running.waitForOutput(/submitted; waiting for it to complete/);
        killTree(running.child.pid!);
        await running.done;
        const killed = await world.program.exportState();
        expect(killed.deployment.pending_operations?.map((op) => op.type)).toEqual(["creating"]);
        expect((killed.deployment.resources ?? []).filter((r) => r.type.endsWith(world.className))).toEqual([]);

        // A killed CLI leaves its lock behind: the engine says so and names the way out.
        const locked = await world.program.up();
        expect(locked.status).not.toBe(0);
        expect(locked.output).toMatch(/the stack is currently locked by 1 lock\(s\)/);
        expectSuccess(await world.program.cli(["cancel", "--yes"]));

        // Huawei names are unique: the request of that name is this account's. AWS names are not:
        // the request is waited for, and its account's email and owner tag tell whose it is.
        const takeover =
            cloud.name === "huawei"
                ? { waiting: /taken over; waiting for it to complete/, done: /in_progress from an earlier run, taken over/ }
                : {
                      waiting: /for an account of the same name is in progress; waiting for it to end, to tell by its account's email/,
                      done: /succeeded from an earlier run, taken over/,
                  };
        const next = await world.program.start(["up", "--yes", "--skip-preview"]);
        await next.waitForOutput(takeover.waiting);
        completeCreations();
        const resumed = expectSuccess(await next.done);
        expect(resumed.output).toMatch(takeover.done);
        expect(creations()).toBe(1);
        const { accountId } = await world.program.outputs();
        expect(accountsNamed("acct-killed").map((a) => a.id)).toEqual([accountId]);

        // The engine never clears a pending create by itself: the README's recovery step does.
        expect((await world.program.exportState()).deployment.pending_operations?.map((op) => op.type)).toEqual(["creating"]);
        expectSuccess(await world.program.refresh("--clear-pending-creates"));
        const clean = await world.program.exportState();
        expect(clean.deployment.pending_operations ?? []).toEqual([]);
        expect(clean.deployment.resources?.filter((r) => r.type.endsWith(world.className)).map((r) => r.outputs?.accountId)).toEqual([accountId]);
        expectSuccess(await world.program.up("--expect-no-changes"));
        expect(creations()).toBe(1);
    });
});
