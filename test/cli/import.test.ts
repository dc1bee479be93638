// Bringing an existing account under a stack, through the real CLI, for both clouds: what Pulumi's
// import paths do with these dynamic resources, and adoption (`adopt: true`), the way that works.
//   - the `import:` resource option and `pulumi import <type> <name> <id>` call Read with only an
//     id: no `__provider` arrives, and the dynamic-provider host fails ("code must be a string,
//     not undefined"); nothing is recorded;
//   - `pulumi import --file` with `outputs` (CLI 3.276) skips Read, but the engine still calls
//     Check with inputs that carry no `__provider`: the same failure, even when the outputs are the
//     provider's own (`__provider` included);
//   - `adopt: true` takes the account over.
// `pulumi import` runs outside up/preview/refresh/destroy, so it cannot attach to the harness's
// language runtime with --client; it gets a `pulumi-language-nodejs` on PATH that starts
// scripts/nodejs-language-host.js and prints its port the way a language plugin does.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, inject, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { nodeLanguagePluginDir } from "../../harness/cli/nodeLanguagePlugin";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

const NO_PROVIDER = "code must be a string, not undefined";
const OWNER_TAG = "pulumi-org-accounts:owner";

const languagePlugin = nodeLanguagePluginDir();
/** PATH for `pulumi import`: a language plugin wrapping the harness's language runtime, then the CLI's. */
const importPath = () => [languagePlugin.dir, inject("pulumiCliDir"), path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
afterAll(() => languagePlugin.remove());

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s: existing accounts through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    const accountNamed = (name: string) => cloud.accounts(world.emulator).find((a) => a.name === name);
    const pulumiImport = (...args: string[]) => world.program.cli(["import", ...args, "--yes", "--generate-code=false"], { PATH: importPath() });

    async function expectNothingImported(): Promise<void> {
        expect(await world.program.resources(world.className)).toEqual([]);
        expect(world.writes()).toEqual([]);
    }

    test("the `import:` resource option fails: Read gets no __provider; nothing is recorded or written", async () => {
        world = await startCliWorld(cloud);
        const accountId = cloud.addAccount(world.emulator, { name: "acct-existing", tags: { team: "x" } });
        world.program.write(world.declare("acct", "acct-existing", {}, `{ import: ${JSON.stringify(accountId)} }`));
        const up = await world.program.up();
        expect(up.status).not.toBe(0);
        expect(up.output).toContain(NO_PROVIDER);
        expect(up.output).toMatch(/ResourceProviderService\.read/);
        await expectNothingImported();
        expect(accountNamed("acct-existing")?.tags).toEqual({ team: "x" });
    });

    test("`pulumi import <type> <name> <id>` fails the same way (Read with only an id)", async () => {
        world = await startCliWorld(cloud);
        const accountId = cloud.addAccount(world.emulator, { name: "acct-existing", tags: { team: "x" } });
        world.program.write("");
        const imported = await pulumiImport(cloud.typeToken, "acct-existing", accountId);
        expect(imported.status).not.toBe(0);
        expect(imported.output).toMatch(/acct-existing import error: Preview failed: code must be a string, not undefined/);
        expect(imported.output).toMatch(/ResourceProviderService\.read/);
        await expectNothingImported();
    });

    test("`pulumi import --file` with outputs skips Read but fails in Check (no __provider), even with the provider's own outputs; an up of the program then takes its own account back over by its ownership tag", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        // An account this stack created, then dropped from the state (`pulumi state delete`).
        const declaration = world.declare("acct", "acct-lost", { onDelete: "retain" }) + "exports.accountId = acct.accountId;\n";
        program.write(declaration);
        expectSuccess(await program.up());
        const [recorded] = await program.resources(world.className);
        expect(recorded.outputs?.__provider).toEqual(expect.any(String));
        expectSuccess(await program.cli(["state", "delete", recorded.urn, "--yes"]));

        const file = path.join(program.dir, "import.json");
        fs.writeFileSync(file, JSON.stringify({ resources: [{ type: cloud.typeToken, name: "acct-lost", id: recorded.id, outputs: recorded.outputs }] }));
        world.mark();
        const imported = await pulumiImport("--file", file);
        expect(imported.status).not.toBe(0);
        expect(imported.output).toMatch(/acct-lost import error: Preview failed: code must be a string, not undefined/);
        expect(imported.output).toMatch(/ResourceProviderService\.check/);
        expect(imported.output).not.toMatch(/ResourceProviderService\.read/);
        await expectNothingImported();

        // The program's own up finds the account by its ownership tag: recorded again, no new account.
        const up = expectSuccess(await program.up());
        expect(up.output).toMatch(/succeeded from an earlier run, taken over/);
        expect(world.writes().filter((op) => op === "CreateAccount")).toEqual([]);
        expect((await program.outputs()).accountId).toBe(recorded.outputs?.accountId);
        expectSuccess(await program.up("--expect-no-changes"));
    });

    test("`pulumi import --file` with hand-written outputs for an account made elsewhere fails the same way", async () => {
        world = await startCliWorld(cloud);
        const accountId = cloud.addAccount(world.emulator, { name: "acct-outside", tags: {} });
        const file = path.join(world.program.dir, "import.json");
        const outputs = { name: "acct-outside", email: "acct-outside@example.com", accountId };
        fs.writeFileSync(file, JSON.stringify({ resources: [{ type: cloud.typeToken, name: "acct-outside", id: accountId, outputs }] }));
        world.program.write("");
        const imported = await pulumiImport("--file", file);
        expect(imported.status).not.toBe(0);
        expect(imported.output).toContain(NO_PROVIDER);
        await expectNothingImported();
    });

    test("adopt: true takes an existing account over (ownership tag, declared tags and parent), without creating one; without it, up refuses naming adopt", async () => {
        world = await startCliWorld(cloud);
        const { program, emulator } = world;
        const accountId = cloud.addAccount(emulator, { name: "acct-outside", tags: { legacy: "1" } });
        const declare = (args: Record<string, unknown>) =>
            world.declare("acct", "acct-outside", { parentId: emulator.defaultOuId, tags: { team: "a" }, ...args }) + "exports.accountId = acct.accountId;\n";

        program.write(declare({}));
        const refused = await program.up();
        expect(refused.status).not.toBe(0);
        expect(refused.output).toContain(`the organization already has account ${accountId}`);
        expect(refused.output).toContain("set `adopt: true` on this resource");
        expect(world.writes()).toEqual([]);

        program.write(declare({ adopt: true, onDelete: "retain" }));
        const up = expectSuccess(await program.up());
        expect(up.output).toMatch(/adopting existing account/);
        expect((await program.outputs()).accountId).toBe(accountId);
        expect(world.writes()).not.toContain("CreateAccount");
        const account = accountNamed("acct-outside")!;
        expect(account.id).toBe(accountId);
        expect(account.parentId).toBe(emulator.defaultOuId);
        expect(account.tags.team).toBe("a");
        expect(account.tags[OWNER_TAG]).toBe("vending/dev/acct-outside");
        expect(account.tags.legacy).toBeUndefined();
        const [recorded] = await program.resources(world.className);
        expect(recorded.outputs?.accountId).toBe(accountId);
        expectSuccess(await program.up("--expect-no-changes"));
        expectSuccess(await program.refresh("--expect-no-changes"));
        expect(accountNamed("acct-outside")?.id).toBe(accountId);
    });
});
