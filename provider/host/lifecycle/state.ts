// The resource as the engine records it: its inputs picked from and parsed out of the properties,
// the tags its account should carry and the ones its `tags` input sees, and the state (inputs and
// outputs) built from what is known of the account.
import type { AccountRecord, CommonAccountInputs, CreationStatus } from "../../clouds/backend";
import { OrgAccountsError } from "../../shared/errors";
import { validateInputs } from "../validation/inputs";
import { OWNER_TAG_KEY } from "../../program/owner";
import type { LifecycleContext } from "./context";
import type { AccountKind, Outputs } from "./kind";

export const PROVIDER_KEY = "__provider";
export const CREATION_ID_KEY = "createAccountStatusId";
/** Output recorded when a request the stack tracks ended `failed`: no account exists for it. */
export const FAILED_CREATION_KEY = "failedCreation";

export function parse<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>, props: Outputs): I {
    const { value, failures } = validateInputs(kind.schema, pickInputs(kind, props));
    if (!value) throw new OrgAccountsError(`invalid inputs: ${failures.map((f) => f.reason).join("; ")}`);
    return value;
}

export function inputKeys<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>): Record<string, unknown> {
    return (kind.schema as unknown as { shape: Record<string, unknown> }).shape;
}

export function pickInputs<I extends CommonAccountInputs>(kind: AccountKind<I, unknown>, props: Outputs): Outputs {
    const keys = Object.keys(inputKeys(kind));
    return Object.fromEntries(Object.entries(props).filter(([key, value]) => keys.includes(key) && value !== undefined && value !== null));
}

export function desiredTags<I extends CommonAccountInputs>(context: LifecycleContext<I, unknown>, inputs: I): Record<string, string> {
    return { ...context.options.defaultTags, ...(inputs.tags ?? {}), [OWNER_TAG_KEY]: inputs.owner };
}

/** An account's tags as the resource's `tags` input sees them: without the marker and the default tags it does not set itself. */
export function resourceTags<I extends CommonAccountInputs>(
    context: LifecycleContext<I, unknown>,
    accountTags: Record<string, string>,
    inputTags: Record<string, string> | undefined,
): Record<string, string> {
    const defaults = context.options.defaultTags ?? {};
    const isDefault = ([key, value]: [string, string]) => defaults[key] === value && !(inputTags && key in inputTags);
    return Object.fromEntries(Object.entries(withoutKey(accountTags, OWNER_TAG_KEY)).filter((tag) => !isDefault(tag)));
}

/** The previous inputs with what the account now is (drift) laid over them. */
export function currentInputs<I extends CommonAccountInputs>(context: LifecycleContext<I, unknown>, record: AccountRecord, olds: I): I {
    return context.kind.currentInputs(record, { ...olds, tags: resourceTags(context, record.tags, olds.tags), parentId: record.parentId ?? olds.parentId });
}

export function stateFor<I extends CommonAccountInputs>(
    context: LifecycleContext<I, unknown>,
    props: Outputs,
    inputs: I,
    creation: CreationStatus | undefined,
    record: AccountRecord | undefined,
): Outputs {
    const userTags = record ? resourceTags(context, record.tags, inputs.tags) : inputs.tags;
    return stripUndefined({
        ...pickInputs(context.kind, props),
        ...inputs,
        tags: userTags,
        tagsAll: record ? withoutKey(record.tags, OWNER_TAG_KEY) : undefined,
        ...context.kind.outputs(creation, record),
        [PROVIDER_KEY]: props[PROVIDER_KEY],
    });
}

/** What the state remembers of the creation, once the service may have forgotten it. */
export function creationFromState(props: Outputs): CreationStatus | undefined {
    const id = props[CREATION_ID_KEY];
    if (typeof id !== "string") return undefined;
    return {
        id,
        state: "succeeded",
        accountId: props.accountId as string | undefined,
        requestedAt: (props.createdAt ?? props.requestedAt) as string | undefined,
        completedAt: props.completedAt as string | undefined,
    };
}

export function withoutProvider(props: Outputs): Outputs {
    return withoutKey(props, PROVIDER_KEY);
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
    const { [key]: _omitted, ...rest } = record;
    return rest;
}

export function stripUndefined(value: object): Outputs {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
