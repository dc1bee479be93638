// Through the plugin from a YAML program, as through the classes: a refused input fails `pulumi
// preview` naming the input and the rule, before any change reaches the cloud; and the stack's
// default tags land on the account and in `tagsAll`, never in `tags`.
import { afterEach, describe, expect, inject, test } from "vitest";
import { clouds, type Emulator } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess } from "../../harness/cli/workspace";
import { YamlProgram } from "../../harness/cli/yamlProgram";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(clouds)("$name through the plugin: checks and default tags", (cloud) => {
    const token = `orgaccounts:index:${cloud.typeToken.split(":").pop()!}`;

    async function programWith(properties: Record<string, unknown>): Promise<{ emulator: Emulator; program: YamlProgram }> {
        const deletable = DELETABLE[cloud.name];
        const emulator = await cloud.startEmulator({ creationDelayMs: 200, closeDelayMs: 100, ...(deletable.rules ? { rules: deletable.rules } : {}), ...deletable.emulator });
        cleanups.push(() => emulator.close());
        const program = await YamlProgram.create({
            cliDir: inject("pulumiCliDir"),
            yamlHostDir: inject("pulumiYamlHostDir"),
            spec: {
                plugins: [{ name: "orgaccounts", path: PLUGIN_DIR }],
                resources: { acct: { type: token, properties } },
                outputs: { accountId: "${acct.accountId}" },
            },
            env: { ...cloud.env(emulator), ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" },
        });
        cleanups.push(() => program.remove());
        return { emulator, program };
    }

    test("a name too long fails preview naming the input and the rule; nothing is written", async () => {
        const name = "n".repeat(80);
        const { emulator, program } = await programWith({ ...cloud.baseArgs("acct-checked"), name });
        const preview = await program.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toMatch(/name: must be 1-\d+ characters; it has 80/);
        expect(emulator.requests.all().filter((r) => cloud.writeOperations.includes(r.operation))).toEqual([]);
    });

    test("the stack's orgaccounts:defaultTags are on the account and in tagsAll, never in tags", async () => {
        const { emulator, program } = await programWith({ name: "acct-tagged", ...cloud.baseArgs("acct-tagged"), tags: { team: "platform" }, onDelete: "close" });
        await program.setConfig("orgaccounts:defaultTags", JSON.stringify({ costCenter: "42" }));
        expectSuccess(await program.up());
        const account = cloud.accounts(emulator).find((a) => a.name === "acct-tagged")!;
        expect(account.tags).toMatchObject({ team: "platform", costCenter: "42" });
        const [resource] = await program.resources(token.split(":").pop()!);
        expect(resource.outputs?.tags).toEqual({ team: "platform" });
        expect(resource.outputs?.tagsAll).toMatchObject({ team: "platform", costCenter: "42" });
        expectSuccess(await program.up("--expect-no-changes"));
        expectSuccess(await program.destroy());
    });
});
