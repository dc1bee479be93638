// `npm run bench`: ratios measured in one run against the emulators, through the REAL Pulumi plugin
// host (test/engine/world.ts). It prints a table, writes bench/results/latest.json and
// bench/results/latest.svg, and never asserts on time (machines are shared and noisy).
//
//   tsx bench/run.ts            the full run (what the README quotes), ~2–4 minutes on 2 cores
//   tsx bench/run.ts --quick    fewer repetitions and smaller N; writes bench/results/quick.*.tmp
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeCreateAccountStatusCommand, CreateAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { startAwsEmulator } from "../provider/emulator/aws/server";
import { startHuaweiEmulator } from "../provider/emulator/huawei/server";
import type { RequestLog } from "../provider/emulator/requestLog";
import { HuaweiOrganizationsClient } from "../provider/huawei/client";
import { pollDelays, type PollSchedule } from "../provider/polling";
import { ProviderClient, registerWithMocks, startPluginHost, type Registered } from "../test/harness/engine";
import { loadProgramModule } from "../test/harness/deps";
import { aws, huawei, type Cloud } from "../test/engine/clouds";
import { PROJECT, REPO_ROOT, STACK, startWorld, type World } from "../test/engine/world";
import { renderSvg } from "./svg";

const QUICK = process.argv.includes("--quick");
const RESULTS = path.join(REPO_ROOT, "bench", "results");
const OUT_JSON = path.join(RESULTS, QUICK ? "quick.json.tmp" : "latest.json");
const OUT_SVG = path.join(RESULTS, QUICK ? "quick.svg.tmp" : "latest.svg");
const COMMAND = QUICK ? "npx tsx bench/run.ts --quick" : "npm run bench   (= npm run build && node scripts/link-self.js && tsx bench/run.ts)";

/** The provider's default schedule (provider/polling.ts): 1 s, ×1.6, capped at 15 s. */
const REAL_SCHEDULE: PollSchedule = { initialMs: 1_000, factor: 1.6, maxMs: 15_000 };
const scaled = (divisor: number): PollSchedule => ({
    initialMs: REAL_SCHEDULE.initialMs / divisor,
    factor: REAL_SCHEDULE.factor,
    maxMs: REAL_SCHEDULE.maxMs / divisor,
});

// (1) single creates: time scale 1:20 → 50 ms initial, 750 ms cap; 500/2000/4000 ms ≙ 10/40/80 s.
const CREATE_SCALE = 20;
const CREATE_SCHEDULE = scaled(CREATE_SCALE);
const CREATE_DELAYS = QUICK ? [500, 2000] : [500, 2000, 4000];
const CREATE_REPS = QUICK ? 2 : 3;
// (2) N accounts: time scale 1:100 → 10 ms initial, 150 ms cap; 300 ms ≙ a 30 s creation.
const FLEET_SCALE = 100;
const FLEET_SCHEDULE = scaled(FLEET_SCALE);
const FLEET_DELAY = 300;
const FLEET_NS = QUICK ? [10, 50] : [10, 50, 200];
const AWS_QUOTA = 5;
// (3) cold starts
const COLD_REPS = QUICK ? 3 : 7;
// (4) throughput
const TP_SECONDS = QUICK ? 1.5 : 3;
const TP_CONCURRENCY = 16;

const scheduleEnv = (s: PollSchedule) => ({ ORG_ACCOUNTS_POLL_INITIAL_MS: String(s.initialMs), ORG_ACCOUNTS_POLL_MAX_MS: String(s.maxMs) });
const now = () => performance.now();
const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const r0 = (x: number) => Math.round(x);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/**
 * What the poll schedule alone allows: polls at 0 (right after the submission is answered), then
 * after each delay of the schedule; the terminal state (reached `delayMs` after submission) is seen
 * by the first poll at or after `delayMs`.
 */
function scheduleIdeal(delayMs: number, schedule: PollSchedule): { polls: number; detectMs: number } {
    const delays = pollDelays(schedule);
    let t = 0;
    let polls = 1;
    while (t < delayMs) {
        t += delays.next().value as number;
        polls++;
    }
    return { polls, detectMs: t };
}

