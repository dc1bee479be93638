// Engine-path scenarios that only one cloud has: Huawei's description, AWS's in-place rename and
// its quota of 5 account creations in progress.
import { afterEach, describe, expect, test } from "vitest";
import { assertOk, type Registered, stringProp } from "../../harness/pluginHost/engine";
import type { HuaweiEmulator } from "../../emulator/huawei/server";
import { aws, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, writesSince, type World, type WorldOptions } from "../../harness/pluginHost/world";

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

async function start(cloud: Cloud, options?: WorldOptions): Promise<World> {
    world = await startWorld(cloud, options);
    return world;
}

describe("HuaweiAccount", () => {
    test("description is set at creation, updated in place with one PATCH, and its drift is repaired", async () => {
        const w = await start(huawei);
        const [created] = assertOk(await w.session.up(await w.account("described", { description: "v1" })));
        expect(created.outputs!.description).toBe("v1");

        let mark = w.emulator.requests.all().length;
        const [updated] = assertOk(await w.session.up(await w.account("described", { description: "v2" })));
        expect(updated.op).toBe("update");
        expect(writesSince(w, mark)).toEqual(["UpdateAccount"]);
        expect(updated.outputs!.description).toBe("v2");

        (w.emulator as HuaweiEmulator).state.updateAccount(stringProp(created.outputs, "accountId"), "edited elsewhere");
        const [drift] = assertOk(await w.session.refresh());
        expect(drift.outputs!.description).toBe("edited elsewhere");
        mark = w.emulator.requests.all().length;
        assertOk(await w.session.up(await w.account("described", { description: "v2" })));
        expect(writesSince(w, mark)).toEqual(["UpdateAccount"]);
    });

    test("adoption brings the account to the inputs: description, tags and parent", async () => {
        const w = await start(huawei);
        const emulator = w.emulator as HuaweiEmulator;
        const id = emulator.state.addAccount({ name: "legacy", description: "old text", tags: { stale: "1" } });
        const mark = w.emulator.requests.all().length;
        const [step] = assertOk(await w.session.up(await w.account("legacy", { adopt: true, description: "new text", tags: { team: "a" }, parentId: emulator.defaultOuId })));
        expect(step.outputs).toMatchObject({ accountId: id, description: "new text", tags: { team: "a" }, parentId: emulator.defaultOuId });
        expect(writesSince(w, mark).sort()).toEqual(["MoveAccount", "TagResource", "UntagResource", "UpdateAccount"]);
    });

    test("an email change without a new name is refused before anything is touched: the name is never freed, the old account is kept", async () => {
        const w = await start(huawei);
        const [created] = assertOk(await w.session.up(await w.account("same-name")));
        const mark = w.emulator.requests.all().length;
        const [step] = await w.session.up(await w.account("same-name", { email: "other@example.com" }));
        expect(step.error?.message).toMatch(/email: cannot change on an existing account; a new account would also need a new name/);
        expect(w.emulator.requests.all().length).toBe(mark);
        expect(w.session.get(step.urn)!.outputs.accountId).toBe(created.outputs!.accountId);

        const [renamed] = assertOk(await w.session.up(await w.account("same-name", { name: "new-name", email: "other@example.com" })));
        expect(renamed.op).toBe("replace");
        expect(renamed.diff).toMatchObject({ replaces: ["name", "email"], deleteBeforeReplace: false });
    });
});

describe("AwsAccount", () => {
    test("a name change is a rename in place (PutAccountName), not a new account", async () => {
        const w = await start(aws);
        const [created] = assertOk(await w.session.up(await w.account("renamed")));
        const mark = w.emulator.requests.all().length;
        const [step] = assertOk(await w.session.up(await w.account("renamed", { name: "renamed-v2" })));
        expect(step.op).toBe("update");
        expect(writesSince(w, mark)).toEqual(["PutAccountName"]);
        expect(step.outputs).toMatchObject({ accountId: created.outputs!.accountId, name: "renamed-v2" });
        expect(w.cloud.accounts(w.emulator).find((a) => a.id === created.outputs!.accountId)?.name).toBe("renamed-v2");
    });

    test("a role name change without a new email is refused before anything is touched; with one it replaces", async () => {
        const w = await start(aws);
        assertOk(await w.session.up(await w.account("role", { onDelete: "close" })));
        const [refused] = await w.session.up(await w.account("role", { roleName: "Admin", onDelete: "close" }));
        expect(refused.error?.message).toMatch(/roleName: cannot change on an existing account; a new account would also need a new email/);

        const [step] = assertOk(await w.session.up(await w.account("role", { roleName: "Admin", email: "role-2@example.com", onDelete: "close" })));
        expect(step.op).toBe("replace");
        expect(step.diff).toMatchObject({ replaces: ["email", "roleName"], deleteBeforeReplace: false });
    });

    test("20 accounts in one run against the 5-in-progress quota: queued in the host, all succeed", async () => {
        const w = await start(aws, { creationDelayMs: 400 });
        const resources = await twenty(w);
        const results = await createConcurrently(w, resources);
        expect(results.filter((r) => r.status === "rejected")).toEqual([]);
        expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id)).size).toBe(20);
        const creates = w.emulator.requests.byOperation("CreateAccount");
        expect(creates).toHaveLength(20);
        expect(creates.filter((r) => r.status !== 200)).toEqual([]); // the host never exceeded the quota
        expect(w.cloud.accounts(w.emulator).filter((a) => a.name.startsWith("fleet-"))).toHaveLength(20);
    });

    test("the quota reached anyway (a host allowed more): refusals are waited out, not shown to the user", async () => {
        const w = await start(aws, { creationDelayMs: 400, env: { ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS: "8" } });
        const resources = (await twenty(w)).slice(0, 8);
        const results = await createConcurrently(w, resources);
        expect(results.filter((r) => r.status === "rejected")).toEqual([]);
        const creates = w.emulator.requests.byOperation("CreateAccount");
        expect(creates.filter((r) => r.status === 400).length).toBeGreaterThan(0); // refused with ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED
        expect(creates.filter((r) => r.status === 200)).toHaveLength(8);
        expect(w.cloud.accounts(w.emulator).filter((a) => a.name.startsWith("fleet-"))).toHaveLength(8);
    });
});

function twenty(w: World): Promise<Registered[]> {
    return w.program(() => {
        for (let i = 0; i < 20; i++) new w.cloud.Resource(`fleet-${i}`, { name: `fleet-${i}`, email: `fleet-${i}@example.com` });
    });
}

/** As the engine does with its default parallelism: every create sent at once to one plugin host. */
async function createConcurrently(w: World, resources: Registered[]) {
    return Promise.allSettled(
        resources.map(async (r) => {
            const checked = await w.client.check(r.urn, {}, r.inputs);
            expect(checked.failures).toEqual([]);
            return w.client.create(r.urn, checked.inputs);
        }),
    );
}
