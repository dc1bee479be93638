// The native plugin through the real Pulumi CLI: a JavaScript program declaring the resources by
// token (`new pulumi.CustomResource("orgaccounts:index:AwsAccount", ...)`), the plugin found
// through Pulumi.yaml's `plugins: providers:`, against both clouds' emulators: preview writes
// nothing, up creates and waits, refresh shows drift and up repairs it, an explicit provider
// instance creates in its own organization and a change of its credentials replaces nothing, its
// credentials appear nowhere, and destroy.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { clouds, DRIFT_TAG, writesSince, type Emulator } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess, PulumiProgram, type CliResult } from "../../harness/cli/workspace";
import { usePlugin } from "../../harness/plugin/nativePlugin";

/** A program declaring accounts by token; `accounts` are `[name, args, resource options as JS text?]`. */
function source(token: string, accounts: Array<[string, Record<string, unknown>, string?]>, providers: Record<string, Record<string, string>> = {}): string {
    const lines = [`const outputs = { accountId: undefined, createAccountStatusId: undefined, tagsAll: undefined };`];
    for (const [variable, inputs] of Object.entries(providers))
        lines.push(`const ${variable} = new pulumi.ProviderResource("orgaccounts", ${JSON.stringify(variable)}, ${JSON.stringify(inputs)});`);
    for (const [name, args, resourceOptions] of accounts) {
        lines.push(
            `const ${name} = new pulumi.CustomResource(${JSON.stringify(token)}, ${JSON.stringify(name)}, { ...outputs, ...${JSON.stringify(args)} }${resourceOptions ? `, ${resourceOptions}` : ""});`,
        );
        lines.push(`exports.${name}AccountId = ${name}.accountId;`);
    }
    return lines.join("\n") + "\n";
}

