// One watcher per organization in the plugin host: the creations in progress share one listing
// of the organization's in-progress requests per tick (AWS `ListCreateAccountStatus` with
// `States`, Huawei `ListCreateAccountStatuses?states=in_progress`), and a request that has left
// the in-progress list is confirmed with one status read of its own. A tick with one creation due
// reads that creation's status directly (one call either way, and the answer is final: a listing
// would need the confirmation too; the benchmark's fleet makes fewer calls per account this
// way, at the same wall time). A listing, made when several are due, also tells about the
// creations not yet due: one listed before and absent now has ended and is confirmed at once, so
// a quota slot is freed by whichever creation polls first.
//
// Each creation keeps its own schedule (pollSchedule.ts) and deadline; creations due
// within a short window of each other are read in the same tick. A failed listing falls back to
// each creation's own status read, so one fault never fails every creation; a failed status read
// fails that creation only, as a failed poll always did.
import type { CreationState, CreationStatus } from "../../clouds/backend";
import { UnknownRequestError } from "../../shared/errors";
import { DeadlineExceededError, formatElapsed } from "./polling";
import type { PollOffsets } from "./pollSchedule";

export interface WatchedBackend {
    getCreation(id: string): Promise<CreationStatus | undefined>;
    listCreations(states?: readonly CreationState[]): Promise<CreationStatus[]>;
}

export interface WatchOptions {
    /** Offsets (ms after `startedAt`) of this creation's polls. */
    offsets: PollOffsets;
    /** Epoch ms the offsets count from (the request's submission); default when the watch begins. */
    startedAt?: number;
    /** Epoch ms; the last poll is at the deadline, then the wait fails. */
    deadline: number;
    /** Until then (epoch ms), "not found" is the service not having caught up (a just-submitted request). */
    graceUntil?: number;
    /** Each in-progress answer, with the time since the watch began. */
    onProgress?: (status: CreationStatus, elapsedMs: number) => void;
}

export interface WatcherOptions {
    /** Creations due within this many ms of the tick are read in it. */
    coalesceMs: number;
    /** Each terminal status seen (feeds the organization's history). */
    onComplete?: (status: CreationStatus) => void;
}

interface Entry {
    id: string;
    options: WatchOptions;
    startedAt: number;
    nextAt: number;
    busy: boolean;
    /** Seen in an in-progress listing: its absence from a later one means it has ended. */
    listed: boolean;
    resolve: (status: CreationStatus) => void;
    reject: (error: unknown) => void;
}

export class CreationWatcher {
    private readonly entries = new Map<Entry, true>();
    private timer?: NodeJS.Timeout;
    private timerAt = Infinity;
    /** Calls made, by kind: for tests and the benchmark's own accounting. */
    readonly counts = { listings: 0, reads: 0, confirmations: 0 };

    constructor(
        private readonly backend: () => WatchedBackend,
        private readonly options: WatcherOptions,
    ) {}

    /** Resolves with the request's terminal status; rejects as a poll failure would. */
    watch(id: string, options: WatchOptions): Promise<CreationStatus> {
        return new Promise((resolve, reject) => {
            const startedAt = options.startedAt ?? Date.now();
            const entry: Entry = { id, options, startedAt, nextAt: 0, busy: false, listed: false, resolve, reject };
            entry.nextAt = this.nextPollAt(entry, -Infinity);
            this.entries.set(entry, true);
            this.arm();
        });
    }

    /** Creations being watched. */
    get size(): number {
        return this.entries.size;
    }

    private nextPollAt(entry: Entry, lastPollAt: number): number {
        for (;;) {
            const offset = entry.options.offsets.next().value as number;
            const at = entry.startedAt + offset;
            // Offsets already behind (a slow tick) are skipped; the deadline is the last poll.
            if (at > lastPollAt) return Math.min(at, entry.options.deadline);
        }
    }

    private arm(): void {
        let earliest = Infinity;
        for (const entry of this.entries.keys()) if (!entry.busy) earliest = Math.min(earliest, entry.nextAt);
        if (earliest === Infinity) return;
        if (this.timer && this.timerAt <= earliest) return;
        if (this.timer) clearTimeout(this.timer);
        this.timerAt = earliest;
        this.timer = setTimeout(
            () => {
                this.timer = undefined;
                this.timerAt = Infinity;
                void this.tick();
            },
            Math.max(0, earliest - Date.now()),
        );
    }

    private async tick(): Promise<void> {
        const now = Date.now();
        const idle = [...this.entries.keys()].filter((e) => !e.busy);
        const due = idle.filter((e) => e.nextAt <= now + this.options.coalesceMs);
        if (due.length === 0) return this.arm();
        for (const entry of due) entry.busy = true;
        this.arm(); // the others' polls go on while this tick waits for its answers
        try {
            if (due.length === 1) {
                // One due: its own status read is one call too, and its answer is final.
                await this.readOwn(due[0], false);
                return;
            }
            let inProgress: Set<string> | undefined;
            try {
                this.counts.listings++;
                inProgress = new Set((await this.backend().listCreations(["in_progress"])).map((c) => c.id));
            } catch {
                inProgress = undefined; // each due creation reads its own status instead
            }
            const list = inProgress;
            // The listing also tells about creations not yet due: one listed before and now
            // absent has ended, and is confirmed now rather than at its own next poll.
            const ended = list ? idle.filter((e) => !e.busy && e.listed && !list.has(e.id)) : [];
            for (const entry of ended) entry.busy = true;
            await Promise.all([
                ...due.map((entry) => {
                    if (!list) return this.readOwn(entry, false);
                    if (list.has(entry.id)) {
                        entry.listed = true;
                        return this.stillInProgress(entry, { id: entry.id, state: "in_progress" });
                    }
                    return this.readOwn(entry, true);
                }),
                ...ended.map((entry) => this.readOwn(entry, true)),
            ]);
            if (list) for (const entry of idle) if (list.has(entry.id)) entry.listed = true;
        } finally {
            this.arm();
        }
    }

    /** One status read of the creation's own: the answer, or a confirmation of a listing's. */
    private async readOwn(entry: Entry, confirmation: boolean): Promise<void> {
        if (confirmation) this.counts.confirmations++;
        else this.counts.reads++;
        let status: CreationStatus | undefined;
        try {
            status = await this.backend().getCreation(entry.id);
        } catch (error) {
            return this.finish(entry, () => entry.reject(error));
        }
        if (!status) {
            if (Date.now() < (entry.options.graceUntil ?? 0)) return this.stillInProgress(entry, { id: entry.id, state: "in_progress" });
            return this.finish(entry, () => entry.reject(new UnknownRequestError(entry.id)));
        }
        if (status.state === "in_progress") return this.stillInProgress(entry, status);
        this.options.onComplete?.(status);
        const done = status;
        return this.finish(entry, () => entry.resolve(done));
    }

    private stillInProgress(entry: Entry, status: CreationStatus): void {
        const now = Date.now();
        if (now >= entry.options.deadline) {
            const elapsed = formatElapsed(now - entry.startedAt);
            return this.finish(entry, () => entry.reject(new DeadlineExceededError(`timed out after ${elapsed} waiting for account creation ${entry.id}`)));
        }
        try {
            entry.options.onProgress?.(status, now - entry.startedAt);
        } catch {
            // a progress line never fails the wait
        }
        entry.nextAt = this.nextPollAt(entry, now);
        entry.busy = false;
    }

    private finish(entry: Entry, settle: () => void): void {
        this.entries.delete(entry);
        settle();
    }
}
