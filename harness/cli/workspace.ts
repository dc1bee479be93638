// A user's Pulumi program, run by the real Pulumi CLI: generated in a temporary folder with
// `Pulumi.yaml`, `package.json` and `node_modules` linking this package (as `npm link` would) and
// the same @pulumi/pulumi, an isolated PULUMI_HOME and file backend, and a passphrase for secrets.
// `up`, `preview`, `refresh` and `destroy` attach the CLI to scripts/nodejs-language-host.js, the
// stand-in for the Node.js language host (see there); every other command is the CLI alone.
// YAML programs (harness/cli/yamlProgram.ts) share this workspace and run the real YAML host.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const LANGUAGE_HOST = path.join(REPO_ROOT, "scripts", "nodejs-language-host.js");
/** The @pulumi/pulumi this repository installs (its real folder), which generated programs link. */
export const PULUMI_PACKAGE_DIR = path.dirname(fs.realpathSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json")));
export const PASSPHRASE = "org-accounts-test-passphrase";
/** Variables of the test's own environment that must not reach the provider: only what a test sets does. */
const INHERITED_CREDENTIALS = /^(HW_|HUAWEICLOUD_|AWS_|ORG_ACCOUNTS_|PULUMI_)/;
const PRELUDE = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { HuaweiAccount, AwsAccount } = require("pulumi-org-accounts");
const config = new pulumi.Config();
`;

export interface CliResult {
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** stdout and stderr, as a user would read them in a terminal. */
    output: string;
}

export interface ProgramOptions {
    /** Folder holding `pulumi` (from the global setup: `inject("pulumiCliDir")`). */
    cliDir: string;
    /** More folders on PATH, before the CLI's: the CLI takes a bundled plugin (a language host) from PATH before its own folder. */
    path?: string[];
    /** Environment for the CLI and, through it, the plugin host (emulator endpoints, credentials, poll schedule). */
    env?: Record<string, string>;
    project?: string;
    stack?: string;
    /** Program body (CommonJS); `pulumi`, `HuaweiAccount`, `AwsAccount` and `config` are in scope. */
    source?: string;
    /** An existing program folder (with its Pulumi.yaml and node_modules) instead of a generated one. */
    programDir?: string;
}

/** A running CLI command, for tests that interrupt it. */
export interface RunningCli {
    child: ChildProcess;
    /** Resolves when a line of output matches. */
    waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
    done: Promise<CliResult>;
}

const LANGUAGE_COMMANDS = new Set(["up", "preview", "refresh", "destroy"]);

export class PulumiProgram {
    readonly dir: string;
    readonly project: string;
    readonly stack: string;
    protected readonly root: string;
    private readonly env: NodeJS.ProcessEnv;

    protected constructor(private readonly options: ProgramOptions) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-cli-"));
        this.dir = options.programDir ?? path.join(this.root, "program");
        this.project = options.project ?? "vending";
        this.stack = options.stack ?? "dev";
        const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED_CREDENTIALS.test(key)));
        this.env = {
            ...inherited,
            PATH: [...(options.path ?? []), options.cliDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
            PULUMI_HOME: path.join(this.root, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.root, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            ...options.env,
        };
    }

    /** Writes the program folder and creates its stack. */
    static async create(options: ProgramOptions): Promise<PulumiProgram> {
        const program = new PulumiProgram(options);
        fs.mkdirSync(path.join(program.root, "state"));
        if (!options.programDir) program.scaffold();
        if (options.source !== undefined) program.write(options.source);
        await program.cli(["stack", "init", program.stack]).then(expectSuccess);
        return program;
    }

    protected scaffold(): void {
        fs.mkdirSync(path.join(this.dir, "node_modules", "@pulumi"), { recursive: true });
        fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${this.project}\nruntime: nodejs\ndescription: a generated test program\n`);
        const pulumiVersion = (JSON.parse(fs.readFileSync(path.join(PULUMI_PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version;
        const dependencies = { "@pulumi/pulumi": pulumiVersion, "pulumi-org-accounts": `file:${REPO_ROOT}` };
        fs.writeFileSync(path.join(this.dir, "package.json"), JSON.stringify({ name: this.project, main: "index.js", dependencies }, null, 2));
        fs.symlinkSync(REPO_ROOT, path.join(this.dir, "node_modules", "pulumi-org-accounts"), "dir");
        fs.symlinkSync(PULUMI_PACKAGE_DIR, path.join(this.dir, "node_modules", "@pulumi", "pulumi"), "dir");
    }

    /** Replaces the program's body. */
    write(source: string): void {
        fs.writeFileSync(path.join(this.dir, "index.js"), PRELUDE + source);
    }

    /** Runs one CLI command to its end. */
    async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
        return this.start(args, extraEnv).then((running) => running.done);
    }

    up(...args: string[]): Promise<CliResult> {
        return this.cli(["up", "--yes", "--skip-preview", ...args]);
    }
    preview(...args: string[]): Promise<CliResult> {
        return this.cli(["preview", ...args]);
    }
    refresh(...args: string[]): Promise<CliResult> {
        return this.cli(["refresh", "--yes", "--skip-preview", ...args]);
    }
    destroy(...args: string[]): Promise<CliResult> {
        return this.cli(["destroy", "--yes", "--skip-preview", ...args]);
    }
    /**
     * `pulumi import <type> <name> <id>`, by the CLI alone: it generates the program's code with the runtime's language host,
     * which a YAML program has; a Node.js program passes `--generate-code=false` (the stand-in host is not attached here).
     */
    import(type: string, name: string, id: string, ...args: string[]): Promise<CliResult> {
        return this.cli(["import", type, name, id, "--yes", ...args]);
    }

    async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
        expectSuccess(await this.cli(["config", "set", ...(options.secret ? ["--secret"] : []), key, value]));
    }

    /** `pulumi stack export`: the deployment as stored. */
    async exportState(options: { showSecrets?: boolean } = {}): Promise<StackExport> {
        const result = expectSuccess(await this.cli(["stack", "export", ...(options.showSecrets ? ["--show-secrets"] : [])]));
        return JSON.parse(result.stdout) as StackExport;
    }

    /** The stack's outputs. */
    async outputs(): Promise<Record<string, unknown>> {
        return JSON.parse(expectSuccess(await this.cli(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
    }

    /** The state's resources of a type (the last segment of the type token, e.g. "HuaweiAccount"). */
    async resources(type: string): Promise<StateResource[]> {
        const state = await this.exportState({ showSecrets: true });
        return (state.deployment.resources ?? []).filter((r) => r.type.endsWith(`:${type}`));
    }

    /** Starts a CLI command and returns at once, for tests that signal or kill it. */
    async start(args: string[], extraEnv: Record<string, string> = {}): Promise<RunningCli> {
        const host = await this.attachLanguageHost(args, { ...this.env, ...extraEnv });
        const fullArgs = [...args, "--non-interactive", "--color=never", ...(host ? [`--client=127.0.0.1:${host.port}`] : [])];
        const child = spawn(path.join(this.options.cliDir, "pulumi"), fullArgs, { cwd: this.dir, env: { ...this.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const watchers: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
        const onText = (text: string) => {
            for (const line of text.split("\n")) {
                for (const watcher of watchers.filter((w) => w.pattern.test(line))) {
                    watchers.splice(watchers.indexOf(watcher), 1);
                    watcher.resolve(line);
                }
            }
        };
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            onText(chunk.toString());
        });
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            onText(chunk.toString());
        });
        const done = new Promise<CliResult>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (status, signal) => {
                host?.stop();
                resolve({ status, signal, stdout, stderr, output: `${stdout}\n${stderr}` });
            });
        });
        const waitForOutput = (pattern: RegExp, timeoutMs = 50_000) =>
            new Promise<string>((resolve, reject) => {
                const existing = `${stdout}\n${stderr}`.split("\n").find((line) => pattern.test(line));
                if (existing) return resolve(existing);
                const fail = (why: string) => () => reject(new Error(`no output line matched ${pattern}: ${why}:\n${stdout}\n${stderr}`));
                const timer = setTimeout(fail(`not within ${timeoutMs} ms`), timeoutMs);
                void done.then(fail("the CLI exited"));
                watchers.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
            });
        return { child, waitForOutput, done };
    }

    /** The language host a command is attached to (`--client`), if any: the stand-in Node.js host for the commands that run the program. */
    protected attachLanguageHost(args: string[], env: NodeJS.ProcessEnv): Promise<{ port: number; stop(): void } | undefined> {
        return LANGUAGE_COMMANDS.has(args[0]) ? startLanguageHost(this.dir, env) : Promise.resolve(undefined);
    }

    /** Every file under this program's PULUMI_HOME and backend (logs, checkpoints, history), as text. */
    storedTexts(): Array<{ file: string; text: string }> {
        const texts: Array<{ file: string; text: string }> = [];
        const visit = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory() && entry.name !== "node_modules") visit(file);
                else if (entry.isFile()) texts.push({ file, text: fs.readFileSync(file, "utf8") });
            }
        };
        for (const dir of ["home", "state"]) if (fs.existsSync(path.join(this.root, dir))) visit(path.join(this.root, dir));
        return texts;
    }

    remove(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    initErrors?: string[];
    protect?: boolean;
    retainOnDelete?: boolean;
    delete?: boolean;
    pendingReplacement?: boolean;
}

