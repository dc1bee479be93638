// Claiming what create goes on with: this resource's own request or account, if the organization
// has one (an earlier run made it and lost track of it, or a submission's answer was lost), found
// before anything is submitted; else a new request, submitted; or, for `adopt`, the existing
// account the inputs name. A request or account found is this stack's only if it carries its
// ownership marker.
import type { AccountRecord, CommonAccountInputs, CreationStatus } from "../../clouds/backend";
import { AmbiguousRequestError, OrgAccountsError, ThrottledError } from "../../shared/errors";
import type { OrganizationSnapshot } from "../waiting/organizationSnapshot";
import { DeadlineExceededError, pollDelays } from "../waiting/polling";
import { OWNER_TAG_KEY } from "../../program/owner";
import { sleep } from "../../clouds/transport/retry";
import type { LifecycleContext } from "./context";
import { NotOwnedError } from "./errors";
import { waitOut } from "./refusals";
import { desiredTags } from "./state";
import type { Waiting } from "./waiting";

const SUBMIT_ATTEMPTS = 3;

/**
 * What create goes on with: a request (submitted now, sent at `sentAt`, or this resource's own from
 * an earlier run), or an account.
 */
export type Claim = { creation: CreationStatus; verifyOwner: boolean; sentAt?: number } | { record: AccountRecord };

export class Claiming<I extends CommonAccountInputs, S> {
    constructor(
        private readonly context: LifecycleContext<I, S>,
        /** The organization's requests and accounts, listed once for every creation of this host. */
        private readonly snapshot: OrganizationSnapshot,
        private readonly waiting: Waiting<I, S>,
    ) {}

