// Creations that do not finish within one `pulumi up`, through the real CLI: the deadline passes,
// a refresh runs in between, the request fails later, the user presses Ctrl-C, the CLI is killed.
// Each ends with exactly one account, tracked, and its accountId known.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../engine/clouds";
import { expectSuccess } from "./workspace";
import { startCliWorld, type CliWorld } from "./world";

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
});
