// The native plugin's gRPC server, started as the engine starts it (a child process printing its
// port), called as the engine calls it, against the emulators of both clouds: configuration per
// provider instance, the preview flag, the detailed diff, create/read/update/delete on the host
// lifecycle, the status functions, and errors without credentials or stacks.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { clouds, writesSince, type Cloud, type Emulator } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { NativeClient, startNativePlugin, type NativePlugin } from "../../harness/plugin/nativePlugin";
import { ProviderCallError, urnFor, UNKNOWN } from "../../harness/pluginHost/client";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const FAST = { pollInitialMs: "50", pollMaxMs: "200" };

/** An emulator's settings as an explicit provider's inputs (`orgaccounts:config:<key>` in Configure's variables). */
function providerConfig(cloud: Cloud, emulator: Emulator): Record<string, string> {
    const keys = cloud.config(emulator);
    return Object.fromEntries(
        Object.entries({ ...keys, ...Object.fromEntries(Object.entries(FAST).map(([k, v]) => [`orgaccounts:${k}`, v])) }).map(([k, v]) => [
            k.replace(/^orgaccounts:/, "orgaccounts:config:"),
            v,
        ]),
    );
}

const running: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
    for (const r of running.reverse()) await r.close();
});

async function plugin(env: Record<string, string> = {}): Promise<{ plugin: NativePlugin; client: NativeClient }> {
    const started = await startNativePlugin({ env });
    const client = new NativeClient(started.address, { deadlineMs: 30_000 });
    running.push({ close: async () => (client.close(), await started.close()) });
    return { plugin: started, client };
}

test("GetPluginInfo is the package's version; GetSchema serves both resources, both functions and the config keys", async () => {
    const { client } = await plugin();
    expect((await client.getPluginInfo()).version).toBe(VERSION);
    const schema = (await client.getSchema()) as {
        name: string;
        version: string;
        resources: Record<string, unknown>;
        functions: Record<string, unknown>;
        config: { variables: Record<string, { secret?: boolean }> };
    };
    expect(schema.name).toBe("orgaccounts");
    expect(schema.version).toBe(VERSION);
    expect(Object.keys(schema.resources).sort()).toEqual(["orgaccounts:index:AwsAccount", "orgaccounts:index:HuaweiAccount"]);
    expect(Object.keys(schema.functions).sort()).toEqual(["orgaccounts:index:getCreateAccountStatus", "orgaccounts:index:listCreateAccountStatuses"]);
    expect(schema.config.variables.awsSecretAccessKey.secret).toBe(true);
});

test("CheckConfig names the provider key of a bad setting and returns credentials as secrets; DiffConfig updates, never replaces", async () => {
    const { client } = await plugin();
    const urn = "urn:pulumi:dev::vending::pulumi:providers:orgaccounts::second";
    const bad = await client.checkConfig(urn, {}, { pollInitialMs: "soon", awsSecretAccessKey: "plain-secret-value-0000" });
    expect(bad.failures).toEqual([{ property: "pollInitialMs", reason: expect.stringContaining('orgaccounts:pollInitialMs is "soon", which is not a number') as unknown }]);
    expect(bad.inputs.awsSecretAccessKey).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "plain-secret-value-0000" });
    expect((await client.checkConfig(urn, {}, { awsRegion: "eu-west-1" })).failures).toEqual([]);

    const diff = await client.diffConfig(urn, { awsAccessKeyId: "AKIAOLD", awsRegion: "eu-west-1" }, { awsAccessKeyId: "AKIANEW", awsRegion: "eu-west-1" });
    expect(diff).toMatchObject({ changes: "DIFF_SOME", replaces: [], detailedDiff: { awsAccessKeyId: { kind: "UPDATE", inputDiff: true } } });
    expect((await client.diffConfig(urn, { awsRegion: "eu-west-1" }, { awsRegion: "eu-west-1", version: "0.1.0" })).changes).toBe("DIFF_NONE");
});

