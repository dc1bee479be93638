// The provider logic of every account resource: check, diff, create, read, update, delete, the
// engine's entry points, composed of the lifecycle's parts in lifecycle/ (claiming a request or
// an account, waiting for a creation, completing it, converging an account to the inputs,
// deleting). It knows the engine's contract and the no-duplicate rules, and nothing of any
// cloud's API: that is behind AccountBackend, and the resource's own shape is described by an
// AccountKind.
import type { AccountBackend, CommonAccountInputs } from "../../clouds/backend";
import { Semaphore } from "../../shared/concurrency";
import { OrgAccountsError } from "../../shared/errors";
import { OrganizationSnapshot } from "../waiting/organizationSnapshot";
import { CreationHistory } from "../waiting/pollSchedule";
import { CheckFailure, UNKNOWN, validateInputs } from "../validation/inputs";
import { urnArgument, urnNote, urnOf } from "./urn";
import { inputChanged, refuseImpossibleReplacement } from "./changes";
import { Claiming } from "./claiming";
import { Completing } from "./completing";
import { LifecycleContext } from "./context";
import { Converging } from "./converging";
import { Deleting } from "./deleting";
import { Importing, type Imported } from "./importing";
import type { AccountKind, LifecycleOptions, Outputs } from "./kind";
import { CREATION_ID_KEY, creationFromState, currentInputs, FAILED_CREATION_KEY, inputKeys, parse, PROVIDER_KEY, stateFor, stripUndefined, withoutProvider } from "./state";
import { Waiting } from "./waiting";

export type { AccountKind, LifecycleOptions, Outputs } from "./kind";
export type { Imported } from "./importing";
export { DEFAULT_CONSISTENCY_GRACE_MS } from "./kind";
export { CreationFailedError, NotOwnedError, ResourceInitFailedError } from "./errors";
export { stripUndefined } from "./state";

export class AccountLifecycle<I extends CommonAccountInputs, S> {
    /** Shared by every resource of this kind in the plugin host. */
    private readonly creationSlots?: Semaphore;
    /** Parents known to exist, for the host's lifetime (an organization's roots and OUs rarely go). */
    private readonly parents = new Map<string, Promise<boolean>>();
    /** The credentials check, made once and shared by every resource (its failure too: nothing could work). */
    private credentialsVerified?: Promise<void>;
    private readonly context: LifecycleContext<I, S>;
    private readonly waiting: Waiting<I, S>;
    private readonly claiming: Claiming<I, S>;
    private readonly converging: Converging<I, S>;
    private readonly completing: Completing<I, S>;
    private readonly deleting: Deleting<I, S>;
    private readonly importing: Importing<I, S>;

    constructor(kind: AccountKind<I, S>, settings: S, options: LifecycleOptions, backendInstance?: AccountBackend<I>) {
        const limit = kind.maxConcurrentCreations?.(settings);
        if (limit) this.creationSlots = new Semaphore(limit);
        const context = (this.context = new LifecycleContext(kind, settings, options, backendInstance));
        // The organization's recent creation times, from its listings and the creations seen complete.
        const history = new CreationHistory();
        // The organization's requests and accounts, listed once for every creation of this host.
        const snapshot = new OrganizationSnapshot(
            () => context.backend,
            (list) => history.learnListing(list),
        );
        this.waiting = new Waiting(context, history, snapshot);
        this.claiming = new Claiming(context, snapshot, this.waiting);
        this.converging = new Converging(context);
        this.completing = new Completing(context, this.waiting, this.claiming, this.converging);
        this.deleting = new Deleting(context, this.waiting);
        this.importing = new Importing(context);
    }

    private get kind(): AccountKind<I, S> {
        return this.context.kind;
    }

    // --- check and diff: no API call but the one credentials check ---

    /**
     * Valid inputs are followed by the credentials check (when enabled), so that a missing, wrong
     * or expired credential or a dead endpoint fails `preview`. Invalid inputs make no API call.
     */
    async check(olds: Outputs, news: Outputs): Promise<{ inputs: Outputs; failures: CheckFailure[] }> {
        const failures = validateInputs(this.kind.schema, withoutProvider(news)).failures;
        if (failures.length === 0 && this.context.options.verifyCredentials) {
            await this.verifyCredentials();
            const parent = await this.parentFailure(olds, news);
            if (parent) failures.push(parent);
        }
        return { inputs: news, failures };
    }

