// Deleting: the account of a resource leaves the organization as its onDelete says (closed,
// removed, or retained), an unfinished creation first waited for; a refusal that no wait clears
// is reported with the exact ways out.
import type { CommonAccountInputs } from "../../clouds/backend";
import { DeletionRefusedError, OrgAccountsError } from "../../shared/errors";
import { pollUntil } from "../waiting/polling";
import type { LifecycleContext } from "./context";
import type { OnDeletePolicy } from "../../program/types";
import type { Outputs } from "./kind";
import { retrying } from "./refusals";
import { parse } from "./state";
import { urnArgument, urnNote, urnOf } from "./urn";
import type { Waiting } from "./waiting";

export class Deleting<I extends CommonAccountInputs, S> {
    constructor(
        private readonly context: LifecycleContext<I, S>,
        private readonly waiting: Waiting<I, S>,
    ) {}

    async delete(id: string, props: Outputs): Promise<void> {
        const { goneStates, kind } = this.context;
        const inputs = parse(kind, props);
        const label = this.context.label(inputs);
        const policy = inputs.onDelete ?? kind.defaultOnDelete;
        const deadline = this.context.deadline(inputs, "delete");
        let accountId = typeof props.accountId === "string" ? props.accountId : undefined;
        if (!accountId) {
            const creation = await this.context.backend.getCreation(id);
            if (!creation) return;
            accountId = (creation.state === "in_progress" ? await this.waiting.waitForCreation(id, inputs, deadline) : creation).accountId;
            if (!accountId) return;
        }
        if (policy === "retain") {
            this.context.log(`${label}: onDelete is "retain": account ${accountId} stays in the organization`);
            return;
        }
        const target = accountId;
        const sendRetrying = (send: () => Promise<void>) =>
            retrying(this.context, inputs, deadline, "delete", send).catch((error) => {
                throw error instanceof DeletionRefusedError ? this.refusedDeletion(error, inputs, props, policy, target) : error;
            });
        if (policy === "remove") {
            await sendRetrying(() => this.context.backend.removeAccount(target));
            return;
        }
        await sendRetrying(() => this.context.backend.closeAccount(target));
        // Reads may go on answering "active" for a while after a close, and flip (AWS): wait for
        // a closing state to be seen.
        await pollUntil({
            read: () => this.context.backend.describeAccount(accountId),
            isDone: (record) => !record || goneStates.includes(record.state),
            deadline,
            schedule: this.context.waitSchedule,
            what: `account ${accountId} to close`,
            onProgress: this.context.progress((record) => `${label}: closing account ${accountId}: ${record?.state}`),
            onDeadline: (record) =>
                `the last state seen was "${record?.state}". The close was accepted and goes on without Pulumi: ` +
                `run \`pulumi destroy\` again in a few minutes (the close it sends meets the one under way, and the deletion ends once the account shows ${oneOf(goneStates)})`,
        });
    }

    /**
     * A refusal that no wait clears: the reason, and the ways out that touch this resource alone. A
     * plain `pulumi up` would also re-create every account this destroy had already deleted (the
     * program still declares them), so the setting is recorded with `--target`.
     */
    private refusedDeletion(error: DeletionRefusedError, inputs: I, props: Outputs, policy: OnDeletePolicy, accountId: string): OrgAccountsError {
        const others = (["close", "retain"] as OnDeletePolicy[])
            .filter((p) => p !== policy)
            .map((p) => `"${p}"`)
            .join(" or ");
        const recorded = inputs.onDelete ? `onDelete is "${policy}"` : `onDelete is "${policy}" (the default)`;
        const urn = urnOf(this.context.kind.typeName, props);
        const target = urnArgument(urn);
        return new OrgAccountsError(
            `${this.context.label(inputs)}: cannot delete account ${accountId}: ${error.message} ${recorded}. ` +
                `To get past this without touching any other resource: set onDelete to ${others} on this resource in the program, ` +
                `run \`pulumi up --target ${target}\` (it records the setting for this resource alone; without --target, up would re-create every account this destroy already deleted), ` +
                `then \`pulumi destroy\` again. Or stop managing the account: \`pulumi state delete ${target}\` drops it from the stack and it stays in the organization as it is ${urnNote(urn)}. ` +
                `The old account of a replacement is deleted with the onDelete recorded for it, so for it only \`pulumi state delete\` helps.`,
            { cause: error },
        );
    }
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
function oneOf(words: readonly string[]): string {
    const quoted = words.map((word) => `"${word}"`);
    return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : quoted.join("");
}
