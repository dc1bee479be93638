// A cloud's backend loaded on its first call: a process that never talks to a cloud never loads its
// SDK or client (the native plugin answers its first Check sooner). Every backend call is already
// asynchronous, so a call waits for the load and goes on; a load or construction failure (a
// configuration error) is that call's rejection, as it was the getter's throw inside one before.
import type { AccountBackend, CommonAccountInputs } from "../../clouds/backend";

const METHODS = [
    "submitCreation",
    "getCreation",
    "listCreations",
    "listAccounts",
    "describeAccount",
    "moveAccount",
    "tagAccount",
    "untagAccount",
    "updateAttributes",
    "closeAccount",
    "removeAccount",
    "verifyCredentials",
    "rootId",
    "parentExists",
] as const satisfies readonly (keyof AccountBackend<CommonAccountInputs>)[];

export function lazyBackend<I extends CommonAccountInputs>(load: () => Promise<AccountBackend<I>>): AccountBackend<I> {
    let loaded: Promise<AccountBackend<I>> | undefined;
    const backend = () => (loaded ??= load());
    const calls: [string, (...args: unknown[]) => Promise<unknown>][] = METHODS.map((name) => [
        name,
        async (...args: unknown[]) => {
            const real = (await backend()) as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>;
            return real[name]?.(...args);
        },
    ]);
    return Object.fromEntries(calls) as unknown as AccountBackend<I>;
}