/**
 * The reference poll count: a poller that knows only the schedule's cap and polls every `cap` ms,
 * the first poll `cap` ms after submission, sees the terminal state at most one cap late with
 * ceil(delay / cap) polls. Fewer polls cannot guarantee a detection within one cap.
 */
const minPolls = (delayMs: number, schedule: PollSchedule) => Math.max(1, Math.ceil(delayMs / schedule.maxMs));

function countByOperation(entries: { operation: string }[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of entries) out[e.operation] = (out[e.operation] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => b - a));
}

function peakRate(log: RequestLog, from: number, windowMs = 1000): number {
    const times = log
        .all()
        .slice(from)
        .map((e) => Date.parse(e.time))
        .sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j] - times[i] >= windowMs) i++;
        best = Math.max(best, j - i + 1);
    }
    return (best * 1000) / windowMs;
}

// ---------------------------------------------------------------------------------------------
// (1) one create: wall time / creation delay, polls / minimum

interface CreateSample {
    wallMs: number;
    polls: number;
    calls: number;
    byOperation: Record<string, number>;
    /** Client call → CreateAccount received, CreateAccount → last status read, last status read → answer. */
    phasesMs: { beforeSubmit: number; waiting: number; afterLastPoll: number };
}

async function createOne(w: World, name: string): Promise<CreateSample> {
    const [reg] = await w.account(name);
    const checked = await w.client.check(reg.urn, {}, reg.inputs);
    if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const mark = w.emulator.requests.all().length;
    const t0Wall = Date.now();
    const t0 = now();
    await w.client.create(reg.urn, checked.inputs);
    const wallMs = now() - t0;
    const t1Wall = Date.now();
    const entries = w.emulator.requests.all().slice(mark);
    const status = w.cloud.op.status;
    const submit = entries.find((e) => e.operation === "CreateAccount");
    const lastPoll = [...entries].reverse().find((e) => e.operation === status);
    const ts = (e: { time: string } | undefined, fallback: number) => (e ? Date.parse(e.time) : fallback);
    return {
        wallMs,
        polls: entries.filter((e) => e.operation === status).length,
        calls: entries.length,
        byOperation: countByOperation(entries),
        phasesMs: {
            beforeSubmit: ts(submit, t0Wall) - t0Wall,
            waiting: ts(lastPoll, t1Wall) - ts(submit, t0Wall),
            afterLastPoll: t1Wall - ts(lastPoll, t1Wall),
        },
    };
}

async function benchCreates(cloud: Cloud) {
    const rows = [];
    for (const delayMs of CREATE_DELAYS) {
        progress(`create ${cloud.name} delay ${delayMs} ms`);
        const w = await startWorld(cloud, { creationDelayMs: delayMs, env: scheduleEnv(CREATE_SCHEDULE) });
        try {
            // The first create in a fresh host also loads the cloud's client/SDK: reported apart.
            const warm = await createOne(w, `warm-${cloud.name}-${delayMs}`);
            const samples: CreateSample[] = [];
            for (let i = 0; i < CREATE_REPS; i++) samples.push(await createOne(w, `one-${cloud.name}-${delayMs}-${i}`));
            const ideal = scheduleIdeal(delayMs, CREATE_SCHEDULE);
            const wall = median(samples.map((s) => s.wallMs));
            const polls = median(samples.map((s) => s.polls));
            rows.push({
                cloud: cloud.name,
                creationDelayMs: delayMs,
                repetitions: samples.length,
                wallMsMedian: r0(wall),
                wallOverDelay: r2(wall / delayMs),
                scheduleIdealDetectMs: ideal.detectMs,
                scheduleIdealOverDelay: r2(ideal.detectMs / delayMs),
                wallOverScheduleIdeal: r2(wall / ideal.detectMs),
                polls: polls,
                pollsScheduleIdeal: ideal.polls,
                minPolls: minPolls(delayMs, CREATE_SCHEDULE),
                pollsOverMin: r2(polls / minPolls(delayMs, CREATE_SCHEDULE)),
                callsPerCreate: median(samples.map((s) => s.calls)),
                byOperation: samples[0].byOperation,
                phasesMsMedian: {
                    beforeSubmit: r0(median(samples.map((s) => s.phasesMs.beforeSubmit))),
                    waiting: r0(median(samples.map((s) => s.phasesMs.waiting))),
                    afterLastPoll: r0(median(samples.map((s) => s.phasesMs.afterLastPoll))),
                },
                firstCreateInFreshHostMs: r0(warm.wallMs),
                samplesWallMs: samples.map((s) => r0(s.wallMs)),
            });
        } finally {
            await w.close();
        }
    }
    return rows;
}

