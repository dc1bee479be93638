// HuaweiAccount and AwsAccount through the real plugin host, the way `pulumi preview/up/refresh/
// destroy` drive them, against the emulators. Each scenario asserts what the engine receives and
// what the emulator saw; the same scenarios run for both clouds.
import { describe, expect, test } from "vitest";
import { assertOk, ProviderCallError, UNKNOWN, stringProp } from "../../harness/pluginHost/engine";
import { clouds, DRIFT_TAG, type Cloud } from "../../harness/pluginHost/clouds";
import { pulumi, STACK, PROJECT, writesSince, type World, type WorldOptions } from "../../harness/pluginHost/world";
import { worldPerTest } from "../support/perTest";

const OWNER_TAG = "pulumi-org-accounts:owner";

describe.each(clouds)("$name account through the plugin host", (cloud: Cloud) => {
    const startPerTest = worldPerTest(cloud);
    // A close takes effect a moment after it is accepted, so a destroy that does not wait for it is seen.
    const start = (options: WorldOptions = {}) => startPerTest({ closeAcceptDelayMs: 500, ...options });

    function only(w: World, name: string) {
        const found = cloud.accounts(w.emulator).filter((a) => a.name === name);
        expect(found).toHaveLength(1);
        return found[0];
    }

    test("__provider is small, requires the implementation at call time, and holds no credential", async () => {
        const w = await start();
        const [resource] = await w.account("small");
        const text: string = stringProp(resource.inputs, "__provider");
        console.log(`${cloud.name}: __provider size ${Buffer.byteLength(text)} bytes`);
        expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
        expect(text).toContain("pulumi-org-accounts/dist/provider/dynamicHost");
        for (const secret of cloud.secrets(w.emulator)) expect(text).not.toContain(secret);
        expect(resource.type).toBe(cloud.typeToken);
    });

    test("a parentId that names no OU fails preview (and up) at check, naming the input and the rule, before any write", async () => {
        const w = await start();
        const rule = `"${cloud.missingOuId}" is not a root or organizational unit of this organization. Set parentId to an existing root ("r-...") or organizational unit id.`;
        const [planned] = await w.session.preview(await w.account("lost", { parentId: cloud.missingOuId }, { preview: true }));
        expect(planned.failures).toEqual([{ property: "parentId", reason: rule }]);
        const [step] = await w.session.up(await w.account("lost", { parentId: cloud.missingOuId }));
        expect(step.failures).toEqual([{ property: "parentId", reason: rule }]);
        expect(writesSince(w, 0)).toEqual([]);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(w.session.state.size).toBe(0);
        const steps = assertOk(await w.session.up(await w.account("found", { parentId: w.emulator.defaultOuId })));
        expect(steps[0].outputs?.parentId).toBe(w.emulator.defaultOuId);
    });

    test("preview: Check and Diff with unknown inputs, and no API call but the one credentials check", async () => {
        const w = await start();
        const unknown = pulumi.output(pulumi.unknown);
        const resources = await w.account("prev", { tags: { team: unknown }, parentId: unknown }, { preview: true });
        expect(resources[0].inputs.parentId).toBe(UNKNOWN);
        const steps = await w.session.preview(resources);
        expect(steps.map((s) => [s.op, s.failures ?? []])).toEqual([["create", []]]);
        expect(w.emulator.requests.all().map((r) => r.operation)).toEqual([cloud.op.credentialsCheck]);

        assertOk(await w.session.up(await w.account("prev")));
        const before = w.emulator.requests.all().length;
        const planned = await w.session.preview(await w.account("prev", { tags: { team: unknown } }, { preview: true }));
        expect(planned[0].op).toBe("update");
        expect(w.emulator.requests.all().length).toBe(before);
    });

    test("up creates one account and waits for it; a second up with no change makes no API call", async () => {
        const w = await start();
        const program = () => w.account("alpha", { tags: { team: "alpha" } });
        const [step] = assertOk(await w.session.up(await program()));
        expect(step.op).toBe("create");
        expect(step.id).toMatch(cloud.idPattern);
        const outs = step.outputs!;
        expect(outs.accountId).toMatch(cloud.accountIdPattern);
        expect(outs).toMatchObject({
            name: "alpha",
            [cloud.stateOutput.key]: cloud.stateOutput.active,
            parentId: w.emulator.rootId,
            createAccountStatusId: step.id,
            tags: { team: "alpha" },
        });
        expect(outs.completedAt).toBeTruthy();
        expect(outs.joinedAt).toBeTruthy();

        const created = only(w, "alpha");
        expect(created.id).toBe(outs.accountId);
        expect(created.tags[OWNER_TAG]).toBe(`${PROJECT}/${STACK}/alpha`);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);

        const before = w.emulator.requests.all().length;
        const [again] = assertOk(await w.session.up(await program()));
        expect(again.op).toBe("same");
        expect(w.emulator.requests.all().length).toBe(before);
    });

    test("credentials and endpoint from stack config (secrets) work without any environment variable", async () => {
        const w = await start({ credentialsFrom: "config" });
        const [step] = assertOk(await w.session.up(await w.account("configured")));
        expect(step.outputs!.accountId).toMatch(cloud.accountIdPattern);
        for (const secret of cloud.secrets(w.emulator)) expect(JSON.stringify(step.outputs)).not.toContain(secret);
    });

    test("refresh without drift changes nothing; refresh with drift shows it and the next up repairs it", async () => {
        const w = await start();
        const program = () => w.account("drifty", { tags: { env: "dev" }, parentId: w.emulator.rootId });
        const [created] = assertOk(await w.session.up(await program()));

        const [clean] = assertOk(await w.session.refresh());
        expect(clean.op).toBe("refresh");
        expect(clean.outputs).toEqual(created.outputs);

        cloud.drift(w.emulator, stringProp(created.outputs, "accountId"));
        const [drift] = assertOk(await w.session.refresh());
        expect(drift.outputs).toMatchObject({ tags: { env: "dev", ...DRIFT_TAG }, parentId: w.emulator.defaultOuId });
        expect(drift.inputs).toMatchObject({ tags: { env: "dev", ...DRIFT_TAG }, parentId: w.emulator.defaultOuId });

        const mark = w.emulator.requests.all().length;
        const [repair] = assertOk(await w.session.up(await program()));
        expect(repair.op).toBe("update");
        expect(writesSince(w, mark).sort()).toEqual(["MoveAccount", "UntagResource"]);
        expect(repair.outputs).toMatchObject({ tags: { env: "dev" }, parentId: w.emulator.rootId });
        expect(only(w, "drifty").tags.intruder).toBeUndefined();
    });

    test("update changes tags and parent in place, writing only what changed", async () => {
        const w = await start();
        const ou = w.emulator.defaultOuId;
        assertOk(await w.session.up(await w.account("mover", { tags: { keep: "1", drop: "x", change: "a" } })));
        const mark = w.emulator.requests.all().length;
        const [step] = assertOk(await w.session.up(await w.account("mover", { tags: { keep: "1", change: "b", add: "new" }, parentId: ou })));
        expect(step.op).toBe("update");
        expect(step.outputs).toMatchObject({ tags: { keep: "1", change: "b", add: "new" }, parentId: ou });
        expect(writesSince(w, mark).sort()).toEqual(["MoveAccount", "TagResource", "UntagResource"]);
        const account = only(w, "mover");
        expect(account.parentId).toBe(ou);
        expect(account.tags).toEqual({ keep: "1", change: "b", add: "new", [OWNER_TAG]: `${PROJECT}/${STACK}/mover` });
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("a change of a unique input replaces the account: the new one is created, then the old one closed", async () => {
        const w = await start();
        const [first] = assertOk(await w.session.up(await w.account("acct", { onDelete: "close" })));
        const [step] = assertOk(await w.session.up(await w.account("acct", { ...cloud.replacement.args, onDelete: "close" })));
        expect(step.op).toBe("replace");
        expect(step.diff!.replaces).toEqual(cloud.replacement.inputs);
        expect(step.diff!.deleteBeforeReplace).toBe(false);
        expect(step.outputs!.accountId).not.toBe(first.outputs!.accountId);
        const states = Object.fromEntries(cloud.accounts(w.emulator).map((a) => [a.id, a.state]));
        expect(states[stringProp(step.outputs, "accountId")]).toBe("active");
        expect(["pending_closure", "suspended", "closed"]).toContain(states[stringProp(first.outputs, "accountId")]);
        expect(w.session.state.size).toBe(1);
    });

    test.each([
        ["close", ["CloseAccount"]],
        ["remove", [cloud.op.remove]],
        ["retain", []],
    ])("destroy with onDelete %s", async (onDelete, writes) => {
        // Removal as the 2025 Huawei guide allows it; the 2024 rule's refusal: huawei-refusals.test.ts.
        const w = await start(cloud.name === "huawei" && onDelete === "remove" ? { rules: { removal: "any" } } : undefined);
        const [created] = assertOk(await w.session.up(await w.account(`gone-${onDelete}`, { onDelete })));
        // A new AWS account cannot leave at once (see aws-refusals.test.ts); this one is made able to.
        if (onDelete === "remove") cloud.makeRemovable(w.emulator, stringProp(created.outputs, "accountId"));
        const mark = w.emulator.requests.all().length;
        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
        expect(writesSince(w, mark)).toEqual(writes);
        const remaining = cloud.accounts(w.emulator).find((a) => a.id === created.outputs!.accountId);
        if (onDelete === "close") expect(["pending_closure", "suspended", "closed"]).toContain(remaining?.state);
        if (onDelete === "remove") expect(remaining).toBeUndefined();
        if (onDelete === "retain") expect(remaining?.state).toBe("active");
    });

    test("destroy of an account already closing succeeds", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("closing", { onDelete: "close" })));
        cloud.setClosing(w.emulator, stringProp(created.outputs, "accountId"));
        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
    });

    test("a failed creation reaches the engine as the mapped message, and nothing is recorded", async () => {
        const w = await start();
        const { expected } = cloud.scriptFailure(w.emulator, "unlucky");
        const [step] = await w.session.up(await w.account("unlucky"));
        expect(step.error).toBeInstanceOf(ProviderCallError);
        const error = step.error as ProviderCallError;
        expect(error.initFailed).toBeUndefined();
        for (const fragment of expected) expect(error.message).toContain(fragment);
        expect(w.session.state.size).toBe(0);
    });

    test("bad input fails at check with the field and the rule, before any API call", async () => {
        const w = await start();
        const resources = await w.program(
            () =>
                new cloud.Resource("bad", {
                    name: "x".repeat(65),
                    email: "not-an-email",
                    tags: { "": "empty key" },
                    parentId: "folder-1",
                    onDelete: "shred",
                    timeouts: { create: "soon" },
                }),
        );
        const [step] = await w.session.preview(resources);
        const byProperty = Object.fromEntries((step.failures ?? []).map((f) => [f.property, f.reason]));
        expect(Object.keys(byProperty).sort()).toEqual(["email", "name", "onDelete", "parentId", "tags", "timeouts"]);
        expect(byProperty.name).toMatch(new RegExp(`^name: must be 1-${cloud.name === "huawei" ? 64 : 50} characters`));
        expect(byProperty.email).toMatch(/^email: .*email/);
        expect(byProperty.parentId).toMatch(/root id/);
        expect(byProperty.onDelete).toMatch(/close|remove|retain/);
        expect(byProperty.timeouts).toMatch(/^timeouts\.create: .*duration/);
        expect(w.emulator.requests.all()).toHaveLength(0);
    });

    test("an existing account is an error naming it, unless adopt is set", async () => {
        const w = await start();
        const legacyId = cloud.addAccount(w.emulator, { name: "legacy", tags: { cost: "42" } });

        const [refused] = await w.session.up(await w.account("legacy"));
        expect(refused.error?.message).toContain(legacyId);
        expect(refused.error?.message).toContain("adopt: true");
        expect(w.session.state.size).toBe(0);

        const [adopted] = assertOk(await w.session.up(await w.account("legacy", { adopt: true, tags: { cost: "42" } })));
        expect(adopted.outputs).toMatchObject({ accountId: legacyId, [cloud.stateOutput.key]: cloud.stateOutput.active, tags: { cost: "42" } });
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(only(w, "legacy").tags[OWNER_TAG]).toBe(`${PROJECT}/${STACK}/legacy`);
    });

    test("the plugin host killed mid-poll: the repeated run takes the request, still in progress, over: exactly one account", async () => {
        // Long enough that the request is still in progress when the new host looks for it.
        const w = await start({ creationDelayMs: 5_000 });
        const resources = await w.account("survivor");
        const interrupted = w.session.up(resources);
        await waitFor(() => w.emulator.requests.byOperation(cloud.op.status).length > 0);
        await w.host.kill("SIGKILL");
        const [lost] = await interrupted;
        // The host died (the engine's connection dropped); the provider reported nothing.
        expect(lost.error).toBeInstanceOf(ProviderCallError);
        expect((lost.error as ProviderCallError).codeName).toBe("UNAVAILABLE");
        expect(w.session.state.size).toBe(0); // the engine never heard back

        await w.restartHost();
        expect(cloud.requests(w.emulator).map((r) => [r.name, r.state])).toEqual([["survivor", "in_progress"]]);
        const [step] = assertOk(await w.session.up(resources));
        expect(step.op).toBe("create");
        expect(step.id).toBe(cloud.requests(w.emulator)[0].id);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(w.session.get(resources[0])!.outputs.accountId).toBe(only(w, "survivor").id);
    });

    test("a create deadline records the resource; the next up finishes the same request", async () => {
        const w = await start({ creationDelayMs: 2_500 });
        const [late] = await w.session.up(await w.account("slow", { timeouts: { create: "1s" } }));
        const error = late.error as ProviderCallError;
        expect(error.initFailed?.id).toMatch(cloud.idPattern);
        expect(error.message).toContain("timeouts.create");
        const recorded = w.session.get(late.urn)!;
        expect(recorded.id).toBe(error.initFailed!.id);
        expect(recorded.outputs.__provider).toBeTruthy();

        const [resumed] = assertOk(await w.session.up(await w.account("slow", { timeouts: { create: "1m" } })));
        expect(resumed.op).toBe("update");
        expect(resumed.outputs!.accountId).toBe(only(w, "slow").id);
        expect(resumed.outputs!.createAccountStatusId).toBe(recorded.id);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("an expired status record is not a deletion; a closing account is", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("aged")));
        cloud.expireStatus(w.emulator, created.id!);
        const [refreshed] = assertOk(await w.session.refresh());
        expect(refreshed.op).toBe("refresh");
        expect(refreshed.outputs!.accountId).toBe(created.outputs!.accountId);
        expect(refreshed.outputs!.createAccountStatusId).toBe(created.id);

        cloud.setClosing(w.emulator, stringProp(created.outputs, "accountId"));
        const [gone] = assertOk(await w.session.refresh());
        expect(gone.op).toBe("read-gone");
    });

    test("a submission whose answer is lost is looked up, not sent again", async () => {
        const w = await start();
        w.emulator.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        const [step] = assertOk(await w.session.up(await w.account("ambiguous")));
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(step.outputs!.accountId).toBe(only(w, "ambiguous").id);
    });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > until) throw new Error("condition not met in time");
        await new Promise((r) => setTimeout(r, 20));
    }
}
