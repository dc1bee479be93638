// Named organizations, in-process: each resource stays with the organization it was created in,
// and a named organization's settings come from its own declaration alone.
import { afterEach, describe, expect, test } from "vitest";
import { configure } from "../../provider/dynamicHost";
import { readSettings } from "../../provider/host/config/settings";
import { CLOUDS, emulatorConfig, InProcessWorld, type CloudName } from "../support/inProcess";

let worlds: InProcessWorld[] = [];
afterEach(async () => {
    await Promise.all(worlds.map((w) => w.close()));
    worlds = [];
});

/** `orgaccounts:organizations` declaring one organization, `name`, reached at `sandbox`'s emulator. */
function declaring(cloud: CloudName, name: string, sandbox: InProcessWorld): string {
    return JSON.stringify({ [name]: { cloud, ...unprefixed(emulatorConfig(cloud, sandbox.emulator), cloud), pollInitialMs: 50, pollMaxMs: 200 } });
}

/** A named organization's settings drop the cloud's prefix: `awsEndpoint` → `endpoint`. */
function unprefixed(config: Record<string, string>, cloud: CloudName): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key.charAt(cloud.length).toLowerCase() + key.slice(cloud.length + 1), value]));
}

describe.each(CLOUDS)("%s: an account recorded in a named organization", (cloud) => {
    test("is never read or deleted through the default organization once its organization is no longer declared", async () => {
        const defaults = await InProcessWorld.start(cloud);
        const sandbox = await InProcessWorld.start(cloud);
        worlds.push(defaults, sandbox);
        const base = { ...emulatorConfig(cloud, defaults.emulator), pollInitialMs: "50", pollMaxMs: "200" };
        defaults.configure({ ...base, organizations: declaring(cloud, "sandbox", sandbox) });
        const { id, outs } = await defaults.create("member", { organization: "sandbox" });
        expect(sandbox.accountsNamed("member")).toHaveLength(1);

        // The organization is removed from the stack's config; the account stays recorded in it.
        defaults.configure(base);
        const before = defaults.emulator.requests.all().length;
        const props = { ...defaults.inputs("member", { organization: "sandbox" }), ...outs };
        const undeclared = /organization: "sandbox" is not declared in orgaccounts:organizations/;

        const provider = defaults.provider;
        await expect(Promise.resolve().then(() => provider.read(id, props))).rejects.toThrow(undeclared);
        await expect(Promise.resolve().then(() => provider.delete(id, props))).rejects.toThrow(undeclared);
        expect(defaults.emulator.requests.all().slice(before)).toEqual([]);
        expect(sandbox.accountsNamed("member")).toHaveLength(1);
    });
});

describe("a named organization reads nothing from the environment", () => {
    const variables = {
        ORG_ACCOUNTS_POLL_INITIAL_MS: "7",
        ORG_ACCOUNTS_POLL_MAX_MS: "9",
        ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "11",
        ORG_ACCOUNTS_CONSISTENCY_GRACE_MS: "0",
        ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "true",
        ORG_ACCOUNTS_HUAWEI_SITE: "china",
        ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS: "1",
        ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS: "1",
        ORG_ACCOUNTS_POLL_TIME_SCALE: "50",
    };
    const saved: Record<string, string | undefined> = {};
    afterEach(() => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });

    test.each(CLOUDS)("%s: the plugin host's ORG_ACCOUNTS_* variables apply to the default organization only", (cloud) => {
        for (const [key, value] of Object.entries(variables)) {
            saved[key] = process.env[key];
            process.env[key] = value;
        }
        const declared = { cloud, endpoint: "http://127.0.0.1:1" };
        const config = new Map([["orgaccounts:organizations", JSON.stringify({ sandbox: declared })]]);

        const host = configure({ get: (key) => config.get(key) });

        expect(host.defaults.poll.initialMs).toBe(7); // the variables do reach the default organization
        const prefix = cloud === "huawei" ? "huaweiEndpoint" : "awsEndpoint";
        const alone = readSettings({ get: (key) => (key === `orgaccounts:${prefix}` ? declared.endpoint : undefined) }, {});
        expect(host.organizations.get("sandbox")!.settings).toEqual(alone);
    });
});
