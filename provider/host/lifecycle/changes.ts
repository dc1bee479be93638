// What a change of inputs means to diff: which inputs count as changed, and a replacement that
// cannot work (it would keep the unique values, or leave the old account stuck) refused before
// anything is touched.
import { isDeepStrictEqual } from "node:util";
import type { CommonAccountInputs } from "../../clouds/backend";
import { OrgAccountsError } from "../../shared/errors";
import { containsUnknown } from "../validation/inputs";
import type { OnDeletePolicy } from "../../program/types";
import type { AccountKind, Outputs } from "./kind";
import { PROVIDER_KEY } from "./state";

export function inputChanged<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>, key: string, old: unknown, next: unknown): boolean {
    if (key === PROVIDER_KEY) return false;
    if (containsUnknown(next)) return true;
    switch (key) {
        case "parentId":
            return next !== undefined && next !== old;
        case "tags":
            return !isDeepStrictEqual(old ?? {}, next ?? {});
        case "onDelete":
            return (old ?? kind.defaultOnDelete) !== (next ?? kind.defaultOnDelete);
        case "adopt":
            return false; // only meaningful at creation
        default:
            return !isDeepStrictEqual(old ?? undefined, next ?? undefined);
    }
}

/**
 * A replacement needs a new account, and a new account needs new unique values (the clouds
 * never free a name or email, even after closing). A replacement that keeps them would find
 * the old account again and then delete it; one whose old account the cloud will refuse to
 * delete (a pending delete uses the onDelete recorded for it, never new inputs) would leave it
 * stuck. Refuse both before anything is touched.
 */
export function refuseImpossibleReplacement<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>, olds: Outputs, news: Outputs, replaces: string[]): void {
    const unique = kind.uniqueInputs;
    const replaced = replaces.filter((key) => !containsUnknown(news[key]));
    if (replaced.length === 0) return;
    if (!replaces.some((key) => unique.includes(key))) {
        throw new OrgAccountsError(
            replaced
                .map((key) => `${key}: cannot change on an existing account; a new account would also need a new ${unique.join(" and ")}, which ${kind.typeName} never reuses`)
                .join("; "),
        );
    }
    const policy = (olds.onDelete as OnDeletePolicy | undefined) ?? kind.defaultOnDelete;
    const refusal = policy === "remove" ? kind.removalRefusal?.(olds) : undefined;
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
