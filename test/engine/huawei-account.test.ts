// HuaweiAccount through the real plugin host, the way `pulumi preview/up/refresh/destroy` drive it,
// against the emulator. Each scenario asserts what the engine receives and what the emulator saw.
import { afterEach, describe, expect, test } from "vitest";
import { HuaweiOrganizationsClient } from "../../provider/huawei/client";
import { assertOk, ProviderCallError, type Registered } from "../harness/engine";
import { huaweiWorld, operationsSince, pkg, pulumi, WRITE_OPERATIONS, type HuaweiWorld } from "./world";

const { HuaweiAccount } = pkg;
const OWNER_TAG = "pulumi-org-accounts:owner";

let world: HuaweiWorld | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

async function start(options?: Parameters<typeof huaweiWorld>[0]): Promise<HuaweiWorld> {
    world = await huaweiWorld(options);
    return world;
}

function account(w: HuaweiWorld, name: string, args: Record<string, unknown>, preview = false): Promise<Registered[]> {
    return w.program(() => new HuaweiAccount(name, { name, email: `${name}@example.com`, ...args }), { preview });
}

function apiClient(w: HuaweiWorld): HuaweiOrganizationsClient {
    return new HuaweiOrganizationsClient({ endpoint: w.emulator.url, ...w.emulator.credentials, env: {} });
}

function writesSince(w: HuaweiWorld, from: number): string[] {
    return operationsSince(w.emulator, from).filter((op) => WRITE_OPERATIONS.includes(op));
}

