#!/usr/bin/env node
// Runs the cloud emulators on loopback: `pulumi-org-accounts emulator [flags]` (or `npm run emulator`
// in this repository). The first stdout line is one JSON object with the endpoints, credentials,
// the control endpoint and `env`; it stops on SIGINT/SIGTERM/SIGHUP or when its parent exits.
import { spawn } from "node:child_process";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { CLOUD_NAMES, isCloudName, type CloudName } from "../provider/shared/cloudNames";
import { LoggedRequest } from "./core/requestLog";
import { startHuaweiEmulator } from "./huawei/server";
import { DEFAULT_HUAWEI_RULES, HuaweiRules } from "./huawei/model";
import { startAwsEmulator } from "./aws/server";
import type { AwsRefusalOptions } from "./aws/model";
import { startControlServer, type ControlTargets } from "./control";

export interface CliOptions {
    port: number;
    host: string;
    clouds: CloudName[];
    controlPort: number;
    creationDelayMs?: number;
    closeDelayMs?: number;
    /** Creations to fail: account name and failure reason (`error.NNNN` for Huawei, an AWS FailureReason). */
    failCreations: { name: string; reason: string }[];
    /** The Huawei service's limits to relax, e.g. `{"maxCreationsInProgress": 10, "site": "china"}`. */
    huaweiRules?: Partial<HuaweiRules>;
    /** The AWS emulator's refusals, relaxed or tightened (see AwsRefusalOptions). */
    awsRefusals: Partial<AwsRefusalOptions>;
    awsPermissive: boolean;
    envFile?: string;
    background: boolean;
    /** What ends it besides a signal: its parent exiting (default), process `pid` exiting, or nothing (a detached copy). */
    follow: { kind: "parent" } | { kind: "pid"; pid: number } | { kind: "none" };
    quiet: boolean;
}

export const USAGE = `usage: pulumi-org-accounts emulator [flags]

  --cloud huawei|aws|both        which emulators to run (default both)
  --port N                       first port (the next cloud takes N+1); default: any free port
  --host H                       address to listen on (default 127.0.0.1)
  --control-port N               port of the control endpoint (default: any free port)
  --creation-delay-ms N          time an account creation takes (default 300)
  --close-delay-ms N             time an account closure takes (default 300)
  --fail-creation NAME=REASON    the creation of account NAME fails with REASON (error.NNNN for
                                 Huawei, an AWS FailureReason such as EMAIL_ALREADY_EXISTS); repeatable
  --huawei-rules JSON            relax Huawei's rules, e.g. '{"maxCreationsInProgress":10,"site":"china"}'
  --aws-permissive               relax every AWS refusal (waiting period, consistency lag...)
  --aws-consistency-lag-ms N     AWS eventual-consistency lag (default 200)
  --aws-removal-wait-period-ms N how long a new AWS account cannot leave (default 7 days)
  --aws-removal-standalone       let new AWS accounts leave without standalone details
  --aws-close-flapping           DescribeAccount flaps between ACTIVE and PENDING_CLOSURE after a close
  --write-env FILE               also write the env as shell \`export\` lines to FILE (removed on exit)
  --background                   start in the background, print the env as \`export\` lines, and return
                                 (stop it with \`kill $ORG_ACCOUNTS_EMULATOR_PID\`, or --stop-with)
  --stop-with PID                stop when process PID exits (default: this command's parent)
  --quiet                        do not log requests on stderr`;

class UsageError extends Error {}

/** One sentence naming the flag and what is wrong; the whole list is one `--help` away. */
const usage = (message: string) => new UsageError(`${message} (\`pulumi-org-accounts emulator --help\` lists every flag)`);

/** The flags a user may give (USAGE's), for "did you mean". */
const FLAGS = [...USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);

/** The known flag closest to a mistyped one, if it is close (a typo, a missing or extra part). */
export function closestFlag(flag: string): string | undefined {
    const scored = FLAGS.map((known) => ({ known, distance: editDistance(flag, known) })).sort((a, b) => a.distance - b.distance);
    const best = scored[0];
    const prefix = FLAGS.filter((known) => flag.length > 3 && (known.startsWith(flag) || flag.startsWith(known)));
    if (prefix.length === 1) return prefix[0];
    return best && best.distance <= Math.max(2, Math.floor(flag.length / 4)) ? best.known : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[b.length];
}

function unknownArgument(arg: string, flag: string): UsageError {
    if (!flag.startsWith("-")) return usage(`unexpected argument "${arg}": the emulator takes flags only`);
    const near = closestFlag(flag);
    return usage(`unknown flag ${flag}${near ? `: did you mean ${near}?` : ""}`);
}

