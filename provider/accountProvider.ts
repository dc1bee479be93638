// The provider logic of every account resource: check, diff, create, read, update, delete. It
// knows the engine's contract and the no-duplicate rules, and nothing of any cloud's API: that is
// behind AccountBackend, and the resource's own shape is described by an AccountKind.
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import type { AccountBackend, AccountRecord, AccountState, AccountSummary, CommonAccountInputs, CreationStatus, KnownAttributes } from "./backend";
import { Semaphore, type Release } from "./concurrency";
import { AmbiguousRequestError, ApiError, DeletionRefusedError, OrgAccountsError, ThrottledError, TransportError } from "./errors";
import { CreationWatcher } from "./creationWatcher";
import { OrganizationSnapshot } from "./organizationSnapshot";
import { DeadlineExceededError, formatElapsed, pollDelays, pollUntil, PollSchedule } from "./polling";
import { CreationHistory, pollOffsets, scaledConstants, SchedulePolicy } from "./pollSchedule";
import { CheckFailure, containsUnknown, parseDuration, validateInputs } from "./resources/inputs";
import { OWNER_TAG_KEY } from "./resources/owner";
import { backoffDelayMs, sleep } from "./transport/retry";

export type OnDelete = NonNullable<CommonAccountInputs["onDelete"]>;
export type Outputs = Record<string, unknown>;

/** What differs between resource types: their inputs, outputs and backend. */
export interface AccountKind<I extends CommonAccountInputs, S> {
    typeName: string;
    schema: z.ZodType<I>;
    /** Inputs whose change needs a new account. */
    replaceOnChange: readonly string[];
    /** Inputs the cloud keeps unique across accounts, and never frees (not even by closing). */
    uniqueInputs: readonly string[];
    defaultOnDelete: OnDelete;
    defaultTimeouts: { create: string; delete: string };
    /** States in which the account counts as deleted (closing or closed); default pending_closure, suspended, closed. */
    goneStates?: readonly AccountState[];
    /**
     * Why the cloud would refuse to remove this account (known from its old inputs) from the
     * organization, if it knows it will: a replacement under onDelete "remove" is then refused at
     * check, before a new account is made and the old one is stuck as a pending delete.
     */
    removalRefusal?(olds: Outputs): string | undefined;
    backend(settings: S): AccountBackend<I>;
    /** Creations this plugin host keeps in progress at once (the cloud's own quota); none = no limit. */
    maxConcurrentCreations?(settings: S): number | undefined;
    /** Whether an account is the one these inputs describe (same unique name or email). */
    isSameAccount(account: AccountSummary, inputs: I): boolean;
    /** Lays the cloud's own drifted attributes (a description, a name) over `base`. */
    currentInputs(record: AccountRecord, base: I): I;
    /** Output properties (beside the inputs) from what is known of the account. */
    outputs(creation: CreationStatus | undefined, record: AccountRecord | undefined): Outputs;
}

export interface LifecycleOptions {
    poll: PollSchedule;
    /** Progress lines for the user (the plugin's stderr reaches `pulumi up`). */
    log: (line: string) => void;
    /**
     * How long "not found" is disbelieved right after a submission or a success (eventual
     * consistency) before it is taken as the answer; default DEFAULT_CONSISTENCY_GRACE_MS.
     */
    consistencyGraceMs?: number;
    /**
     * Whether `check` proves the credentials and endpoint with one read (the backend's
     * verifyCredentials), once for every resource of this lifecycle; default false.
     */
    verifyCredentials?: boolean;
    /** The organization's default tags: on every account, under the resource's own tags. */
    defaultTags?: Record<string, string>;
    /**
     * How creations are polled: by the organization's history (the default of the plugin host),
     * or, with `explicit`, by the user's schedule. Unset: `poll`, as given.
     */
    pollPolicy?: SchedulePolicy;
}

export const DEFAULT_CONSISTENCY_GRACE_MS = 30_000;

/** The engine records the resource with this id and properties, then reports the error. */
export class ResourceInitFailedError extends OrgAccountsError {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Outputs,
        readonly reasons: string[] = [message],
    ) {
        super(message);
    }
}

/** Creation ended `failed`: no account exists, so nothing is recorded. */
export class CreationFailedError extends OrgAccountsError {
    constructor(
        message: string,
        readonly failureReason?: string,
    ) {
        super(message);
    }
}
/** An account the inputs describe exists but this stack did not create it. */
export class NotOwnedError extends OrgAccountsError {}

const PROVIDER_KEY = "__provider";
const CREATION_ID_KEY = "createAccountStatusId";
/** Output recorded when a request the stack tracks ended `failed`: no account exists for it. */
const FAILED_CREATION_KEY = "failedCreation";
const DEFAULT_GONE_STATES: readonly AccountState[] = ["pending_closure", "suspended", "closed"];
const SUBMIT_ATTEMPTS = 3;
/** Waiting out a refusal that clears with time (quota of creations in progress, throttling). */
const THROTTLE_BACKOFF = { maxAttempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 30_000, maxElapsedMs: Infinity };
/** A line while waiting at most this often, so a long `up` shows it is alive without flooding. */
const PROGRESS_EVERY_MS = 10_000;


