// (2b) of `npm run bench`: one fleet through the REAL Pulumi CLI, to confirm the simulated feed of
// (2) (bench/run.ts's `feed()` through the gRPC client of harness/pluginHost). One `pulumi up` of a program
// declaring N accounts of one cloud, at the CLI's default --parallel, against that cloud's emulator
// with the settings the caller gives (the same as the simulated fleet's), after a first `pulumi up`
// of 3 accounts that gives the organization the same history the simulated fleet's warm-up gives.
//
// It runs through the CLI test harness (harness/cli/worldAt.ts, harness/cli/workspace.ts), with the CLI
// folder from scripts/pulumi-cli.js, found or built as the tests' global setup does.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type { Cloud, Emulator } from "../harness/pluginHost/clouds";
import { killTree, type CliResult, type PulumiProgram } from "../harness/cli/workspace";
import { startCliWorldAt } from "../harness/cli/worldAt";
import { usePlugin } from "../harness/plugin/nativePlugin";
import { countByOperation, now, progress, r0, r2 } from "./util";

export interface CliFleetOptions {
    /** The emulator's creation time (the simulated fleet's FLEET_DELAY). */
    creationDelayMs: number;
    /** Creations in progress the cloud allows; only for the bound, ceil(N / quota) × creation time. */
    quota: number;
    /** The plugin host's environment (time scale and poll settings), as the simulated fleet's. */
    env: Record<string, string>;
    /** More options of the cloud's emulator, as the simulated fleet's. */
    emulator: Record<string, unknown>;
    /** The folder holding `pulumi`; default scripts/pulumi-cli.js's, found or built. */
    cliDir?: string;
    /** Creations before the measured up (one first `pulumi up`); default 3. */
    warmups?: number;
    /** Longest time one `pulumi up` may take before it is killed and the bench fails; default 10 min. */
    upTimeoutMs?: number;
    /**
     * The provider the program uses: the dynamic resource classes (default), or the native plugin
     * (bin/pulumi-resource-orgaccounts, named in Pulumi.yaml's `plugins: providers:`), the program
     * declaring the accounts by token with `pulumi.CustomResource`, as test/plugin/cli.test.ts does.
     */
    through?: "dynamic" | "plugin";
}

export interface CliFleet {
    cloud: string;
    /** The dynamic provider or the native plugin. */
    through: "dynamic" | "plugin";
    n: number;
    quota: number;
    /** The CLI's own default --parallel (none is passed), as `pulumi up --help` states it. */
    parallel: number;
    creationDelayMs: number;
    warmupCreations: number;
    /** The measured `pulumi up`, spawn to exit (the language host the harness attaches included). */
    wallMs: number;
    boundMs: number;
    wallOverBound: number;
    /** The first CreateAccount the emulator received to the last creation's completion (service time). */
    creationSpanMs: number;
    creationSpanOverBound: number;
    /** From the up's start to the first CreateAccount: CLI start-up, the program, the plugin host, Check. */
    beforeFirstCreateMs: number;
    /** From the last creation's completion to the up's exit: the last reads, the state written, exit. */
    afterLastCompletionMs: number;
    /** Declared accounts the up did not leave in the stack's state. */
    failed: number;
    /** CreateAccount requests the emulator refused (or that ended without an answer). */
    createAccountRefused: number;
    /** Accounts of the fleet in the emulated organization after the up (must be N). */
    accountsCreated: number;
    duplicates: number;
    requests: number;
    callsPerAccount: number;
    callsPerAccountByOperation: Record<string, number>;
}

export const CLI_FLEET_DEFINITION =
    "one `pulumi up` of a program declaring N accounts through the real Pulumi CLI at its default --parallel (test/cli harness), after a first up of 3 accounts (warm-up, history); " +
    "the emulator and plugin-host settings of the simulated fleet; creationSpan = the first CreateAccount received to the last creation's completion (the service's time); " +
    "calls counted from a mark taken after the warm-up; the simulated feed run beside it at the same N and parallelism; " +
    "the plugin rows: the same up with the accounts declared by token (pulumi.CustomResource) and served by the native plugin (bin/pulumi-resource-orgaccounts, named in Pulumi.yaml's plugins: providers:), run right after the dynamic provider's of the same cloud";

let cliDirCache: string | undefined;

/**
 * The folder holding the real `pulumi`: on PATH, cached, or built now (a cold build takes minutes).
 * Throws a plain message when it cannot be had (e.g. no Go to build it).
 */
