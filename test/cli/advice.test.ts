// Every piece of advice the destroy-refusal, unknown-request and failed-request messages give,
// followed LITERALLY through the real CLI: each `pulumi …` command is parsed from the output and
// run as written (with `--yes`, which a user answers at the prompt), and the emulator's request log
// and accounts show that following it creates no account and loses none.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import type { AwsEmulator } from "../../emulator/aws/server";
import { aws, clouds, type Cloud, type Emulator } from "../../harness/pluginHost/clouds";
import { expectSuccess, type CliResult } from "../../harness/cli/workspace";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

/** The backticked `pulumi …` commands of a text, in order, as argument lists (single quotes as a shell reads them). */
function commandsIn(text: string): string[][] {
    return [...text.matchAll(/`(pulumi [^`]+)`/g)].map((m) => shellWords(m[1]).slice(1));
}

function shellWords(line: string): string[] {
    const words: string[] = [];
    for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2]);
    return words;
}

/** The part of the output from `start` (a phrase of the message) to `end` (the next one), failing when absent. */
function passage(output: string, start: string, end?: string): string {
    const from = output.indexOf(start);
    expect(from, `"${start}" in:\n${output}`).toBeGreaterThanOrEqual(0);
    const to = end === undefined ? -1 : output.indexOf(end, from);
    return output.slice(from, to < 0 ? undefined : to);
}

/** Runs the commands as written; `up`, `refresh`, `destroy` and `state delete` get the `--yes` a user gives at the prompt. */
async function follow(world: CliWorld, commands: string[][], env: Record<string, string> = {}): Promise<CliResult[]> {
    expect(commands.length).toBeGreaterThan(0);
    const results: CliResult[] = [];
    for (const args of commands) {
        const asks = ["up", "refresh", "destroy"].includes(args[0]) || (args[0] === "state" && args[1] === "delete");
        results.push(expectSuccess(await world.program.cli(asks ? [...args, "--yes"] : args, env)));
    }
    return results;
}

const creations = (emulator: Emulator) => emulator.requests.byOperation("CreateAccount").length;

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s: the destroy refusal's advice, followed literally", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());
    const active = cloud.stateOutput.active.toLowerCase();

    /**
     * Two accounts with onDelete "close" and one with the default "remove", which the cloud refuses
     * for an account created in the organization: the destroy closes two, then stops on the third.
     */
    async function partialDestroy(): Promise<{ output: string; ids: Map<string, string>; urn: string }> {
        // (Huawei's close quota relaxed: the refusal under test is the removal.)
        world = await startCliWorld(cloud, cloud.name === "huawei" ? { rules: { closeQuotaPercent: 0 } } : {});
        world.program.write(declareAll());
        expectSuccess(await world.program.up());
        const ids = new Map(members().map((a) => [a.name, a.id]));
        expect(ids.size).toBe(3);
        const destroy = await world.program.destroy();
        expect(destroy.status).not.toBe(0);
        const left = await world.program.resources(world.className);
        expect(left.map((r) => r.outputs?.name)).toEqual(["acct-refused"]);
        return { output: destroy.output, ids, urn: left[0].urn };
    }

    // AWS: the default onDelete ("remove"), as README's example had; Huawei's default is "close", so "remove" is set.
    const declareAll = (refused: Record<string, unknown> = cloud.name === "huawei" ? { onDelete: "remove" } : {}) =>
        world.declare("a", "acct-closed-a", { onDelete: "close" }) + world.declare("b", "acct-closed-b", { onDelete: "close" }) + world.declare("c", "acct-refused", refused);
    // (the Huawei emulator's organization also has its management account)
    const members = () => cloud.accounts(world.emulator).filter((a) => a.name.startsWith("acct-"));

    function expectNoAccountCreatedOrLost(ids: Map<string, string>, refused: RegExp) {
        expect(creations(world.emulator)).toBe(3);
        const now = new Map(members().map((a) => [a.id, a]));
        expect(now.size).toBe(3);
        for (const name of ["acct-closed-a", "acct-closed-b"]) expect(now.get(ids.get(name)!)?.state, name).toMatch(/pending_closure|suspended|closed/);
        expect(now.get(ids.get("acct-refused")!)?.state).toMatch(refused);
    }

    test("set onDelete on the refused resource, `pulumi up --target <its URN>`, `pulumi destroy`: the closed accounts are not re-created, the refused one closes", async () => {
        const { output, ids, urn } = await partialDestroy();
        const way = passage(output, "To get past this", "Or stop managing");
        expect(way).toContain('set onDelete to "close" or "retain" on this resource in the program');
        world.program.write(declareAll({ onDelete: "close" }));
        const [up, destroy, ...rest] = commandsIn(way);
        expect(rest).toEqual([]);
        await follow(world, [up]);
        expectNoAccountCreatedOrLost(ids, new RegExp(`^${active}$`));
        expect((await world.program.resources(world.className)).map((r) => [r.outputs?.name, r.outputs?.onDelete])).toEqual([["acct-refused", "close"]]);
        expect(up).toEqual(["up", "--target", urn]);
        await follow(world, [destroy]);
        expect(await world.program.resources(world.className)).toEqual([]);
        expectNoAccountCreatedOrLost(ids, /pending_closure|suspended|closed/);
    });

    test("`pulumi state delete <its URN>`: the account leaves the stack and stays in the organization, active; nothing is created", async () => {
        const { output, ids, urn } = await partialDestroy();
        const way = passage(output, "Or stop managing", "The old account of a replacement");
        const commands = commandsIn(way);
        expect(commands[0]).toEqual(["state", "delete", urn]);
        await follow(world, commands);
        expect(await world.program.resources(world.className)).toEqual([]);
        expectNoAccountCreatedOrLost(ids, new RegExp(`^${active}$`));
    });
});

describe("AWS: a request unknown to the service, and a failed request: the advice followed literally", () => {
    let world: CliWorld<AwsEmulator>;
    let other: AwsEmulator | undefined;
    afterEach(async () => {
        await world?.close();
        await other?.close();
        other = undefined;
    });
    const cloud = aws;
    const CREATION_MS = 2_500;
    // "Not found" right after a submission is disbelieved for this long (the emulator's lag is 200 ms).
    const GRACE = { ORG_ACCOUNTS_CONSISTENCY_GRACE_MS: "1000" };
    const named = (name: string) => cloud.accounts(world.emulator).filter((a) => a.name === name);

    /** An account already made, then a creation that outlives its `timeouts.create`: recorded in the stack, unfinished. */
    async function recordedRequest(name: string): Promise<string> {
        world = await startCliWorld(cloud, { env: GRACE });
        world.program.write(world.declare("kept", "acct-kept"));
        expectSuccess(await world.program.up());
        cloud.setCreationDelay(world.emulator, CREATION_MS);
        world.program.write(world.declare("kept", "acct-kept") + world.declare("late", name, { timeouts: { create: "1s" } }));
        const timedOut = await world.program.up();
        expect(timedOut.status).not.toBe(0);
        const recorded = (await world.program.resources(world.className)).find((r) => r.outputs?.name === name)!;
        expect(recorded.outputs?.accountId).toBeUndefined();
        expect(timedOut.output).toContain(`The request ${recorded.id} is recorded in the stack: run \`pulumi up\` again to finish waiting for it`);
        return recorded.id!;
    }

    test("the service lost the request after it made the account: `pulumi refresh --target <URN>`, then `pulumi up`, takes that account over; no second account", async () => {
        const id = await recordedRequest("acct-lost");
        await sleep(CREATION_MS);
        expect(named("acct-lost")).toHaveLength(1);
        cloud.expireStatus(world.emulator, id);

        const unknown = await world.program.up();
        expect(unknown.status).not.toBe(0);
        expect(unknown.output).toContain(`account creation ${id} is unknown to the service`);
        await follow(world, commandsIn(passage(unknown.output, "If they are right", "\n")));
        expect(creations(world.emulator)).toBe(2);
        const [account] = named("acct-lost");
        const state = await world.program.resources(world.className);
        expect(state.find((r) => r.outputs?.name === "acct-lost")?.outputs?.accountId).toBe(account.id);
        expect(cloud.accounts(world.emulator).map((a) => a.state)).toEqual(["active", "active"]);
        expectSuccess(await world.program.up("--expect-no-changes"));
    });

    test("the endpoint pointed elsewhere: restoring it and `pulumi up` finishes the same request; the other organization is untouched", async () => {
        const id = await recordedRequest("acct-elsewhere");
        other = await cloud.startEmulator({});
        const elsewhere = await world.program.cli(["up", "--yes", "--skip-preview"], cloud.env(other));
        expect(elsewhere.status).not.toBe(0);
        expect(elsewhere.output).toContain(`account creation ${id} is unknown to the service`);
        const [restoreAndUp] = passage(elsewhere.output, "if the endpoint or credentials settings changed", "If they are right").match(/restore them and run `pulumi up`/) ?? [];
        expect(restoreAndUp).toBeDefined();
        await follow(world, commandsIn(restoreAndUp!));
        expect(creations(world.emulator)).toBe(2);
        expect(creations(other)).toBe(0);
        expect(named("acct-elsewhere")).toHaveLength(1);
        const state = await world.program.resources(world.className);
        expect(state.find((r) => r.outputs?.name === "acct-elsewhere")?.outputs?.createAccountStatusId).toBe(id);
    });

    test("an account closed outside Pulumi, met by an update: `pulumi refresh --target <URN>`, then `pulumi up`, makes one new account for it and touches no other", async () => {
        world = await startCliWorld(cloud);
        world.program.write(world.declare("kept", "acct-kept") + world.declare("gone", "acct-gone"));
        expectSuccess(await world.program.up());
        const [kept] = named("acct-kept");
        const [gone] = named("acct-gone");
        cloud.setClosing(world.emulator, gone.id);
        world.program.write(world.declare("kept", "acct-kept") + world.declare("gone", "acct-gone", { tags: { team: "a" } }));
        const refused = await world.program.up();
        expect(refused.status).not.toBe(0);
        const way = passage(refused.output, `account ${gone.id} is pending_closure, no longer active in the organization:`, "\n");
        const commands = commandsIn(way);
        expect(commands.map((c) => c[0])).toEqual(["refresh", "stack", "up"]);
        await follow(world, commands.slice(0, 2));
        expect(way).toContain("give it an email no account has used and run `pulumi up`");
        world.program.write(world.declare("kept", "acct-kept") + world.declare("gone", "acct-gone", { tags: { team: "a" }, email: "acct-gone-2@example.com" }));
        await follow(world, commands.slice(2));
        expect(creations(world.emulator)).toBe(3);
        expect(named("acct-kept").map((a) => [a.id, a.state])).toEqual([[kept.id, "active"]]);
        const state = await world.program.resources(world.className);
        expect(state.find((r) => r.outputs?.name === "acct-kept")?.outputs?.accountId).toBe(kept.id);
        const replaced = state.find((r) => r.outputs?.name === "acct-gone")?.outputs?.accountId;
        expect(named("acct-gone").map((a) => [a.id === replaced, a.state])).toEqual([
            [false, "pending_closure"],
            [true, "active"],
        ]);
    });

    test("a recorded request that ends failed: `pulumi up` (the advice) submits one new request and makes the one account", async () => {
        world = await startCliWorld(cloud, { env: GRACE });
        cloud.scriptFailure(world.emulator, "acct-doomed");
        const id = await (async () => {
            world.program.write(world.declare("kept", "acct-kept"));
            expectSuccess(await world.program.up());
            cloud.setCreationDelay(world.emulator, CREATION_MS);
            world.program.write(world.declare("kept", "acct-kept") + world.declare("late", "acct-doomed", { timeouts: { create: "1s" } }));
            expect((await world.program.up()).status).not.toBe(0);
            return (await world.program.resources(world.className)).find((r) => r.outputs?.name === "acct-doomed")!.id!;
        })();
        await sleep(CREATION_MS);
        cloud.setCreationDelay(world.emulator, 300);
        const failed = await world.program.up();
        expect(failed.status).not.toBe(0);
        const advice = passage(failed.output, "No account was created.", "\n");
        expect(advice).toContain(`it submits a new request in place of ${id}`);
        expect(named("acct-doomed")).toHaveLength(0);
        await follow(world, commandsIn(advice));
        expect(creations(world.emulator)).toBe(3);
        expect(named("acct-doomed").map((a) => a.state)).toEqual(["active"]);
        expect(named("acct-kept")).toHaveLength(1);
        expectSuccess(await world.program.up("--expect-no-changes"));
    });
});

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s: a parentId that names nothing", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("`pulumi preview` fails naming parentId, the id and the rule; `pulumi up` too, before any write; nothing is created", async () => {
        world = await startCliWorld(cloud);
        world.program.write(world.declare("lost", "acct-lost", { parentId: cloud.missingOuId }));
        const rule = `"${cloud.missingOuId}" is not a root or organizational unit of this organization. Set parentId to an existing root ("r-...") or organizational unit id.`;
        for (const result of [await world.program.preview(), await world.program.up()]) {
            expect(result.status).not.toBe(0);
            expect(result.output).toContain("parentId");
            expect(result.output).toContain(rule);
        }
        expect(world.writes()).toEqual([]);
        expect(creations(world.emulator)).toBe(0);
        expect(await world.program.resources(world.className)).toEqual([]);
    });
});
