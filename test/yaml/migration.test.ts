// A stack made with the dynamic resource classes moved to the native resources: the accounts
// created by a Node.js program's `AwsAccount`/`HuaweiAccount` are taken over by
// `orgaccounts:index:<Type>`, one through an alias (the old type in `aliases`), one through
// `pulumi state delete <urn>` + `pulumi import <type> <name> <id>`, with no account created,
// changed or deleted on the way (the emulator's write log).
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, inject, test } from "vitest";
import { clouds } from "../../harness/pluginHost/clouds";
import { startCliWorld, type CliWorld } from "../support/cliWorld";
import { expectSuccess, type StateResource } from "../../harness/cli/workspace";
import { usePlugin } from "../../harness/plugin/nativePlugin";
import { nodeLanguagePluginDir } from "../../harness/cli/nodeLanguagePlugin";
import { PROVIDER_KEY } from "../../provider/host/lifecycle/state";

let world: CliWorld | undefined;
const languagePlugin = nodeLanguagePluginDir();
afterAll(() => languagePlugin.remove());
afterEach(async () => {
    await world?.close();
    world = undefined;
});

/** The native resource declared by token, as a Node.js program can before the generated SDK. */
const native = (variable: string, token: string, name: string, inputs: Record<string, unknown>, options = "") =>
    `const ${variable} = new pulumi.CustomResource(${JSON.stringify(token)}, ${JSON.stringify(name)}, { accountId: undefined, ...${JSON.stringify(inputs)} }${options ? `, ${options}` : ""});\n` +
    `exports.${variable} = ${variable}.accountId;\n`;

describe.each(clouds)("$name: a dynamic stack moved to the native resources", (cloud) => {
    test("by an alias of the old type, and by `pulumi state delete` + `pulumi import`: no write, the same ids, then up changes nothing", async () => {
        const w = (world = await startCliWorld(cloud));
        const token = `orgaccounts:index:${w.className}`;
        const inputs = (name: string) => ({ name, ...cloud.baseArgs(name), tags: { team: "a" } });
        w.program.write(
            w.declare("aliased", "acct-aliased", { tags: { team: "a" } }) +
                w.declare("imported", "acct-imported", { tags: { team: "a" } }) +
                "exports.aliased = aliased.accountId;\nexports.imported = imported.accountId;\n",
        );
        expectSuccess(await w.program.up());
        const before = await w.program.outputs();
        const dynamic = Object.fromEntries((await w.program.resources(w.className)).map((r): [string, StateResource] => [r.urn.split("::").pop()!, r]));
        usePlugin(w.program);
        w.mark();

        // An alias naming the old type: the engine diffs the old state with the new provider (no change) and keeps the id.
        const dynamicDeclaration = w.declare("imported", "acct-imported", { tags: { team: "a" } }) + "exports.imported = imported.accountId;\n";
        w.program.write(native("aliased", token, "acct-aliased", inputs("acct-aliased"), `{ aliases: [{ type: ${JSON.stringify(cloud.typeToken)} }] }`) + dynamicDeclaration);
        const aliased = expectSuccess(await w.program.up());
        expect(aliased.stdout).not.toMatch(/acct-aliased\s+(creat|delet|replac|updat)/);
        const [moved] = (await w.program.resources(w.className)).filter((r) => r.type === token);
        expect(moved).toMatchObject({ id: dynamic["acct-aliased"].id, outputs: { accountId: before.aliased } });

        // Forget the dynamic resource, import its account as the native one.
        expectSuccess(await w.program.cli(["state", "delete", dynamic["acct-imported"].urn, "--yes"]));
        const imported = expectSuccess(
            await w.program.cli(["import", token, "acct-imported", dynamic["acct-imported"].id!, "--yes", "--generate-code=false", "--protect=false"], {
                PATH: [languagePlugin.dir, inject("pulumiCliDir"), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
            }),
        );
        expect(imported.stdout).toMatch(new RegExp(`=\\s+${token}\\s+acct-imported\\s+imported`));
        const importedState = (await w.program.resources(w.className)).find((r) => r.urn.endsWith("::acct-imported"))!;
        expect(importedState).toMatchObject({ type: token, id: dynamic["acct-imported"].id, outputs: { accountId: before.imported } });

        // Both native, no alias any more: nothing to do, before and after a refresh, which drops the dynamic provider's internals.
        w.program.write(native("aliased", token, "acct-aliased", inputs("acct-aliased")) + native("imported", token, "acct-imported", importedState.inputs!));
        expectSuccess(await w.program.up("--expect-no-changes"));
        expectSuccess(await w.program.refresh());
        expectSuccess(await w.program.up("--expect-no-changes"));
        const after = await w.program.resources(w.className);
        expect(after.map((r) => r.type)).toEqual([token, token]);
        for (const r of after) expect(r.outputs ?? {}).not.toHaveProperty(PROVIDER_KEY);
        expect(await w.program.outputs()).toEqual(before);
        expect(w.writes()).toEqual([]);
        expect(cloud.requests(w.emulator)).toHaveLength(2);
        expect(cloud.accounts(w.emulator).filter((a) => a.name.startsWith("acct-") && a.state === "active")).toHaveLength(2);
    });
});
