// What the serialized provider requires inside the plugin host, at call time: the provider logic
// for each resource type, bound to the settings read by `configure`. Keeping the logic here (and
// not in the closure) keeps `__provider` small and free of credentials.
import "./nodeVersion";
import { AccountKind, AccountLifecycle, LifecycleOptions } from "./accountProvider";
import { awsAccountKind } from "./aws/kind";
import { huaweiAccountKindFor } from "./huawei/kind";
import { ConfigReader, ProviderSettings, readSettings } from "./settings";

export type ResourceKindName = "huawei" | "aws";

const kinds: Record<ResourceKindName, (settings: ProviderSettings) => AccountKind<any, ProviderSettings>> = {
    huawei: huaweiAccountKindFor,
    aws: () => awsAccountKind,
};

// One lifecycle (and so one HTTP connection pool) per kind and settings, for the host's lifetime.
const lifecycles = new WeakMap<ProviderSettings, Map<ResourceKindName, AccountLifecycle<any, ProviderSettings>>>();

export function configure(config: ConfigReader): ProviderSettings {
    return readSettings(config);
}

export function lifecycle(kind: ResourceKindName, settings: ProviderSettings | undefined): AccountLifecycle<any, ProviderSettings> {
    const resolved = settings ?? readSettings();
    let byKind = lifecycles.get(resolved);
    if (!byKind) lifecycles.set(resolved, (byKind = new Map()));
    let found = byKind.get(kind);
    if (!found) {
        const options: LifecycleOptions = {
            poll: resolved.poll,
            pollPolicy: { timeScale: resolved.pollTimeScale, ...(resolved.pollExplicit ? { explicit: resolved.poll } : {}) },
            consistencyGraceMs: resolved.consistencyGraceMs,
            log: (line) => console.error(line),
        };
        found = new AccountLifecycle(kinds[kind](resolved), resolved, options);
        byKind.set(kind, found);
    }
    return found;
}
