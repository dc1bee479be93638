// Many accounts in one `pulumi up` through the real CLI, at the engine's default parallelism
// (4 × CPUs) and at `--parallel 64`: the provider's per-organization queue keeps the creations in
// progress within the cloud's quota, so every account is created once and no refusal reaches the user.
import { afterEach, describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess } from "../../harness/cli/workspace";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

const FLEET = 30;

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s through the CLI", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test.each([
        ["the default parallelism", []],
        ["--parallel 64", ["--parallel", "64"]],
    ])(`${FLEET} accounts in one up at %s: all created once, no refusal shown`, async (_label, flags) => {
        world = await startCliWorld(cloud, { creationDelayMs: 400 });
        const names = Array.from({ length: FLEET }, (_, i) => `fleet-${String(i).padStart(2, "0")}`);
        world.program.write(names.map((name, i) => world.declare(`a${i}`, name)).join("") + `exports.ids = [${names.map((_, i) => `a${i}.accountId`).join(", ")}];\n`);

        const up = expectSuccess(await world.program.up(...flags));
        expect(up.output).toMatch(new RegExp(`\\+ ${FLEET + 1} created`));
        expect(up.output).not.toMatch(/refused|submitting again|RATE_LIMIT|TooManyRequests|throttl/i);
        const creates = world.emulator.requests.byOperation("CreateAccount");
        expect(creates.filter((r) => typeof r.status !== "number" || r.status >= 300).map((r) => r.status)).toEqual([]);
        expect(creates).toHaveLength(FLEET);
        const accounts = cloud.accounts(world.emulator).filter((a) => a.name.startsWith("fleet-"));
        expect(accounts.map((a) => a.name).sort()).toEqual(names);
        const { ids } = (await world.program.outputs()) as { ids: string[] };
        expect(new Set(ids).size).toBe(FLEET);
        expect(ids.sort()).toEqual(accounts.map((a) => a.id).sort());
    });
});