// ---------------------------------------------------------------------------------------------
// (2) N accounts at once through one plugin host

async function benchFleet(cloud: Cloud, n: number, quota: number | undefined) {
    progress(`fleet ${cloud.name} N=${n}`);
    const w = await startWorld(cloud, { creationDelayMs: FLEET_DELAY, env: scheduleEnv(FLEET_SCHEDULE) });
    try {
        await createOne(w, `warm-fleet-${n}`); // loads the SDK in the host; not measured
        const resources: Registered[] = await w.program(() => {
            for (let i = 0; i < n; i++) new w.cloud.Resource(`fleet-${i}`, { name: `fleet-${i}`, email: `fleet-${i}@example.com` });
        });
        const mark = w.emulator.requests.all().length;
        const hostCpu = () => w.host.groupPids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
        const hostCpu0 = hostCpu();
        const selfCpu0 = process.cpuUsage();
        const t0 = now();
        // As the engine does with its default parallelism: every check and create sent at once.
        const results = await Promise.allSettled(
            resources.map(async (r) => {
                const checked = await w.client.check(r.urn, {}, r.inputs);
                if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
                return w.client.create(r.urn, checked.inputs);
            }),
        );
        const wallMs = now() - t0;
        const hostCpuS = hostCpu() - hostCpu0;
        const selfCpu = process.cpuUsage(selfCpu0);
        const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
        const entries = w.emulator.requests.all().slice(mark);
        const creates = entries.filter((e) => e.operation === "CreateAccount");
        const batches = quota ? Math.ceil(n / quota) : 1;
        const lowerBound = batches * FLEET_DELAY;
        const scheduleBound = batches * scheduleIdeal(FLEET_DELAY, FLEET_SCHEDULE).detectMs;
        const byOp = countByOperation(entries);
        return {
            cloud: cloud.name,
            n,
            quota: quota ?? null,
            creationDelayMs: FLEET_DELAY,
            wallMs: r0(wallMs),
            lowerBoundMs: lowerBound,
            wallOverLowerBound: r2(wallMs / lowerBound),
            scheduleBoundMs: r0(scheduleBound),
            wallOverScheduleBound: r2(wallMs / scheduleBound),
            failed: failed.length,
            firstFailure: failed[0] ? String(failed[0].reason?.message ?? failed[0].reason).slice(0, 300) : undefined,
            createAccountRefused: creates.filter((e) => typeof e.status !== "number" || e.status >= 400).length,
            requests: entries.length,
            callsPerAccount: r2(entries.length / n),
            callsPerAccountByOperation: Object.fromEntries(Object.entries(byOp).map(([op, c]) => [op, r2(c / n)])),
            requestRateAvgPerS: r0((entries.length * 1000) / wallMs),
            requestRatePeak1sPerS: peakRate(w.emulator.requests, mark),
            /** CPU time / wall time: 1 = one core busy the whole run. */
            pluginHostCpuShare: r2((hostCpuS * 1000) / wallMs),
            benchProcessCpuShare: r2((selfCpu.user + selfCpu.system) / 1000 / wallMs),
        };
    } finally {
        await w.close();
    }
}

