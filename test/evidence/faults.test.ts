// Fault-injection evidence: every call type the account lifecycle makes, against both emulators,
// with every network/service fault the clouds produce. For each (cloud, fault kind) one test (one
// emulator and plugin host) iterates over the (operation, lifecycle step) cases; each case uses its
// own account and state. After each faulted step:
//   - it succeeded, or failed with a provider error carrying a message (no crash, no hang);
//   - the emulator processed at most one CreateAccount for the account (no duplicate);
//   - every active account is tracked in the state (no lost account); after a failed step, the
//     step repeated once without faults succeeds and ends with exactly one tracked account.
import { afterAll, describe, expect, test } from "vitest";
import { awsClientConfig } from "../../provider/clouds/aws/config";
import type { Fault } from "../../emulator/core/faults";
import { readSettings } from "../../provider/host/config/settings";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, type World } from "../../harness/pluginHost/world";
import { assertOk, EngineSession, ProviderCallError, type Registered, type Step } from "../../harness/pluginHost/engine";
import { accountsNamed, FAST_ENV, invariants, newTally, OPERATION, within, type Role } from "../support/faults";

const tally = newTally();
const failures: string[] = [];

type Phase = "create" | "update" | "destroy" | "refresh";

interface FaultCase {
    label: string;
    short: string;
    fault: Fault;
}

/**
 * Which faulted runs must succeed outright. Refusals and failures before processing (429, 5xx,
 * reset before, no answer) are retried by both transports; a CreateAccount whose answer is lost or
 * unreadable after processing must be looked up, not reported as failed (docs/lifecycle.md: "after a
 * submission whose answer was lost ... it looks for a request for the same name"). Elsewhere an
 * unreadable answer, or a non-repeatable write (a move) whose answer was lost, may fail the run
 * with a clear error; the repeated run must then succeed. A clock-skew rejection may always fail.
 */
function mustSucceed(fault: Fault, operation: string): boolean {
    if (fault.kind === "clock-skew") return false;
    if (fault.kind === "status" || fault.kind === "reset-before" || fault.kind === "hang") return true;
    // A move whose answer was lost did happen: the account is where it should be.
    if (operation === "MoveAccount" && (fault.kind === "reset-after" || fault.kind === "truncated")) return true;
    return operation === "CreateAccount";
}

const FAULTS: FaultCase[] = [
    { label: "429 with Retry-After: 1", short: "t1", fault: { kind: "status", status: 429, headers: { "Retry-After": "1" } } },
    { label: "429 without Retry-After", short: "t0", fault: { kind: "status", status: 429 } },
    { label: "500", short: "e0", fault: { kind: "status", status: 500 } },
    { label: "503", short: "e3", fault: { kind: "status", status: 503 } },
    { label: "connection reset before the request is processed", short: "rb", fault: { kind: "reset-before" } },
    { label: "connection reset after the request is processed", short: "ra", fault: { kind: "reset-after" } },
    { label: "no response (hang)", short: "hg", fault: { kind: "hang" } },
    { label: "malformed body", short: "mf", fault: { kind: "malformed" } },
    { label: "truncated body", short: "tr", fault: { kind: "truncated" } },
    { label: "clock-skew rejection", short: "cs", fault: { kind: "clock-skew" } },
];

/**
 * Which lifecycle step exercises each call type. A plugin host lists the organization's requests
 * and accounts, and reads its root, once (each `pulumi up` has a host of its own): those cases
 * begin on a fresh host. A new account's tags and parent are known from the request, so create
 * reads neither (refresh does).
 */
const CASES: [Role, Phase][] = [
    ["listStatuses", "create"],
    ["listAccounts", "create"],
    ["roots", "create"],
    ["submit", "create"],
    ["status", "create"],
    ["describe", "create"],
    ["move", "create"], // parentId given at creation: the account is moved once created
    ["move", "update"],
    ["untag", "update"],
    ["tag", "update"],
    ["close", "destroy"],
    ["describe", "destroy"], // the wait for the account to show as closing
    // Refresh makes no status call for a succeeded request (the state holds it; it never changes).
    ["describe", "refresh"],
    ["parents", "refresh"],
    ["listTags", "refresh"],
];

/** Calls a plugin host makes once, at its first creation. */
const ONCE_PER_HOST = ["ListCreateAccountStatuses", "ListCreateAccountStatus", "ListAccounts", "ListRoots"];

/** Generous bound on one step: a fault costs at most a few retries, a Retry-After or an HTTP timeout. */
const STEP_LIMIT_MS = 30_000;

afterAll(() => {
    console.log(
        `FAULT SUMMARY: faults injected=${tally.faults}, runs=${tally.runs}, failed runs (then repeated)=${tally.failedRuns}, duplicates=${tally.duplicates}, lost accounts=${tally.lost}`,
    );
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
});

test("a service that never answers cannot block a run: read timeouts default to 30 s and follow ORG_ACCOUNTS_HTTP_TIMEOUT_MS", () => {
    // The AWS SDK's own default is a 5-minute idle timeout per attempt, 5 attempts.
    expect(awsClientConfig({}, {}).requestHandler).toEqual({ connectionTimeout: 10_000, socketTimeout: 30_000 });
    const settings = readSettings(undefined, { ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "1500" });
    expect(settings.huawei.readTimeoutMs).toBe(1500);
    expect(awsClientConfig(settings.aws, {}).requestHandler.socketTimeout).toBe(1500);
    expect(readSettings({ get: (key) => (key === "orgaccounts:httpTimeoutMs" ? "2500" : undefined) }, {}).aws.readTimeoutMs).toBe(2500);
    expect(readSettings(undefined, {}).huawei.readTimeoutMs).toBeUndefined(); // the transport's 30 s default applies
});

