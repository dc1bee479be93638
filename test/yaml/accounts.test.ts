// YAML programs through the real Pulumi CLI, the real YAML language host (pulumi-language-yaml,
// built by scripts/pulumi-cli.js) and the native plugin `pulumi-resource-orgaccounts`, against
// both clouds' emulators: preview writes nothing, up creates, refresh shows drift and up repairs
// it, `pulumi import` by request id and by account id with generated YAML that a following up
// keeps unchanged, the `import:` resource option, destroy by the onDelete policy; and two explicit
// providers for two organizations of the same cloud.
import { afterEach, describe, expect, inject, test } from "vitest";
import { clouds, DRIFT_TAG, writesSince, type Cloud, type Emulator } from "../../harness/pluginHost/clouds";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess, type CliResult } from "../../harness/cli/workspace";
import { YamlProgram, yamlProgramText, type YamlProgramSpec, type YamlResource } from "../../harness/cli/yamlProgram";
import { PLUGIN_DIR } from "../../harness/plugin/nativePlugin";
import { OWNER_TAG_KEY } from "../../provider/program/owner";

const PLUGINS = [{ name: "orgaccounts", path: PLUGIN_DIR }];
const POLL = { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulatorFor(cloud: Cloud, more: Record<string, unknown> = {}): Promise<Emulator> {
    const deletable = DELETABLE[cloud.name];
    const emulator = await cloud.startEmulator({ creationDelayMs: 300, closeDelayMs: 100, ...(deletable.rules ? { rules: deletable.rules } : {}), ...deletable.emulator, ...more });
    cleanups.push(() => emulator.close());
    return emulator;
}

async function yamlProgram(spec: YamlProgramSpec, env: Record<string, string>): Promise<YamlProgram> {
    const program = await YamlProgram.create({ cliDir: inject("pulumiCliDir"), yamlHostDir: inject("pulumiYamlHostDir"), spec, env: { ...POLL, ...env } });
    cleanups.push(() => program.remove());
    return program;
}

/** The resource blocks of `pulumi import`'s generated YAML (the lines under `resources:`). */
function generatedResources(output: string): string {
    const lines = output.split("\n");
    const start = lines.findIndex((line) => line.trim() === "resources:");
    expect(start, `no generated YAML in:\n${output}`).toBeGreaterThanOrEqual(0);
    const block: string[] = [];
    for (const line of lines.slice(start + 1)) {
        if (!/^\s{2,}\S/.test(line)) break;
        block.push(line);
    }
    return block.join("\n") + "\n";
}

describe.each(clouds)("a YAML program declaring $name accounts through the plugin", (cloud) => {
    const typeName = cloud.typeToken.split(":").pop()!;
    const token = `orgaccounts:index:${typeName}`;
    const account = (name: string, more: Record<string, unknown> = {}, options?: Record<string, unknown>): YamlResource => ({
        type: token,
        properties: { name, ...cloud.baseArgs(name), ...more },
        ...(options ? { options } : {}),
    });

    test("preview writes nothing; up creates; refresh shows drift and up repairs it; import by account id, by request id and by the import option, with generated YAML; destroy by onDelete", async () => {
        const emulator = await emulatorFor(cloud);
        const outputs: string[] = [];
        const run = async (result: Promise<CliResult>) => {
            const done = await result;
            outputs.push(done.output);
            return done;
        };
        const spec = (resources: Record<string, YamlResource>, extra = ""): string =>
            yamlProgramText({ plugins: PLUGINS, outputs: { accountId: "${one.accountId}" }, resources }) + extra;
        const program = await yamlProgram({ plugins: PLUGINS }, cloud.env(emulator));
        program.write(spec({ one: account("acct-one", { onDelete: "close", tags: { team: "a" } }) }));

        let mark = emulator.requests.all().length;
        const preview = expectSuccess(await run(program.preview()));
        expect(preview.stdout).toMatch(new RegExp(`\\+\\s+${token}\\s+one\\s+create`));
        expect(writesSince(cloud, emulator, mark)).toEqual([]);

        const up = expectSuccess(await run(program.up()));
        expect(up.stdout).toMatch(new RegExp(`\\+\\s+${token}\\s+one\\s+created`));
        // The plugin's progress lines, sent to the engine's log: on the resource's row and under Diagnostics.
        expect(up.stdout).toMatch(new RegExp(`${token}\\s+one\\s+creating \\(\\d+s\\) .*"acct-one": account creation \\S+ submitted; waiting for it to complete`));
        expect(up.stdout).toMatch(new RegExp(`Diagnostics:\\s+${token} \\(one\\):\\s+.*"acct-one": account creation \\S+ submitted`));
        const created = cloud.accounts(emulator).find((a) => a.name === "acct-one")!;
        expect(created.state).toBe("active");
        expect((await program.outputs()).accountId).toBe(created.id);
        const [one] = await program.resources(typeName);
        expect(one.id).toMatch(cloud.idPattern);

        cloud.drift(emulator, created.id);
        const refreshed = expectSuccess(await run(program.refresh()));
        expect(refreshed.stdout).toMatch(new RegExp(`~\\s+${token}\\s+one\\s+updated`));
        expect((await program.resources(typeName))[0].outputs?.tags).toMatchObject(DRIFT_TAG);
        expectSuccess(await run(program.up()));
        expect(cloud.accounts(emulator).find((a) => a.id === created.id)!.tags).not.toHaveProperty("intruder");

        // An account the stack never created, imported by its account id.
        const foundId = cloud.addAccount(emulator, { name: "acct-found", tags: { team: "found" } });
        mark = emulator.requests.all().length;
        const byAccount = expectSuccess(await run(program.import(token, "found", foundId, "--protect=false")));
        expect(byAccount.stdout).toMatch(new RegExp(`=\\s+${token}\\s+found\\s+imported`));
        const foundCode = generatedResources(byAccount.stdout);
        expect(foundCode).toMatch(new RegExp(`type: orgaccounts:(index:)?${typeName}\\b`));
        expect(foundCode).toMatch(/name: acct-found/);
        expect(foundCode).toMatch(/email: acct-found@example\.com/);
        expect(foundCode).not.toContain(OWNER_TAG_KEY);
        expect(writesSince(cloud, emulator, mark)).toEqual([]);
        expect((await program.resources(typeName)).find((r) => r.urn.endsWith("::found"))?.id).toBe(foundId);

        // The stack's own account, its resource forgotten and taken over again by its request id.
        expectSuccess(await run(program.cli(["state", "delete", one.urn, "--yes"])));
        mark = emulator.requests.all().length;
        const byRequest = expectSuccess(await run(program.import(token, "adopted", one.id!, "--protect=false")));
        const adoptedCode = generatedResources(byRequest.stdout);
        expect(adoptedCode).toMatch(/name: acct-one/);
        expect(adoptedCode).toMatch(/team: a/);
        expect(adoptedCode).not.toContain(OWNER_TAG_KEY);
        expect((await program.resources(typeName)).find((r) => r.urn.endsWith("::adopted"))?.id).toBe(one.id);

        // An id that names nothing: the error says what was looked up.
        const missingId = cloud.name === "aws" ? "car-doesnotexist0" : `h-${"0".repeat(32)}`;
        const missing = await run(program.import(token, "nothing", missingId, "--protect=false"));
        expect(missing.status).not.toBe(0);
        expect(missing.output).toContain(`no create-account request "${missingId}"`);
        const missingAccount = cloud.name === "aws" ? "999999999999" : "0".repeat(32);
        const noAccount = await run(program.import(token, "nobody", missingAccount, "--protect=false"));
        expect(noAccount.status).not.toBe(0);
        expect(noAccount.output).toContain(`no account "${missingAccount}"`);
        expect(noAccount.output).toContain("Check the id and that the provider's settings point to the organization that holds the account");
        expect(writesSince(cloud, emulator, mark)).toEqual([]);

        // The generated code pasted into the program: nothing to change.
        // The import option with the inputs an import gives (onDelete: the resource's default).
        const importedOnDelete = /onDelete: (\w+)/.exec(foundCode)?.[1];
        const optionedId = cloud.addAccount(emulator, { name: "acct-optioned", tags: {} });
        program.write(
            yamlProgramText({ plugins: PLUGINS, outputs: { accountId: "${adopted.accountId}" } }) +
                "resources:\n" +
                foundCode +
                adoptedCode +
                yamlProgramText({ resources: { optioned: account("acct-optioned", { onDelete: importedOnDelete }, { import: optionedId }) } }).replace(/^resources:\n/, ""),
        );
        mark = emulator.requests.all().length;
        const optioned = expectSuccess(await run(program.up()));
        expect(optioned.stdout).toMatch(new RegExp(`=\\s+${token}\\s+optioned\\s+imported`));
        expect(optioned.stdout).not.toMatch(/optioned\s+updat/);
        expect(writesSince(cloud, emulator, mark)).toEqual([]);
        expectSuccess(await run(program.up("--expect-no-changes")));
        expect(writesSince(cloud, emulator, mark)).toEqual([]);
        expect((await program.outputs()).accountId).toBe(created.id);
        expect(cloud.requests(emulator)).toHaveLength(1);

        // Destroy: every account by its onDelete, the default an import gives (AWS: remove, Huawei: close).
        const destroyed = expectSuccess(await run(program.destroy()));
        for (const name of ["adopted", "found", "optioned"]) expect(destroyed.stdout).toMatch(new RegExp(`-\\s+${token}\\s+${name}\\s+deleted`));
        const stateOf = (id: string) => cloud.accounts(emulator).find((a) => a.id === id)?.state ?? "gone";
        const closed = (id: string) => expect(["gone", "active"]).not.toContain(stateOf(id));
        for (const id of [created.id, foundId, optionedId]) {
            if (importedOnDelete === "remove") expect(stateOf(id)).toBe("gone");
            else closed(id);
        }
    });

    test("two explicit providers, two organizations: each account in its own; rotating one provider's credentials replaces nothing; credentials appear nowhere", async () => {
        const orgA = await emulatorFor(cloud);
        const credentials =
            cloud.name === "huawei"
                ? { accessKey: "HWKEYYAMLSECOND00000", secretKey: "hw-secret-yaml-second-00000000000" }
                : { accessKeyId: "AKIAYAMLSECOND000000", secretAccessKey: "aws-secret-yaml-second-0000000000" };
        const orgB = (await emulatorFor(cloud, { credentials })) as Emulator & { credentials: Record<string, string> };
        const ours = (e: Emulator) =>
            cloud
                .accounts(e as never)
                .filter((a) => a.name.startsWith("acct-"))
                .map((a) => a.name);
        const secrets = [...cloud.secrets(orgA), ...cloud.secrets(orgB)];
        /**
         * An organization's settings as an explicit provider's properties: orgA's credentials as
         * `fn::secret`, orgB's as plain strings, kept secret by the schema's `secret` flags alone.
         */
        const providerOf = (e: Emulator): YamlResource => ({
            type: "pulumi:providers:orgaccounts",
            properties: {
                ...Object.fromEntries(
                    Object.entries(cloud.config(e as never)).map(([key, value]) => {
                        const bare = key.replace(/^orgaccounts:/, "");
                        return [bare, e === orgA && /Key|Secret|Token/.test(bare) ? { "fn::secret": value } : value];
                    }),
                ),
                pollInitialMs: 50,
                pollMaxMs: 200,
            },
        });
        const spec = (): string =>
            yamlProgramText({
                plugins: PLUGINS,
                resources: {
                    orgA: providerOf(orgA),
                    orgB: providerOf(orgB),
                    alpha: account("acct-alpha", { onDelete: "close" }, { provider: "${orgA}" }),
                    beta: account("acct-beta", { onDelete: "close" }, { provider: "${orgB}" }),
                },
                outputs: { alpha: "${alpha.accountId}", beta: "${beta.accountId}" },
            });
        // No credentials in the environment: only the explicit providers reach an organization.
        const program = await yamlProgram({ plugins: PLUGINS }, {});
        program.write(spec());
        const outputs: string[] = [];
        const run = async (result: Promise<CliResult>) => {
            const done = await result;
            outputs.push(done.output);
            return expectSuccess(done);
        };
        await run(program.up());
        expect(ours(orgA)).toEqual(["acct-alpha"]);
        expect(ours(orgB)).toEqual(["acct-beta"]);
        const before = await program.resources(typeName);

        const rotated: Record<string, string> =
            cloud.name === "huawei" ? { secretKey: "hw-secret-yaml-rotated-0000000000" } : { secretAccessKey: "aws-secret-yaml-rotated-000000000" };
        Object.assign(orgB.credentials, rotated);
        secrets.push(...Object.values(rotated));
        program.write(spec());
        const markA = orgA.requests.all().length;
        const markB = orgB.requests.all().length;
        const changed = await run(program.up());
        expect(changed.stdout).toMatch(/pulumi:providers:orgaccounts\s+orgB\s+updated/);
        expect(changed.stdout).not.toMatch(/replace/i);
        expect(writesSince(cloud, orgA, markA)).toEqual([]);
        expect(writesSince(cloud, orgB, markB)).toEqual([]);
        expect((await program.resources(typeName)).map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
        await run(program.refresh());
        expectSuccess(await run(program.up("--expect-no-changes")));

        const exported = JSON.stringify(await program.exportState());
        const stored = program
            .storedTexts()
            .map((f) => f.text)
            .join("\n");
        await run(program.destroy());
        // onDelete: close: each account closed and still listed by its organization (removal would unlist it).
        for (const e of [orgA, orgB]) {
            const states = cloud
                .accounts(e as never)
                .filter((a) => a.name.startsWith("acct-"))
                .map((a) => a.state);
            expect(states).toHaveLength(1);
            expect(states).not.toContain("active");
        }
        for (const secret of secrets) {
            expect(exported).not.toContain(secret);
            expect(stored).not.toContain(secret);
            for (const output of outputs) expect(output).not.toContain(secret);
        }
    });
});
