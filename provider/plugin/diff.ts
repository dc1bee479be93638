// The detailed diff the engine shows and acts on (`replaceOnChanges`, the CLI's property diff):
// one entry per changed input, UPDATE or UPDATE_REPLACE as the lifecycle's diff decided. See
// https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto (DiffResponse, PropertyDiff).
import type { CommonAccountInputs } from "../clouds/backend";
import type { AccountKind } from "../host/lifecycle/kind";
import { inputChanged } from "../host/lifecycle/changes";
import { inputKeys, PROVIDER_KEY } from "../host/lifecycle/state";
import type { Props } from "./properties";

export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface DetailedDiff {
    /** Every changed input. */
    diffs: string[];
    detailed: Record<string, { kind: DiffKind; inputDiff: boolean }>;
}

/** Keys the plugin adds itself, never a user's change. */
const INTERNAL = new Set([PROVIDER_KEY, "owner"]);

/** `olds`: the recorded state; `news`: the checked inputs; `replaces`: what the lifecycle's diff said needs a new account. */
export function detailedDiff<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>, olds: Props, news: Props, replaces: string[], changes: boolean): DetailedDiff {
    const keys = new Set([...Object.keys(inputKeys(kind)), ...Object.keys(news)]);
    const changed = [...keys].filter((key) => !INTERNAL.has(key) && inputChanged(kind, key, olds[key], news[key]));
    for (const key of replaces) if (!changed.includes(key)) changed.push(key);
    const detailed: DetailedDiff["detailed"] = {};
    for (const key of changed) {
        const replace = replaces.includes(key);
        const kindOf: DiffKind =
            olds[key] === undefined ? (replace ? "ADD_REPLACE" : "ADD") : news[key] === undefined ? (replace ? "DELETE_REPLACE" : "DELETE") : replace ? "UPDATE_REPLACE" : "UPDATE";
        // Inputs the user changed; the lifecycle's own reasons (a failed or unfinished creation) are output changes.
        detailed[key] = { kind: kindOf, inputDiff: key in inputKeys(kind) };
    }
    // An unfinished creation: nothing the user changed, but `up` must finish it.
    if (changes && changed.length === 0) detailed.accountId = { kind: "UPDATE", inputDiff: false };
    return { diffs: changed, detailed };
}