describe.concurrent.each(clouds)("$name: faults on every lifecycle call", (cloud: Cloud) => {
    test.each(FAULTS)(
        "$label",
        async ({ short, fault }) => {
            // A close takes effect a moment after it is accepted: destroy waits for it, reading the account.
            const w = await startWorld(cloud, { creationDelayMs: 100, closeDelayMs: 50, closeAcceptDelayMs: 300, env: FAST_ENV });
            try {
                const problems: string[] = [];
                for (const [role, phase] of CASES) {
                    const name = `fx-${short}-${role}-${phase}`.toLowerCase();
                    problems.push(...(await runCase(w, cloud, name, OPERATION[cloud.name][role], phase, fault)));
                }
                expect(problems, problems.join("\n")).toEqual([]);
            } finally {
                await w.close();
            }
        },
        240_000,
    );
});

async function runCase(w: World, cloud: Cloud, name: string, operation: string, phase: Phase, fault: Fault): Promise<string[]> {
    const where = `${cloud.name} ${fault.kind}${fault.kind === "status" ? ` ${fault.status}` : ""} on ${operation} during ${phase}`;
    if (phase === "create" && ONCE_PER_HOST.includes(operation)) await w.restartHost();
    const session = new EngineSession(w.client);
    const base = { tags: { a: "1", drop: "x" }, parentId: w.emulator.defaultOuId, onDelete: "close" };
    const changed = { tags: { a: "2", add: "y" }, parentId: w.emulator.rootId, onDelete: "close" };
    const created = await w.account(name, base);
    const resources = phase === "update" ? await w.account(name, changed) : created;
    const run = (): Promise<Step[]> => {
        tally.runs++;
        if (phase === "destroy") return session.destroy();
        if (phase === "refresh") return session.refresh();
        return session.up(resources);
    };
    if (phase !== "create") {
        tally.runs++;
        assertOk(await session.up(created));
    }

    w.emulator.faults.inject({ operation, fault });
    tally.faults++;
    const problems: string[] = [];
    let steps: Step[];
    try {
        steps = await within(STEP_LIMIT_MS, where, run());
    } catch (error) {
        // A hang: the host never answered. Nothing else can be checked on this host.
        w.emulator.faults.clear();
        return [`${where}: ${(error as Error).message}`];
    }
    if (w.emulator.faults.pending().length > 0) problems.push(`${where}: the fault was never hit (the step does not call ${operation})`);
    w.emulator.faults.clear();
    if (w.host.groupPids().length === 0) return [...problems, `${where}: the plugin host died`];

    const error = steps.find((s) => s.error)?.error;
    if (error) {
        tally.failedRuns++;
        if (mustSucceed(fault, operation)) problems.push(`${where}: the run failed, but this fault must be absorbed: ${error.message.split("\n")[0]}`);
        // A clear error: the provider's own (gRPC UNKNOWN, not a crash or deadline), naming the failed call.
        const clear = error instanceof ProviderCallError && error.codeName === "UNKNOWN" && error.message.includes(operation);
        if (!clear) problems.push(`${where}: unclear failure: ${error instanceof ProviderCallError ? error.codeName : error.name}: ${error.message}`);
        failures.push(`${where}: ${error.message.split("\n")[0].slice(0, 220)}`);
        problems.push(...invariants(w, session, resources[0], tally, "recorded").map((p) => `${where} (failed run): ${p}`));
        // Repeated once without the fault: must succeed and end in the state the step aims at.
        const again = await within(STEP_LIMIT_MS, `${where}, repeated`, run());
        const stillFailing = again.find((s) => s.error)?.error;
        if (stillFailing) problems.push(`${where}: the repeated run failed too: ${stillFailing.message}`);
    }
    problems.push(...invariants(w, session, resources[0], tally, "exact").map((p) => `${where}: ${p}`));
    problems.push(...expectedEnd(w, cloud, session, resources[0], phase).map((p) => `${where}: ${p}`));
    return problems;
}

/** What the step aims at, once it succeeded (first time or repeated). */
function expectedEnd(w: World, cloud: Cloud, session: EngineSession, resource: Registered, phase: Phase): string[] {
    const accounts = accountsNamed(cloud, w.emulator, resource.name);
    const problems: string[] = [];
    if (accounts.length !== 1) return [`expected exactly one account, found ${accounts.length}`];
    const [account] = accounts;
    if (phase === "destroy") {
        if (session.get(resource)) problems.push("destroyed resource still in state");
        if (account.state === "active") problems.push("account still active after destroy (close)");
        return problems;
    }
    const entry = session.get(resource);
    if (!entry) return ["resource not in state"];
    if (entry.outputs.accountId !== account.id) problems.push(`state names ${String(entry.outputs.accountId)}, the account is ${account.id}`);
    if (phase === "update") {
        if (account.parentId !== w.emulator.rootId) problems.push(`not moved: parent ${account.parentId}`);
        if (account.tags.a !== "2" || account.tags.add !== "y" || "drop" in account.tags) problems.push(`tags not converged: ${JSON.stringify(account.tags)}`);
    }
    if (phase === "create" && account.parentId !== w.emulator.defaultOuId) problems.push(`not placed in the OU: parent ${account.parentId}`);
    return problems;
}

afterAll(() => {
    if (failures.length > 0) console.log(`failed runs (each then repeated once):\n  ${failures.sort().join("\n  ")}`);
});
