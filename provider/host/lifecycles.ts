// One lifecycle per cloud and organization settings, for the process's lifetime: one HTTP connection
// pool, creation queue, set of listings, learned history and credentials check each. Both adapters
// (the dynamic provider's host/dynamic.ts and the native plugin) take their lifecycles from here.
import { AccountKind, AccountLifecycle, LifecycleOptions } from "./lifecycle/accountLifecycle";
import { awsAccountKind } from "./kinds/aws";
import { huaweiAccountKindFor } from "./kinds/huawei";
import type { CloudName } from "../shared/cloudNames";
import type { ProviderSettings } from "./config/settings";
import { writeProgress } from "./progress";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
const kinds: Record<CloudName, (settings: ProviderSettings) => AccountKind<any, ProviderSettings>> = {
    huawei: huaweiAccountKindFor,
    aws: () => awsAccountKind,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
const lifecycles = new WeakMap<ProviderSettings, Map<CloudName, AccountLifecycle<any, ProviderSettings>>>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
export function lifecycleOf(kind: CloudName, settings: ProviderSettings): AccountLifecycle<any, ProviderSettings> {
    let byKind = lifecycles.get(settings);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as the table above
    if (!byKind) lifecycles.set(settings, (byKind = new Map<CloudName, AccountLifecycle<any, ProviderSettings>>()));
    let found = byKind.get(kind);
    if (!found) {
        const options: LifecycleOptions = {
            poll: settings.poll,
            pollPolicy: { timeScale: settings.pollTimeScale, ...(settings.pollExplicit ? { explicit: settings.poll } : {}) },
            consistencyGraceMs: settings.consistencyGraceMs,
            verifyCredentials: !settings.skipCredentialsValidation,
            defaultTags: settings.defaultTags,
            log: writeProgress,
        };
        found = new AccountLifecycle(kinds[kind](settings), settings, options);
        byKind.set(kind, found);
    }
    return found;
}