// ---------------------------------------------------------------------------------------------
// (3) __provider size and the plugin host's cold start

async function benchProviderAndColdStart() {
    const fixtureDir = path.join(REPO_ROOT, "test", "harness-selftest", "fixture");
    const { Echo } = loadProgramModule(path.join(fixtureDir, "echo.js"), "./echo.js");
    const [hw] = await registerWithMocks(() => new huawei.Resource("sized", { name: "sized", ...huawei.baseArgs("sized") }), { project: PROJECT, stack: STACK });
    const [aw] = await registerWithMocks(() => new aws.Resource("sized", { name: "sized", ...aws.baseArgs("sized") }), { project: PROJECT, stack: STACK });
    const [echo] = await registerWithMocks(() => new Echo("a", { name: "a" }), { project: PROJECT, stack: STACK });
    const bytes = (r: Registered) => Buffer.byteLength(String(r.inputs.__provider), "utf8");
    const sizes = { HuaweiAccount: bytes(hw), AwsAccount: bytes(aw), echoFixture: bytes(echo) };

    /** spawn → port line, and spawn → first Check answered (Configure sent first, as the engine does). */
    const coldStart = async (cwd: string, reg: Registered) => {
        const t0 = now();
        const host = await startPluginHost({ cwd, project: PROJECT, stack: STACK });
        const client = new ProviderClient(host.address, { deadlineMs: 60_000 });
        try {
            await client.configure({});
            const checked = await client.check(reg.urn, {}, reg.inputs);
            if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            return { portLineMs: host.startMs, firstCheckMs: now() - t0 };
        } finally {
            client.close();
            await host.close();
        }
    };
    const ours: { portLineMs: number; firstCheckMs: number }[] = [];
    const fixture: { portLineMs: number; firstCheckMs: number }[] = [];
    const oursAws: { portLineMs: number; firstCheckMs: number }[] = [];
    progress(`cold starts ×${COLD_REPS} (HuaweiAccount, AwsAccount, echo fixture, interleaved)`);
    for (let i = 0; i < COLD_REPS; i++) {
        ours.push(await coldStart(REPO_ROOT, hw));
        oursAws.push(await coldStart(REPO_ROOT, aw));
        fixture.push(await coldStart(fixtureDir, echo));
    }
    const med = (xs: { portLineMs: number; firstCheckMs: number }[]) => ({
        portLineMs: r0(median(xs.map((x) => x.portLineMs))),
        firstCheckMs: r0(median(xs.map((x) => x.firstCheckMs))),
        samplesFirstCheckMs: xs.map((x) => r0(x.firstCheckMs)),
    });
    const h = med(ours);
    const a = med(oursAws);
    const f = med(fixture);
    return {
        providerBytes: sizes,
        coldStart: {
            repetitions: COLD_REPS,
            HuaweiAccount: h,
            AwsAccount: a,
            echoFixture: f,
            huaweiOverFixture: r2(h.firstCheckMs / f.firstCheckMs),
            awsOverFixture: r2(a.firstCheckMs / f.firstCheckMs),
        },
    };
}

// ---------------------------------------------------------------------------------------------
// (4) emulator throughput for status reads

type Reader = () => Promise<unknown>;

async function hammer(read: Reader, seconds: number, concurrency: number): Promise<{ ok: number; errors: number; seconds: number }> {
    for (let i = 0; i < 50; i++) await read(); // warm connections and JIT
    let ok = 0;
    let errors = 0;
    const t0 = now();
    const end = t0 + seconds * 1000;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (now() < end) {
                try {
                    await read();
                    ok++;
                } catch {
                    errors++;
                }
            }
        }),
    );
    return { ok, errors, seconds: (now() - t0) / 1000 };
}