describe.each(clouds)("$name", (cloud) => {
    const token = `orgaccounts:index:${cloud.typeToken.split(":").pop()}`;
    const urn = (name: string) => urnFor("vending", "dev", token, name);
    let first: Emulator;
    let second: Emulator;
    let client: NativeClient;
    let other: NativeClient;

    beforeAll(async () => {
        const options = { creationDelayMs: 200, closeDelayMs: 50, ...(DELETABLE[cloud.name].rules && { rules: DELETABLE[cloud.name].rules }), ...DELETABLE[cloud.name].emulator };
        first = await cloud.startEmulator(options);
        const credentials =
            cloud.name === "huawei"
                ? { accessKey: "HWKEYSECOND000000000", secretKey: "hw-secret-second-only-for-this-test-00" }
                : { accessKeyId: "AKIASECOND0000000000", secretAccessKey: "aws-secret-second-only-for-this-test-00" };
        second = await cloud.startEmulator({ ...options, credentials });
        running.push(first, second);
        // No credential in the environment: each instance has only what Configure gave it.
        ({ client } = await plugin());
        ({ client: other } = await plugin());
        await client.configure(providerConfig(cloud, first));
        await other.configure(providerConfig(cloud, second));
    });

    test("Check fails naming the input, before any API call; `organization` is not an input", async () => {
        const before = first.requests.all().length;
        const checked = await client.check(urn("bad"), {}, { name: "", email: "no-at-sign" });
        expect(checked.failures.map((f) => f.property)).toEqual(expect.arrayContaining(["name", "email"]));
        expect(first.requests.all().length).toBe(before);
        const org = await client.check(urn("org"), {}, { name: "org", ...cloud.baseArgs("org"), organization: "sandbox" });
        expect(org.failures).toEqual([{ property: "organization", reason: expect.stringContaining("provider instance") as unknown }]);
    });

    test("preview: Create with preview returns the planned outputs, computed ones unknown, and writes nothing", async () => {
        const before = first.requests.all().length;
        const planned = await client.create(urn("planned"), { name: "planned", ...cloud.baseArgs("planned") }, { preview: true });
        expect(planned.id).toBe("");
        expect(planned.properties.name).toBe("planned");
        expect(planned.properties.accountId).toBe(UNKNOWN);
        expect(planned.properties.createAccountStatusId).toBe(UNKNOWN);
        expect(writesSince(cloud, first, before)).toEqual([]);
        expect(cloud.accounts(first).some((a) => a.name === "planned")).toBe(false);
    });

    test("each instance creates in its own organization; drift is read, diffed in detail, repaired; status functions; delete", async () => {
        const inputs = { name: "acct-one", ...cloud.baseArgs("acct-one"), tags: { team: "a" }, onDelete: "close" };
        const checked = await client.check(urn("one"), {}, inputs);
        expect(checked.failures).toEqual([]);
        const created = await client.create(urn("one"), checked.inputs);
        expect(created.id).toMatch(cloud.idPattern);
        expect(created.properties.accountId).toMatch(cloud.accountIdPattern);
        expect(created.properties.owner).toBeUndefined();
        expect(created.properties.__provider).toBeUndefined();
        const account = cloud.accounts(first).find((a) => a.id === created.properties.accountId)!;
        expect(account.tags["pulumi-org-accounts:owner"]).toBe("vending/dev/one");
        expect(cloud.accounts(second).map((a) => a.name)).not.toContain("acct-one");

        const elsewhere = await other.create(urn("two"), { name: "acct-two", ...cloud.baseArgs("acct-two"), onDelete: "close" });
        expect(cloud.accounts(second).map((a) => a.id)).toContain(elsewhere.properties.accountId);
        expect(cloud.accounts(first).map((a) => a.name)).not.toContain("acct-two");

        cloud.drift(first, account.id);
        const read = await client.read(created.id, urn("one"), created.properties, inputs);
        expect(read.properties.tags).toMatchObject({ intruder: "set by hand+1" });
        expect(read.inputs?.tags).toMatchObject({ intruder: "set by hand+1" });
        expect(read.inputs?.owner).toBeUndefined();

        const diff = await client.diff(created.id, urn("one"), read.properties, inputs);
        expect(diff.changes).toBe("DIFF_SOME");
        expect(diff.replaces).toEqual([]);
        expect(diff.detailedDiff).toEqual({ tags: { kind: "UPDATE", inputDiff: true } });
        const replacing = await client.diff(created.id, urn("one"), read.properties, { ...inputs, ...cloud.replacement.args });
        expect(replacing.replaces.sort()).toEqual([...cloud.replacement.inputs].sort());
        for (const key of cloud.replacement.inputs) expect(replacing.detailedDiff?.[key]).toEqual({ kind: "UPDATE_REPLACE", inputDiff: true });

        const beforePreview = first.requests.all().length;
        await client.update(created.id, urn("one"), read.properties, inputs, undefined, { preview: true });
        expect(writesSince(cloud, first, beforePreview)).toEqual([]);
        const updated = await client.update(created.id, urn("one"), read.properties, inputs);
        expect(updated.properties.tags).toEqual({ team: "a" });
        const repaired = cloud.accounts(first).find((a) => a.id === account.id)!;
        expect(repaired.tags.intruder).toBeUndefined();

        const status = await client.invoke("orgaccounts:index:getCreateAccountStatus", { cloud: cloud.name, id: created.id });
        expect(status).toMatchObject({ cloud: cloud.name, id: created.id, state: "succeeded", accountId: account.id });
        const listed = await other.invoke("orgaccounts:index:listCreateAccountStatuses", { cloud: cloud.name });
        expect((listed.statuses as { id: string }[]).map((s) => s.id)).toEqual([elsewhere.id]);

        await client.delete(created.id, urn("one"), updated.properties);
        expect(cloud.accounts(first).find((a) => a.id === account.id)?.state).not.toBe("active");
    });

    test("an error is one message, without a credential or a stack", async () => {
        const { client: wrong } = await plugin();
        const config = providerConfig(cloud, first);
        const secretKey = cloud.name === "huawei" ? "orgaccounts:config:huaweiSecretKey" : "orgaccounts:config:awsSecretAccessKey";
        config[secretKey] = "wrong-secret-value-for-this-test-0000";
        await wrong.configure(config);
        const failure = await wrong.create(urn("denied"), { name: "denied", ...cloud.baseArgs("denied") }).catch((e: Error) => e);
        expect(failure).toBeInstanceOf(Error);
        const message = (failure as Error).message;
        expect(message.length).toBeGreaterThan(10);
        expect(message).not.toMatch(/\n\s+at /);
        for (const secret of [...cloud.secrets(first), "wrong-secret-value-for-this-test-0000"]) expect(message).not.toContain(secret);
    });

    test("customTimeouts reach the plugin: a creation that outlasts them fails in time, recorded with its request id", async () => {
        cloud.setCreationDelay(first, 120_000);
        try {
            const started = Date.now();
            const failure = await client.create(urn("slow"), { name: "acct-slow", ...cloud.baseArgs("acct-slow") }, { timeout: 2 }).catch((e: ProviderCallError) => e);
            expect(failure).toBeInstanceOf(ProviderCallError);
            expect(Date.now() - started).toBeLessThan(20_000);
            expect((failure as ProviderCallError).initFailed?.id).toMatch(cloud.idPattern);
        } finally {
            cloud.setCreationDelay(first, 200);
        }
    });
});
