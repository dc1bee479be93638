// The shim inside the plugin host: the host configures a provider once and calls it afterwards even
// when configure failed; each call then fails with configure's error, never runs with no settings.
import { createRequire } from "node:module";
import type { Config } from "@pulumi/pulumi";
import { expect, test } from "vitest";

// The shim as the plugin host loads it (compiled, requiring the implementation by its package path).
const { AccountProviderShim } = createRequire(import.meta.url)("../../dist/provider/program/providerShim.js") as typeof import("../../provider/program/providerShim");

test("a failed configure fails every later call with its own message", async () => {
    const shim = new AccountProviderShim("huawei");
    // The shim reads the configuration through `get` only.
    const config = { get: (key: string) => (key === "orgaccounts:huaweiSite" ? "mars" : undefined) } as Config;
    const message = 'orgaccounts:huaweiSite (ORG_ACCOUNTS_HUAWEI_SITE) must be international or china, not "mars"';
    await expect(shim.configure({ config })).rejects.toThrow(message);
    await expect(shim.check({}, { name: "acct-a", email: "acct-a@example.com" })).rejects.toThrow(message);
    await expect(shim.delete("h-1", { name: "acct-a" })).rejects.toThrow(message);
});
