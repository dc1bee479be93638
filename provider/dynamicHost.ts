// What the serialized provider requires inside the plugin host, at call time: the provider logic
// for each resource type, bound to the settings read by `configure`. Keeping the logic here (and
// not in the closure) keeps `__provider` small and free of credentials. The module path and its
// exports `configure` and `lifecycle` are named by `__provider` texts in users' states.
import "./nodeVersion";
import { AccountKind, AccountLifecycle, LifecycleOptions } from "./accountProvider";
import { awsAccountKind } from "./aws/kind";
import type { CloudName } from "./cloudNames";
import { OrgAccountsError, reportedOnceByPluginHost } from "./errors";
import { huaweiAccountKindFor } from "./huawei/kind";
import { LifecycleCalls, OrganizationRouter } from "./organizationRouter";
import { NamedOrganization, readOrganizations } from "./organizations";
import { ConfigReader, ProviderSettings, readSettings } from "./settings";

/** Everything `configure` reads: the default organization's settings and the named ones. */
export interface HostSettings {
    defaults: ProviderSettings;
    organizations: Map<string, NamedOrganization>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
const kinds: Record<CloudName, (settings: ProviderSettings) => AccountKind<any, ProviderSettings>> = {
    huawei: huaweiAccountKindFor,
    aws: () => awsAccountKind,
};

// One lifecycle (and so one HTTP connection pool, creation queue, set of listings and credentials
// check) per kind and organization, for the host's lifetime.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
const lifecycles = new WeakMap<ProviderSettings, Map<CloudName, AccountLifecycle<any, ProviderSettings>>>();
const routers = new WeakMap<HostSettings, Map<CloudName, OrganizationRouter>>();

const noConfig: ConfigReader = { get: () => undefined };
/** Settings from the environment alone, for a host that was never configured. */
let unconfigured: HostSettings | undefined;

/** `env`: where the default organization's settings fall back to (named organizations read none). */
export function configure(config: ConfigReader, env: NodeJS.ProcessEnv = process.env): HostSettings {
    try {
        return { defaults: readSettings(config, env), organizations: readOrganizations(config) };
    } catch (error) {
        throw error instanceof OrgAccountsError ? reportedOnceByPluginHost(error) : error;
    }
}

export function lifecycle(kind: CloudName, settings: HostSettings | undefined): LifecycleCalls {
    return reportingOnce(router(kind, settings));
}

/** The calls, each user-facing error of which the plugin host's stderr does not repeat. */
function reportingOnce(calls: LifecycleCalls): LifecycleCalls {
    const once =
        <A extends unknown[], R>(call: (...args: A) => R) =>
        async (...args: A): Promise<Awaited<R>> => {
            try {
                return await call(...args);
            } catch (error) {
                throw error instanceof OrgAccountsError ? reportedOnceByPluginHost(error) : error;
            }
        };
    return {
        check: once((olds, news) => calls.check(olds, news)),
        diff: once((olds, news) => calls.diff(olds, news)),
        create: once((inputs) => calls.create(inputs)),
        read: once((id, props) => calls.read(id, props)),
        update: once((id, olds, news) => calls.update(id, olds, news)),
        delete: once((id, props) => calls.delete(id, props)),
    };
}

function router(kind: CloudName, settings: HostSettings | undefined): LifecycleCalls {
    const host = settings ?? (unconfigured ??= configure(noConfig));
    let byKind = routers.get(host);
    if (!byKind) routers.set(host, (byKind = new Map<CloudName, OrganizationRouter>()));
    let router = byKind.get(kind);
    if (!router) {
        const ofThisCloud = () => [...host.organizations.values()].filter((org) => org.cloud === kind);
        router = new OrganizationRouter({
            cloud: kind,
            names: () => ofThisCloud().map((org) => org.name),
            lifecycleFor: (name) => {
                if (name === undefined) return lifecycleOf(kind, host.defaults);
                const org = host.organizations.get(name);
                return org && org.cloud === kind ? lifecycleOf(kind, org.settings) : undefined;
            },
        });
        byKind.set(kind, router);
    }
    return router;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for both clouds, whose kinds differ in their input type
function lifecycleOf(kind: CloudName, settings: ProviderSettings): AccountLifecycle<any, ProviderSettings> {
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
            log: (line) => console.error(line),
        };
        found = new AccountLifecycle(kinds[kind](settings), settings, options);
        byKind.set(kind, found);
    }
    return found;
}
