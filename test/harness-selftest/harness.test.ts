/**
 * Self-test of the engine-path harness against the REAL dynamic-provider plugin host
 * (no mocks of the host). Fixture: harness/pluginHost/echoFixture.js.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
    EngineSession,
    ProviderCallError,
    ProviderClient,
    UNKNOWN,
    assertOk,
    isAlive,
    loadProgramModule,
    pulumi,
    registerWithMocks,
    startPluginHost,
    urnFor,
    type PluginHost,
    type Registered,
    stringProp,
} from "../../harness/pluginHost/engine";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureDir = path.join(here, "..", "..", "harness", "pluginHost");
const { Echo, ECHO_TYPE } = loadProgramModule<{ Echo: new (name: string, args: Record<string, unknown>, opts?: object) => unknown; ECHO_TYPE: string }>(
    import.meta.url,
    "../../harness/pluginHost/echoFixture.js",
);

const PROJECT = "proj";
const STACK = "dev";
const mockOpts = { project: PROJECT, stack: STACK };

async function one(name: string, args: Record<string, unknown>, opts: Record<string, unknown> = {}): Promise<Registered> {
    const regs = await registerWithMocks(() => new Echo(name, args), { ...mockOpts, ...opts });
    expect(regs).toHaveLength(1);
    return regs[0];
}

async function rejection(p: Promise<unknown>): Promise<ProviderCallError> {
    try {
        await p;
    } catch (e) {
        expect(e).toBeInstanceOf(ProviderCallError);
        return e as ProviderCallError;
    }
    throw new Error("expected the call to fail");
}

let host: PluginHost;
let client: ProviderClient;
let reg: Registered;
const facts: Record<string, unknown> = {};

beforeAll(async () => {
    reg = await one("a", { name: "a", value: 1 });
    host = await startPluginHost({ cwd: fixtureDir, project: PROJECT, stack: STACK });
    facts.coldStartMs = Math.round(host.startMs);
    client = new ProviderClient(host.address, { deadlineMs: 10_000 });
    const conf = await client.configure({ [`${PROJECT}:x`]: "hello" });
    expect(conf).toEqual({ acceptSecrets: false, supportsPreview: false, acceptResources: false, acceptOutputs: false });
});

afterAll(async () => {
    client?.close();
    await host?.close();
    console.log("harness self-test facts:", JSON.stringify(facts));
});

describe("registerWithMocks", () => {
    test("returns type, name, urn and inputs with the serialized __provider", () => {
        expect(reg.type).toBe(ECHO_TYPE);
        expect(reg.name).toBe("a");
        expect(reg.urn).toBe(urnFor(PROJECT, STACK, ECHO_TYPE, "a"));
        expect(reg.inputs).toMatchObject({ name: "a", value: 1 });
        expect(typeof reg.inputs.__provider).toBe("string");
        expect(reg.inputs.__provider).toContain("exports.handler");
        const bytes = Buffer.byteLength(stringProp(reg.inputs, "__provider"), "utf8");
        facts.providerBytes = bytes;
        expect(bytes).toBeLessThan(20_000);
    });

    test("works repeatedly with other project/stack names, and several resources", async () => {
        const regs = await registerWithMocks(
            () => {
                new Echo("x1", { name: "x1" });
                new Echo("x2", { name: "x2" });
            },
            { project: "other", stack: "prod" },
        );
        expect(regs.map((r) => r.urn)).toEqual([urnFor("other", "prod", ECHO_TYPE, "x1"), urnFor("other", "prod", ECHO_TYPE, "x2")]);
        const again = await one("a", { name: "a", value: 1 });
        expect(again.urn).toBe(reg.urn);
        expect(again.inputs.__provider).toBe(reg.inputs.__provider);
    });

    test("secrets arrive unwrapped in inputs, wrapped in rawInputs; preview keeps unknowns as UNKNOWN", async () => {
        const p = pulumi();
        const s = await one("s", { name: p.secret("top-secret") });
        expect(s.inputs.name).toBe("top-secret");
        expect(s.rawInputs.name).toMatchObject({ value: "top-secret" });
        const u = await one("u", { name: p.output(p.unknown) }, { preview: true });
        expect(u.inputs.name).toBe(UNKNOWN);
    });
});

describe("ProviderClient against the real host", () => {
    test("check passes, fails with the failure list, and passes with UNKNOWN", async () => {
        const ok = await client.check(reg.urn, {}, reg.inputs);
        expect(ok.failures).toEqual([]);
        expect(ok.inputs).toEqual(reg.inputs);

        const bad = await client.check(reg.urn, {}, { ...reg.inputs, bad: 1 });
        expect(bad.failures).toEqual([{ property: "bad", reason: "bad must not be set (got 1)" }]);

        const unknown = await client.check(reg.urn, {}, { ...reg.inputs, name: UNKNOWN, bad: UNKNOWN });
        expect(unknown.failures).toEqual([]);
        expect(unknown.inputs.name).toBe(UNKNOWN);
    });

    test("diff: none, some, replace, deleteBeforeReplace; __provider ignored", async () => {
        const olds = { ...reg.inputs, configuredX: "hello", createdId: "echo-a", version: 1 };
        expect((await client.diff("echo-a", reg.urn, olds, reg.inputs, reg.inputs)).changes).toBe("DIFF_NONE");
        // the host loads the provider from the NEW __provider, so it must be valid code
        const edited = { ...reg.inputs, __provider: stringProp(reg.inputs, "__provider") + "\n// edited" };
        expect((await client.diff("echo-a", reg.urn, olds, edited, reg.inputs)).changes).toBe("DIFF_NONE");
        const broken = await rejection(client.diff("echo-a", reg.urn, olds, { ...reg.inputs, __provider: "nonsense" }, reg.inputs));
        expect(broken.message).toMatch(/nonsense is not defined/);
        const some = await client.diff("echo-a", reg.urn, olds, { ...reg.inputs, value: 2 }, reg.inputs);
        expect(some).toMatchObject({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false, diffs: [] });
        expect(some.detailedDiff).toBeUndefined();
        const rep = await client.diff("echo-a", reg.urn, olds, { ...reg.inputs, name: "b", dbr: true }, reg.inputs);
        expect(rep).toMatchObject({ changes: "DIFF_SOME", replaces: ["name"], deleteBeforeReplace: true });
    });

    test("create returns id and outputs (configure's config echoed, __provider kept)", async () => {
        const res = await client.create(reg.urn, reg.inputs);
        expect(res.id).toBe("echo-a");
        expect(res.properties).toMatchObject({ name: "a", value: 1, configuredX: "hello", createdId: "echo-a", version: 1 });
        expect(res.properties.__provider).toBe(reg.inputs.__provider);
    });

    test("a thrown Error arrives as ProviderCallError UNKNOWN with the message, no initFailed", async () => {
        const e = await rejection(client.create(reg.urn, { ...reg.inputs, explode: "kaboom" }));
        expect(e.code).toBe(2);
        expect(e.codeName).toBe("UNKNOWN");
        expect(e.method).toBe("create");
        expect(e.message).toBe("create exploded: kaboom");
        expect(e.initFailed).toBeUndefined();
    });

    test("an Error with id/properties/reasons arrives with initFailed decoded from the status details", async () => {
        const e = await rejection(client.create(reg.urn, { ...reg.inputs, partial: "half" }));
        expect(e.code).toBe(2);
        expect(e.message).toBe("create partially failed: half");
        expect(e.statusMessage).toBe("create partially failed: half");
        expect(e.initFailed).toBeDefined();
        expect(e.initFailed!.id).toBe("echo-a");
        expect(e.initFailed!.reasons).toEqual(["not ready yet", "half"]);
        expect(e.initFailed!.properties).toMatchObject({ name: "a", value: 1, ready: false, configuredX: "hello" });
        expect(e.initFailed!.properties.__provider).toBe(reg.inputs.__provider);
    });

    test("a plain thrown object with id works the same; without message the details are meaningless", async () => {
        const plain = await rejection(client.create(reg.urn, { ...reg.inputs, partialPlain: "p" }));
        expect(plain.message).toBe("plain partial: p");
        expect(plain.initFailed).toMatchObject({ id: "echo-a", reasons: ["plain"], properties: { ready: false } });

        const noMsg = await rejection(client.create(reg.urn, { ...reg.inputs, partialNoMessage: true }));
        facts.noMessageDetails = noMsg.message;
        expect(noMsg.initFailed).toMatchObject({ id: "echo-a", reasons: [], properties: { ready: false } });
    });

    test("read returns properties and inputs; id '' when gone", async () => {
        const outs = { ...reg.inputs, configuredX: "hello", createdId: "echo-a", version: 1 };
        const r = await client.read("echo-a", reg.urn, outs, reg.inputs);
        expect(r.id).toBe("echo-a");
        expect(r.properties).toMatchObject({ name: "a", readAt: "refresh", __provider: reg.inputs.__provider });
        expect(r.inputs).toEqual({ name: "a", value: 1, __provider: reg.inputs.__provider });

        const gone = await client.read("echo-a", reg.urn, { ...outs, vanish: true }, reg.inputs);
        expect(gone.id).toBe("");
    });

    test("update returns new outputs; errors carry the message", async () => {
        const olds = { ...reg.inputs, configuredX: "hello", createdId: "echo-a", version: 1 };
        const u = await client.update("echo-a", reg.urn, olds, { ...reg.inputs, value: 2 }, reg.inputs);
        expect(u.properties).toMatchObject({ value: 2, version: 2, createdId: "echo-a", __provider: reg.inputs.__provider });
        const e = await rejection(client.update("echo-a", reg.urn, olds, { ...reg.inputs, explode: "u" }, reg.inputs));
        expect(e.message).toBe("update exploded: u");
        expect(e.method).toBe("update");
    });

    test("delete resolves; a delete error rejects", async () => {
        await expect(client.delete("echo-a", reg.urn, reg.inputs, reg.inputs)).resolves.toBeUndefined();
        const e = await rejection(client.delete("echo-a", reg.urn, { ...reg.inputs, undeletable: true }, reg.inputs));
        expect(e.message).toBe("cannot delete echo-a");
        expect(e.initFailed).toBeUndefined();
    });
});

describe("EngineSession", () => {
    test("up, same, update, replace, partial failure recorded then updated, refresh, destroy", async () => {
        const s = new EngineSession(client);
        const program = (args: Record<string, unknown>) => one("sess", { name: "sess", ...args });

        const preview = await s.preview([await program({ value: 1 })]);
        expect(preview.map((x) => x.op)).toEqual(["create"]);
        expect(s.state.size).toBe(0);

        let steps = assertOk(await s.up([await program({ value: 1 })]));
        expect(steps.map((x) => x.op)).toEqual(["create"]);
        const urn = urnFor(PROJECT, STACK, ECHO_TYPE, "sess");
        expect(s.get(urn)).toMatchObject({ id: "echo-sess", outputs: { version: 1, configuredX: "hello" } });

        steps = assertOk(await s.up([await program({ value: 1 })]));
        expect(steps[0]).toMatchObject({ op: "same", diff: { changes: "DIFF_NONE" } });

        expect((await s.preview([await program({ value: 2 })]))[0].op).toBe("update");
        steps = assertOk(await s.up([await program({ value: 2 })]));
        expect(steps[0]).toMatchObject({ op: "update", diff: { changes: "DIFF_SOME" } });
        expect(s.get(urn)!.outputs).toMatchObject({ value: 2, version: 2 });

        // name change → replace (create-before-delete) with a new id
        const renamed = await one("sess", { name: "sess2", value: 2 });
        steps = assertOk(await s.up([renamed]));
        expect(steps[0]).toMatchObject({ op: "replace", diff: { replaces: ["name"] }, id: "echo-sess2" });

        // partial failure on a new resource: recorded with the error's id/properties
        const p = await one("part", { name: "part", partial: "slow" });
        steps = await s.up([renamed, p]);
        expect(steps.map((x) => x.op)).toEqual(["same", "create"]);
        expect(steps[1].error).toBeInstanceOf(ProviderCallError);
        expect(s.get(p)).toMatchObject({ id: "echo-part", outputs: { ready: false }, initErrors: ["not ready yet", "slow"] });
        // next up with the partial flag removed → Update on the recorded resource
        const fixed = await one("part", { name: "part" });
        steps = assertOk(await s.up([renamed, fixed]));
        expect(steps[1]).toMatchObject({ op: "update", id: "echo-part" });
        expect(s.get(fixed)!.initErrors).toBeUndefined();

        // check failure stops the step and changes nothing
        const bad = await one("part", { name: "part", bad: true });
        steps = await s.up([renamed, bad]);
        expect(steps[1].failures).toEqual([{ property: "bad", reason: "bad must not be set (got true)" }]);
        expect(() => assertOk(steps)).toThrow(/check failed/);

        const refreshed = assertOk(await s.refresh());
        expect(refreshed.map((x) => x.op)).toEqual(["refresh", "refresh"]);
        expect(s.get(renamed)!.outputs.readAt).toBe("refresh");
        expect(s.get(renamed)!.inputs).toEqual({ name: "sess2", value: 2, __provider: renamed.inputs.__provider });

        // dropping a resource from the program deletes it
        steps = assertOk(await s.up([renamed]));
        expect(steps.map((x) => x.op)).toEqual(["same", "delete"]);
        expect(s.state.size).toBe(1);

        expect(assertOk(await s.destroy()).map((x) => x.op)).toEqual(["delete"]);
        expect(s.state.size).toBe(0);
    });
});

describe("plugin host process and configuration", () => {
    test("config.get(key) uses the host's project (PULUMI_NODEJS_PROJECT); configure runs once per __provider", async () => {
        const h = await startPluginHost({ cwd: fixtureDir }); // project defaults to "project"
        const c = new ProviderClient(h.address, { deadlineMs: 10_000 });
        try {
            // configure(req) of the provider has not run yet: the last Configure wins
            await c.configure({ "project:x": "first", [`${PROJECT}:x`]: "other-project" });
            await c.configure({ "project:x": "second" });
            const r1 = await c.create(reg.urn, reg.inputs);
            expect(r1.properties.configuredX).toBe("second");
            // a later Configure does not re-run the already-configured provider
            await c.configure({ "project:x": "third" });
            const r2 = await c.create(reg.urn, reg.inputs);
            expect(r2.properties.configuredX).toBe("second");
            // a secret-wrapped config value is unwrapped; new __provider string → configure runs again
            await c.configure({ "project:x": "s3cret" }, { secretKeys: ["project:x"] });
            const other = { ...reg.inputs, __provider: stringProp(reg.inputs, "__provider") + "\n// variant" };
            const r3 = await c.create(reg.urn, other);
            expect(r3.properties.configuredX).toBe("s3cret");
        } finally {
            c.close();
            await h.close();
        }
    });

    test("kill() kills the process group: no leftover node child", async () => {
        const h = await startPluginHost({ cwd: fixtureDir, project: PROJECT });
        facts.warmStartMs = Math.round(h.startMs);
        const pids = h.groupPids();
        expect(pids).toContain(h.pid);
        expect(pids.length).toBeGreaterThanOrEqual(2); // sh wrapper + node host
        const nodeChild = pids.find((p) => p !== h.pid)!;
        expect(isAlive(nodeChild)).toBe(true);
        const exit = await h.kill();
        expect(exit.signal ?? exit.code).toBeTruthy();
        for (const pid of pids) {
            expect(() => process.kill(pid, 0)).toThrow();
        }
        expect(h.groupPids()).toEqual([]);
        await h.close(); // idempotent
    });

    test("startPluginHost fails clearly when @pulumi/pulumi does not resolve from cwd", async () => {
        await expect(startPluginHost({ cwd: "/", startTimeoutMs: 15_000 })).rejects.toThrow(/no port from the plugin host/);
    });
});