describe.each(clouds)("$name through the plugin", (cloud) => {
    const token = `orgaccounts:index:${cloud.typeToken.split(":").pop()}`;
    const options = { creationDelayMs: 300, closeDelayMs: 100, ...(DELETABLE[cloud.name].rules && { rules: DELETABLE[cloud.name].rules }), ...DELETABLE[cloud.name].emulator };
    let first: Emulator;
    let second: Emulator & { credentials: Record<string, string> };
    let program: PulumiProgram;
    const outputs: string[] = [];
    const run = async (result: Promise<CliResult>) => {
        const done = await result;
        outputs.push(done.output);
        return expectSuccess(done);
    };
    const writes = (e: Emulator, from: number) => writesSince(cloud, e, from);
    /** The accounts this test declared (an emulated organization also has its management account). */
    const ours = (e: Emulator) => cloud.accounts(e as never).filter((a) => a.name.startsWith("acct-"));
    const args = (name: string, more: Record<string, unknown> = {}) => ({ name, ...cloud.baseArgs(name), onDelete: "close", ...more });
    /** The second organization's settings as the explicit provider's inputs. */
    const secondProvider = () => {
        const config = cloud.config(second);
        return { ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/^orgaccounts:/, ""), v])), pollInitialMs: "50", pollMaxMs: "200" };
    };

    beforeAll(async () => {
        first = await cloud.startEmulator(options);
        const credentials =
            cloud.name === "huawei"
                ? { accessKey: "HWKEYPLUGINSECOND000", secretKey: "hw-secret-plugin-second-0000000000" }
                : { accessKeyId: "AKIAPLUGINSECOND0000", secretAccessKey: "aws-secret-plugin-second-000000000" };
        second = (await cloud.startEmulator({ ...options, credentials })) as typeof second;
        program = await PulumiProgram.create({
            cliDir: inject("pulumiCliDir"),
            env: { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200", ...cloud.env(first) },
            source: source(token, [["one", args("acct-one", { tags: { team: "a" } })]]),
        });
        usePlugin(program);
    });

    afterAll(async () => {
        program?.remove();
        await first?.close();
        await second?.close();
    });

    test("preview writes nothing; up creates and waits; refresh shows drift; up repairs it", async () => {
        const mark = first.requests.all().length;
        const preview = await run(program.preview());
        expect(preview.output).toMatch(new RegExp(`\\+\\s+${token.replace(/:/g, ":")}\\s+one\\s+create`));
        expect(writes(first, mark)).toEqual([]);
        expect(ours(first)).toEqual([]);

        await run(program.up());
        const [resource] = await program.resources(token.split(":").pop()!);
        expect(resource.type).toBe(token);
        expect(resource.id).toMatch(cloud.idPattern);
        const account = cloud.accounts(first).find((a) => a.name === "acct-one")!;
        expect(account.state).toBe("active");
        expect((await program.outputs()).oneAccountId).toBe(account.id);

        cloud.drift(first, account.id);
        const refreshed = await run(program.refresh());
        expect(refreshed.output).toMatch(/one\s+updated|~\s+1 updated|1 updated/);
        expect((await program.resources(token.split(":").pop()!))[0].outputs?.tags).toMatchObject(DRIFT_TAG);

        const repaired = await run(program.up());
        expect(repaired.output).toMatch(/1 updated/);
        expect(cloud.accounts(first).find((a) => a.id === account.id)!.tags).not.toHaveProperty("intruder");
        expect(cloud.requests(first)).toHaveLength(1);

        // The detailed diff: the CLI names the property, and `replaceOnChanges` turns an in-place change into a replacement.
        const retagged = args("acct-one", { tags: { team: "b" } });
        program.write(source(token, [["one", retagged]]));
        const mark2 = first.requests.all().length;
        expect((await run(program.preview("--diff"))).output).toMatch(/~\s*tags:[\s\S]*team\s*:\s*"a"\s*=>\s*"b"/);
        program.write(source(token, [["one", retagged, `{ replaceOnChanges: ["tags"] }`]]));
        expect((await run(program.preview())).output).toMatch(/\+-\s+orgaccounts:index:\w+Account\s+one\s+replace\s+\[diff: ~tags\]/);
        expect(writes(first, mark2)).toEqual([]);
        program.write(source(token, [["one", args("acct-one", { tags: { team: "a" } })]]));
    });

    test("an explicit provider creates in its own organization; a change of its credentials replaces nothing; its credentials appear nowhere", async () => {
        const secrets = cloud.secrets(second);
        program.write(
            source(
                token,
                [
                    ["one", args("acct-one", { tags: { team: "a" } })],
                    ["two", args("acct-two"), "{ provider: second }"],
                ],
                { second: secondProvider() },
            ),
        );
        await run(program.up());
        expect(ours(second).map((a) => a.name)).toEqual(["acct-two"]);
        expect(ours(first).map((a) => a.name)).toEqual(["acct-one"]);
        const [two] = (await program.resources(token.split(":").pop()!)).filter((r) => r.urn.endsWith("::two"));

        // The organization's credentials rotated: the emulator accepts only the new ones.
        const rotated: Record<string, string> =
            cloud.name === "huawei" ? { secretKey: "hw-secret-plugin-rotated-000000000" } : { secretAccessKey: "aws-secret-plugin-rotated-00000000" };
        Object.assign(second.credentials, rotated);
        secrets.push(...Object.values(rotated));
        program.write(
            source(
                token,
                [
                    ["one", args("acct-one", { tags: { team: "a" } })],
                    ["two", args("acct-two"), "{ provider: second }"],
                ],
                { second: secondProvider() },
            ),
        );
        const mark = second.requests.all().length;
        const changed = await run(program.up());
        expect(changed.output).toMatch(/pulumi:providers:orgaccounts\s+second\s+updated/);
        expect(changed.output).not.toMatch(/replace/i);
        expect(writes(second, mark)).toEqual([]);
        const [after] = (await program.resources(token.split(":").pop()!)).filter((r) => r.urn.endsWith("::two"));
        expect(after.id).toBe(two.id);
        expect(cloud.requests(second)).toHaveLength(1);
        await run(program.refresh());

        const exported = JSON.stringify(await program.exportState());
        for (const secret of secrets) {
            expect(exported).not.toContain(secret);
            for (const output of outputs) expect(output).not.toContain(secret);
        }
    });

    test("destroy deletes both organizations' accounts", async () => {
        await run(program.destroy());
        expect(ours(first).filter((a) => a.state === "active")).toEqual([]);
        expect(ours(second).filter((a) => a.state === "active")).toEqual([]);
        for (const output of outputs) for (const secret of cloud.secrets(second)) expect(output).not.toContain(secret);
    });
});