/** How a creation is waited for and finished. */
interface CompletionOptions {
    /** Taken over by its name: the account must carry this stack's marker. */
    verifyOwner?: boolean;
    /** "Not found" is disbelieved for the consistency grace (the request may not be visible yet). */
    justSubmitted?: boolean;
    /** Sent by this process with the inputs' tags: the new account's tags and parent need no read. */
    sentNow?: boolean;
    /** The quota slot, freed as soon as the request has ended. */
    release?: Release;
}

/** What create goes on with: a request (submitted now, or this resource's own from an earlier run), or an account. */
type Claim = { creation: CreationStatus; verifyOwner: boolean; submitted: boolean } | { record: AccountRecord };

export class AccountLifecycle<I extends CommonAccountInputs, S> {
    /** Shared by every resource of this kind in the plugin host. */
    private readonly creationSlots?: Semaphore;
    /** The organization's requests and accounts, listed once for every creation of this host. */
    private readonly snapshot = new OrganizationSnapshot(() => this.backend, (list) => this.history.learnListing(list));
    /** Parents known to exist, for the host's lifetime (an organization's roots and OUs rarely go). */
    private readonly parents = new Map<string, Promise<boolean>>();
    private readonly goneStates: readonly AccountState[];
    /** The credentials check, made once and shared by every resource (its failure too: nothing could work). */
    private credentialsVerified?: Promise<void>;
    /** The organization's recent creation times, from its listings and the creations seen complete. */
    private readonly history = new CreationHistory();
    /** The creations in progress share one listing per tick. */
    private readonly watcher: CreationWatcher;

    constructor(
        private readonly kind: AccountKind<I, S>,
        private readonly settings: S,
        private readonly options: LifecycleOptions,
        private backendInstance?: AccountBackend<I>,
    ) {
        const limit = kind.maxConcurrentCreations?.(settings);
        if (limit) this.creationSlots = new Semaphore(limit);
        this.goneStates = kind.goneStates ?? DEFAULT_GONE_STATES;
        const policy = this.pollPolicy;
        const coalesceMs = policy.explicit ? policy.explicit.initialMs / 2 : scaledConstants(policy.timeScale).minIntervalMs;
        this.watcher = new CreationWatcher(() => this.backend, {
            coalesceMs,
            onComplete: (status) => {
                this.history.learn(status);
                this.snapshot.note(status);
            },
        });
    }

    private get pollPolicy(): SchedulePolicy {
        return this.options.pollPolicy ?? { timeScale: 1, explicit: this.options.poll };
    }

    /** The other waits (a new account to be visible, a closing, a lost request): the user's schedule, or the default one at the time scale. */
    private get waitSchedule(): PollSchedule {
        const { explicit, timeScale } = this.pollPolicy;
        if (explicit) return explicit;
        const poll = this.options.poll;
        return { ...poll, initialMs: poll.initialMs / timeScale, maxMs: poll.maxMs / timeScale };
    }

    /** Made on first use: check and diff need no credentials. */
    private get backend(): AccountBackend<I> {
        return (this.backendInstance ??= this.kind.backend(this.settings));
    }

    // --- check and diff: no API call but the one credentials check ---

    /**
     * Valid inputs are followed by the credentials check (when enabled), so that a missing, wrong
     * or expired credential or a dead endpoint fails `preview`. Invalid inputs make no API call.
     */
    async check(_olds: Outputs, news: Outputs): Promise<{ inputs: Outputs; failures: CheckFailure[] }> {
        const failures = validateInputs(this.kind.schema, withoutProvider(news)).failures;
        if (failures.length === 0 && this.options.verifyCredentials) await this.verifyCredentials();
        return { inputs: news, failures };
    }

    private verifyCredentials(): Promise<void> {
        this.credentialsVerified ??= Promise.resolve().then(() => this.backend.verifyCredentials?.());
        return this.credentialsVerified;
    }