describe("HuaweiAccount through the plugin host", () => {
    test("__provider is small, requires the implementation at call time, and holds no credential", async () => {
        const w = await start();
        const [resource] = await account(w, "small", {});
        const text: string = resource.inputs.__provider;
        console.log(`__provider size: ${Buffer.byteLength(text)} bytes`);
        expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
        expect(text).toContain("pulumi-org-accounts/dist/provider/dynamicHost");
        expect(text).not.toContain(w.emulator.credentials.secretKey);
        expect(text).not.toContain(w.emulator.credentials.accessKey);
        expect(resource.type).toBe("pulumi-nodejs:dynamic/orgaccounts:HuaweiAccount");
    });

    test("preview: Check and Diff with unknown inputs, and no API call", async () => {
        const w = await start();
        const resources = await w.program(
            () => new HuaweiAccount("prev", { name: "prev", email: "prev@example.com", description: pulumi.output(pulumi.unknown), parentId: pulumi.output(pulumi.unknown) }),
            { preview: true },
        );
        expect(resources[0].inputs.description).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        const steps = await w.session.preview(resources);
        expect(steps.map((s) => [s.op, s.failures ?? []])).toEqual([["create", []]]);

        assertOk(await w.session.up(await account(w, "prev", {})));
        const before = w.emulator.requests.all().length;
        const planned = await w.session.preview(await account(w, "prev", { description: pulumi.output(pulumi.unknown) }, true));
        expect(planned[0].op).toBe("update");
        expect(w.emulator.requests.all().length).toBe(before);
    });

    test("up creates one account and waits for it; a second up with no change makes no API call", async () => {
        const w = await start();
        const program = () => account(w, "alpha", { description: "team alpha", tags: { team: "alpha" } });
        const [step] = assertOk(await w.session.up(await program()));
        expect(step.op).toBe("create");
        const outs = step.outputs!;
        expect(outs.accountId).toMatch(/^[0-9a-f]{32}$/);
        expect(outs).toMatchObject({
            name: "alpha",
            accountName: "alpha",
            status: "active",
            parentId: w.emulator.rootId,
            createAccountStatusId: step.id,
            tags: { team: "alpha" },
            description: "team alpha",
        });
        expect(step.id).toMatch(/^h-[0-9a-z]{32}$/);
        expect(outs.urn).toContain(outs.accountId);
        expect(outs.createdAt).toBeTruthy();
        expect(outs.completedAt).toBeTruthy();
        expect(outs.joinedAt).toBeTruthy();

        const accounts = w.emulator.state.accounts().filter((a) => a.name === "alpha");
        expect(accounts).toHaveLength(1);
        expect(accounts[0].id).toBe(outs.accountId);
        expect(accounts[0].tags).toEqual(expect.arrayContaining([{ key: OWNER_TAG, value: "vending/dev/alpha" }]));
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);

        const before = w.emulator.requests.all().length;
        const [again] = assertOk(await w.session.up(await program()));
        expect(again.op).toBe("same");
        expect(w.emulator.requests.all().length).toBe(before);
    });

    test("credentials from stack config (secret) work without any environment variable", async () => {
        const w = await start({ credentialsFrom: "config" });
        const [step] = assertOk(await w.session.up(await account(w, "configured", {})));
        expect(step.outputs!.accountId).toMatch(/^[0-9a-f]{32}$/);
        expect(JSON.stringify(step.outputs)).not.toContain(w.emulator.credentials.secretKey);
    });

    test("refresh without drift changes nothing; refresh with drift shows it and the next up repairs it", async () => {
        const w = await start();
        const program = () => account(w, "drifty", { description: "original", tags: { env: "dev" } });
        const [created] = assertOk(await w.session.up(await program()));
        const accountId = created.outputs!.accountId;

        const [clean] = assertOk(await w.session.refresh());
        expect(clean.op).toBe("refresh");
        expect(clean.outputs).toEqual(created.outputs);

        const api = apiClient(w);
        await api.updateAccountDescription(accountId, "edited in the console");
        await api.tagAccount(accountId, [{ key: "intruder", value: "yes" }]);
        await api.moveAccount(accountId, w.emulator.rootId, w.emulator.defaultOuId);
        await api.close();

        const [drift] = assertOk(await w.session.refresh());
        expect(drift.outputs).toMatchObject({
            description: "edited in the console",
            tags: { env: "dev", intruder: "yes" },
            parentId: w.emulator.defaultOuId,
        });
        expect(drift.inputs).toMatchObject({ description: "edited in the console", tags: { env: "dev", intruder: "yes" } });

        const mark = w.emulator.requests.all().length;
        const [repair] = assertOk(await w.session.up(await program()));
        expect(repair.op).toBe("update");
        expect(writesSince(w, mark).sort()).toEqual(["UntagResource", "UpdateAccount"]);
        expect(repair.outputs).toMatchObject({ description: "original", tags: { env: "dev" } });
    });

    test("update changes tags, description and parent in place, writing only what changed", async () => {
        const w = await start();
        const ou = w.emulator.defaultOuId;
        assertOk(await w.session.up(await account(w, "mover", { description: "v1", tags: { keep: "1", drop: "x", change: "a" } })));
        const mark = w.emulator.requests.all().length;
        const [step] = assertOk(
            await w.session.up(await account(w, "mover", { description: "v2", tags: { keep: "1", change: "b", add: "new" }, parentId: ou })),
        );
        expect(step.op).toBe("update");
        expect(step.outputs).toMatchObject({ description: "v2", tags: { keep: "1", change: "b", add: "new" }, parentId: ou });
        expect(writesSince(w, mark).sort()).toEqual(["MoveAccount", "TagResource", "UntagResource", "UpdateAccount"]);
        const tagged = w.emulator.requests.byOperation("TagResource").at(-1)!.body as { tags: { key: string }[] };
        expect(tagged.tags.map((t) => t.key).sort()).toEqual(["add", "change"]);
        const untagged = w.emulator.requests.byOperation("UntagResource").at(-1)!.body as { tags: { key: string }[] };
        expect(untagged.tags.map((t) => t.key)).toEqual(["drop"]);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("a name change replaces the account: the new one is created, then the old one closed", async () => {
        const w = await start();
        const [first] = assertOk(await w.session.up(await w.program(() => new HuaweiAccount("acct", { name: "old-name" }))));
        const [step] = assertOk(await w.session.up(await w.program(() => new HuaweiAccount("acct", { name: "new-name" }))));
        expect(step.op).toBe("replace");
        expect(step.diff!.replaces).toEqual(["name"]);
        expect(step.outputs!.accountId).not.toBe(first.outputs!.accountId);
        const byName = Object.fromEntries(w.emulator.state.accounts().map((a) => [a.name, a.status]));
        expect(byName["new-name"]).toBe("active");
        expect(["pending_closure", "suspended"]).toContain(byName["old-name"]);
    });

    test.each([
        ["close", ["CloseAccount"]],
        ["remove", ["RemoveAccount"]],
        ["retain", []],
    ])("destroy with onDelete %s", async (onDelete, writes) => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await account(w, `gone-${onDelete}`, { onDelete })));
        const mark = w.emulator.requests.all().length;
        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
        expect(writesSince(w, mark)).toEqual(writes);
        const remaining = w.emulator.state.accounts().find((a) => a.id === created.outputs!.accountId);
        if (onDelete === "close") expect(["pending_closure", "suspended"]).toContain(remaining?.status);
        if (onDelete === "remove") expect(remaining).toBeUndefined();
        if (onDelete === "retain") expect(remaining?.status).toBe("active");
    });

    test("destroy of an account already closing succeeds without closing it again", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await account(w, "closing", {})));
        w.emulator.state.setAccountStatus(created.outputs!.accountId, "pending_closure");
        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
    });

    test("a failed creation reaches the engine as the mapped message, and nothing is recorded", async () => {
        const w = await start();
        w.emulator.state.scriptFailure({ name: "unlucky", reason: "error.3001", detail: "phone 138****0000 has 10 accounts" });
        const [step] = await w.session.up(await account(w, "unlucky", { phone: "13800000000" }));
        expect(step.error).toBeInstanceOf(ProviderCallError);
        const error = step.error as ProviderCallError;
        expect(error.initFailed).toBeUndefined();
        expect(error.message).toContain("error.3001");
        expect(error.message).toContain("The number of accounts that can be registered with the mobile number exceeds the maximum limit");
        expect(error.message).toContain("phone 138****0000 has 10 accounts");
        expect(w.session.state.size).toBe(0);
    });

    test("bad input fails at check with the field and the rule, before any API call", async () => {
        const w = await start();
        const resources = await w.program(
            () =>
                new HuaweiAccount("bad", {
                    name: "x".repeat(65),
                    email: "not-an-email",
                    tags: { "": "empty key" },
                    parentId: "folder-1",
                    onDelete: "shred" as "close",
                    timeouts: { create: "soon" },
                }),
        );
        const [step] = await w.session.preview(resources);
        const byProperty = Object.fromEntries((step.failures ?? []).map((f) => [f.property, f.reason]));
        expect(Object.keys(byProperty).sort()).toEqual(["email", "name", "onDelete", "parentId", "tags", "timeouts"]);
        expect(byProperty.name).toMatch(/1-64 characters/);
        expect(byProperty.email).toMatch(/email/);
        expect(byProperty.parentId).toMatch(/root id/);
        expect(byProperty.timeouts).toMatch(/duration/);
        expect(w.emulator.requests.all()).toHaveLength(0);
    });

    test("an existing account with the same name is an error naming it, unless adopt is set", async () => {
        const w = await start();
        const legacyId = w.emulator.state.addAccount({ name: "legacy", email: "legacy@example.com", tags: { cost: "42" } });

        const [refused] = await w.session.up(await account(w, "legacy", {}));
        expect(refused.error?.message).toContain(legacyId);
        expect(refused.error?.message).toContain("adopt: true");
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);

        const [adopted] = assertOk(await w.session.up(await account(w, "legacy", { adopt: true, tags: { cost: "42" } })));
        expect(adopted.outputs).toMatchObject({ accountId: legacyId, status: "active", tags: { cost: "42" } });
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        const legacy = w.emulator.state.accounts().find((a) => a.id === legacyId)!;
        expect(legacy.tags).toEqual(expect.arrayContaining([{ key: OWNER_TAG, value: "vending/dev/legacy" }]));
    });

    test("the plugin host killed mid-poll: the repeated run takes the request over, exactly one account", async () => {
        const w = await start({ emulator: { creationDelayMs: 1_500 } });
        const resources = await account(w, "survivor", {});
        const interrupted = w.session.up(resources);
        await waitFor(() => w.emulator.requests.byOperation("ShowCreateAccountStatus").length > 0);
        await w.host.kill("SIGKILL");
        const [lost] = await interrupted;
        expect(lost.error).toBeDefined();
        expect(w.session.state.size).toBe(0); // the engine never heard back

        await w.restartHost();
        const [step] = assertOk(await w.session.up(resources));
        expect(step.op).toBe("create");
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        const accounts = w.emulator.state.accounts().filter((a) => a.name === "survivor");
        expect(accounts).toHaveLength(1);
        expect(w.session.get(resources[0])!.outputs.accountId).toBe(accounts[0].id);
    });

    test("a create deadline records the resource; the next up finishes the same request", async () => {
        const w = await start({ emulator: { creationDelayMs: 2_500 } });
        const [late] = await w.session.up(await account(w, "slow", { timeouts: { create: "1s" } }));
        const error = late.error as ProviderCallError;
        expect(error.initFailed?.id).toMatch(/^h-/);
        expect(error.message).toContain("timeouts.create");
        const recorded = w.session.get(late.urn)!;
        expect(recorded.id).toBe(error.initFailed!.id);
        expect(recorded.outputs.__provider).toBeTruthy();

        const [resumed] = assertOk(await w.session.up(await account(w, "slow", { timeouts: { create: "1m" } })));
        expect(resumed.op).toBe("update");
        expect(resumed.outputs!.accountId).toMatch(/^[0-9a-f]{32}$/);
        expect(resumed.outputs!.createAccountStatusId).toBe(recorded.id);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(w.emulator.state.accounts().filter((a) => a.name === "slow")).toHaveLength(1);
    });

    test("an expired status record is not a deletion; a closed account is", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await account(w, "aged", {})));
        w.emulator.state.expireCreateAccountStatus(created.id!);
        const [refreshed] = assertOk(await w.session.refresh());
        expect(refreshed.op).toBe("refresh");
        expect(refreshed.outputs!.accountId).toBe(created.outputs!.accountId);
        expect(refreshed.outputs!.createAccountStatusId).toBe(created.id);

        w.emulator.state.setAccountStatus(created.outputs!.accountId, "suspended");
        const [gone] = assertOk(await w.session.refresh());
        expect(gone.op).toBe("read-gone");
    });

    test("a submission whose answer is lost is looked up, not sent again", async () => {
        const w = await start();
        w.emulator.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        const [step] = assertOk(await w.session.up(await account(w, "ambiguous", {})));
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(w.emulator.state.accounts().filter((a) => a.name === "ambiguous")).toHaveLength(1);
        expect(step.outputs!.accountId).toBe(w.emulator.state.accounts().find((a) => a.name === "ambiguous")!.id);
    });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > until) throw new Error("condition not met in time");
        await new Promise((r) => setTimeout(r, 20));
    }
}
