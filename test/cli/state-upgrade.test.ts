// A state written by the version before the source layout moved (fixtures/state-before-layout-move-*.json,
// exported from a stack that version created) still refreshes, updates and destroys. What a state
// keeps of the package is the `__provider` text, which names the permanent module
// `pulumi-org-accounts/dist/provider/dynamicHost`, and the inputs and outputs it recorded: each resource
// here gets that version's text, and the recorded properties must keep their names.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { DELETABLE, startCliWorld, type CliWorld } from "../support/cliWorld";

interface StoredResource {
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

function fixture(cloud: Cloud): StoredResource {
    const file = path.join(__dirname, "fixtures", `state-before-layout-move-${cloud.name}.json`);
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { resources: StoredResource[] } };
    return state.deployment.resources.find((r) => r.type === cloud.typeToken)!;
}

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s: a state written before the layout move", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    const declare = (tags: Record<string, string>) => world.declare("acct", "acct-before-move", { tags }) + "exports.accountId = acct.accountId;\n";

    /** Replaces each account's `__provider` in the stack's state with the text the earlier version stored. */
    async function restoreEarlierProviderText(text: string): Promise<void> {
        const state = await world.program.exportState();
        for (const resource of state.deployment.resources!.filter((r) => r.type === cloud.typeToken)) {
            resource.inputs = { ...resource.inputs, __provider: text };
            resource.outputs = { ...resource.outputs, __provider: text };
        }
        const file = path.join(world.program.dir, "earlier-state.json");
        fs.writeFileSync(file, JSON.stringify(state));
        expectSuccess(await world.program.cli(["stack", "import", "--file", file]));
    }

    test("refreshes, updates and destroys through the earlier version's __provider; the recorded properties keep their names", async () => {
        const earlier = fixture(cloud);
        const earlierText = earlier.inputs!.__provider as string;
        expect(earlierText).toContain("pulumi-org-accounts/dist/provider/dynamicHost");

        world = await startCliWorld(cloud, DELETABLE[cloud.name]);
        world.program.write(declare({ team: "platform" }));
        expectSuccess(await world.program.up());
        const [created] = await world.program.resources(world.className);
        expect(Object.keys(created.inputs ?? {}).sort()).toEqual(Object.keys(earlier.inputs!).sort());
        expect(Object.keys(created.outputs ?? {}).sort()).toEqual(Object.keys(earlier.outputs!).sort());

        await restoreEarlierProviderText(earlierText);
        world.mark();
        expectSuccess(await world.program.refresh());
        expectSuccess(await world.program.up("--expect-no-changes"));
        expect(world.writes()).toEqual([]);

        world.program.write(declare({ team: "payments" }));
        expectSuccess(await world.program.up());
        const account = cloud.accounts(world.emulator).find((a) => a.name === "acct-before-move")!;
        expect(account.tags).toMatchObject({ team: "payments" });

        await restoreEarlierProviderText(earlierText);
        expectSuccess(await world.program.destroy());
        expect(await world.program.resources(world.className)).toEqual([]);
        const after = cloud.accounts(world.emulator).find((a) => a.name === "acct-before-move");
        expect(after?.state ?? "removed from the organization").not.toMatch(/^active$/i);
    });
});
