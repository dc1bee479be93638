// README's Quick start, followed word for word by a shell: its blocks are read from README by their
// `<!-- quickstart:NAME -->` markers, its files written as given and its commands run by bash, with
// the real Pulumi CLI and the stand-in Node.js language host (attached by scripts/pulumi-attached.js,
// as the CLI's own host is missing here) on the real host's TypeScript path: ts-node, with the
// program's own `typescript`. Only the clone is not literal: the package is packed from this
// repository, as `npm pack` in a clone would. So a Quick start that breaks (a missing `typescript`,
// a tsconfig the program's TypeScript rejects, a wrong variable name) fails here.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, expect, inject, test } from "vitest";
import { PulumiProgram, REPO_ROOT } from "../../harness/cli/workspace";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** Variables of the test's own environment that must not reach the Quick start: it sets its own. */
const INHERITED = /^(HW_|HUAWEICLOUD_|AWS_|ORG_ACCOUNTS_|PULUMI_|npm_)/;

let root: string;
let program: string;
let env: NodeJS.ProcessEnv;

/** The README block that follows `<!-- quickstart:NAME -->`, so that the test uses what users copy. */
function readmeBlock(name: string): string {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const marker = `<!-- quickstart:${name} -->`;
    const at = readme.indexOf(marker);
    expect(at, `README has "${marker}"`).toBeGreaterThan(-1);
    const block = /^```\w*\n([\s\S]*?)^```/m.exec(readme.slice(at + marker.length));
    expect(block, `a code block follows "${marker}"`).not.toBeNull();
    return block![1];
}

