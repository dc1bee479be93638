// The account lifecycle through the real Pulumi CLI, for both clouds: preview, up, downstream use
// of accountId, a no-change up, drift shown by refresh and repaired by up, destroy.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { clouds, DRIFT_TAG, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { startCliWorld, type CliWorld } from "../support/cliWorld";
import { expectSuccess } from "../../harness/cli/workspace";

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("preview writes nothing; up creates; accountId feeds a second resource and a stack output; a second up changes nothing", async () => {
        world = await startCliWorld(cloud);
        const { program } = world;
        program.write(
            world.declare("first", "acct-first") +
                `const second = new ${world.className}("acct-second", { name: "acct-second", email: "acct-second@example.com", tags: { sibling: first.accountId } });\n` +
                `exports.firstAccountId = first.accountId;\nexports.secondTags = second.tags;\n`,
        );

        const preview = expectSuccess(await program.preview());
        expect(preview.output).toMatch(/\+ 3 to create/);
        expect(world.writes()).toEqual([]);

        const up = expectSuccess(await program.up());
        expect(up.output).toMatch(/\+ 3 created/);
        const outputs = await program.outputs();
        expect(outputs.firstAccountId).toMatch(cloud.accountIdPattern);
        expect(outputs.secondTags).toEqual({ sibling: outputs.firstAccountId });
        expect(world.writes().filter((op) => op === "CreateAccount")).toHaveLength(2);
        const accounts = cloud.accounts(world.emulator);
        expect(accounts.find((a) => a.name === "acct-second")?.tags.sibling).toBe(outputs.firstAccountId);

        world.mark();
        expectSuccess(await program.up("--expect-no-changes"));
        expect(world.writes()).toEqual([]);
        const [first] = (await program.resources(world.className)).filter((r) => r.outputs?.name === "acct-first");
        expect(first.id).toMatch(cloud.idPattern);
        expect(first.outputs?.createAccountStatusId).toBe(first.id);
    });

    test("drift made outside Pulumi is shown by refresh and repaired by the next up", async () => {
        world = await startCliWorld(cloud);
        const { program, emulator } = world;
        program.write(world.declare("acct", "acct-drift", { parentId: emulator.rootId, tags: { team: "a" } }) + "exports.accountId = acct.accountId;\n");
        expectSuccess(await program.up());
        const { accountId } = (await program.outputs()) as { accountId: string };

        cloud.drift(emulator, accountId);
        const refresh = await program.refresh("--expect-no-changes");
        expect(refresh.status).not.toBe(0);
        expect(refresh.output).toMatch(/~ 1 updated|1 updated/);
        const [recorded] = await program.resources(world.className);
        expect(recorded.outputs?.tags).toEqual({ team: "a", ...DRIFT_TAG });
        expect(recorded.outputs?.parentId).toBe(emulator.defaultOuId);

        world.mark();
        expectSuccess(await program.up());
        const account = cloud.accounts(emulator).find((a) => a.id === accountId)!;
        expect(account.tags.intruder).toBeUndefined();
        expect(account.tags.team).toBe("a");
        expect(account.parentId).toBe(emulator.rootId);
        expect(world.writes()).toEqual(expect.arrayContaining(["MoveAccount", "UntagResource"]));
        expectSuccess(await program.up("--expect-no-changes"));
    });
});

describe("HuaweiAccount's URN through the CLI", () => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("is the output accountUrn, readable by the program; a state written with the old `urn` output gets it at refresh", async () => {
        world = await startCliWorld(huawei as unknown as Cloud);
        const { program } = world;
        program.write(world.declare("acct", "acct-urn") + "exports.accountUrn = acct.accountUrn;\nexports.pulumiUrn = acct.urn;\n");
        expectSuccess(await program.up());
        const outputs = await program.outputs();
        const account = world.cloud.accounts(world.emulator).find((a) => a.name === "acct-urn")!;
        expect(outputs.accountUrn).toMatch(new RegExp(`^organizations::.*${account.id}$`));
        expect(outputs.pulumiUrn).toMatch(/^urn:pulumi:dev::vending::/);

        // The state as earlier versions wrote it: the account URN under `urn` (which programs never saw).
        const state = await program.exportState();
        const resource = state.deployment.resources!.find((r) => r.type.endsWith(":HuaweiAccount"))!;
        const { accountUrn, ...rest } = resource.outputs!;
        resource.outputs = { ...rest, urn: accountUrn };
        const file = path.join(program.dir, "old-state.json");
        fs.writeFileSync(file, JSON.stringify(state));
        expectSuccess(await program.cli(["stack", "import", "--file", file]));

        expectSuccess(await program.refresh());
        const [refreshed] = await program.resources("HuaweiAccount");
        expect(refreshed.outputs?.accountUrn).toBe(outputs.accountUrn);
        expect(refreshed.outputs).not.toHaveProperty("urn");
        expectSuccess(await program.up("--expect-no-changes"));
        expect((await program.outputs()).accountUrn).toBe(outputs.accountUrn);
    });
});

describe("the user's Node.js", () => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("a program run on Node.js older than 22.19 fails with one sentence naming the version needed, before any API call", async () => {
        // The machines this project runs on come with Node 20 as the system `node`.
        const oldNode = "/usr/bin/node";
        const version = spawnSync(oldNode, ["--version"], { encoding: "utf8" }).stdout.trim();
        expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeLessThan(22);
        world = await startCliWorld(huawei as unknown as Cloud);
        world.program.write(world.declare("acct", "acct-old-node"));
        const up = await world.program.cli(["up", "--yes", "--skip-preview"], { PATH: `${path.dirname(oldNode)}:${process.env.PATH}` });
        expect(up.status).not.toBe(0);
        expect(up.output).toContain(`pulumi-org-accounts needs Node.js 22.19.0 or newer, and this program runs on Node.js ${version.slice(1)}`);
        expect(world.emulator.requests.all()).toEqual([]);
    });
});
