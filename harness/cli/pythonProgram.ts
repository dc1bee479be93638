// A user's Pulumi Python program, run by the real Pulumi CLI and the stand-in Python language host
// (scripts/python-language-host.js, which the CLI finds on PATH as `pulumi-language-python`): the
// same isolated workspace as the other programs (workspace.ts), the program folder copied from
// `source` (examples/python by default), its Pulumi.yaml's `virtualenv` pointed at the cached
// environment built from the lockfile (scripts/python-venv.js), and the native plugin's folder named
// in `plugins: providers:`. The typed SDK is the wheel `buildSdkWheel` builds and installs.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiProgram, REPO_ROOT, expectSuccess, type ProgramOptions } from "./workspace";
import { usePlugin } from "../plugin/nativePlugin";
import { buildRelease } from "./release";

const require = createRequire(import.meta.url);
const { ensurePythonVenv } = require("../../scripts/python-venv.js") as { ensurePythonVenv: () => { dir: string; python: string; created: boolean; ms?: number } };

export const PYTHON_EXAMPLE = path.join(REPO_ROOT, "examples", "python");
const HOST = path.join(REPO_ROOT, "scripts", "python-language-host.js");

export interface PythonEnvironment {
    dir: string;
    python: string;
    /** The `pulumi-language-python` wrapper's folder, to put first on PATH. */
    hostDir: string;
    /** The SDK wheel installed into the environment. */
    wheel: string;
    /** Milliseconds: creating (or reusing) the environment, generating the SDK, building and installing its wheel. */
    timings: { venvMs: number; venvCreated: boolean; wheelMs: number; installMs: number };
    remove(): void;
}

function run(command: string, args: string[], what: string): string {
    const result = spawnSync(command, args, { encoding: "utf8", timeout: 300_000 });
    if (result.error) throw new Error(`${what}: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
}

/**
 * The cached virtual environment with the Python SDK's wheel as `npm run release` builds it (from
 * sdk/python, what `npm run sdk` generates from the schema) installed from that file (the
 * environment's locked packages stay; only pulumi_orgaccounts is replaced), and a
 * `pulumi-language-python` wrapper. Fails, never skips, when python3 is missing.
 */
export async function pythonEnvironment(): Promise<PythonEnvironment> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-python-"));
    let at = performance.now();
    const lap = () => {
        const ms = Math.round(performance.now() - at);
        at = performance.now();
        return ms;
    };
    const venv = ensurePythonVenv();
    const venvMs = lap();

    const dist = path.join(work, "dist");
    fs.mkdirSync(dist);
    const wheel = await buildRelease("python", dist);
    const wheelMs = lap();
    run(venv.python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--force-reinstall", wheel], `pip install ${path.basename(wheel)}`);
    const installMs = lap();

    const hostDir = path.join(work, "bin");
    fs.mkdirSync(hostDir);
    fs.writeFileSync(path.join(hostDir, "pulumi-language-python"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(HOST)} "$@"\n`, { mode: 0o755 });
    return {
        dir: venv.dir,
        python: venv.python,
        hostDir,
        wheel,
        timings: { venvMs, venvCreated: venv.created, wheelMs, installMs },
        remove: () => fs.rmSync(work, { recursive: true, force: true }),
    };
}

export interface PythonProgramOptions extends ProgramOptions {
    environment: PythonEnvironment;
    /** The program folder to copy (default examples/python). */
    source?: string;
}

export class PythonProgram extends PulumiProgram {
    private constructor(options: PythonProgramOptions) {
        super({ ...options, source: undefined, path: [options.environment.hostDir, ...(options.path ?? [])] });
    }

    /** Copies the program, points it at the environment and the plugin, and creates its stack. */
    static async create(options: PythonProgramOptions): Promise<PythonProgram> {
        const program = new PythonProgram(options);
        fs.mkdirSync(path.join(program.root, "state"));
        fs.cpSync(options.source ?? PYTHON_EXAMPLE, program.dir, { recursive: true, filter: (file) => !/(__pycache__|[\\/]venv)$/.test(file) });
        const project = path.join(program.dir, "Pulumi.yaml");
        fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace(/virtualenv: .*/, `virtualenv: ${options.environment.dir}`));
        usePlugin(program);
        await program.cli(["stack", "init", program.stack]).then(expectSuccess);
        return program;
    }

    /** Replaces the program's `__main__.py`. */
    override write(source: string): void {
        fs.writeFileSync(path.join(this.dir, "__main__.py"), source);
    }

    /** The CLI starts `pulumi-language-python` from PATH itself: nothing to attach. */
    protected override attachLanguageHost(): Promise<undefined> {
        return Promise.resolve(undefined);
    }
}
