/**
 * `startPluginHost`: spawn the real dynamic-provider plugin host the way the engine does.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pluginScriptPath } from "./deps";

export interface PluginHostOptions {
    /** Program directory: the host's cwd. `require(...)` inside `__provider` resolves from here. */
    cwd: string;
    /** Called with each stderr line as it arrives (a provider's progress output). */
    onStderrLine?: (line: string) => void;
    /** Extra environment (merged over process.env; `undefined` removes a variable). */
    env?: Record<string, string | undefined>;
    /**
     * Project / stack the host believes it runs in (sets PULUMI_NODEJS_PROJECT / _STACK and
     * PULUMI_PROJECT / _STACK unless `env` sets them). The host's `req.config.get("k")` looks up
     * `<project>:k`, with project from PULUMI_NODEJS_PROJECT (default "project").
     */
    project?: string;
    stack?: string;
    /** Engine address passed as argv[1]; the host never dials it. Default "127.0.0.1:1". */
    engineAddress?: string;
    /** How long to wait for the port line (default 30 s). */
    startTimeoutMs?: number;
}

export interface HostExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

export interface PluginHost {
    /** Port the host listens on (127.0.0.1). */
    port: number;
    /** `127.0.0.1:<port>`. */
    address: string;
    /** pid of the `sh` wrapper = the process-group id. */
    pid: number;
    /** Milliseconds from spawn to the port line. */
    startMs: number;
    /** All stdout+stderr lines so far, prefixed `[out] ` / `[err] `, in arrival order. */
    output(): string[];
    stdout(): string[];
    stderr(): string[];
    /** pids of every live process in the host's process group (the sh wrapper and node). */
    groupPids(): number[];
    /** Resolves when the `sh` wrapper exits. */
    exited: Promise<HostExit>;
    /**
     * Sends `signal` (default SIGTERM) to the node host(s), then to the whole process group; waits for
     * the wrapper to exit and every group member to disappear (SIGKILL to the group after `graceMs`,
     * default 5 s).
     */
    kill(signal?: NodeJS.Signals, graceMs?: number): Promise<HostExit>;
    /** Idempotent cleanup: kill if still running. */
    close(): Promise<void>;
}

/** Lists the pids whose process-group id is `pgid` (Linux /proc). */
export function pidsInGroup(pgid: number): number[] {
    const out: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // fields after the ")" of comm: state ppid pgrp ...
            const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const state = rest[0];
            if (Number(rest[2]) === pgid && state !== "Z") out.push(Number(entry));
        } catch {
            // process vanished
        }
    }
    return out;
}

/** True if a process with this pid exists (zombies count as gone). */
export function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return false;
    }
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
        return false;
    }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPluginHost(opts: PluginHostOptions): Promise<PluginHost> {
    const nodeDir = path.dirname(process.execPath);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const project = opts.project ?? "project";
    const stack = opts.stack ?? "stack";
    env.PULUMI_NODEJS_PROJECT = project;
    env.PULUMI_NODEJS_STACK = stack;
    env.PULUMI_PROJECT = project;
    env.PULUMI_STACK = stack;
    for (const [k, v] of Object.entries(opts.env ?? {})) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    // The wrapper runs `node` from PATH: keep the Node that runs the tests (Node 22) first.
    const pathParts = (env.PATH ?? "").split(path.delimiter).filter((p) => p !== "");
    if (pathParts[0] !== nodeDir) env.PATH = [nodeDir, ...pathParts.filter((p) => p !== nodeDir)].join(path.delimiter);

    const t0 = performance.now();
    const child = spawn(pluginScriptPath(), [opts.engineAddress ?? "127.0.0.1:1"], {
        cwd: opts.cwd,
        env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid;
    if (pid === undefined) {
        throw new Error(`startPluginHost: spawn failed (${pluginScriptPath()})`);
    }

    const all: string[] = [];
    const out: string[] = [];
    const err: string[] = [];
    let resolvePort: (line: string) => void = () => undefined;
    const portLine = new Promise<string>((r) => (resolvePort = r));
    const lineReader = (sink: string[], prefix: string, onLine?: (l: string) => void) => {
        let buf = "";
        return (chunk: Buffer) => {
            buf += chunk.toString("utf8");
            let i: number;
            while ((i = buf.indexOf("\n")) >= 0) {
                const line = buf.slice(0, i).replace(/\r$/, "");
                buf = buf.slice(i + 1);
                sink.push(line);
                all.push(prefix + line);
                onLine?.(line);
            }
        };
    };
    child.stdout.on(
        "data",
        lineReader(out, "[out] ", (l) => out.length === 1 && resolvePort(l)),
    );
    child.stderr.on("data", lineReader(err, "[err] ", opts.onStderrLine));

    const exited = new Promise<HostExit>((resolve) => {
        child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    let done = false;
    void exited.then(() => (done = true));

    const groupPids = () => pidsInGroup(pid);
    const kill = async (signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<HostExit> => {
        const members = new Set([pid, ...groupPids()]);
        const exists = (p: number) => {
            try {
                process.kill(p, 0);
                return true; // alive or an unreaped zombie
            } catch {
                return false;
            }
        };
        const waitGone = async (pids: number[], until: number) => {
            while (pids.some(exists) && Date.now() < until) await sleep(20);
        };
        const deadline = Date.now() + graceMs;
        // Signal the node host(s) first so the sh wrapper reaps them (and then exits by itself);
        // killing sh first would orphan node to PID 1, which may leave it a zombie for a while.
        const children = [...members].filter((p) => p !== pid);
        for (const p of children) {
            try {
                process.kill(p, signal);
            } catch {
                // gone
            }
        }
        await waitGone(children, deadline);
        try {
            process.kill(-pid, signal);
        } catch {
            // group already gone
        }
        await waitGone([...members], deadline);
        if ([...members].some(isAlive)) {
            try {
                process.kill(-pid, "SIGKILL");
            } catch {
                // gone
            }
            while ([...members].some(isAlive)) await sleep(20);
        }
        // Orphans reaped by PID 1: give it a moment.
        await waitGone([...members], Date.now() + 2000);
        return exited;
    };

    const timeoutMs = opts.startTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
        portLine.then((l) => ({ kind: "port" as const, l })),
        exited.then((e) => ({ kind: "exit" as const, e })),
        new Promise<{ kind: "timeout" }>((r) => (timer = setTimeout(() => r({ kind: "timeout" }), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (first.kind !== "port" || !/^\d+$/.test(first.l.trim())) {
        await kill("SIGKILL", 0).catch(() => undefined);
        throw new Error(`startPluginHost: no port from the plugin host (${JSON.stringify(first)}); output:\n${all.join("\n")}`);
    }
    const port = Number(first.l.trim());
    const startMs = performance.now() - t0;

    return {
        port,
        address: `127.0.0.1:${port}`,
        pid,
        startMs,
        output: () => [...all],
        stdout: () => [...out],
        stderr: () => [...err],
        groupPids,
        exited,
        kill,
        close: async () => {
            if (!done || groupPids().length > 0) await kill();
        },
    };
}
