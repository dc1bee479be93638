// What both clouds' organization models keep alike: sequence numbers (the order lists and pages follow),
// the member accounts, create-account status records that can expire, scripted creation failures, the
// delayed completion of creations and closures, and the test controls over all of these.

/** Delayed work keyed by id (an account creation or closure completing). */
export class Scheduler {
    private readonly pending = new Map<string, { timer: NodeJS.Timeout; run: () => void }>();

    /** Runs `run` after `ms`; replaces (without stopping its timer) what was scheduled under `key`. */
    schedule(key: string, ms: number, run: () => void): void {
        const timer = setTimeout(() => {
            this.pending.delete(key);
            run();
        }, ms);
        this.pending.set(key, { timer, run });
    }

    cancel(key: string): void {
        const entry = this.pending.get(key);
        if (entry) clearTimeout(entry.timer);
        this.pending.delete(key);
    }

    /** Runs what is scheduled under `key` now, if anything. */
    run(key: string): void {
        const entry = this.pending.get(key);
        if (!entry) return;
        clearTimeout(entry.timer);
        this.pending.delete(key);
        entry.run();
    }

    /** Runs everything scheduled now, in scheduling order. */
    runAll(): void {
        for (const [key, { timer, run }] of [...this.pending]) {
            clearTimeout(timer);
            this.pending.delete(key);
            run();
        }
    }

    /** Stops all timers: what was scheduled stays undone. */
    dispose(): void {
        for (const { timer } of this.pending.values()) clearTimeout(timer);
        this.pending.clear();
    }
}

/** What every member account record has, in both clouds. */
export interface MemberAccount {
    id: string;
    name: string;
    parentId: string;
    tags: Map<string, string>;
}

/** A change made outside the API under test (the console, another tool), for drift. */
export interface OutOfBandChange {
    /** The account moves to this root or organizational unit. */
    parentId?: string;
    /** Tags set (added or overwritten). */
    tags?: Record<string, string>;
    /** Tag keys removed. */
    removeTags?: string[];
    /** The account's new name. */
    name?: string;
}

/**
 * The model both clouds' organizations share. `Status` is a create-account status record,
 * `Account` a member account, `Failure` a scripted creation failure, `State` an account's lifecycle
 * state (AWS `State`, Huawei `status`).
 */
export abstract class OrganizationModel<Status extends { id: string; expired: boolean }, Account extends MemberAccount, Failure extends { times?: number }, State extends string> {
    /** How long creations and closures take (read when each one starts). */
    protected abstract readonly options: { creationDelayMs: number; closeDelayMs: number };
    /** The cloud's account states, and the one an account is in while its closure is under way. */
    protected abstract readonly accountStates: { all: readonly State[]; closing: State };
    private seq = 0;
    protected readonly accountsById = new Map<string, Account>();
    protected readonly statuses: Status[] = [];
    /** Failures the next matching creations end with, each for its remaining number of times. */
    protected scripted: (Failure & { remaining: number })[] = [];
    protected readonly creations = new Scheduler();
    protected readonly closures = new Scheduler();

    protected nextSeq(): number {
        return ++this.seq;
    }

    /** Whether `id` names the root or an organizational unit. */
    abstract isContainer(id: string): boolean;

    /** The account with this id, for a test control: a test naming an unknown account is a mistake in the test. */
    protected knownAccount(id: string): Account {
        const account = this.accountsById.get(id);
        if (!account) throw new Error(`unknown account ${id}`);
        return account;
    }

    /** The next matching creation(s) fail with this reason (each cloud checks the reason in `checkScriptedFailure`). */
    scriptFailure(failure: Failure): void {
        const times = failure.times ?? 1;
        if (!(times > 0)) throw new Error("times must be > 0");
        this.checkScriptedFailure(failure);
        this.scripted.push({ ...failure, remaining: times });
    }

    /** Throws when a scripted failure is one the cloud cannot answer. */
    protected checkScriptedFailure(_failure: Failure): void {}

    /**
     * A change made outside the API under test (the console, another tool): the account moved, its
     * tags set or removed, renamed, without the refusals the API would answer.
     */
    changeOutOfBand(id: string, change: OutOfBandChange): void {
        const account = this.knownAccount(id);
        if (change.parentId !== undefined && !this.isContainer(change.parentId)) throw new Error(`unknown parent ${change.parentId}`);
        if (change.name !== undefined) this.checkOutOfBandName(account, change.name);
        if (change.parentId !== undefined) account.parentId = change.parentId;
        for (const [key, value] of Object.entries(change.tags ?? {})) account.tags.set(key, value);
        for (const key of change.removeTags ?? []) account.tags.delete(key);
        if (change.name !== undefined) this.rename(account, change.name);
    }

    /** Throws when the cloud could not have given the account this name, even outside the API. */
    protected checkOutOfBandName(_account: Account, _name: string): void {}

    protected rename(account: Account, name: string): void {
        account.name = name;
    }

    protected abstract writeState(account: Account, state: State): void;

    /**
     * Puts an account in this state, as the cloud may on its own (a suspension, a closure finished
     * in the console); an account taken out of the closing state stops closing.
     */
    setAccountState(id: string, state: State): void {
        const account = this.knownAccount(id);
        if (!this.accountStates.all.includes(state)) throw new Error(`unknown account state ${state}; use one of ${this.accountStates.all.join(", ")}`);
        this.writeState(account, state);
        if (state !== this.accountStates.closing) this.closures.cancel(id);
    }

    /** The status record with this id, unless expired. */
    protected visibleStatus(id: string): Status | undefined {
        return this.statuses.find((s) => s.id === id && !s.expired);
    }

    /** The status record disappears (no longer found by id, not listed); the account (if any) remains. */
    expireCreateAccountStatus(id: string): void {
        const record = this.visibleStatus(id);
        if (!record) throw new Error(`unknown create account status ${id}`);
        record.expired = true;
    }

    /** Finishes one pending creation now, as its delay would (a test may hold one with a long delay). */
    finishCreation(id: string): void {
        this.creations.run(id);
    }

    /** Finishes every pending creation and closure now (creations first). */
    completeAll(): void {
        this.creations.runAll();
        this.closures.runAll();
    }

    /** Delays for creations and closures started from now on (a test may vary them from one run to the next). */
    setDelays(delays: { creationDelayMs?: number; closeDelayMs?: number }): void {
        if (delays.creationDelayMs !== undefined) this.options.creationDelayMs = delays.creationDelayMs;
        if (delays.closeDelayMs !== undefined) this.options.closeDelayMs = delays.closeDelayMs;
    }

    /** Forgets every account, status record, scripted failure and pending creation or closure (the organization's reset). */
    protected resetModel(): void {
        this.dispose();
        this.accountsById.clear();
        this.statuses.length = 0;
        this.scripted = [];
    }

    /** Stops all timers (pending work stays pending). */
    dispose(): void {
        this.creations.dispose();
        this.closures.dispose();
    }
}