    /**
     * A new or changed parentId that names nothing fails `preview` (and `up` before any write),
     * read with the credentials check. A value not known yet, or a lookup that fails, is left to
     * create and update, which check it again.
     */
    private async parentFailure(olds: Outputs, news: Outputs): Promise<CheckFailure | undefined> {
        const parentId = news.parentId;
        if (typeof parentId !== "string" || parentId === "" || parentId === UNKNOWN || parentId === olds.parentId) return undefined;
        const exists = await this.parentExists(parentId).catch(() => true);
        return exists ? undefined : { property: "parentId", reason: parentRule(parentId) };
    }

    /** Whether a root or OU exists; a "yes" is remembered for the host's lifetime. */
    private parentExists(parentId: string): Promise<boolean> {
        if (!this.context.backend.parentExists) return Promise.resolve(true);
        let known = this.parents.get(parentId);
        if (!known) {
            known = this.context.backend.parentExists(parentId);
            this.parents.set(parentId, known);
            known.then(
                (exists) => exists || this.parents.delete(parentId),
                () => this.parents.delete(parentId),
            );
        }
        return known;
    }

    private verifyCredentials(): Promise<void> {
        this.credentialsVerified ??= Promise.resolve().then(() => this.context.backend.verifyCredentials?.());
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
        const keys = new Set([...Object.keys(inputKeys(this.kind)), ...Object.keys(withoutProvider(news))]);
        const changed = [...keys].filter((key) => inputChanged(this.kind, key, olds[key], news[key]));
        const replaces = changed.filter((key) => this.kind.replaceOnChange.includes(key));
        if (typeof olds[FAILED_CREATION_KEY] === "string") {
            // No account exists: a new request, whatever changed (the cause may have been fixed outside).
            return { changes: true, replaces: replaces.length > 0 ? replaces : [CREATION_ID_KEY], deleteBeforeReplace: false };
        }
        refuseImpossibleReplacement(this.kind, olds, news, replaces);
        const unfinished = typeof olds.accountId !== "string";
        // The replacement has new unique values (checked above), so it can exist beside the old one.
        return { changes: changed.length > 0 || unfinished, replaces, deleteBeforeReplace: false };
    }

    // --- create ---

    async create(props: Outputs): Promise<{ id: string; outs: Outputs }> {
        const inputs = parse(this.kind, props);
        const deadline = this.context.deadline(inputs, "create");
        await this.assertParentExists(inputs, "no account was created");
        if (inputs.adopt) return this.adopt(props, inputs, deadline);

        // Looked up before queueing, so that a burst of creations shares one listing; a request of
        // this resource's own from an earlier run is already counted by the cloud and needs no slot.
        const own = await this.claiming.findOwn(inputs, deadline);
        if (own && "record" in own) return this.converging.finish(props, inputs, own.record.accountId, undefined, own.record, deadline);
        const release = !own && this.creationSlots ? await this.creationSlots.acquire(deadline, `create ${this.context.label(inputs)}`) : undefined;
        try {
            const claim = own ?? (await this.claiming.submit(inputs, deadline));
            if ("record" in claim) return await this.converging.finish(props, inputs, claim.record.accountId, undefined, claim.record, deadline);
            const id = claim.creation.id;
            const how = claim.sentAt !== undefined ? "submitted" : `${claim.creation.state} from an earlier run, taken over`;
            this.context.log(`${this.context.label(inputs)}: account creation ${id} ${how}; waiting for it to complete`);
            return await this.completing.recordingFailures(id, props, this.kind.outputs(claim.creation, undefined), () =>
                this.completing.completeCreation(id, props, inputs, deadline, { verifyOwner: claim.verifyOwner, sentAt: claim.sentAt, release }),
            );
        } finally {
            release?.();
        }
    }

    /** A parentId that names nothing fails before anything is written, naming the input. */
    private async assertParentExists(inputs: I, consequence: string): Promise<void> {
        const parentId = inputs.parentId;
        if (!parentId || (await this.parentExists(parentId))) return;
        throw new OrgAccountsError(`${this.context.label(inputs)}: parentId: ${parentRule(parentId, consequence)}`);
    }

