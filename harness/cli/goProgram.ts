// A user's Pulumi Go program, run by the real Pulumi CLI and the stand-in Go language host
// (scripts/go-language-host.js, which the CLI finds on PATH as `pulumi-language-go`): the same
// isolated workspace as the other programs (workspace.ts), the program folder copied from `source`
// (examples/go by default), its go.mod's `replace` pointed at a copy of the Go SDK module folder
// (what `npm run release` ships as go/), and the native plugin's folder named in `plugins: providers:`.
// Go's own build cache (GOCACHE) and module cache are used; go.sum is complete, so the build
// downloads nothing that is not already cached (or served by the machine's module proxy).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiProgram, REPO_ROOT, expectSuccess, type ProgramOptions } from "./workspace";
import { usePlugin } from "../plugin/nativePlugin";
import { buildRelease } from "./release";

export const GO_EXAMPLE = path.join(REPO_ROOT, "examples", "go");
const HOST = path.join(REPO_ROOT, "scripts", "go-language-host.js");
const SDK_MODULE = "github.com/pulumi-org-accounts/pulumi-org-accounts/sdk/go";

export interface GoEnvironment {
    /** The Go SDK module folder the programs' go.mod `replace` names. */
    sdk: string;
    /** The `pulumi-language-go` wrapper's folder, to put first on PATH. */
    hostDir: string;
    goVersion: string;
    /** Milliseconds: `go build` of the example program (warms the build cache for the tests). */
    timings: { buildMs: number };
    remove(): void;
}

function go(args: string[], what: string, cwd?: string): string {
    const result = spawnSync("go", args, { encoding: "utf8", cwd, timeout: 600_000 });
    if (result.error) throw new Error(`${what}: cannot run \`go\` (${result.error.message}). Install Go (https://go.dev/dl/) and put it on PATH: the Go program tests need it.`);
    if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
}

/** Points a program's go.mod at the SDK module folder. */
function pointAtSdk(programDir: string, sdk: string): void {
    const file = path.join(programDir, "go.mod");
    const text = fs.readFileSync(file, "utf8");
    const replaced = text.replace(new RegExp(`^replace ${SDK_MODULE.replace(/[.]/g, "\\.")} => .*$`, "m"), `replace ${SDK_MODULE} => ${sdk}`);
    if (replaced === text) throw new Error(`${file} has no \`replace ${SDK_MODULE} => ...\` line`);
    fs.writeFileSync(file, replaced);
}

/**
 * The Go SDK module as `npm run release` ships it (go/, a copy of sdk/go), the example
 * program built once with it (timed), and a `pulumi-language-go` wrapper. Fails, never skips, when
 * Go is missing.
 */
export async function goEnvironment(): Promise<GoEnvironment> {
    const goVersion = go(["version"], "go version").trim();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-go-"));
    const sdk = await buildRelease("go", work);

    const example = path.join(work, "example");
    fs.cpSync(GO_EXAMPLE, example, { recursive: true });
    pointAtSdk(example, sdk);
    const at = performance.now();
    go(["build", "-mod=readonly", "-o", path.join(work, "example-program"), "."], "go build of examples/go", example);
    const buildMs = Math.round(performance.now() - at);

    const hostDir = path.join(work, "bin");
    fs.mkdirSync(hostDir);
    fs.writeFileSync(path.join(hostDir, "pulumi-language-go"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(HOST)} "$@"\n`, { mode: 0o755 });
    return { sdk, hostDir, goVersion, timings: { buildMs }, remove: () => fs.rmSync(work, { recursive: true, force: true }) };
}

export interface GoProgramOptions extends ProgramOptions {
    environment: GoEnvironment;
    /** The program folder to copy (default examples/go). */
    source?: string;
}

export class GoProgram extends PulumiProgram {
    private constructor(options: GoProgramOptions) {
        super({ ...options, source: undefined, path: [options.environment.hostDir, ...(options.path ?? [])] });
    }

    /** Copies the program, points it at the SDK module and the plugin, and creates its stack. */
    static async create(options: GoProgramOptions): Promise<GoProgram> {
        const program = new GoProgram(options);
        fs.mkdirSync(path.join(program.root, "state"));
        fs.cpSync(options.source ?? GO_EXAMPLE, program.dir, { recursive: true });
        pointAtSdk(program.dir, options.environment.sdk);
        usePlugin(program);
        await program.cli(["stack", "init", program.stack]).then(expectSuccess);
        return program;
    }

    /** Replaces the program's `main.go`. */
    override write(source: string): void {
        fs.writeFileSync(path.join(this.dir, "main.go"), source);
    }

    /** The CLI starts `pulumi-language-go` from PATH itself: nothing to attach. */
    protected override attachLanguageHost(): Promise<undefined> {
        return Promise.resolve(undefined);
    }
}