    /**
     * Diff sees the recorded outputs (check sees only inputs), so it decides what an existing
     * resource needs: an unfinished creation is always updated (update finishes it: this also
     * holds after a refresh, which clears the engine's own record of the failure), a creation
     * that ended `failed` is replaced by a new request, and a replacement that cannot work is
     * refused before anything is touched.
     */
    diff(olds: Outputs, news: Outputs): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
        const keys = new Set([...Object.keys(this.inputKeys()), ...Object.keys(withoutProvider(news))]);
        const changed = [...keys].filter((key) => this.inputChanged(key, olds[key], news[key]));
        const replaces = changed.filter((key) => this.kind.replaceOnChange.includes(key));
        if (typeof olds[FAILED_CREATION_KEY] === "string") {
            // No account exists: a new request, whatever changed (the cause may have been fixed outside).
            return { changes: true, replaces: replaces.length > 0 ? replaces : [CREATION_ID_KEY], deleteBeforeReplace: false };
        }
        this.refuseImpossibleReplacement(olds, news, replaces);
        const unfinished = typeof olds.accountId !== "string";
        // The replacement has new unique values (checked above), so it can exist beside the old one.
        return { changes: changed.length > 0 || unfinished, replaces, deleteBeforeReplace: false };
    }

    /**
     * A replacement needs a new account, and a new account needs new unique values (the clouds
     * never free a name or email, even after closing). A replacement that keeps them would find
     * the old account again and then delete it; one whose old account the cloud will refuse to
     * delete (a pending delete uses the onDelete recorded for it, never new inputs) would leave it
     * stuck. Refuse both before anything is touched.
     */
    private refuseImpossibleReplacement(olds: Outputs, news: Outputs, replaces: string[]): void {
        const unique = this.kind.uniqueInputs;
        const replaced = replaces.filter((key) => !containsUnknown(news[key]));
        if (replaced.length === 0) return;
        if (!replaces.some((key) => unique.includes(key))) {
            throw new OrgAccountsError(
                replaced
                    .map((key) => `${key}: cannot change on an existing account; a new account would also need a new ${unique.join(" and ")}, which ${this.kind.typeName} never reuses`)
                    .join("; "),
            );
        }
        const policy = (olds.onDelete as OnDelete | undefined) ?? this.kind.defaultOnDelete;
        const refusal = policy === "remove" ? this.kind.removalRefusal?.(olds) : undefined;
        if (!refusal) return;
        throw new OrgAccountsError(
            replaced
                .map(
                    (key) =>
                        `${key}: changing it replaces the account, and the old account would then be deleted by its recorded onDelete "remove", which ${refusal}. ` +
                        `First set onDelete to "close" or "retain" on this resource alone and run \`pulumi up\` (no API call), then change ${key}`,
                )
                .join("; "),
        );
    }

    // --- create ---

    async create(props: Outputs): Promise<{ id: string; outs: Outputs }> {
        const inputs = this.parse(props);
        const deadline = this.deadline(inputs, "create");
        await this.assertParentExists(inputs, "no account was created");
        if (inputs.adopt) return this.adopt(props, inputs, deadline);

        // Looked up before queueing, so that a burst of creations shares one listing; a request of
        // this resource's own from an earlier run is already counted by the cloud and needs no slot.
        const own = await this.findOwn(inputs, deadline);
        if (own && "record" in own) return this.finish(props, inputs, own.record.accountId, undefined, own.record, deadline);
        const release = !own && this.creationSlots ? await this.creationSlots.acquire(deadline, `create ${this.label(inputs)}`) : undefined;
        try {
            const claim = own ?? (await this.submit(inputs, deadline));
            if ("record" in claim) return await this.finish(props, inputs, claim.record.accountId, undefined, claim.record, deadline);
            const id = claim.creation.id;
            const how = claim.submitted ? "submitted" : `${claim.creation.state} from an earlier run, taken over`;
            this.options.log(`${this.label(inputs)}: account creation ${id} ${how}; waiting for it to complete`);
            return await this.recordingFailures(id, props, this.kind.outputs(claim.creation, undefined), () =>
                this.completeCreation(id, props, inputs, deadline, { verifyOwner: claim.verifyOwner, justSubmitted: claim.submitted, sentNow: claim.submitted, release }),
            );
        } finally {
            release?.();
        }
    }

    /** Submits; a submission whose outcome is unknown is looked up (fresh) before it is sent again. */
    private async submit(inputs: I, deadline: number): Promise<Claim> {
        for (let ambiguous = 0, throttled = 0; ; ) {
            try {
                const creation = await this.backend.submitCreation(inputs, this.desiredTags(inputs));
                this.snapshot.note({ accountName: inputs.name, ...creation });
                return { creation, verifyOwner: false, submitted: true };
            } catch (error) {
                if (error instanceof ThrottledError) {
                    await this.waitOut(error, throttled++, deadline, inputs, "create");
                    continue;
                }
                if (!(error instanceof AmbiguousRequestError) || ++ambiguous >= SUBMIT_ATTEMPTS) throw error;
                this.options.log(`${this.label(inputs)}: ${error.message}; looking the request up before submitting again`);
                const found = await this.findOwnPatiently(inputs, deadline);
                if (found) return found;
            }
        }
    }

    /**
     * A request just submitted may not be listed yet (eventual consistency): look until a look
     * begun after the grace finds nothing (a slow look begun within it says nothing).
     */
    private async findOwnPatiently(inputs: I, deadline: number): Promise<Claim | undefined> {
        const until = Math.min(deadline, Date.now() + this.consistencyGraceMs);
        const delays = pollDelays(this.waitSchedule);
        for (;;) {
            const begun = Date.now();
            const found = await this.findOwn(inputs, deadline, true);
            if (found || begun >= until) return found;
            await sleep(Math.min(delays.next().value as number, Math.max(0, until - Date.now())));
        }
    }

    /**
     * Sends a change, waiting out refusals that clear with time (throttling, a concurrent
     * modification, a conflict, a quota of requests at once) within the deadline. A refusal did
     * nothing, so sending again is safe.
     */
    private async retrying<T>(inputs: I, deadline: number, which: "create" | "delete", send: () => Promise<T>): Promise<T> {
        for (let attempt = 0; ; attempt++) {
            try {
                return await send();
            } catch (error) {
                if (!(error instanceof ThrottledError)) throw error;
                await this.waitOut(error, attempt, deadline, inputs, which);
            }
        }
    }

    /** Sleeps with backoff (half fixed, half jitter) after a refusal, within the deadline. */
    private async waitOut(error: ThrottledError, attempt: number, deadline: number, inputs: I, which: "create" | "delete"): Promise<void> {
        const ceiling = Math.min(THROTTLE_BACKOFF.maxDelayMs, THROTTLE_BACKOFF.baseDelayMs * 2 ** attempt);
        const delay = ceiling / 2 + backoffDelayMs(attempt, THROTTLE_BACKOFF) / 2;
        if (Date.now() + delay > deadline) {
            throw new DeadlineExceededError(`${error.message}; still refused at the deadline (raise timeouts.${which} to wait longer)`);
        }
        this.options.log(`${this.label(inputs)}: ${error.message}; sending ${error.operation} again in ${formatElapsed(delay)}`);
        await sleep(delay);
    }

    private get consistencyGraceMs(): number {
        return this.options.consistencyGraceMs ?? DEFAULT_CONSISTENCY_GRACE_MS;
    }

    /** A parentId that names nothing fails before anything is written, naming the input. */
    private async assertParentExists(inputs: I, consequence: string): Promise<void> {
        const parentId = inputs.parentId;
        if (!parentId || !this.backend.parentExists) return;
        let known = this.parents.get(parentId);
        if (!known) {
            known = this.backend.parentExists(parentId);
            this.parents.set(parentId, known);
            known.then((exists) => exists || this.parents.delete(parentId), () => this.parents.delete(parentId));
        }
        if (await known) return;
        throw new OrgAccountsError(
            `${this.label(inputs)}: parentId: "${parentId}" is not a root or organizational unit of this organization (${consequence}). Set parentId to an existing root ("r-...") or organizational unit id.`,
        );
    }

    /**
     * This resource's own request or account, if the organization has one. A request is listed
     * with its account name only: where the cloud keeps names unique (Huawei) that name is the
     * account's identity; elsewhere (AWS: the email is) a request in progress with the same name
     * may be anyone's, so it is waited for and judged by the account it made.
     */
    private async findOwn(inputs: I, deadline: number, fresh = false): Promise<Claim | undefined> {
        const requests = (await this.snapshot.requests(fresh)).filter((c) => c.accountName === inputs.name);
        const inProgress = requests.filter((c) => c.state === "in_progress");
        // Ours or a foreign one; which is known when it succeeds, from the ownership tag it carries.
        if (inProgress.length > 0 && this.namesAreUnique) return { creation: latest(inProgress), verifyOwner: true, submitted: false };
        const ended = await this.waitedFor(inProgress, inputs, deadline);
        const finished = requests.filter((c) => c.state !== "in_progress");
        for (const creation of [...ended, ...finished].filter((c) => c.state === "succeeded" && c.accountId)) {
            // An account seen to succeed just now may not be visible yet (eventual consistency).
            const record = ended.includes(creation) ? await this.newAccount(creation.accountId!, inputs, deadline) : await this.backend.describeAccount(creation.accountId!);
            // A replacement's predecessor carries the same owner marker: only the unique key tells them apart.
            if (!record || this.goneStates.includes(record.state) || !this.kind.isSameAccount(record, inputs)) continue;
            this.assertOwned(record, inputs, this.uniqueKey);
            return { creation, verifyOwner: false, submitted: false };
        }
        const record = await this.findAccount(inputs, fresh);
        if (!record || this.goneStates.includes(record.state)) return undefined;
        this.assertOwned(record, inputs, this.uniqueKey);
        return { record };
    }

    /** Whether the cloud keeps account names unique, so that a request's name tells which account it makes. */
    private get namesAreUnique(): boolean {
        return this.kind.uniqueInputs.includes("name");
    }

    /**
     * Requests in progress, waited for until they end. Nothing is recorded while waiting: a
     * request whose account is not known yet may be someone else's.
     */
    private async waitedFor(inProgress: CreationStatus[], inputs: I, deadline: number): Promise<CreationStatus[]> {
        return Promise.all(
            inProgress.map(async (request) => {
                this.options.log(
                    `${this.label(inputs)}: request ${request.id} for an account of the same name is in progress; ` +
                        `waiting for it to end, to tell by its account's ${this.uniqueKey} whether it is this resource's`,
                );
                return this.waitForCreation(request.id, inputs, deadline).catch((error) => {
                    if (!(error instanceof DeadlineExceededError)) throw error;
                    throw new OrgAccountsError(
                        `${this.label(inputs)}: request ${request.id} for an account of the same name was still in progress at the deadline; ` +
                            `whether it is this resource's is known when it ends: run \`pulumi up\` again (raise timeouts.create to wait longer)`,
                    );
                });
            }),
        );
    }

    private async findAccount(inputs: I, fresh = false): Promise<AccountRecord | undefined> {
        const summary = (await this.snapshot.accounts(fresh)).find((account) => this.kind.isSameAccount(account, inputs));
        return summary && this.backend.describeAccount(summary.accountId);
    }

    private async adopt(props: Outputs, inputs: I, deadline: number): Promise<{ id: string; outs: Outputs }> {
        const record = await this.findAccount(inputs, true);
        if (!record) {
            const key = this.uniqueKey;
            throw new OrgAccountsError(`${this.label(inputs)}: adopt is set but the organization has no account with this ${key} ("${String(inputs[key as keyof I])}")`);
        }
        if (this.goneStates.includes(record.state)) {
            throw new OrgAccountsError(`${this.label(inputs)}: cannot adopt account ${record.accountId}: it is ${record.state}`);
        }
        const creation = (await this.snapshot.requests()).find((c) => c.accountId === record.accountId);
        this.options.log(`${this.label(inputs)}: adopting existing account ${record.accountId}`);
        return this.finish(props, inputs, creation?.id ?? record.accountId, creation, record, deadline);
    }

    private async completeCreation(
        id: string,
        props: Outputs,
        inputs: I,
        deadline: number,
        how: CompletionOptions,
    ): Promise<{ id: string; outs: Outputs }> {
        const { verifyOwner = false, release } = how;
        const creation = await this.waitForCreation(id, inputs, deadline, how.justSubmitted);
        // The cloud counts only requests in progress against its quota: the next creation may go now.
        release?.();
        if (creation.state === "failed") {
            throw new CreationFailedError(`${this.label(inputs)}: account creation ${id} failed: ${creation.failureMessage}`, creation.failureReason);
        }
        // The request this process sent made the account with these very tags, in the organization's root.
        const known = how.sentNow ? { tags: this.desiredTags(inputs), parentId: await this.newAccountParent() } : undefined;
        const record = await this.newAccount(creation.accountId!, inputs, deadline, known);
        if (verifyOwner) {
            // A request in progress was found by its account name, which is unique (namesAreUnique).
            this.assertOwned(record, inputs, "name");
            if (!this.kind.isSameAccount(record, inputs)) {
                throw new NotOwnedError(`${this.label(inputs)}: request ${id} created account ${record.accountId}, which does not match these inputs`);
            }
        }
        return this.finish(props, inputs, id, creation, record, deadline);
    }

    /** The root, where a new account is placed; unknown (then read with the account) if the root cannot be listed. */
    private newAccountParent(): Promise<string | undefined> {
        return Promise.resolve(this.backend.rootId?.()).catch(() => undefined);
    }

    /** A just-created account may not be found at first (eventual consistency): look again within the grace. */
    private async newAccount(accountId: string, inputs: I, deadline: number, known?: KnownAttributes): Promise<AccountRecord> {
        const until = Math.min(deadline, Date.now() + this.consistencyGraceMs);
        const found = await pollUntil({
            read: () => this.backend.describeAccount(accountId, known),
            isDone: (record) => record !== undefined || Date.now() >= until,
            deadline: until,
            schedule: this.waitSchedule,
            what: `account ${accountId} to be visible`,
        }).catch((error) => {
            if (error instanceof DeadlineExceededError) return undefined;
            throw error;
        });
        if (!found) {
            throw new OrgAccountsError(`${this.label(inputs)}: account ${accountId} was created but is not in the organization (not found for ${formatElapsed(this.consistencyGraceMs)})`);
        }
        return found;
    }

    /** Brings an existing account to the inputs (parent, tags, attributes) and builds the outputs. */
    private async finish(
        props: Outputs,
        inputs: I,
        id: string,
        creation: CreationStatus | undefined,
        record: AccountRecord,
        deadline: number,
    ): Promise<{ id: string; outs: Outputs }> {
        const converged = await this.converge(record, this.currentInputs(record, inputs), inputs, deadline);
        return { id, outs: this.stateFor(props, inputs, creation, converged) };
    }

    /**
     * Waits through the organization's watcher (one listing per tick for every creation in
     * progress), on a schedule informed by its history. `justSubmitted`: "not found" is
     * disbelieved for the consistency grace (the request may not be visible yet).
     */
    private async waitForCreation(id: string, inputs: I, deadline: number, justSubmitted = false): Promise<CreationStatus> {
        const started = Date.now();
        const policy = this.pollPolicy;
        // Taken over (not just submitted): read at once, then on the schedule.
        const offsets = pollOffsets(this.history.durations(), policy);
        const creation = await this.watcher.watch(id, {
            offsets: justSubmitted ? offsets : withFirstAtZero(offsets),
            deadline,
            graceUntil: justSubmitted ? started + this.consistencyGraceMs : started,
            onProgress: this.progress((c: CreationStatus) => `${this.label(inputs)}: account creation ${id} is ${c.state}`),
        });
        const outcome = creation.state === "succeeded" ? `succeeded: account ${creation.accountId}` : `failed: ${creation.failureReason}`;
        this.options.log(`${this.label(inputs)}: account creation ${id} ${outcome} (${formatElapsed(Date.now() - started)})`);
        return creation;
    }

    /**
     * Once a request id is known, any failure but a failed creation is reported with the id and
     * inputs, so the engine records the resource and the next `up` resumes it through update.
     */
    private async recordingFailures<T>(id: string, props: Outputs, known: Outputs, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (error) {
            if (error instanceof CreationFailedError || error instanceof NotOwnedError) throw error;
            const message = error instanceof Error ? error.message : String(error);
            const hint = error instanceof DeadlineExceededError && !message.includes("timeouts.") ? " (raise timeouts.create to wait longer)" : "";
            const next = clearsWithTime(error)
                ? `run \`pulumi up\` again to finish waiting for it`
                : `correct what the error names, then \`pulumi up\` goes on from it`;
            throw new ResourceInitFailedError(
                `${message}${hint}. The request ${id} is recorded in the stack: ${next}.`,
                id,
                stripUndefined({ ...props, ...known, createAccountStatusId: id }),
            );
        }
    }

    // --- read ---

    async read(id: string, props: Outputs): Promise<{ id: string; props: Outputs; inputs?: Outputs }> {
        const olds = this.parse(props);
        const knownAccountId = typeof props.accountId === "string" ? props.accountId : undefined;
        // A succeeded request never changes: with the account id in the state, its record is not read again.
        const creation = knownAccountId === undefined ? await this.backend.getCreation(id) : undefined;
        const accountId = knownAccountId ?? creation?.accountId;
        if (!accountId) {
            if (creation?.state === "in_progress") return { id, props: stripUndefined({ ...props, ...this.kind.outputs(creation, undefined) }) };
            return deleted();
        }
        const record = await this.backend.describeAccount(accountId);
        if (!record || this.goneStates.includes(record.state)) return deleted();
        const current = this.currentInputs(record, olds);
        const state = this.stateFor(props, current, creation ?? this.creationFromState(props), record);
        return { id, props: state, inputs: stripUndefined({ ...current, [PROVIDER_KEY]: props[PROVIDER_KEY] }) };
    }

    // --- update ---

    async update(id: string, olds: Outputs, news: Outputs): Promise<{ outs: Outputs }> {
        const inputs = this.parse(news);
        const accountId = typeof olds.accountId === "string" ? olds.accountId : undefined;
        if (!accountId) return this.resumeCreation(id, news, inputs);
        const record = await this.backend.describeAccount(accountId);
        if (!record || this.goneStates.includes(record.state)) {
            throw new OrgAccountsError(`${this.label(inputs)}: account ${accountId} is no longer active in the organization; run \`pulumi refresh\``);
        }
        if (inputs.parentId !== record.parentId) await this.assertParentExists(inputs, "nothing was changed");
        const converged = await this.converge(record, this.currentInputs(record, this.parse(olds)), inputs, this.deadline(inputs, "create"));
        return { outs: this.stateFor(news, inputs, this.creationFromState(olds), converged) };
    }

    /** Recorded by an interrupted create: finish waiting for the same request. */
    private async resumeCreation(id: string, news: Outputs, inputs: I): Promise<{ outs: Outputs }> {
        const deadline = this.deadline(inputs, "create");
        this.options.log(`${this.label(inputs)}: resuming account creation ${id}`);
        try {
            // The recorded request may be too recent to be visible yet: disbelieve "not found" for the grace too.
            const { outs } = await this.recordingFailures(id, news, {}, () => this.completeCreation(id, news, inputs, deadline, { justSubmitted: true }));
            return { outs };
        } catch (error) {
            if (!(error instanceof CreationFailedError)) throw error;
            // Recorded as failed, so that the next `up` replaces it with a new request instead of
            // waiting for this one again (a plain error would keep the old state as it is).
            throw new ResourceInitFailedError(
                `${error.message}. No account was created. Fix the cause, then run \`pulumi up\`: it submits a new request in place of ${id}.`,
                id,
                stripUndefined({ ...news, [CREATION_ID_KEY]: id, [FAILED_CREATION_KEY]: error.failureReason ?? "failed" }),
            );
        }
    }

    /** Writes only what differs between the account and the inputs; returns the account after. */
    private async converge(record: AccountRecord, current: I, inputs: I, deadline: number): Promise<AccountRecord> {
        const retrying = <T>(send: () => Promise<T>) => this.retrying(inputs, deadline, "create", send);
        const move = inputs.parentId && record.parentId && inputs.parentId !== record.parentId;
        if (move) {
            this.options.log(`${this.label(inputs)}: moving account ${record.accountId} from ${record.parentId} to ${inputs.parentId}`);
            await retrying(() => this.moveAccount(record.accountId, record.parentId!, inputs.parentId!));
        }
        const desired = this.desiredTags(inputs);
        const removed = Object.keys(record.tags).filter((key) => !(key in desired));
        const added = Object.fromEntries(Object.entries(desired).filter(([key, value]) => record.tags[key] !== value));
        if (removed.length > 0) await retrying(() => this.backend.untagAccount(record.accountId, removed));
        if (Object.keys(added).length > 0) await retrying(() => this.backend.tagAccount(record.accountId, added));
        const updated = await retrying(() => this.backend.updateAttributes(record.accountId, current, inputs));
        // Written parent and tags are known; attributes the cloud derives (a new name's) are read back.
        if (updated) return (await this.backend.describeAccount(record.accountId)) ?? record;
        const retagged = removed.length > 0 || Object.keys(added).length > 0;
        return { ...record, parentId: move ? inputs.parentId : record.parentId, tags: retagged ? desired : record.tags };
    }

    /**
     * A move whose answer was lost is repeated (by the transport or the SDK), and the repeat is
     * refused: the account has already left the source. Whatever the error, the move is done if
     * the account is at the destination.
     */
    private async moveAccount(accountId: string, from: string, to: string): Promise<void> {
        try {
            await this.backend.moveAccount(accountId, from, to);
        } catch (error) {
            if (error instanceof ThrottledError) throw error; // refused: nothing moved
            const now = await this.backend.describeAccount(accountId).catch(() => undefined);
            if (now?.parentId !== to) throw error;
        }
    }

    // --- delete ---

    async delete(id: string, props: Outputs): Promise<void> {
        const inputs = this.parse(props);
        const policy = inputs.onDelete ?? this.kind.defaultOnDelete;
        const deadline = this.deadline(inputs, "delete");
        let accountId = typeof props.accountId === "string" ? props.accountId : undefined;
        if (!accountId) {
            const creation = await this.backend.getCreation(id);
            if (!creation) return;
            accountId = (creation.state === "in_progress" ? await this.waitForCreation(id, inputs, deadline) : creation).accountId;
            if (!accountId) return;
        }
        if (policy === "retain") {
            this.options.log(`${this.label(inputs)}: onDelete is "retain": account ${accountId} stays in the organization`);
            return;
        }
        const target = accountId;
        const retrying = (send: () => Promise<void>) =>
            this.retrying(inputs, deadline, "delete", send).catch((error) => {
                throw error instanceof DeletionRefusedError ? this.refusedDeletion(error, inputs, policy, target) : error;
            });
        if (policy === "remove") {
            await retrying(() => this.backend.removeAccount(target));
            return;
        }
        await retrying(() => this.backend.closeAccount(target, deadline));
        // Reads may go on answering "active" for a while after a close, and flip (AWS): wait for
        // a closing state to be seen.
        await pollUntil({
            read: () => this.backend.describeAccount(accountId),
            isDone: (record) => !record || this.goneStates.includes(record.state),
            deadline,
            schedule: this.waitSchedule,
            what: `account ${accountId} to close`,
            onProgress: this.progress((record) => `${this.label(inputs)}: closing account ${accountId}: ${record?.state}`),
        });
    }

    /** A refusal that no wait clears: the reason, and the exact ways out. */
    private refusedDeletion(error: DeletionRefusedError, inputs: I, policy: OnDelete, accountId: string): OrgAccountsError {
        const others = (["close", "retain"] as OnDelete[]).filter((p) => p !== policy).map((p) => `"${p}"`).join(" or ");
        const recorded = inputs.onDelete ? `onDelete is "${policy}"` : `onDelete is "${policy}" (the default)`;
        return new OrgAccountsError(
            `${this.label(inputs)}: cannot delete account ${accountId}: ${error.message} ` +
                `${recorded}. To get past this: set onDelete to ${others} on this resource, run \`pulumi up\` (it only records the setting), then \`pulumi destroy\` again; ` +
                `or drop the resource from the stack with \`pulumi state delete <its URN>\` (the account stays as it is). ` +
                `The old account of a replacement is deleted with the onDelete recorded for it, so for it only \`pulumi state delete\` helps.`,
            { cause: error },
        );
    }

    // --- helpers ---

    /** A progress line with the elapsed time, at most every PROGRESS_EVERY_MS, for a wait. */
    private progress<T>(describe: (value: T) => string): (value: T, elapsedMs: number) => void {
        let lastReport = 0;
        return (value, elapsedMs) => {
            if (elapsedMs - lastReport < PROGRESS_EVERY_MS) return;
            lastReport = elapsedMs;
            this.options.log(`${describe(value)} (${formatElapsed(elapsedMs)} elapsed)`);
        };
    }

    private parse(props: Outputs): I {
        const { value, failures } = validateInputs(this.kind.schema, this.pickInputs(props));
        if (!value) throw new OrgAccountsError(`invalid inputs: ${failures.map((f) => f.reason).join("; ")}`);
        return value;
    }

    private inputKeys(): Record<string, unknown> {
        return (this.kind.schema as unknown as { shape: Record<string, unknown> }).shape;
    }

    private pickInputs(props: Outputs): Outputs {
        const keys = Object.keys(this.inputKeys());
        return Object.fromEntries(Object.entries(props).filter(([key, value]) => keys.includes(key) && value !== undefined && value !== null));
    }

    private inputChanged(key: string, old: unknown, next: unknown): boolean {
        if (key === PROVIDER_KEY) return false;
        if (containsUnknown(next)) return true;
        switch (key) {
            case "parentId":
                return next !== undefined && next !== old;
            case "tags":
                return !isDeepStrictEqual(old ?? {}, next ?? {});
            case "onDelete":
                return (old ?? this.kind.defaultOnDelete) !== (next ?? this.kind.defaultOnDelete);
            case "adopt":
                return false; // only meaningful at creation
            default:
                return !isDeepStrictEqual(old ?? undefined, next ?? undefined);
        }
    }

    /** The previous inputs with what the account now is (drift) laid over them. */
    private currentInputs(record: AccountRecord, olds: I): I {
        return this.kind.currentInputs(record, { ...olds, tags: this.resourceTags(record.tags, olds.tags), parentId: record.parentId ?? olds.parentId });
    }

    private desiredTags(inputs: I): Record<string, string> {
        return { ...this.options.defaultTags, ...(inputs.tags ?? {}), [OWNER_TAG_KEY]: inputs.owner };
    }

    /** An account's tags as the resource's `tags` input sees them: without the marker and the default tags it does not set itself. */
    private resourceTags(accountTags: Record<string, string>, inputTags: Record<string, string> | undefined): Record<string, string> {
        const defaults = this.options.defaultTags ?? {};
        const isDefault = ([key, value]: [string, string]) => defaults[key] === value && !(inputTags && key in inputTags);
        return Object.fromEntries(Object.entries(withoutKey(accountTags, OWNER_TAG_KEY)).filter((tag) => !isDefault(tag)));
    }

    /** The input whose value identifies an account in the organization (Huawei: name, AWS: email). */
    private get uniqueKey(): string {
        return this.kind.uniqueInputs[0] ?? "name";
    }

    /** `matched`: the input by which the account was found, named in the error. */
    private assertOwned(record: AccountRecord, inputs: I, matched: string): void {
        if (record.tags[OWNER_TAG_KEY] === inputs.owner) return;
        const value = matched === "name" ? record.name : String((record as unknown as Record<string, unknown>)[matched] ?? inputs[matched as keyof I]);
        const also = matched === "name" ? "" : ` (named "${record.name}")`;
        throw new NotOwnedError(
            `${this.label(inputs)}: the organization already has account ${record.accountId} with ${matched} "${value}"${also}, ` +
                `which this stack did not create. To manage it here, set \`adopt: true\` on this resource; ` +
                `otherwise choose another ${matched}.`,
        );
    }

    private stateFor(props: Outputs, inputs: I, creation: CreationStatus | undefined, record: AccountRecord | undefined): Outputs {
        const userTags = record ? this.resourceTags(record.tags, inputs.tags) : inputs.tags;
        return stripUndefined({
            ...this.pickInputs(props),
            ...inputs,
            tags: userTags,
            tagsAll: record ? withoutKey(record.tags, OWNER_TAG_KEY) : undefined,
            ...this.kind.outputs(creation, record),
            [PROVIDER_KEY]: props[PROVIDER_KEY],
        });
    }

    /** What the state remembers of the creation, once the service may have forgotten it. */
    private creationFromState(props: Outputs): CreationStatus | undefined {
        const id = props.createAccountStatusId;
        if (typeof id !== "string") return undefined;
        return {
            id,
            state: "succeeded",
            accountId: props.accountId as string | undefined,
            requestedAt: (props.createdAt ?? props.requestedAt) as string | undefined,
            completedAt: props.completedAt as string | undefined,
        };
    }

    private deadline(inputs: I, which: "create" | "delete"): number {
        return Date.now() + parseDuration(inputs.timeouts?.[which] ?? this.kind.defaultTimeouts[which]);
    }

    private label(inputs: I): string {
        return `${this.kind.typeName} "${inputs.name}"`;
    }
}

/** Whether another `pulumi up` may get past the error without any change (a wait, a network failure). */
function clearsWithTime(error: unknown): boolean {
    if (error instanceof DeadlineExceededError || error instanceof ThrottledError || error instanceof TransportError || error instanceof AmbiguousRequestError) return true;
    if (error instanceof ApiError) return error.status >= 500 || error.status === 429;
    return !(error instanceof OrgAccountsError); // an unexpected error: say what a retry does
}

/** The same offsets, with a first poll right away (explicit schedules already have one). */
function* withFirstAtZero(offsets: Iterator<number>): Generator<number> {
    const first = offsets.next().value as number;
    yield 0;
    if (first > 0) yield first;
    for (;;) yield offsets.next().value as number;
}

function deleted(): { id: string; props: Outputs } {
    return { id: "", props: {} };
}

function latest(creations: CreationStatus[]): CreationStatus {
    return [...creations].sort((a, b) => (b.requestedAt ?? "").localeCompare(a.requestedAt ?? ""))[0];
}

function withoutProvider(props: Outputs): Outputs {
    return withoutKey(props, PROVIDER_KEY);
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
    const { [key]: _omitted, ...rest } = record;
    return rest;
}

export function stripUndefined(value: object): Outputs {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
