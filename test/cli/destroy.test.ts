// `pulumi destroy` of many accounts at once through the real CLI, for both clouds: three groups
// with onDelete close, remove and retain, all deleted from the stack in one run. The Huawei service
// limits closing (10% of member accounts per 30 days) and, per its 2024 user guide, refuses to
// remove an account created in the organization: the mass destroy runs with those rules relaxed
// (`removal: "any"`, as the 2025 guide reads, and no close quota), and a Huawei test with the
// default rules shows what a user meets then.
import { afterEach, describe, expect, test } from "vitest";
import { clouds, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { DELETABLE, startCliWorld, type CliWorld } from "../support/cliWorld";

const GROUPS = { close: 4, remove: 3, retain: 3 } as const;
type Policy = keyof typeof GROUPS;

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s: destroy of many accounts through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    const names = (policy: Policy) => Array.from({ length: GROUPS[policy] }, (_, i) => `acct-${policy}-${i}`);
    const active = cloud.stateOutput.active.toLowerCase();

    /** Ten accounts (4 close, 3 remove, 3 retain), created, then destroyed in one run. */
    async function destroyAll(): Promise<Map<string, string>> {
        world = await startCliWorld(cloud, DELETABLE[cloud.name]);
        const { program } = world;
        let source = "";
        for (const policy of Object.keys(GROUPS) as Policy[]) {
            for (const [i, name] of names(policy).entries()) source += world.declare(`${policy}${i}`, name, { onDelete: policy });
        }
        program.write(source);
        expect(expectSuccess(await program.up()).output).toMatch(/\+ 11 created/);
        // (the Huawei emulator's organization also has its management account)
        const ids = new Map(
            cloud
                .accounts(world.emulator)
                .filter((a) => a.name.startsWith("acct-"))
                .map((a) => [a.name, a.id]),
        );
        expect(ids.size).toBe(10);

        world.mark();
        const destroy = expectSuccess(await program.destroy());
        expect(destroy.output).toMatch(/- 11 deleted/);
        expect(await program.resources(world.className)).toEqual([]);
        const state = await program.exportState();
        expect(state.deployment.resources ?? []).toEqual([]);
        expect(state.deployment.pending_operations ?? []).toEqual([]);
        return ids;
    }

    test("10 accounts in one destroy (removal of new accounts and many closes allowed): all succeed, nothing left in the stack; closed ones are closing, retained ones active and untouched", async () => {
        const ids = await destroyAll();
        const after = new Map(cloud.accounts(world.emulator).map((a) => [a.id, a]));
        for (const name of names("close")) expect(after.get(ids.get(name)!)?.state, name).toMatch(/pending_closure|suspended|closed/);
        for (const name of names("retain")) expect(after.get(ids.get(name)!)?.state, name).toBe(active);
        const writes = world.writes();
        // Huawei closes at most 3 at a time: a 4th close is refused and retried by the provider.
        const closes = world.emulator.requests.byOperation("CloseAccount");
        expect(closes.filter((r) => r.status === 200)).toHaveLength(GROUPS.close);
        expect(writes.filter((op) => op === cloud.op.remove)).toHaveLength(GROUPS.remove);
        expect(writes.filter((op) => !["CloseAccount", cloud.op.remove].includes(op))).toEqual([]);
    });

    // Current behaviour of the emulators on this branch: newly created accounts may be removed at
    // once. (AWS refuses that for new accounts in reality, a waiting period: adjust this test when the
    // emulator enforces it.)
    test("remove policy (removal of new accounts allowed): the 3 removed accounts are gone from the organization", async () => {
        const ids = await destroyAll();
        const remaining = new Set(cloud.accounts(world.emulator).map((a) => a.id));
        for (const name of names("remove")) expect(remaining.has(ids.get(name)!), name).toBe(false);
        const removals = world.emulator.requests.byOperation(cloud.op.remove);
        expect(removals.map((r) => r.status)).toEqual(Array(GROUPS.remove).fill(200));
    });
});

describe("Huawei: destroy of many accounts with the service's default rules", () => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("removing accounts created in the organization is refused (Organizations.1330) and closes beyond the quota too (Organizations.1327), each naming what to set; retained ones leave the stack, refused ones stay", async () => {
        const cloud = huawei as unknown as Cloud;
        world = await startCliWorld(cloud);
        const { program } = world;
        let source = "";
        for (const policy of ["close", "remove", "retain"] as const) {
            for (let i = 0; i < 3; i++) source += world.declare(`${policy}${i}`, `acct-${policy}-${i}`, { onDelete: policy });
        }
        program.write(source);
        expectSuccess(await program.up());

        world.mark();
        // Nine deletes exceed the engine's default parallelism (4 × CPUs on a 2-core runner), and the
        // engine schedules nothing new after a failure unless told to continue.
        const destroy = await program.destroy("--continue-on-error");
        expect(destroy.status).not.toBe(0);
        expect(destroy.output).toMatch(/RemoveAccount was refused: HTTP 400 Organizations\.1330/);
        expect(destroy.output).toContain('Set `onDelete: "close"` (or `"retain"` to keep it in the organization)');
        expect(destroy.output).toMatch(/CloseAccount was refused: HTTP 400 Organizations\.1327/);
        expect(destroy.output).toContain('set `onDelete: "retain"` on the resource');
        const left = (await program.resources(world.className)).map((r) => r.outputs?.name as string);
        for (let i = 0; i < 3; i++) {
            expect(left).not.toContain(`acct-retain-${i}`);
            expect(left).toContain(`acct-remove-${i}`);
        }
        const active = cloud
            .accounts(world.emulator)
            .filter((a) => a.state === "active")
            .map((a) => a.name);
        for (let i = 0; i < 3; i++) expect(active).toContain(`acct-remove-${i}`);
        // Each refused close is still in the stack, its account active.
        for (const name of left.filter((n) => n.startsWith("acct-close-"))) expect(active).toContain(name);
        expect(left.filter((n) => n.startsWith("acct-close-")).length).toBeGreaterThan(0);
    });
});