    private async adopt(props: Outputs, inputs: I, deadline: number): Promise<{ id: string; outs: Outputs }> {
        const { record, creation } = await this.claiming.adoptable(inputs);
        this.context.log(`${this.context.label(inputs)}: adopting existing account ${record.accountId}`);
        return this.converging.finish(props, inputs, creation?.id ?? record.accountId, creation, record, deadline);
    }

    // --- read ---

    async read(id: string, props: Outputs): Promise<{ id: string; props: Outputs; inputs?: Outputs }> {
        const olds = parse(this.kind, props);
        const knownAccountId = typeof props.accountId === "string" ? props.accountId : undefined;
        // A succeeded request never changes: with the account id in the state, its record is not read again.
        const creation = knownAccountId === undefined ? await this.context.backend.getCreation(id) : undefined;
        const accountId = knownAccountId ?? creation?.accountId;
        if (!accountId) {
            if (creation?.state === "in_progress") return { id, props: stripUndefined({ ...props, ...this.kind.outputs(creation, undefined) }) };
            return deleted();
        }
        const record = await this.context.backend.describeAccount(accountId);
        if (!record || this.context.goneStates.includes(record.state)) return deleted();
        const current = currentInputs(this.context, record, olds);
        const state = stateFor(this.context, props, current, creation ?? creationFromState(props), record);
        return { id, props: state, inputs: stripUndefined({ ...current, [PROVIDER_KEY]: props[PROVIDER_KEY] }) };
    }

    // --- import: a read by id alone ---

    /**
     * The engine's Read with an id and no state (`pulumi import`, the `import` resource option):
     * `id` a create-account request id or an account id. Reads only. The result's `id` is the
     * request id when the organization still lists the request, else the account id; `props` is
     * the state create would have written, `inputs` what the account has. `owner`: the importing
     * resource's ownership marker, recorded in both (read, update and delete need it in the state).
     */
    importAccount(id: string, owner?: string): Promise<Imported> {
        return this.importing.importAccount(id, owner);
    }

    // --- update ---

    async update(id: string, olds: Outputs, news: Outputs): Promise<{ outs: Outputs }> {
        const inputs = parse(this.kind, news);
        const accountId = typeof olds.accountId === "string" ? olds.accountId : undefined;
        if (!accountId) return this.completing.resumeCreation(id, news, inputs);
        const record = await this.context.backend.describeAccount(accountId);
        if (!record || this.context.goneStates.includes(record.state)) {
            const urn = urnOf(this.kind.typeName, olds);
            // A closed account keeps its email (and, on Huawei Cloud, its name): a new one needs new values.
            const fresh = [...new Set([...this.kind.uniqueInputs, "email"])].join(" and ");
            const refresh =
                `run \`pulumi refresh --target ${urnArgument(urn)}\`, which drops it from the stack ${urnNote(urn)}; then either remove the resource from the program, ` +
                `or give it ${fresh === "email" ? "an email" : `a ${fresh}`} no account has used and run \`pulumi up\`, which creates a new account for it`;
            throw new OrgAccountsError(
                record
                    ? `${this.context.label(inputs)}: account ${accountId} is ${record.state}, no longer active in the organization: ${refresh}.`
                    : `${this.context.label(inputs)}: account ${accountId} is not in the organization the settings point to. If the endpoint or credentials settings changed, restore them and run \`pulumi up\`; if the account left the organization, ${refresh}.`,
            );
        }
        if (inputs.parentId !== record.parentId) await this.assertParentExists(inputs, "nothing was changed");
        const converged = await this.converging.converge(record, currentInputs(this.context, record, parse(this.kind, olds)), inputs, this.context.deadline(inputs, "create"));
        return { outs: stateFor(this.context, news, inputs, creationFromState(olds), converged) };
    }

    // --- delete ---

    delete(id: string, props: Outputs): Promise<void> {
        return this.deleting.delete(id, props);
    }
}

function deleted(): { id: string; props: Outputs } {
    return { id: "", props: {} };
}

/** The rule a parentId broke, and what to set. */
function parentRule(parentId: string, consequence?: string): string {
    return (
        `"${parentId}" is not a root or organizational unit of this organization${consequence ? ` (${consequence})` : ""}. ` +
        `Set parentId to an existing root ("r-...") or organizational unit id.`
    );
}
