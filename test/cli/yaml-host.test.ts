// YAML programs run through the real Pulumi CLI and the real YAML language host (pulumi-yaml,
// built by scripts/pulumi-cli.js beside the CLI; the global setup fails the run when it cannot be
// had), with no attached stand-in: config, `fn::secret` and outputs as a user reads them, and a
// provider plugin taken from a local folder named in Pulumi.yaml (`plugins: providers:` and
// `packages:`) or installed into the plugin cache from a tarball, here the fixture
// harness/cli/echoPlugin.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, inject, test } from "vitest";
import { REPO_ROOT, expectSuccess } from "../../harness/cli/workspace";
import { ECHO_PLUGIN, YamlProgram, type YamlProgramSpec } from "../../harness/cli/yamlProgram";

const programs: YamlProgram[] = [];
afterEach(() => {
    for (const program of programs.splice(0)) program.remove();
});

async function yamlProgram(spec: YamlProgramSpec, env: Record<string, string> = {}): Promise<YamlProgram> {
    const program = await YamlProgram.create({ cliDir: inject("pulumiCliDir"), yamlHostDir: inject("pulumiYamlHostDir"), spec, env });
    programs.push(program);
    return program;
}

describe("a YAML program through the real CLI and YAML host", () => {
    test("is run by the built pulumi-language-yaml, whose errors point at the line of Pulumi.yaml", async () => {
        const program = await yamlProgram({ outputs: { owner: "${nobody}" } });
        const about = expectSuccess(await program.cli(["about"]));
        expect(about.stdout).toMatch(/This project is written in yaml/);
        expect(about.stdout).toMatch(/^language\s+yaml\s+1\.25\.0\s*$/m);

        const preview = await program.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.stdout).toContain('error: resource or variable named "nobody" could not be found');
        expect(preview.stdout).toMatch(/on Pulumi\.yaml line \d+:\s*\n\s*\d+:\s+owner: "\$\{nobody\}"/);
    });

    test("reads its config (a missing key stops the run), keeps a fn::secret secret, and `stack output` shows its outputs", async () => {
        const program = await yamlProgram({
            config: { team: { type: "string" }, budget: { type: "integer", default: 5 } },
            variables: { label: "${team}-accounts" },
            outputs: { label: "${label}", budget: "${budget}", token: { "fn::secret": "s3cr3t-${team}" } },
        });

        const missing = await program.up();
        expect(missing.status).not.toBe(0);
        expect(missing.output).toContain("Stack 'dev' is missing configuration value 'team'");

        await program.setConfig("team", "platform");
        const up = expectSuccess(await program.up());
        expect(up.stdout).toMatch(/Outputs:/);
        expect(up.stdout).toMatch(/label\s*:\s*"platform-accounts"/);
        expect(up.stdout).toMatch(/token\s*:\s*\[secret\]/);
        expect(up.stdout).not.toContain("s3cr3t-platform");

        expect(expectSuccess(await program.output("label")).stdout.trim()).toBe("platform-accounts");
        expect(expectSuccess(await program.output("budget")).stdout.trim()).toBe("5");
        expect(expectSuccess(await program.output("token")).stdout.trim()).toBe("[secret]");
        expect(expectSuccess(await program.output("token", { showSecrets: true })).stdout.trim()).toBe("s3cr3t-platform");
        const exported = JSON.stringify(await program.exportState());
        expect(exported).not.toContain("s3cr3t-platform");
    });
});

/** After the program's creation, before its first run: puts the plugin where the route needs it. */
type Install = (program: YamlProgram, scratch: string) => Promise<void>;

