// The dynamic provider's adapter over the lifecycle: what the serialized provider (program/providerShim.ts)
// calls inside Pulumi's dynamic-provider plugin host, through the permanent module provider/dynamicHost.ts.
// `configure` reads the stack's settings once; `lifecycle` gives the calls for one resource type, each
// sent to the organization the resource names.
import type { CloudName } from "../shared/cloudNames";
import { OrgAccountsError, reportedOnceByPluginHost } from "../shared/errors";
import { NamedOrganization, readOrganizations } from "./config/organizations";
import { ConfigReader, ProviderSettings, readSettings } from "./config/settings";
import { lifecycleOf } from "./lifecycles";
import { LifecycleCalls, OrganizationRouter } from "./lifecycle/organizationRouter";

/** Everything `configure` reads: the default organization's settings and the named ones. */
export interface HostSettings {
    defaults: ProviderSettings;
    organizations: Map<string, NamedOrganization>;
}

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