export interface StackExport {
    deployment: { resources?: StateResource[]; pending_operations?: Array<{ resource: StateResource; type: string }> };
}

/** Kills a process and everything it started (the CLI's plugins run in process groups of their own). */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            // "pid (comm) state ppid ...": comm may contain spaces, so read after the last ")".
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // the process ended meanwhile
        }
    }
    const all: number[] = [];
    const visit = (p: number) => {
        all.push(p);
        for (const child of children.get(p) ?? []) visit(child);
    };
    visit(pid);
    for (const p of all) {
        try {
            process.kill(p, signal);
        } catch {
            // already gone
        }
    }
}

export function expectSuccess(result: CliResult): CliResult {
    if (result.status !== 0) throw new Error(`pulumi exited with ${result.status ?? result.signal}:\n${result.output}`);
    return result;
}

async function startLanguageHost(programDir: string, env: NodeJS.ProcessEnv): Promise<{ port: number; stop(): void }> {
    const child = spawn(process.execPath, [LANGUAGE_HOST, programDir], { cwd: programDir, env, stdio: ["ignore", "pipe", "ignore"] });
    const firstLine = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once("line", (line) => {
            resolve(line);
            lines.on("line", () => undefined); // keep draining
        });
        child.once("exit", (code) => reject(new Error(`the language host exited with ${code} before listening`)));
    });
    return { port: (JSON.parse(firstLine) as { port: number }).port, stop: () => child.kill("SIGTERM") };
}
