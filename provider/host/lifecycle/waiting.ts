// Waiting for a creation to end: every creation in progress of the plugin host is watched through
// the organization's one watcher (one listing per tick), on a schedule informed by the
// organization's creation history; then for the new account to be visible.
import type { AccountRecord, CommonAccountInputs, CreationStatus, KnownAttributes } from "../../clouds/backend";
import { CreationWatcher } from "../waiting/creationWatcher";
import { OrgAccountsError } from "../../shared/errors";
import type { OrganizationSnapshot } from "../waiting/organizationSnapshot";
import { DeadlineExceededError, formatElapsed, pollUntil } from "../waiting/polling";
import { type CreationHistory, pollOffsets, scaledConstants } from "../waiting/pollSchedule";
import { sleep } from "../../clouds/transport/retry";
import { VisibilityLag } from "../waiting/visibilityLag";
import type { LifecycleContext } from "./context";

export class Waiting<I extends CommonAccountInputs, S> {
    /** The creations in progress share one listing per tick. */
    private readonly watcher: CreationWatcher;
    /** How long a new account is not found after its creation succeeded, as this host saw it. */
    private readonly visibility: VisibilityLag;

    constructor(
        private readonly context: LifecycleContext<I, S>,
        /** The organization's recent creation times, from its listings and the creations seen complete. */
        private readonly history: CreationHistory,
        /** Told of every creation seen complete. */
        snapshot: OrganizationSnapshot,
    ) {
        const policy = context.pollPolicy;
        // Learned waits of at most 5 × the first look's delay (5 s by default): one slow read does not slow every account after it.
        this.visibility = new VisibilityLag(5 * context.waitSchedule.initialMs);
        const coalesceMs = policy.explicit ? policy.explicit.initialMs / 2 : scaledConstants(policy.timeScale).minIntervalMs;
        this.watcher = new CreationWatcher(() => context.backend, {
            coalesceMs,
            onComplete: (status) => {
                this.history.learn(status);
                snapshot.note(status);
            },
        });
    }

    /**
     * Waits through the organization's watcher (one listing per tick for every creation in
     * progress), on a schedule informed by its history. `justSubmitted`: "not found" is
     * disbelieved for the consistency grace (the request may not be visible yet), by default for a
     * request this process sent. `sentAt`: when this process sent the request; the schedule counts
     * from then, as the creation time does.
     */
    async waitForCreation(
        id: string,
        inputs: I,
        deadline: number,
        { sentAt, justSubmitted = sentAt !== undefined }: { sentAt?: number; justSubmitted?: boolean } = {},
    ): Promise<CreationStatus> {
        const started = sentAt ?? Date.now();
        const policy = this.context.pollPolicy;
        // Taken over (not just submitted): read at once, then on the schedule.
        const offsets = pollOffsets(this.history.durations(), policy);
        const creation = await this.watcher.watch(id, {
            offsets: justSubmitted ? offsets : withFirstAtZero(offsets),
            startedAt: started,
            deadline,
            graceUntil: justSubmitted ? started + this.context.consistencyGraceMs : started,
            onProgress: this.context.progress((c: CreationStatus) => `${this.context.label(inputs)}: account creation ${id} is ${c.state}`),
        });
        const outcome = creation.state === "succeeded" ? `succeeded: account ${creation.accountId}` : `failed: ${creation.failureReason}`;
        this.context.log(`${this.context.label(inputs)}: account creation ${id} ${outcome} (${formatElapsed(Date.now() - started)})`);
        return creation;
    }

    /**
     * A just-created account may not be found at first (eventual consistency): its first read waits
     * for the window this host learned, then it is looked for again within the grace.
     */
    async newAccount(accountId: string, inputs: I, deadline: number, known?: KnownAttributes): Promise<AccountRecord> {
        const found = await this.findNewAccount(accountId, deadline, { known });
        if (!found) {
            throw new OrgAccountsError(
                `${this.context.label(inputs)}: account ${accountId} was created but is not in the organization (not found for ${formatElapsed(this.context.consistencyGraceMs)})`,
            );
        }
        return found;
    }

    /**
     * The account a succeeded request made, or undefined if it is not found once the consistency
     * grace, counted from `succeededAt` (epoch ms; default now), is over. A request that succeeded
     * long ago gets one read; one that succeeded a moment ago the same waits as one seen to end.
     */
    async findNewAccount(
        accountId: string,
        deadline: number,
        { known, succeededAt = Date.now() }: { known?: KnownAttributes; succeededAt?: number } = {},
    ): Promise<AccountRecord | undefined> {
        const since = Math.min(succeededAt, Date.now());
        const until = Math.min(deadline, since + this.context.consistencyGraceMs);
        const wait = Math.min(since + this.visibility.waitMs, until) - Date.now();
        if (wait > 0) await sleep(wait);
        let missed = false;
        return pollUntil({
            read: async () => {
                const sentAt = Date.now();
                const record = await this.context.backend.describeAccount(accountId, known);
                if (record === undefined) missed = true;
                else if (missed) this.visibility.learnMissed(sentAt - since);
                return record;
            },
            isDone: (record) => record !== undefined || Date.now() >= until,
            deadline: until,
            schedule: this.context.waitSchedule,
            what: `account ${accountId} to be visible`,
        }).catch((error) => {
            if (error instanceof DeadlineExceededError) return undefined;
            throw error;
        });
    }
}

/** The same offsets, with a first poll right away (explicit schedules already have one). */
function* withFirstAtZero(offsets: Iterator<number>): Generator<number> {
    const first = offsets.next().value as number;
    yield 0;
    if (first > 0) yield first;
    for (;;) yield offsets.next().value as number;
}