    /** Submits; a submission whose outcome is unknown is looked up (fresh) before it is sent again. */
    async submit(inputs: I, deadline: number): Promise<Claim> {
        for (let ambiguous = 0, throttled = 0; ;) {
            try {
                const sentAt = Date.now();
                const creation = await this.context.backend.submitCreation(inputs, desiredTags(this.context, inputs));
                this.snapshot.note({ accountName: inputs.name, ...creation });
                return { creation, verifyOwner: false, sentAt };
            } catch (error) {
                if (error instanceof ThrottledError) {
                    await waitOut(this.context, error, throttled++, deadline, inputs, "create");
                    continue;
                }
                if (!(error instanceof AmbiguousRequestError) || ++ambiguous >= SUBMIT_ATTEMPTS) throw error;
                this.context.log(`${this.context.label(inputs)}: ${error.message}; looking the request up before submitting again`);
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
        const until = Math.min(deadline, Date.now() + this.context.consistencyGraceMs);
        const delays = pollDelays(this.context.waitSchedule);
        for (;;) {
            const begun = Date.now();
            const found = await this.findOwn(inputs, deadline, true);
            if (found || begun >= until) return found;
            await sleep(Math.min(delays.next().value as number, Math.max(0, until - Date.now())));
        }
    }

    /**
     * This resource's own request or account, if the organization has one. A request is listed
     * with its account name only: where the cloud keeps names unique (Huawei) that name is the
     * account's identity; elsewhere (AWS: the email is) a request in progress with the same name
     * may be anyone's, so it is waited for and judged by the account it made.
     */
    async findOwn(inputs: I, deadline: number, fresh = false): Promise<Claim | undefined> {
        const { goneStates, kind } = this.context;
        const requests = (await this.snapshot.requests(fresh)).filter((c) => c.accountName === inputs.name);
        const inProgress = requests.filter((c) => c.state === "in_progress");
        // Ours or a foreign one; which is known when it succeeds, from the ownership tag it carries.
        if (inProgress.length > 0 && this.namesAreUnique) return { creation: latest(inProgress), verifyOwner: true };
        const ended = await this.waitedFor(inProgress, inputs, deadline);
        const finished = requests.filter((c) => c.state !== "in_progress");
        for (const creation of [...ended, ...finished].filter((c) => c.state === "succeeded" && c.accountId)) {
            // An account whose request succeeded a moment ago may not be visible yet (eventual
            // consistency), whether this host saw it end or found it already ended.
            const record = ended.includes(creation)
                ? await this.waiting.newAccount(creation.accountId!, inputs, deadline)
                : await this.waiting.findNewAccount(creation.accountId!, deadline, { succeededAt: succeededAt(creation) });
            // A replacement's predecessor carries the same owner marker: only the unique key tells them apart.
            if (!record || goneStates.includes(record.state) || !kind.isSameAccount(record, inputs)) continue;
            this.assertOwned(record, inputs, this.uniqueKey);
            return { creation, verifyOwner: false };
        }
        const record = await this.findAccount(inputs, fresh);
        if (!record || goneStates.includes(record.state)) return undefined;
        this.assertOwned(record, inputs, this.uniqueKey);
        return { record };
    }

    /** Whether the cloud keeps account names unique, so that a request's name tells which account it makes. */
    private get namesAreUnique(): boolean {
        return this.context.kind.uniqueInputs.includes("name");
    }

    /** The input whose value identifies an account in the organization (Huawei: name, AWS: email). */
    private get uniqueKey(): string {
        return this.context.kind.uniqueInputs[0] ?? "name";
    }

    /**
     * Requests in progress, waited for until they end. Nothing is recorded while waiting: a
     * request whose account is not known yet may be someone else's.
     */
    private async waitedFor(inProgress: CreationStatus[], inputs: I, deadline: number): Promise<CreationStatus[]> {
        const label = this.context.label(inputs);
        return Promise.all(
            inProgress.map(async (request) => {
                this.context.log(
                    `${label}: request ${request.id} for an account of the same name is in progress; ` +
                        `waiting for it to end, to tell by its account's ${this.uniqueKey} whether it is this resource's`,
                );
                return this.waiting.waitForCreation(request.id, inputs, deadline).catch((error) => {
                    if (!(error instanceof DeadlineExceededError)) throw error;
                    throw new OrgAccountsError(
                        `${label}: request ${request.id} for an account of the same name was still in progress at the deadline; ` +
                            `whether it is this resource's is known when it ends: run \`pulumi up\` again (raise timeouts.create to wait longer)`,
                    );
                });
            }),
        );
    }

    private async findAccount(inputs: I, fresh = false): Promise<AccountRecord | undefined> {
        const summary = (await this.snapshot.accounts(fresh)).find((account) => this.context.kind.isSameAccount(account, inputs));
        return summary && this.context.backend.describeAccount(summary.accountId);
    }

    /** The existing account an adopting resource takes over, with the request that made it if the organization still lists it. */
    async adoptable(inputs: I): Promise<{ record: AccountRecord; creation: CreationStatus | undefined }> {
        const label = this.context.label(inputs);
        const record = await this.findAccount(inputs, true);
        if (!record) {
            const key = this.uniqueKey;
            throw new OrgAccountsError(`${label}: adopt is set but the organization has no account with this ${key} ("${String(inputs[key as keyof I])}")`);
        }
        if (this.context.goneStates.includes(record.state)) {
            throw new OrgAccountsError(`${label}: cannot adopt account ${record.accountId}: it is ${record.state}`);
        }
        const creation = (await this.snapshot.requests()).find((c) => c.accountId === record.accountId);
        return { record, creation };
    }

    /** `matched`: the input by which the account was found, named in the error. */
    assertOwned(record: AccountRecord, inputs: I, matched: string): void {
        if (record.tags[OWNER_TAG_KEY] === inputs.owner) return;
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the matched input (the email) is a string
        const value = matched === "name" ? record.name : String((record as unknown as Record<string, unknown>)[matched] ?? inputs[matched as keyof I]);
        const also = matched === "name" ? "" : ` (named "${record.name}")`;
        throw new NotOwnedError(
            `${this.context.label(inputs)}: the organization already has account ${record.accountId} with ${matched} "${value}"${also}, ` +
                `which this stack did not create. To manage it here, set \`adopt: true\` on this resource; ` +
                `otherwise choose another ${matched}.`,
        );
    }
}

/** When the service says the request ended (epoch ms); unknown is taken as long ago. */
function succeededAt(creation: CreationStatus): number {
    const at = creation.completedAt === undefined ? NaN : Date.parse(creation.completedAt);
    return Number.isFinite(at) ? at : -Infinity;
}

function latest(creations: CreationStatus[]): CreationStatus {
    return [...creations].sort((a, b) => (b.requestedAt ?? "").localeCompare(a.requestedAt ?? ""))[0];
}
