// Shared by the fault-injection evidence suites: per-cloud operation names, the invariants every
// run must keep (no duplicate submission, no lost account), a seeded PRNG and a summary counter.
import type { CloudName } from "../../provider/shared/cloudNames";
import type { Cloud, Emulator } from "../../harness/pluginHost/clouds";
import type { World } from "../../harness/pluginHost/world";
import { EngineSession, type Registered } from "../../harness/pluginHost/engine";

/** The plugin host's HTTP timeout in these suites (ORG_ACCOUNTS_HTTP_TIMEOUT_MS): a hang costs this much. */
export const HTTP_TIMEOUT_MS = 1_000;

export const FAST_ENV = {
    ORG_ACCOUNTS_HTTP_TIMEOUT_MS: String(HTTP_TIMEOUT_MS),
    ORG_ACCOUNTS_POLL_INITIAL_MS: "50",
    ORG_ACCOUNTS_POLL_MAX_MS: "150",
};

/** The lifecycle's call types, named per cloud. */
export type Role = "submit" | "status" | "listStatuses" | "listAccounts" | "roots" | "describe" | "parents" | "listTags" | "move" | "tag" | "untag" | "close";

export const OPERATION: Record<CloudName, Record<Role, string>> = {
    huawei: {
        submit: "CreateAccount",
        status: "ShowCreateAccountStatus",
        listStatuses: "ListCreateAccountStatuses",
        listAccounts: "ListAccounts",
        roots: "ListRoots",
        describe: "ShowAccount",
        parents: "ListEntities",
        listTags: "ListTags",
        move: "MoveAccount",
        tag: "TagResource",
        untag: "UntagResource",
        close: "CloseAccount",
    },
    aws: {
        submit: "CreateAccount",
        status: "DescribeCreateAccountStatus",
        listStatuses: "ListCreateAccountStatus",
        listAccounts: "ListAccounts",
        roots: "ListRoots",
        describe: "DescribeAccount",
        parents: "ListParents",
        listTags: "ListTagsForResource",
        move: "MoveAccount",
        tag: "TagResource",
        untag: "UntagResource",
        close: "CloseAccount",
    },
};

export interface Tally {
    faults: number;
    runs: number;
    duplicates: number;
    lost: number;
    failedRuns: number;
}

export function newTally(): Tally {
    return { faults: 0, runs: 0, duplicates: 0, lost: 0, failedRuns: 0 };
}

/** Create-account requests the emulator processed for this name (each one leaves a status record). */
export function submissionsFor(cloud: Cloud, emulator: Emulator, name: string): number {
    const statuses = (emulator as unknown as { state: { createAccountStatuses(): Record<string, unknown>[] } }).state.createAccountStatuses();
    return statuses.filter((s) => (cloud.name === "aws" ? s.AccountName : s.account_name) === name).length;
}

export function accountsNamed(cloud: Cloud, emulator: Emulator, name: string) {
    return cloud.accounts(emulator).filter((a) => a.name === name);
}

/**
 * The invariants after a run: at most one processed submission and one account for the name
 * (else a duplicate), and an active account is tracked by the state (else it is lost): its
 * accountId is recorded, or ("recorded" mode, after a failed run) the request that created it is
 * recorded as the resource id, so the next `up` resumes it. Returns the problems and counts them.
 */
export function invariants(w: World, session: EngineSession, resource: Registered, tally: Tally, mode: "exact" | "recorded"): string[] {
    const name = resource.name;
    const problems: string[] = [];
    const submissions = submissionsFor(w.cloud, w.emulator, name);
    const accounts = accountsNamed(w.cloud, w.emulator, name);
    if (submissions > 1 || accounts.length > 1) {
        tally.duplicates++;
        problems.push(`duplicate: ${submissions} submissions, ${accounts.length} accounts named ${name}`);
    }
    const entry = session.get(resource);
    for (const account of accounts.filter((a) => a.state === "active")) {
        const byAccount = entry?.outputs.accountId === account.id;
        const byRequest = mode === "recorded" && entry !== undefined && !entry.outputs.accountId && entry.id === statusIdOf(w.cloud, w.emulator, account.id);
        if (!byAccount && !byRequest) {
            tally.lost++;
            problems.push(`lost: account ${account.id} (${name}) is not tracked (state: ${entry ? JSON.stringify({ id: entry.id, accountId: entry.outputs.accountId }) : "none"})`);
        }
    }
    return problems;
}

function statusIdOf(cloud: Cloud, emulator: Emulator, accountId: string): string | undefined {
    const statuses = (emulator as unknown as { state: { createAccountStatuses(): Record<string, unknown>[] } }).state.createAccountStatuses();
    const found = statuses.find((s) => (cloud.name === "aws" ? s.AccountId : s.account_id) === accountId);
    return (cloud.name === "aws" ? found?.Id : found?.id) as string | undefined;
}

/** mulberry32: small, seedable, good enough to choose kill points. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Resolves with the promise's value, or rejects if it takes longer than `ms` (a hang). */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
        return await Promise.race([
            promise,
            new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error(`HANG: ${what} did not finish within ${ms} ms`)), ms);
            }),
        ]);
    } finally {
        clearTimeout(timer);
    }
}
