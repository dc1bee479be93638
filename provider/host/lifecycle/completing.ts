// Completing a creation once its request is known (submitted now, taken over, or recorded by an
// interrupted create): waited for until it ends, its new account checked and brought to the
// inputs; any failure but a failed creation reported with the request id, so that the engine
// records the resource and the next `up` goes on from it.
import type { CommonAccountInputs } from "../../clouds/backend";
import type { Release } from "../../shared/concurrency";
import { DeadlineExceededError } from "../waiting/polling";
import type { Claiming } from "./claiming";
import type { LifecycleContext } from "./context";
import type { Converging } from "./converging";
import { CreationFailedError, NotOwnedError, ResourceInitFailedError } from "./errors";
import type { Outputs } from "./kind";
import { nextStepForRecordedRequest } from "./advice";
import { CREATION_ID_KEY, desiredTags, FAILED_CREATION_KEY, stripUndefined } from "./state";
import type { Waiting } from "./waiting";

/** How a creation is waited for and finished. */
export interface CompletionOptions {
    /** Taken over by its name: the account must carry this stack's marker. */
    verifyOwner?: boolean;
    /**
     * "Not found" is disbelieved for the consistency grace (the request may not be visible yet);
     * by default for a request sent by this process (`sentAt`).
     */
    justSubmitted?: boolean;
    /**
     * Sent by this process at this epoch ms, with the inputs' tags: its polls count from then (as
     * the creation time does), and the new account's tags and parent need no read.
     */
    sentAt?: number;
    /** The quota slot, freed as soon as the request has ended. */
    release?: Release;
}

export class Completing<I extends CommonAccountInputs, S> {
    constructor(
        private readonly context: LifecycleContext<I, S>,
        private readonly waiting: Waiting<I, S>,
        private readonly claiming: Pick<Claiming<I, S>, "assertOwned">,
        private readonly converging: Converging<I, S>,
    ) {}

    /** The root, where a new account is placed; unknown (then read with the account) if the root cannot be listed. */
    private newAccountParent(): Promise<string | undefined> {
        return Promise.resolve(this.context.backend.rootId?.()).catch(() => undefined);
    }

    async completeCreation(id: string, props: Outputs, inputs: I, deadline: number, how: CompletionOptions): Promise<{ id: string; outs: Outputs }> {
        const { verifyOwner = false, release } = how;
        const creation = await this.waiting.waitForCreation(id, inputs, deadline, how);
        // The cloud counts only requests in progress against its quota: the next creation may go now.
        release?.();
        if (creation.state === "failed") {
            throw new CreationFailedError(`${this.context.label(inputs)}: account creation ${id} failed: ${creation.failureMessage}`, creation.failureReason);
        }
        // The request this process sent made the account with these very tags, in the organization's root.
        const known = how.sentAt !== undefined ? { tags: desiredTags(this.context, inputs), parentId: await this.newAccountParent() } : undefined;
        const record = await this.waiting.newAccount(creation.accountId!, inputs, deadline, known);
        if (verifyOwner) {
            // A request in progress was found by its account name, which is unique (namesAreUnique).
            this.claiming.assertOwned(record, inputs, "name");
            if (!this.context.kind.isSameAccount(record, inputs)) {
                throw new NotOwnedError(`${this.context.label(inputs)}: request ${id} created account ${record.accountId}, which does not match these inputs`);
            }
        }
        return this.converging.finish(props, inputs, id, creation, record, deadline);
    }

    /**
     * Once a request id is known, any failure but a failed creation is reported with the id and
     * inputs, so the engine records the resource and the next `up` resumes it through update.
     */
    async recordingFailures<T>(id: string, props: Outputs, known: Outputs, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (error) {
            if (error instanceof CreationFailedError || error instanceof NotOwnedError) throw error;
            const message = error instanceof Error ? error.message : String(error);
            const hint = error instanceof DeadlineExceededError && !message.includes("timeouts.") ? " (raise timeouts.create to wait longer)" : "";
            const next = nextStepForRecordedRequest(error, id, this.context.kind.typeName, { ...props, ...known });
            throw new ResourceInitFailedError(
                `${message}${hint}. The request ${id} is recorded in the stack: ${next}.`,
                id,
                stripUndefined({ ...props, ...known, [CREATION_ID_KEY]: id }),
            );
        }
    }

    /** Recorded by an interrupted create: finish waiting for the same request. */
    async resumeCreation(id: string, news: Outputs, inputs: I): Promise<{ outs: Outputs }> {
        const deadline = this.context.deadline(inputs, "create");
        this.context.log(`${this.context.label(inputs)}: resuming account creation ${id}`);
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
}