export function pulumiCliDir(): string {
    if (cliDirCache) return cliDirCache;
    const { ensurePulumiCli } = createRequire(import.meta.url)("../scripts/pulumi-cli.js") as { ensurePulumiCli: () => { dir: string; version: string; source: string } };
    try {
        const cli = ensurePulumiCli();
        progress(`the Pulumi CLI v${cli.version} (${cli.source}): ${cli.dir}`);
        cliDirCache = cli.dir;
        return cli.dir;
    } catch (error) {
        throw new Error(`bench (2b) needs the real Pulumi CLI and could not get it (scripts/pulumi-cli.js): ${(error as Error).message}`, { cause: error });
    }
}

/** The CLI's default --parallel, read from `pulumi up --help` ("(default 8)": 4 × the CPUs Go sees). */
function defaultParallel(cliDir: string): number {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-bench-home-"));
    try {
        const help = spawnSync(path.join(cliDir, "pulumi"), ["up", "--help"], {
            encoding: "utf8",
            timeout: 60_000,
            env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
        });
        const line = help.stdout?.split("\n").find((l) => /--parallel\b/.test(l));
        const match = line && /\(default (\d+)\)/.exec(line);
        if (!match) throw new Error(`bench (2b): no default --parallel in \`pulumi up --help\` (exit ${help.status ?? help.signal}): ${line ?? help.stderr}`);
        return Number(match[1]);
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

/** `pulumi up --yes --skip-preview`, killed (with its plugins) and failed if it outlasts `timeoutMs`. */
async function up(program: PulumiProgram, what: string, timeoutMs: number): Promise<CliResult> {
    const running = await program.start(["up", "--yes", "--skip-preview"]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const result = await Promise.race([running.done, timedOut]);
    clearTimeout(timer);
    if (result === "timeout") {
        killTree(running.child.pid!);
        const done = await running.done;
        throw new Error(`bench (2b): ${what} did not end within ${timeoutMs / 1000} s; killed. Its output:\n${tail(done.output)}`);
    }
    return result;
}

const tail = (text: string, lines = 40) => text.trimEnd().split("\n").slice(-lines).join("\n");

/** When each creation of the emulated organization was completed (ms since the epoch), by account name. */
function completions(cloud: Cloud, emulator: Emulator): Map<string, number | undefined> {
    const out = new Map<string, number | undefined>();
    if (cloud.name === "huawei") {
        const state = (emulator as unknown as { state: { createAccountStatuses(): { account_name: string; completed_at?: string }[] } }).state;
        for (const s of state.createAccountStatuses()) out.set(s.account_name, s.completed_at ? Date.parse(s.completed_at) : undefined);
    } else {
        const state = (emulator as unknown as { state: { createAccountStatuses(): { AccountName: string; CompletedTimestamp?: number }[] } }).state;
        for (const s of state.createAccountStatuses()) out.set(s.AccountName, s.CompletedTimestamp !== undefined ? s.CompletedTimestamp * 1000 : undefined);
    }
    return out;
}

/**
 * One fleet of `n` accounts of `cloud` in one `pulumi up` through the real CLI. Fails (throws) unless
 * the up succeeded and exactly the N declared accounts were created, each once.
 */
export async function benchCliFleet(cloud: Cloud, n: number, options: CliFleetOptions): Promise<CliFleet> {
    const cliDir = options.cliDir ?? pulumiCliDir();
    const parallel = defaultParallel(cliDir);
    const warmups = options.warmups ?? 3;
    const timeoutMs = options.upTimeoutMs ?? 600_000;
    const through = options.through ?? "dynamic";
    progress(`cli fleet ${cloud.name} N=${n} through the ${through === "plugin" ? "native plugin" : "dynamic provider"} (pulumi up, default --parallel ${parallel})`);
    const world = await startCliWorldAt(cliDir, cloud, {
        creationDelayMs: options.creationDelayMs,
        emulator: options.emulator,
        // As the simulated fleet's plugin host has it (harness/pluginHost/world.ts): the emulators'
        // consistency lags are a few hundred ms at test speed.
        env: { ORG_ACCOUNTS_CONSISTENCY_GRACE_MS: "3000", ...options.env },
    });
    if (through === "plugin") usePlugin(world.program);
    const token = `orgaccounts:index:${world.className}`;
    const declare = (variable: string, name: string) =>
        through === "plugin"
            ? `const ${variable} = new pulumi.CustomResource(${JSON.stringify(token)}, ${JSON.stringify(name)}, ${JSON.stringify({ name, ...cloud.baseArgs(name) })});\n`
            : world.declare(variable, name);
    try {
        const warmNames = Array.from({ length: warmups }, (_, i) => `warm-fleet-${i}`);
        const names = Array.from({ length: n }, (_, i) => `fleet-${i}`);
        const warmSource = warmNames.map((name, i) => declare(`w${i}`, name)).join("");
        const fleetSource = names.map((name, i) => declare(`f${i}`, name)).join("");

        // The warm-up: the organization's history, as the simulated fleet's 3 creations give it.
        world.program.write(warmSource);
        const warm = await up(world.program, `the warm-up \`pulumi up\` of ${warmups} ${cloud.name} accounts`, timeoutMs);
        if (warm.status !== 0) throw new Error(`bench (2b): the warm-up \`pulumi up\` of ${cloud.name} failed (exit ${warm.status ?? warm.signal}):\n${tail(warm.output)}`);

        // The measured up: the warm-up's accounts stay declared (unchanged), N more are added.
        world.program.write(warmSource + fleetSource);
        const mark = world.emulator.requests.all().length;
        const startedAt = Date.now();
        const t0 = now();
        const result = await up(world.program, `the \`pulumi up\` of ${n} ${cloud.name} accounts`, timeoutMs);
        const wallMs = now() - t0;
        const endedAt = startedAt + wallMs;

        const entries = world.emulator.requests.all().slice(mark);
        const creates = entries.filter((e) => e.operation === "CreateAccount");
        const accepted = creates.filter((e) => typeof e.status === "number" && e.status < 300);
        const refused = creates.filter((e) => typeof e.status !== "number" || e.status >= 400).length;
        const wanted = new Set(names);
        const done = completions(cloud, world.emulator);
        const completedAt = names.map((name) => done.get(name)).filter((t): t is number => t !== undefined);
        const firstCreate = creates.length > 0 ? Date.parse(creates[0].time) : NaN;
        const lastCompletion = completedAt.length > 0 ? Math.max(...completedAt) : NaN;
        const accounts = cloud.accounts(world.emulator).filter((a) => wanted.has(a.name));
        const distinctNames = new Set(accounts.map((a) => a.name));
        const state = result.status === 0 ? await world.program.resources(world.className) : [];
        const inState = state.filter((r) => wanted.has(String(r.inputs?.name ?? r.outputs?.name)) && r.id);
        const bound = Math.ceil(n / options.quota) * options.creationDelayMs;
        const byOp = countByOperation(entries);
        const fleet: CliFleet = {
            cloud: cloud.name,
            through,
            n,
            quota: options.quota,
            parallel,
            creationDelayMs: options.creationDelayMs,
            warmupCreations: warmups,
            wallMs: r0(wallMs),
            boundMs: bound,
            wallOverBound: r2(wallMs / bound),
            creationSpanMs: r0(lastCompletion - firstCreate),
            creationSpanOverBound: r2((lastCompletion - firstCreate) / bound),
            beforeFirstCreateMs: r0(firstCreate - startedAt),
            afterLastCompletionMs: r0(endedAt - lastCompletion),
            failed: n - new Set(inState.map((r) => String(r.inputs?.name ?? r.outputs?.name))).size,
            createAccountRefused: refused,
            accountsCreated: distinctNames.size,
            duplicates: accounts.length - distinctNames.size,
            requests: entries.length,
            callsPerAccount: r2(entries.length / n),
            callsPerAccountByOperation: Object.fromEntries(Object.entries(byOp).map(([op, c]) => [op, r2(c / n)])),
        };

        const problems: string[] = [];
        if (result.status !== 0) problems.push(`pulumi up exited with ${result.status ?? result.signal}`);
        if (fleet.accountsCreated !== n) problems.push(`${fleet.accountsCreated} of the ${n} accounts in the organization`);
        if (fleet.duplicates > 0) problems.push(`${fleet.duplicates} duplicate accounts`);
        if (accepted.length !== n) problems.push(`${accepted.length} CreateAccount accepted for ${n} accounts`);
        if (completedAt.length !== n) problems.push(`${completedAt.length} of the ${n} creations completed`);
        if (result.status === 0 && (inState.length !== n || new Set(inState.map((r) => r.id)).size !== n))
            problems.push(`${inState.length} accounts in the stack's state (distinct ids: ${new Set(inState.map((r) => r.id)).size})`);
        if (problems.length > 0) {
            throw new Error(
                `bench (2b): the CLI fleet of ${cloud.name} through the ${through} provider, N=${n}: ${problems.join("; ")}\n${JSON.stringify(fleet)}\npulumi up output (tail):\n${tail(result.output)}`,
            );
        }
        return fleet;
    } finally {
        await world.close();
    }
}