/** Runs README's commands with bash, stopping at the first that fails, and prints what ran. */
function shell(commands: string, cwd: string) {
    const result = spawnSync("bash", ["-c", `set -ex\n${commands}`], { cwd, env, encoding: "utf8", timeout: 400_000 });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-quickstart-"));
    const cliDir = inject("pulumiCliDir");
    // `pulumi` is the real CLI with the stand-in language host attached for up/preview/refresh/destroy.
    const bin = path.join(root, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\nexec node ${JSON.stringify(path.join(REPO_ROOT, "scripts", "pulumi-attached.js"))} "$@"\n`, { mode: 0o755 });
    env = {
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED.test(key))),
        PATH: [bin, cliDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
        PULUMI_ATTACHED_CLI: path.join(cliDir, "pulumi"),
        // The user's own PULUMI_HOME would hold plugins and a login; this one is empty, offline.
        PULUMI_HOME: path.join(root, "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // npm from its cache where it can (the lines themselves are README's), without its notices.
        npm_config_prefer_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_update_notifier: "false",
    };

    // Step 1: the clone's `npm pack`, done here on this repository (dist/ is built by `npm test`,
    // and rebuilding it here would race the other suites: --ignore-scripts).
    const clone = readmeBlock("clone");
    expect(clone).toMatch(/^git clone https:\/\/github\.com\/.+\.git$/m);
    expect(clone).toContain("cd pulumi-org-accounts && npm ci && npm pack && cd ..");
    const packDir = path.join(root, "pulumi-org-accounts");
    fs.mkdirSync(packDir);
    const packed = spawnSync(NPM, ["pack", "--ignore-scripts", "--json=false", "--pack-destination", packDir], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(packed.status, packed.stderr).toBe(0);

    // Step 2: the folder, its files, the install.
    expect(shell(readmeBlock("folder"), root).status).toBe(0);
    program = path.join(root, "accounts");
    for (const file of ["package.json", "Pulumi.yaml", "tsconfig.json", "index.ts"]) fs.writeFileSync(path.join(program, file), readmeBlock(file));
    const installed = shell(readmeBlock("install"), program);
    expect(installed.status, installed.output).toBe(0);
    // Warnings from the package's own install scripts (it has none); others' (protobufjs) are not ours.
    expect(installed.output).not.toMatch(/pulumi-org-accounts@[\d.]+ \(/);
}, 300_000);

afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("README's Quick start, word for word: TypeScript through ts-node, up and destroy against the emulators", () => {
    // Steps 3 and 4 in one shell, as a user types them: the emulators' variables live in it.
    const started = Date.now();
    const run = shell(`${readmeBlock("stack")}\n${readmeBlock("up")}`, program);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/\+ +pulumi-nodejs:dynamic\/orgaccounts:HuaweiAccount +sandbox +created/);
    expect(run.output).toMatch(/\+ +pulumi-nodejs:dynamic\/orgaccounts:AwsAccount +workloads +created/);
    expect(run.output).toMatch(/moving account [0-9a-f]{32} from r-\w+ to ou-\w+/);
    expect(run.output).toMatch(/moving account \d{12} from r-\w+ to ou-\w+-\w+/);
    expect(run.output).toMatch(/sandboxAccountId\s*: "[0-9a-f]{32}"/);
    expect(run.output).toMatch(/workloadsAccountId\s*: "\d{12}"/);
    expect(run.output).toMatch(/- +pulumi-nodejs:dynamic\/orgaccounts:HuaweiAccount +sandbox +deleted/);
    expect(run.output).toMatch(/- +pulumi-nodejs:dynamic\/orgaccounts:AwsAccount +workloads +deleted/);
    expect(run.output).toMatch(/Resources:\s+- 3 deleted/);
    // The state is where README says.
    expect(fs.existsSync(path.join(program, ".pulumi", "stacks", "accounts", "dev.json"))).toBe(true);
    // The time a first creation takes with the emulators' poll schedule (reported, not asserted: the machine is shared).
    const creations = [...run.output.matchAll(/(HuaweiAccount|AwsAccount) "[^"]+": account creation \S+ succeeded: account \w+ \((\d+)s\)/g)].map((m) => `${m[1]} ${m[2]} s`);
    const durations = [...run.output.matchAll(/pulumi-attached: pulumi (up|destroy) took ([\d.]+) s/g)].map((m) => `${m[1]} ${m[2]} s`);
    console.log(`Quick start: creations ${[...new Set(creations)].join(", ")}; ${durations.join(", ")}; steps 3-4 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);

// The next tests use the Quick start's folder (installed by beforeAll) with a stack of their own.
const original: Record<string, string> = {};
function change(file: string, text: string): void {
    original[file] ??= fs.readFileSync(path.join(program, file), "utf8");
    fs.writeFileSync(path.join(program, file), text);
}
afterEach(() => {
    for (const [file, text] of Object.entries(original)) fs.writeFileSync(path.join(program, file), text);
    for (const file of Object.keys(original)) delete original[file];
});

async function preview(): Promise<string> {
    // A stack of its own (the Quick start's `dev` has its own passphrase), removed with its settings file.
    const pulumi = await PulumiProgram.create({
        cliDir: inject("pulumiCliDir"),
        programDir: program,
        stack: "check",
        env: {
            ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "true",
            HW_ACCESS_KEY: "x",
            HW_SECRET_KEY: "y",
            AWS_ACCESS_KEY_ID: "x",
            AWS_SECRET_ACCESS_KEY: "y",
            AWS_REGION: "us-east-1",
        },
    });
    try {
        return (await pulumi.preview()).output;
    } finally {
        pulumi.remove();
        fs.rmSync(path.join(program, "Pulumi.check.yaml"), { force: true });
    }
}

const TYPE_ERROR = `import { AwsAccount } from "pulumi-org-accounts";\nnew AwsAccount("x", { name: "x", email: "x@example.com", onDelete: "delete" });\n`;

test("the program is type-checked as it runs (ts-node with the program's own TypeScript, as the real host does by default): a wrong input fails `pulumi preview`", async () => {
    const tsc = spawnSync(path.join(program, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."], { cwd: program, encoding: "utf8" });
    expect(tsc.status, tsc.stdout).toBe(0);
    change("index.ts", TYPE_ERROR);
    const output = await preview();
    expect(output).toContain("Unable to compile TypeScript");
    expect(output).toContain(`Type '"delete"' is not assignable to type`);
});

test("Pulumi.yaml's `typescript: false` runs the file with Node alone (its type stripping: no type check), and `tsconfig` names the file ts-node reads", async () => {
    change("index.ts", TYPE_ERROR);
    change("Pulumi.yaml", "name: accounts\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    const stripped = await preview();
    expect(stripped).not.toContain("Unable to compile TypeScript");
    // it ran: the provider's own check refuses the value the types would have
    expect(stripped).toContain('onDelete: must be "close", "remove" or "retain", not "delete"');

    change("Pulumi.yaml", "name: accounts\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.build.json\n");
    expect(await preview()).toContain("tsconfig path was set to tsconfig.build.json but the file was not found");
});