function parseHuaweiRules(text: string | undefined): Partial<HuaweiRules> {
    let rules: unknown;
    try {
        rules = JSON.parse(text ?? "");
    } catch {
        throw usage("--huawei-rules needs a JSON object");
    }
    if (rules === null || typeof rules !== "object" || Array.isArray(rules)) throw usage("--huawei-rules needs a JSON object");
    for (const [key, value] of Object.entries(rules)) {
        const known = (DEFAULT_HUAWEI_RULES as unknown as Record<string, unknown>)[key];
        if (known === undefined) throw usage(`--huawei-rules: unknown rule ${key}; known: ${Object.keys(DEFAULT_HUAWEI_RULES).join(", ")}`);
        if (typeof value !== typeof known) throw usage(`--huawei-rules: ${key} must be a ${typeof known}`);
        const choices: Record<string, string[]> = { site: ["international", "china"], removal: ["created-cannot-leave", "any"] };
        if (choices[key] && !choices[key].includes(value as string)) throw usage(`--huawei-rules: ${key} must be ${choices[key].join(" or ")}`);
    }
    return rules;
}

function parseFailCreation(text: string | undefined): { name: string; reason: string } {
    const at = text?.lastIndexOf("=") ?? -1;
    if (!text || at <= 0 || at === text.length - 1) throw usage(`--fail-creation needs NAME=REASON, e.g. --fail-creation team-a=error.2001; got "${text ?? ""}"`);
    return { name: text.slice(0, at), reason: text.slice(at + 1) };
}

/** Huawei's failure reasons are `error.NNNN`; AWS's are upper-case words. */
export function cloudOfFailureReason(reason: string): CloudName {
    return /^error\./.test(reason) ? "huawei" : "aws";
}

export function parseArgs(argv: string[]): CliOptions {
    const options: CliOptions = {
        port: 0,
        host: "127.0.0.1",
        clouds: [...CLOUD_NAMES],
        controlPort: 0,
        failCreations: [],
        awsRefusals: {},
        awsPermissive: false,
        background: false,
        follow: { kind: "parent" },
        quiet: false,
    };
    const number = (flag: string, value: string | undefined): number => {
        if (value === undefined || !/^\d+$/.test(value)) throw usage(`${flag} needs a non-negative whole number; got "${value ?? ""}"`);
        return Number(value);
    };
    for (let i = 0; i < argv.length; i++) {
        const eq = argv[i].indexOf("=");
        const [flag, inline] = argv[i].startsWith("--") && eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
        const value = () => inline ?? argv[++i];
        switch (flag) {
            case "--port":
                options.port = number(flag, value());
                break;
            case "--host":
                options.host = value() ?? "127.0.0.1";
                break;
            case "--control-port":
                options.controlPort = number(flag, value());
                break;
            case "--cloud": {
                const v = value();
                if (isCloudName(v)) options.clouds = [v];
                else if (v === "both") options.clouds = [...CLOUD_NAMES];
                else throw usage(`--cloud must be ${CLOUD_NAMES.join(", ")} or both; got "${v ?? ""}"`);
                break;
            }
            case "--creation-delay-ms":
                options.creationDelayMs = number(flag, value());
                break;
            case "--close-delay-ms":
                options.closeDelayMs = number(flag, value());
                break;
            case "--fail-creation":
                options.failCreations.push(parseFailCreation(value()));
                break;
            case "--huawei-rules":
                options.huaweiRules = parseHuaweiRules(value());
                break;
            case "--aws-permissive":
                options.awsPermissive = true;
                break;
            case "--aws-consistency-lag-ms":
                options.awsRefusals.consistencyLagMs = number(flag, value());
                break;
            case "--aws-removal-wait-period-ms":
                options.awsRefusals.removalWaitPeriodMs = number(flag, value());
                break;
            case "--aws-removal-standalone":
                options.awsRefusals.removalRequiresStandalone = false;
                break;
            case "--aws-close-flapping":
                options.awsRefusals.closeFlapping = true;
                break;
            case "--write-env":
                options.envFile = value();
                if (!options.envFile) throw usage("--write-env needs a file name");
                break;
            case "--background":
                options.background = true;
                break;
            case "--stop-with":
                options.follow = { kind: "pid", pid: number(flag, value()) };
                break;
            case "--detached": // set by --background for its detached copy
                if (options.follow.kind === "parent") options.follow = { kind: "none" };
                break;
            case "--quiet":
                options.quiet = true;
                break;
            default:
                throw unknownArgument(argv[i], flag);
        }
    }
    for (const { reason } of options.failCreations) {
        const cloud = cloudOfFailureReason(reason);
        if (!options.clouds.includes(cloud)) throw usage(`--fail-creation: ${reason} is a ${cloud} failure reason, and --cloud does not run ${cloud}`);
    }
    return options;
}