interface Endpoints {
    huawei: { url: string; credentials: { accessKey: string; secretKey: string } };
    aws: { url: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}

async function readers(ep: Endpoints): Promise<{ huawei: Reader; aws: Reader; close: () => Promise<void> }> {
    const hw = new HuaweiOrganizationsClient({ endpoint: ep.huawei.url, ...ep.huawei.credentials, env: {} });
    const hwStatus = await hw.createAccount({ name: "tp-huawei", email: "tp-huawei@example.com" });
    const org = new OrganizationsClient({ region: ep.aws.region, endpoint: ep.aws.url, credentials: ep.aws.credentials });
    const awsStatus = await org.send(new CreateAccountCommand({ AccountName: "tp-aws", Email: "tp-aws@example.com" }));
    const awsId = awsStatus.CreateAccountStatus!.Id!;
    return {
        huawei: () => hw.getCreateAccountStatus(hwStatus.id),
        aws: () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: awsId })),
        close: async () => {
            await hw.close();
            org.destroy();
        },
    };
}

function cpuSecondsOf(pid: number): number {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
}

async function benchThroughput() {
    const out: Record<string, unknown>[] = [];
    // (a) emulator in this process, as the tests and (2) run it: client and emulator share one event loop.
    {
        progress(`throughput: emulators in-process, ${TP_SECONDS} s × concurrency ${TP_CONCURRENCY}`);
        const hw = await startHuaweiEmulator({ creationDelayMs: 0 });
        const aw = await startAwsEmulator({ creationDelayMs: 0 });
        const r = await readers({ huawei: { url: hw.url, credentials: hw.credentials }, aws: { url: aw.url, region: aw.region, credentials: aw.credentials } });
        for (const cloud of ["huawei", "aws"] as const) {
            const res = await hammer(r[cloud], TP_SECONDS, TP_CONCURRENCY);
            out.push({ cloud, emulator: "in-process", requestsPerS: r0(res.ok / res.seconds), errors: res.errors });
        }
        await r.close();
        await hw.close();
        await aw.close();
    }
    // (b) emulator in its own process (bench/emulator-child.js): its CPU time per request gives the
    // rate one core could serve, independent of how fast this client can sign and send.
    {
        progress(`throughput: emulators in a child process`);
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "bench", "emulator-child.js")], { stdio: ["ignore", "pipe", "inherit"] });
        try {
            const line = await new Promise<string>((resolve, reject) => {
                let buf = "";
                child.stdout!.on("data", (c: Buffer) => {
                    buf += c.toString("utf8");
                    const i = buf.indexOf("\n");
                    if (i >= 0) resolve(buf.slice(0, i));
                });
                child.on("exit", (code) => reject(new Error(`emulator child exited (${code})`)));
            });
            const ep = JSON.parse(line) as Endpoints;
            const r = await readers(ep);
            for (const cloud of ["huawei", "aws"] as const) {
                const cpu0 = cpuSecondsOf(child.pid!);
                const res = await hammer(r[cloud], TP_SECONDS, TP_CONCURRENCY);
                const cpu = cpuSecondsOf(child.pid!) - cpu0;
                out.push({
                    cloud,
                    emulator: "child process",
                    requestsPerS: r0(res.ok / res.seconds),
                    errors: res.errors,
                    emulatorCpuMsPerRequest: r2((cpu * 1000) / (res.ok + 50)),
                    emulatorOneCoreCapacityPerS: cpu > 0 ? r0((res.ok + 50) / cpu) : null,
                });
            }
            await r.close();
        } finally {
            child.kill("SIGTERM");
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

function pad(cells: (string | number)[][]): string {
    const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
    return cells.map((row) => row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}

async function main(): Promise<void> {
    const started = now();
    const startedAt = new Date();
    const creates = [...(await benchCreates(huawei as unknown as Cloud)), ...(await benchCreates(aws as unknown as Cloud))];
    const fleets: Awaited<ReturnType<typeof benchFleet>>[] = [];
    for (const n of FLEET_NS) fleets.push(await benchFleet(aws as unknown as Cloud, n, AWS_QUOTA));
    for (const n of FLEET_NS) fleets.push(await benchFleet(huawei as unknown as Cloud, n, undefined));
    const provider = await benchProviderAndColdStart();
    const throughput = await benchThroughput();
    const runtimeS = r0((now() - started) / 1000);

    const capacity = (cloud: string) => Math.min(...throughput.filter((t) => t.cloud === cloud).map((t) => Number(t.requestsPerS)));
    const cpuPerRequestMs = (cloud: string) => Number(throughput.find((t) => t.cloud === cloud && t.emulatorCpuMsPerRequest !== undefined)?.emulatorCpuMsPerRequest);
    const headroom = Object.fromEntries(
        ["aws", "huawei"].map((cloud) => {
            const peak = Math.max(...fleets.filter((f) => f.cloud === cloud).map((f) => f.requestRatePeak1sPerS));
            return [
                cloud,
                {
                    fleetPeakRequestsPerS: peak,
                    emulatorServedRequestsPerS: capacity(cloud),
                    ratio: r2(capacity(cloud) / peak),
                    emulatorCoreShareAtPeak: r2((peak * cpuPerRequestMs(cloud)) / 1000),
                },
            ];
        }),
    );

    const results = {
        command: COMMAND,
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, date: startedAt.toISOString() },
        runtimeSeconds: runtimeS,
        definitions: {
            createSchedule: { ...CREATE_SCHEDULE, timeScale: `1:${CREATE_SCALE} of the default ${REAL_SCHEDULE.initialMs} ms → ${REAL_SCHEDULE.maxMs} ms schedule` },
            fleetSchedule: { ...FLEET_SCHEDULE, timeScale: `1:${FLEET_SCALE} of the default schedule` },
            wallOverDelay: "client.create() over gRPC to the plugin host, until it answers / the emulator's creation delay",
            scheduleIdeal:
                "polls at 0 and after each delay of the schedule: the first poll at or after the creation delay sees the terminal state (no request latency)",
            minPolls:
                "ceil(delay / cap): polls of a poller that knows only the cap, polling every cap ms from one cap after submission; it sees the terminal state at most one cap late",
            fleetLowerBound: "ceil(N / quota) × creation delay (the quota of 5 creations in progress); without quota: 1 × delay",
            fleetScheduleBound: "ceil(N / quota) × the schedule-ideal detection time of one creation",
        },
        creates,
        fleets,
        provider,
        throughput,
        headroom,
    };

    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(OUT_JSON, JSON.stringify(results, null, 2) + "\n");
    fs.writeFileSync(OUT_SVG, renderSvg(results));

    const m = results.machine;
    const lines: string[] = [];
    lines.push(`pulumi-org-accounts benchmark — ${m.date}, ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${runtimeS} s`);
    lines.push("");
    lines.push(
        `(1) one create through the plugin host; poll schedule ${CREATE_SCHEDULE.initialMs} ms ×${CREATE_SCHEDULE.factor} → cap ${CREATE_SCHEDULE.maxMs} ms ` +
            `(the default 1 s → 15 s at 1:${CREATE_SCALE}); median of ${CREATE_REPS} after one warm-up create`,
    );
    lines.push(
        pad([
            ["cloud", "delay ms", "wall ms", "wall/delay", "ideal/delay", "wall/ideal", "polls", "ideal polls", "min polls", "polls/min", "calls", "pre-submit ms", "post-poll ms"],
            ...creates.map((c) => [
                c.cloud,
                c.creationDelayMs,
                c.wallMsMedian,
                c.wallOverDelay,
                c.scheduleIdealOverDelay,
                c.wallOverScheduleIdeal,
                c.polls,
                c.pollsScheduleIdeal,
                c.minPolls,
                c.pollsOverMin,
                c.callsPerCreate,
                c.phasesMsMedian.beforeSubmit,
                c.phasesMsMedian.afterLastPoll,
            ]),
        ]),
    );
    lines.push("  ideal = what the schedule alone allows: polls at 0 and after each schedule delay; the first poll ≥ delay sees the end.");
    lines.push("  min polls = ceil(delay / cap): a poller that knows only the cap, polling every cap from one cap after submission.");
    lines.push("");
    lines.push(
        `(2) N accounts sent at once to one plugin host; creation delay ${FLEET_DELAY} ms; poll schedule ${FLEET_SCHEDULE.initialMs} ms → cap ${FLEET_SCHEDULE.maxMs} ms (1:${FLEET_SCALE})`,
    );
    lines.push(
        pad([
            ["cloud", "N", "quota", "wall ms", "bound ms", "wall/bound", "sched. bound", "wall/sched.", "calls/acct", "failed", "refused", "avg req/s", "peak req/s", "host CPU", "bench CPU"],
            ...fleets.map((f) => [
                f.cloud,
                f.n,
                f.quota ?? "none",
                f.wallMs,
                f.lowerBoundMs,
                f.wallOverLowerBound,
                f.scheduleBoundMs,
                f.wallOverScheduleBound,
                f.callsPerAccount,
                f.failed,
                f.createAccountRefused,
                f.requestRateAvgPerS,
                f.requestRatePeak1sPerS,
                f.pluginHostCpuShare,
                f.benchProcessCpuShare,
            ]),
        ]),
    );
    lines.push("  bound = ceil(N/quota) × delay (no quota: 1 × delay); sched. bound = ceil(N/quota) × the schedule-ideal detection time.");
    lines.push("  host CPU / bench CPU = CPU seconds of the plugin host / of this process (emulator, gRPC client) per wall second; 1 = one core saturated.");
    lines.push("  calls per account, by operation:");
    for (const f of fleets) {
        lines.push(`    ${f.cloud} N=${f.n}: ` + Object.entries(f.callsPerAccountByOperation).map(([op, c]) => `${op} ${c}`).join(", "));
    }
    lines.push("");
    const p = provider;
    lines.push(`(3) __provider bytes: HuaweiAccount ${p.providerBytes.HuaweiAccount}, AwsAccount ${p.providerBytes.AwsAccount} (echo fixture ${p.providerBytes.echoFixture})`);
    lines.push(`    plugin host cold start, spawn → first Check answered (Configure first), median of ${p.coldStart.repetitions}:`);
    lines.push(
        pad([
            ["provider", "port line ms", "first Check ms", "/ fixture"],
            ["HuaweiAccount", p.coldStart.HuaweiAccount.portLineMs, p.coldStart.HuaweiAccount.firstCheckMs, p.coldStart.huaweiOverFixture],
            ["AwsAccount", p.coldStart.AwsAccount.portLineMs, p.coldStart.AwsAccount.firstCheckMs, p.coldStart.awsOverFixture],
            ["echo fixture", p.coldStart.echoFixture.portLineMs, p.coldStart.echoFixture.firstCheckMs, 1],
        ].map((row) => row.map(String))),
    );
    lines.push("");
    lines.push(`(4) emulator throughput, status reads with a signed client, ${TP_SECONDS} s × concurrency ${TP_CONCURRENCY}:`);
    lines.push(
        pad([
            ["cloud", "emulator", "req/s", "errors", "emulator CPU ms/req", "one-core capacity req/s"],
            ...throughput.map((t) => [t.cloud, t.emulator, t.requestsPerS, t.errors, t.emulatorCpuMsPerRequest ?? "-", t.emulatorOneCoreCapacityPerS ?? "-"].map(String)),
        ]),
    );
    for (const [cloud, h] of Object.entries(headroom)) {
        lines.push(
            `    ${cloud}: the fleet runs (2) peaked at ${h.fleetPeakRequestsPerS} req/s (all operations); the emulator served ≥ ${h.emulatorServedRequestsPerS} status reads/s → ` +
                `${h.ratio}× headroom; at that peak the emulator needs ≈ ${h.emulatorCoreShareAtPeak} of one core`,
        );
    }
    lines.push("");
    lines.push(`wrote ${path.relative(REPO_ROOT, OUT_JSON)} and ${path.relative(REPO_ROOT, OUT_SVG)}`);
    lines.push(`made by: ${COMMAND}`);
    console.log(lines.join("\n"));
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