describe.each<[string, YamlProgramSpec, Install]>([
    ["its folder named in Pulumi.yaml's `plugins: providers:`", { plugins: [{ name: ECHO_PLUGIN.name, path: ECHO_PLUGIN.dir }] }, () => Promise.resolve()],
    ["its folder named in Pulumi.yaml's `packages:`", { packages: { [ECHO_PLUGIN.name]: ECHO_PLUGIN.dir } }, () => Promise.resolve()],
    [
        "the plugin cache, after `pulumi plugin install resource yamlecho 0.0.1 --file <tarball>`",
        {},
        async (program, scratch) => {
            const tarball = path.join(scratch, "yamlecho.tgz");
            execFileSync("tar", ["-czf", tarball, "-C", ECHO_PLUGIN.dir, "."]);
            const installed = expectSuccess(await program.installPlugin(ECHO_PLUGIN.name, ECHO_PLUGIN.version, tarball));
            expect(installed.output).toContain("[resource plugin yamlecho-0.0.1] installing");
            expect(expectSuccess(await program.cli(["plugin", "ls"])).stdout).toMatch(/^yamlecho\s+resource\s+0\.0\.1\s/m);
        },
    ],
])("a provider plugin from %s", (_route, pluginSection, install) => {
    test("runs the resource through the plugin: preview, up with the provider's config, an update, refresh, import with generated YAML, destroy", async () => {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "yamlecho-"));
        const callLog = path.join(scratch, "calls.jsonl");
        const calls = () =>
            fs.existsSync(callLog)
                ? fs
                      .readFileSync(callLog, "utf8")
                      .trim()
                      .split("\n")
                      .map((line) => JSON.parse(line) as { method: string; greeting?: string })
                : [];
        const spec = (message: string): YamlProgramSpec => ({
            ...pluginSection,
            resources: { hello: { type: ECHO_PLUGIN.type, properties: { message } } },
            outputs: { greeting: "${hello.greeting}", echoId: "${hello.id}" },
        });
        const program = await yamlProgram(spec("world"), { [ECHO_PLUGIN.callLogVariable]: callLog, NODE_PATH: path.join(REPO_ROOT, "node_modules") });
        await install(program, scratch);
        await program.setConfig(`${ECHO_PLUGIN.name}:greeting`, "Bonjour");

        const preview = expectSuccess(await program.preview());
        expect(preview.stdout).toMatch(/\+\s+yamlecho:index:Echo\s+hello\s+create/);
        expect(calls().map((c) => c.method)).not.toContain("Create");

        const up = expectSuccess(await program.up());
        expect(up.stdout).toMatch(/\+\s+yamlecho:index:Echo\s+hello\s+created/);
        expect(up.stdout).toMatch(/greeting\s*:\s*"Bonjour, world"/);
        expect(
            calls()
                .filter((c) => c.method === "Configure")
                .map((c) => c.greeting),
        ).toContain("Bonjour");
        const [echo] = await program.resources("Echo");
        expect(echo).toMatchObject({ type: ECHO_PLUGIN.type, inputs: { message: "world" }, outputs: { message: "world", greeting: "Bonjour, world" } });
        expect((await program.outputs()).echoId).toBe(echo.id);

        program.write(spec("moon"));
        const update = expectSuccess(await program.up());
        expect(update.stdout).toMatch(/~\s+yamlecho:index:Echo\s+hello\s+updated/);
        expect((await program.outputs()).greeting).toBe("Bonjour, moon");

        const refresh = expectSuccess(await program.refresh());
        expect(refresh.stdout).toMatch(/Resources:[\s\S]*unchanged/);
        expect(calls().map((c) => c.method)).toContain("Read");

        const imported = expectSuccess(await program.import(ECHO_PLUGIN.type, "found", "echo-elsewhere", "--protect=false"));
        expect(imported.stdout).toMatch(/=\s+yamlecho:index:Echo\s+found\s+imported/);
        expect(imported.stdout).toContain(["resources:", "  found:", "    type: yamlecho:Echo", "    properties:", "      message: imported echo-elsewhere"].join("\n"));
        expect((await program.resources("Echo")).map((r) => [r.id, r.inputs])).toContainEqual(["echo-elsewhere", { message: "imported echo-elsewhere" }]);

        const destroy = expectSuccess(await program.destroy());
        expect(destroy.stdout).toMatch(/-\s+yamlecho:index:Echo\s+hello\s+deleted/);
        expect(destroy.stdout).toMatch(/-\s+yamlecho:index:Echo\s+found\s+deleted/);
        expect(await program.resources("Echo")).toEqual([]);
        fs.rmSync(scratch, { recursive: true, force: true });
    });
});
