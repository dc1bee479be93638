// Credentials never leak, through the real CLI, for both clouds: from `pulumi config set --secret`
// (with no credential in the environment) and from the environment. Every command's stdout and
// stderr, `pulumi stack export` (without --show-secrets; with it, config credentials show in the
// default provider's recorded inputs only), every file under the program's
// PULUMI_HOME and backend (checkpoints, history, logs) and the stack's config file are searched,
// over a run that includes a failing `up`.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess, type CliResult, type StackExport } from "../../harness/cli/workspace";
import { DELETABLE, startCliWorld, type CliWorld } from "../support/cliWorld";

/** The state a `stack export` printed. */
const stateOf = (r: CliResult) => JSON.parse(r.stdout) as StackExport;

const cases = clouds.flatMap((cloud) => (["config", "env"] as const).map((from) => [cloud.name, from, cloud] as [string, "config" | "env", Cloud]));

describe.each(cases)("%s credentials from %s", (_name, from, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("reach the provider, and appear in no CLI output, no stored file, no plaintext config, no export (with --show-secrets: only in the default provider's recorded config)", async () => {
        world = await startCliWorld(cloud, { credentialsFrom: from, ...DELETABLE[cloud.name] });
        const { program, emulator } = world;
        const secrets = cloud.secrets(emulator);
        expect(secrets.length).toBeGreaterThanOrEqual(2);
        const results: Array<{ command: string; result: CliResult }> = [];
        const run = async (command: string, result: Promise<CliResult>) => {
            const r = await result;
            results.push({ command, result: r });
            return r;
        };

        const ok = world.declare("ok", "acct-secret-ok", { tags: { team: "a" } }) + "exports.accountId = ok.accountId;\n";
        program.write(ok);
        expectSuccess(await run("preview", program.preview()));
        expectSuccess(await run("up", program.up()));
        expect((await program.outputs()).accountId).toMatch(cloud.accountIdPattern);

        // A failing run: the provider's error path reaches the CLI's output and the history.
        const { expected } = cloud.scriptFailure(emulator, "acct-secret-doomed");
        program.write(ok + world.declare("doomed", "acct-secret-doomed"));
        const failed = await run("up (failing)", program.up());
        expect(failed.status).not.toBe(0);
        for (const text of expected) expect(failed.output).toContain(text);

        program.write(ok);
        expectSuccess(await run("refresh", program.refresh()));
        expectSuccess(await run("up", program.up()));
        const exported = await run("stack export", program.cli(["stack", "export"]));
        const exportedShown = await run("stack export --show-secrets", program.cli(["stack", "export", "--show-secrets"]));
        for (const r of [exported, exportedShown]) {
            expectSuccess(r);
            expect(stateOf(r).deployment.resources?.some((res) => res.type === cloud.typeToken)).toBe(true);
        }
        // The engine records the stack config as the inputs of the default `pulumi-nodejs`
        // provider (every namespace: dynamic providers may read any key), secrets encrypted. So
        // `stack export --show-secrets`, which decrypts on request, does show config credentials,
        // there and only there; the accounts' own state never holds them.
        const providerInputs = (r: CliResult) => stateOf(r).deployment.resources?.find((res) => res.type === "pulumi:providers:pulumi-nodejs")?.inputs ?? {};
        const configKeys = Object.keys(cloud.config(emulator));
        if (from === "config") {
            for (const key of configKeys) expect(providerInputs(exported)[key]).toHaveProperty("ciphertext");
            expect(secrets.every((s) => exportedShown.stdout.includes(s))).toBe(true);
        } else {
            expect(Object.keys(providerInputs(exportedShown)).filter((k) => k.startsWith("orgaccounts:"))).toEqual([]);
        }
        const withoutProvider = (r: CliResult) => {
            const state = stateOf(r);
            state.deployment.resources = state.deployment.resources?.filter((res) => res.type !== "pulumi:providers:pulumi-nodejs");
            return JSON.stringify(state);
        };
        const shownWithoutProvider = withoutProvider(exportedShown);
        expect(secrets.filter((s) => shownWithoutProvider.includes(s))).toEqual([]);
        results.splice(results.indexOf(results.find((x) => x.result === exportedShown)!), 1);
        expectSuccess(await run("stack history", program.cli(["stack", "history", "--show-secrets"])));
        expectSuccess(await run("destroy", program.destroy()));
        expect(await program.resources(world.className)).toEqual([]);

        const texts = [
            ...results.map(({ command, result }) => ({ where: `output of \`pulumi ${command}\``, text: result.output })),
            ...program.storedTexts().map(({ file, text }) => ({ where: file, text })),
        ];
        const configFile = path.join(program.dir, `Pulumi.${program.stack}.yaml`);
        if (from === "config") {
            const config = fs.readFileSync(configFile, "utf8");
            // worldAt.ts sets every key (the endpoint too) with --secret.
            expect((config.match(/secure: /g) ?? []).length).toBe(configKeys.length);
            texts.push({ where: configFile, text: config });
        } else if (fs.existsSync(configFile)) {
            texts.push({ where: configFile, text: fs.readFileSync(configFile, "utf8") });
        }
        expect(program.storedTexts().some(({ file }) => /history/.test(file))).toBe(true);
        expect(texts.length).toBeGreaterThan(10);
        const hits = texts.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}… in ${where}`));
        expect(hits).toEqual([]);
    });
});

describe.each(clouds.map((cloud) => [cloud.name, cloud] as [string, Cloud]))("%s credentials from config", (_name, cloud) => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("without them (neither config nor environment), up fails before any API call, naming what to set", async () => {
        world = await startCliWorld(cloud, { credentialsFrom: "config" });
        const { program, emulator } = world;
        for (const key of Object.keys(cloud.config(emulator)).filter((k) => /Key|Secret|Token/.test(k))) {
            expectSuccess(await program.cli(["config", "rm", key]));
        }
        program.write(world.declare("acct", "acct-no-credentials"));
        const up = await program.up();
        expect(up.status).not.toBe(0);
        expect(emulator.requests.byOperation("CreateAccount")).toEqual([]);
        expect(cloud.accounts(emulator).find((a) => a.name === "acct-no-credentials")).toBeUndefined();
        expect(up.output).toMatch(cloud.name === "huawei" ? /HW_ACCESS_KEY|huaweiAccessKey/ : /credential/i);
    });
});