/** `export NAME='value'` lines a POSIX shell can source. */
export function shellExports(env: Record<string, string>): string {
    return Object.entries(env)
        .map(([key, value]) => `export ${key}='${value.replace(/'/g, `'\\''`)}'`)
        .join("\n");
}

function logLine(cloud: string, entry: LoggedRequest): void {
    // method, path, operation, status — never headers or bodies (no secrets)
    process.stderr.write(`${entry.time} ${cloud} ${entry.method} ${entry.path} ${entry.operation} ${entry.status}${entry.fault ? ` fault=${entry.fault}` : ""}\n`);
}

interface Running {
    banner: Record<string, unknown> & { env: Record<string, string>; control: string };
    close(): Promise<void>;
}

/**
 * The poll schedule the emulators' env sets: its creations take 300 ms (not a real cloud's
 * minutes), so polling at 200 ms, backing off to 1 s, sees a first creation done in about half a
 * second, where the default schedule (no history yet: Terraform's first read at 10 s) waits 10 s.
 */
export const EMULATOR_POLL_ENV = { ORG_ACCOUNTS_POLL_INITIAL_MS: "200", ORG_ACCOUNTS_POLL_MAX_MS: "1000" };

async function startEmulators(options: CliOptions): Promise<Running> {
    const banner: Record<string, unknown> = {};
    const env: Record<string, string> = {};
    const closers: (() => Promise<void>)[] = [];
    const targets: ControlTargets = {};
    // With several clouds and a fixed --port, each next cloud takes the next port.
    let port = options.port;
    const failuresFor = (cloud: CloudName) => options.failCreations.filter((f) => cloudOfFailureReason(f.reason) === cloud);

    for (const cloud of options.clouds) {
        if (cloud === "huawei") {
            const emulator = await startHuaweiEmulator({
                port,
                host: options.host,
                creationDelayMs: options.creationDelayMs,
                closeDelayMs: options.closeDelayMs,
                rules: options.huaweiRules,
            });
            closers.push(() => emulator.close());
            targets.huawei = emulator.state;
            for (const failure of failuresFor("huawei")) emulator.state.scriptFailure(failure);
            if (!options.quiet) emulator.requests.onFinish((entry) => logLine("huawei", entry));
            banner.huawei = {
                url: emulator.url,
                accessKey: emulator.credentials.accessKey,
                secretKey: emulator.credentials.secretKey,
                organizationId: emulator.organizationId,
                rootId: emulator.rootId,
                managementAccountId: emulator.managementAccountId,
                defaultOuId: emulator.defaultOuId,
                rules: emulator.state.rules,
            };
            env.HW_ACCESS_KEY = emulator.credentials.accessKey;
            env.HW_SECRET_KEY = emulator.credentials.secretKey;
            env.HW_ORGANIZATIONS_ENDPOINT = emulator.url;
        } else {
            const emulator = await startAwsEmulator({
                port,
                host: options.host,
                creationDelayMs: options.creationDelayMs,
                closeDelayMs: options.closeDelayMs,
                refusals: options.awsPermissive ? "permissive" : options.awsRefusals,
            });
            closers.push(() => emulator.close());
            targets.aws = emulator.state;
            for (const failure of failuresFor("aws")) emulator.state.scriptFailure(failure as Parameters<typeof emulator.state.scriptFailure>[0]);
            if (!options.quiet) emulator.requests.onFinish((entry) => logLine("aws", entry));
            banner.aws = {
                url: emulator.url,
                accessKeyId: emulator.credentials.accessKeyId,
                secretAccessKey: emulator.credentials.secretAccessKey,
                region: emulator.region,
                organizationId: emulator.organizationId,
                rootId: emulator.rootId,
                managementAccountId: emulator.managementAccountId,
                defaultOuId: emulator.defaultOuId,
            };
            env.AWS_ACCESS_KEY_ID = emulator.credentials.accessKeyId;
            env.AWS_SECRET_ACCESS_KEY = emulator.credentials.secretAccessKey;
            env.AWS_REGION = emulator.region;
            // the SDK's service-specific endpoint variables (one port serves both APIs)
            env.AWS_ENDPOINT_URL_ORGANIZATIONS = emulator.url;
            env.AWS_ENDPOINT_URL_ACCOUNT = emulator.url;
        }
        if (port !== 0) port += 1;
    }
    Object.assign(env, EMULATOR_POLL_ENV);
    const control = await startControlServer(targets, { port: options.controlPort, host: options.host });
    closers.push(() => control.close());
    return {
        banner: { ...banner, control: control.url, env },
        close: async () => {
            for (const close of closers) await close();
        },
    };
}

/**
 * What the env file and --background print: the env, how to reach and stop this emulator, and the
 * ids a program's `parentId` can name (each cloud's root and the organizational unit it starts with).
 */
export function emulatorExports(banner: Running["banner"], pid: number): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const cloud of CLOUD_NAMES) {
        const organization = banner[cloud] as { rootId: string; defaultOuId: string } | undefined;
        if (!organization) continue;
        ids[`ORG_ACCOUNTS_EMULATOR_${cloud.toUpperCase()}_ROOT_ID`] = organization.rootId;
        ids[`ORG_ACCOUNTS_EMULATOR_${cloud.toUpperCase()}_OU_ID`] = organization.defaultOuId;
    }
    return { ...banner.env, ...ids, ORG_ACCOUNTS_EMULATOR_CONTROL: banner.control, ORG_ACCOUNTS_EMULATOR_PID: String(pid) };
}

function exportsFor(running: Running, pid: number): string {
    return shellExports(emulatorExports(running.banner, pid)) + "\n";
}

function writeEnvFile(file: string, text: string): void {
    // written whole or not at all: a script polling for the file never reads half of it
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text, { mode: 0o600 });
    renameSync(partial, file);
}

/** Calls `onGone` once what the emulator follows has exited: its parent (its ppid changes) or process `pid`. */
function whenGone(follow: CliOptions["follow"], onGone: (what: string) => void): void {
    if (follow.kind === "none") return;
    const parent = process.ppid;
    const alive = (): boolean => {
        if (follow.kind === "parent") return process.ppid === parent;
        try {
            process.kill(follow.pid, 0);
            return true;
        } catch (error) {
            return (error as NodeJS.ErrnoException).code === "EPERM";
        }
    };
    const timer = setInterval(() => {
        if (alive()) return;
        clearInterval(timer);
        onGone(follow.kind === "parent" ? "its parent exited" : `process ${follow.pid} exited`);
    }, 500);
}

async function runForeground(options: CliOptions): Promise<void> {
    const running = await startEmulators(options);
    // The file first: whoever reads the banner line may read the file at once.
    if (options.envFile) writeEnvFile(options.envFile, exportsFor(running, process.pid));
    process.stdout.write(JSON.stringify(running.banner) + "\n");

    let stopping = false;
    const stop = async (why: string) => {
        if (stopping) return;
        stopping = true;
        if (!options.quiet) process.stderr.write(`emulator: ${why}, shutting down\n`);
        if (options.envFile) rmSync(options.envFile, { force: true });
        await running.close();
        process.exit(0);
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(`received ${signal}`));
    whenGone(options.follow, (what) => void stop(what));
}

/** Starts a detached copy in the foreground mode, waits for its banner, prints the exports, returns. */
async function runBackground(argv: string[], _options: CliOptions): Promise<void> {
    const childArgs = argv.filter((arg) => arg !== "--background");
    // Detached, it must not stop when this launcher exits: it follows --stop-with, or runs until killed.
    const child = spawn(process.execPath, [__filename, ...childArgs, "--detached", "--quiet"], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const banner = await new Promise<string>((resolve, reject) => {
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(stderr.trim() || `the emulator exited with code ${code} before it was ready`)));
    });
    const parsed = JSON.parse(banner) as Running["banner"];
    child.stdout.destroy();
    child.stderr.destroy();
    child.unref();
    process.stdout.write(shellExports(emulatorExports(parsed, child.pid!)) + "\n");
}

export async function main(argv: string[]): Promise<void> {
    if (argv.includes("-h") || argv.includes("--help")) {
        process.stdout.write(USAGE + "\n");
        return;
    }
    const options = parseArgs(argv);
    if (options.background) return runBackground(argv, options);
    return runForeground(options);
}

export function reportAndExit(error: unknown): never {
    process.stderr.write(`pulumi-org-accounts emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
}

if (require.main === module) main(process.argv.slice(2)).catch(reportAndExit);
