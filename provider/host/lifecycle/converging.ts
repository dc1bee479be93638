// Converging: bringing an existing account to the inputs (its parent, tags and attributes),
// writing only what differs, each change sent again while the cloud refuses it for a while; and
// the resource's state built from the account after.
import type { AccountRecord, CommonAccountInputs, CreationStatus } from "../../clouds/backend";
import { ThrottledError } from "../../shared/errors";
import type { LifecycleContext } from "./context";
import type { Outputs } from "./kind";
import { retrying } from "./refusals";
import { currentInputs, desiredTags, stateFor } from "./state";

export class Converging<I extends CommonAccountInputs, S> {
    constructor(private readonly context: LifecycleContext<I, S>) {}

    /** Writes only what differs between the account and the inputs; returns the account after. */
    async converge(record: AccountRecord, current: I, inputs: I, deadline: number): Promise<AccountRecord> {
        const sendRetrying = <T>(send: () => Promise<T>) => retrying(this.context, inputs, deadline, "create", send);
        const move = inputs.parentId && record.parentId && inputs.parentId !== record.parentId;
        if (move) {
            this.context.log(`${this.context.label(inputs)}: moving account ${record.accountId} from ${record.parentId} to ${inputs.parentId}`);
            await sendRetrying(() => this.moveAccount(record.accountId, record.parentId!, inputs.parentId!));
        }
        const desired = desiredTags(this.context, inputs);
        const removed = Object.keys(record.tags).filter((key) => !(key in desired));
        const added = Object.fromEntries(Object.entries(desired).filter(([key, value]) => record.tags[key] !== value));
        if (removed.length > 0) await sendRetrying(() => this.context.backend.untagAccount(record.accountId, removed));
        if (Object.keys(added).length > 0) await sendRetrying(() => this.context.backend.tagAccount(record.accountId, added));
        const updated = await sendRetrying(() => this.context.backend.updateAttributes(record.accountId, current, inputs));
        // Written parent and tags are known; attributes the cloud derives (a new name's) are read back.
        if (updated) return (await this.context.backend.describeAccount(record.accountId)) ?? record;
        const retagged = removed.length > 0 || Object.keys(added).length > 0;
        return { ...record, parentId: move ? inputs.parentId : record.parentId, tags: retagged ? desired : record.tags };
    }

    /** Brings an existing account to the inputs (parent, tags, attributes) and builds the outputs. */
    async finish(props: Outputs, inputs: I, id: string, creation: CreationStatus | undefined, record: AccountRecord, deadline: number): Promise<{ id: string; outs: Outputs }> {
        const converged = await this.converge(record, currentInputs(this.context, record, inputs), inputs, deadline);
        return { id, outs: stateFor(this.context, props, inputs, creation, converged) };
    }

    /**
     * A move whose answer was lost is repeated (by the transport or the SDK), and the repeat is
     * refused: the account has already left the source. Whatever the error, the move is done if
     * the account is at the destination.
     */
    private async moveAccount(accountId: string, from: string, to: string): Promise<void> {
        try {
            await this.context.backend.moveAccount(accountId, from, to);
        } catch (error) {
            if (error instanceof ThrottledError) throw error; // refused: nothing moved
            const now = await this.context.backend.describeAccount(accountId).catch(() => undefined);
            if (now?.parentId !== to) throw error;
        }
    }
}
