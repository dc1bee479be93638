// Pulumi's resource options through the real CLI, for both clouds: protect, retainOnDelete,
// ignoreChanges, deletedWith (all the engine's alone: the provider never sees them), and
// replacement (create-before-delete, the old account handled by its onDelete at the end of the
// run; a failed delete of the old one stays in the stack as a pending delete until a later up).
import { afterEach, describe, expect, test } from "vitest";
import { clouds, DRIFT_TAG, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s resource options through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    const account = (name: string) => cloud.accounts(world.emulator).find((a) => a.name === name);

    test("protect: true: destroy is refused with Pulumi's protect message and the account is untouched; once protect is removed, destroy closes it", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        program.write(world.declare("acct", "acct-protected", { onDelete: "close" }, "{ protect: true }"));
        expectSuccess(await program.up());
        const [recorded] = await program.resources(world.className);
        expect(recorded.protect).toBe(true);

        world.mark();
        const refused = await program.destroy();
        expect(refused.status).not.toBe(0);
        expect(refused.output).toMatch(/currently marked for protection|protected/);
        expect(refused.output).toContain("acct-protected");
        expect(world.writes()).toEqual([]);
        expect(account("acct-protected")?.state).toBe(cloud.stateOutput.active.toLowerCase());
        expect(await program.resources(world.className)).toHaveLength(1);

        program.write(world.declare("acct", "acct-protected", { onDelete: "close" }));
        expectSuccess(await program.up());
        expect(world.writes()).toEqual([]);
        expectSuccess(await program.destroy());
        expect(world.writes()).toEqual(["CloseAccount"]);
        expect(account("acct-protected")?.state).not.toBe(cloud.stateOutput.active.toLowerCase());
        expect(await program.resources(world.className)).toEqual([]);
    });

    test("retainOnDelete: true: removing the resource from the program, and destroy, leave the accounts active and make no Close/Remove call", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        const both =
            world.declare("dropped", "acct-dropped", { onDelete: "close" }, "{ retainOnDelete: true }") +
            world.declare("kept", "acct-kept", { onDelete: "remove" }, "{ retainOnDelete: true }");
        program.write(both);
        expectSuccess(await program.up());
        const recorded = await program.resources(world.className);
        expect(recorded.map((r) => r.retainOnDelete)).toEqual([true, true]);

        world.mark();
        program.write(world.declare("kept", "acct-kept", { onDelete: "remove" }, "{ retainOnDelete: true }"));
        const up = expectSuccess(await program.up());
        expect(up.output).toMatch(/1 deleted|- 1 deleted/);
        expect((await program.resources(world.className)).map((r) => r.outputs?.name)).toEqual(["acct-kept"]);

        expectSuccess(await program.destroy());
        expect(await program.resources(world.className)).toEqual([]);
        expect(world.writes()).toEqual([]);
        expect(account("acct-dropped")?.state).toBe(cloud.stateOutput.active.toLowerCase());
        expect(account("acct-kept")?.state).toBe(cloud.stateOutput.active.toLowerCase());
    });

    test('ignoreChanges: ["tags"]: a tag change in the program writes nothing and `up --expect-no-changes` passes; tags changed outside Pulumi are taken in by refresh, and up leaves them', async () => {
        world = await startCliWorld(cloud);
        const { program, emulator } = world;
        const declare = (tags: Record<string, string>) =>
            world.declare("acct", "acct-ignored", { parentId: emulator.rootId, tags }, '{ ignoreChanges: ["tags"] }') + "exports.accountId = acct.accountId;\n";
        program.write(declare({ team: "a" }));
        expectSuccess(await program.up());
        const { accountId } = (await program.outputs()) as { accountId: string };

        world.mark();
        program.write(declare({ team: "b", extra: "x" }));
        expectSuccess(await program.preview("--expect-no-changes"));
        expectSuccess(await program.up("--expect-no-changes"));
        expect(world.writes()).toEqual([]);
        expect(account("acct-ignored")?.tags.team).toBe("a");
        expect(account("acct-ignored")?.tags.extra).toBeUndefined();
        const [afterUp] = await program.resources(world.className);
        expect(afterUp.inputs?.tags).toEqual({ team: "a" });

        // Outside Pulumi: a tag added and the account moved to the emulator's OU.
        cloud.drift(emulator, accountId);
        const refresh = await program.refresh("--expect-no-changes");
        // ignoreChanges does not apply to refresh: the tag drift is shown and recorded.
        expect(refresh.status).not.toBe(0);
        expect(refresh.output).toMatch(/1 updated/);
        const [refreshed] = await program.resources(world.className);
        expect(refreshed.outputs?.tags).toEqual({ team: "a", ...DRIFT_TAG });
        expect(refreshed.inputs?.tags).toEqual({ team: "a", ...DRIFT_TAG });
        expect(refreshed.outputs?.parentId).toBe(emulator.defaultOuId);

        // The next up repairs the parent but keeps the foreign tag: tags are ignored, so the
        // refreshed (recorded) tags are what the engine sends.
        world.mark();
        expectSuccess(await program.up());
        expect(world.writes()).toEqual(["MoveAccount"]);
        expect(account("acct-ignored")?.tags).toMatchObject({ team: "a", ...DRIFT_TAG });
        expect(account("acct-ignored")?.parentId).toBe(emulator.rootId);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("deletedWith: destroying both, the resource deletedWith the other gets no delete call, so its account is left active (untracked)", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        program.write(world.declare("owner", "acct-owner", { onDelete: "close" }) + world.declare("child", "acct-child", { onDelete: "close" }, "{ deletedWith: owner }"));
        expectSuccess(await program.up());
        const ownerId = account("acct-owner")!.id;

        world.mark();
        const destroy = expectSuccess(await program.destroy());
        // The engine still shows both as deleted (and the stack): the child's step makes no provider call.
        expect(destroy.output).toMatch(/acct-child deleted/);
        expect(destroy.output).toMatch(/- 3 deleted/);
        expect(world.writes()).toEqual(["CloseAccount"]);
        const closes = world.emulator.requests.byOperation("CloseAccount");
        expect(closes).toHaveLength(1);
        expect(JSON.stringify(closes[0].path) + JSON.stringify(closes[0].body ?? "")).toContain(ownerId);
        expect(account("acct-owner")?.state).not.toBe(cloud.stateOutput.active.toLowerCase());
        expect(account("acct-child")?.state).toBe(cloud.stateOutput.active.toLowerCase());
        expect(await program.resources(world.className)).toEqual([]);
    });

    test("a change of the unique input replaces: the new account is created first, the old one closed (onDelete) at the end of the run", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        program.write(world.declare("acct", "acct-first", { onDelete: "close" }) + "exports.accountId = acct.accountId;\n");
        expectSuccess(await program.up());
        const old = account("acct-first")!;

        world.mark();
        program.write(world.declare("acct", "acct-first", { onDelete: "close", ...cloud.replacement.args }) + "exports.accountId = acct.accountId;\n");
        const preview = expectSuccess(await program.preview("--diff"));
        expect(preview.output).toMatch(/\+-.*acct-first|1 to replace/);
        for (const input of cloud.replacement.inputs) expect(preview.output).toContain(input);
        const up = expectSuccess(await program.up());
        expect(up.output).toMatch(/1 replaced/);
        expect(world.writes()).toEqual(["CreateAccount", "CloseAccount"]);
        const { accountId } = (await program.outputs()) as { accountId: string };
        expect(accountId).not.toBe(old.id);
        expect(cloud.accounts(world.emulator).find((a) => a.id === old.id)?.state).not.toBe(cloud.stateOutput.active.toLowerCase());
        expect(cloud.accounts(world.emulator).find((a) => a.id === accountId)?.state).toBe(cloud.stateOutput.active.toLowerCase());
        const state = await program.exportState();
        expect(state.deployment.resources?.filter((r) => r.type.endsWith(world.className))).toHaveLength(1);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("a replacement whose delete of the old account fails: the run fails saying why, the old resource stays as a pending delete (delete: true), and the next up deletes it", async () => {
        world = await startCliWorld(cloud);
        const { program, emulator } = world;
        program.write(world.declare("acct", "acct-first", { onDelete: "close" }) + "exports.accountId = acct.accountId;\n");
        expectSuccess(await program.up());
        const old = account("acct-first")!;

        emulator.faults.inject({ operation: "CloseAccount", times: Infinity, fault: { kind: "status", status: 403 } });
        world.mark();
        program.write(world.declare("acct", "acct-first", { onDelete: "close", ...cloud.replacement.args }) + "exports.accountId = acct.accountId;\n");
        const failed = await program.up();
        expect(failed.status).not.toBe(0);
        expect(failed.output).toMatch(/CloseAccount failed: HTTP 403/);
        expect(world.writes().filter((op) => op === "CreateAccount")).toHaveLength(1);
        const state = await program.exportState();
        const recorded = state.deployment.resources!.filter((r) => r.type.endsWith(world.className));
        expect(recorded).toHaveLength(2);
        const pending = recorded.find((r) => r.delete === true)!;
        expect(pending.outputs?.accountId).toBe(old.id);
        const live = recorded.find((r) => !r.delete)!;
        expect(live.outputs?.accountId).not.toBe(old.id);
        expect(cloud.accounts(emulator).find((a) => a.id === old.id)?.state).toBe(cloud.stateOutput.active.toLowerCase());

        emulator.faults.clear();
        world.mark();
        const up = expectSuccess(await program.up());
        // Shown as the original's delete, with nothing else to do ("2 unchanged").
        expect(up.output).toMatch(/acct-first deleted original/);
        expect(world.writes()).toEqual(["CloseAccount"]);
        expect(cloud.accounts(emulator).find((a) => a.id === old.id)?.state).not.toBe(cloud.stateOutput.active.toLowerCase());
        const clean = await program.exportState();
        const after = clean.deployment.resources!.filter((r) => r.type.endsWith(world.className));
        expect(after).toHaveLength(1);
        expect(after[0].delete ?? false).toBe(false);
        expect(clean.deployment.pending_operations ?? []).toEqual([]);
        expectSuccess(await program.up("--expect-no-changes"));
    });
});
