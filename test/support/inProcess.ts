// The plugin host's provider logic run in the test's own process: the same `configure` →
// `lifecycle` path the serialized provider takes inside the plugin host (provider/dynamicHost.ts),
// against an emulator started in-process, with no plugin host process, gRPC or engine. It sees
// every request the provider sends (the emulator's log) and every wait it makes, in a fraction of
// the engine tier's time.
import { CLOUD_NAMES, type CloudName } from "../../provider/shared/cloudNames";
import { configure, lifecycle, type HostSettings } from "../../provider/dynamicHost";
import type { LifecycleCalls } from "../../provider/host/lifecycle/organizationRouter";
import type { AccountLifecycle, Outputs } from "../../provider/host/lifecycle/accountLifecycle";
import { lifecycleOf } from "../../provider/host/lifecycles";
import type { ProviderSettings } from "../../provider/host/config/settings";
import type { CommonAccountInputs } from "../../provider/clouds/backend";
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from "../../emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator, type HuaweiEmulatorOptions } from "../../emulator/huawei/server";
import type { LoggedRequest } from "../../emulator/core/requestLog";

export type { CloudName };
export const CLOUDS: CloudName[] = [...CLOUD_NAMES];
export const PROJECT = "vending";
export const STACK = "dev";

/** The emulator's clock: real time shifted by `offsetMs` (a request seeded in the past). */
export class TestClock {
    offsetMs = 0;
    readonly now = (): Date => new Date(Date.now() + this.offsetMs);
}

/** What differs between the clouds here: operation names and how the provider reaches the emulator. */
export const OPERATIONS = {
    huawei: { status: "ShowCreateAccountStatus", describe: "ShowAccount" },
    aws: { status: "DescribeCreateAccountStatus", describe: "DescribeAccount" },
} as const;

type Emulator = AwsEmulator | HuaweiEmulator;

/** New requests and accounts are not found for this long (eventual consistency), in each emulator's terms. */
export function consistencyLag(cloud: CloudName, ms: number): InProcessOptions["emulator"] {
    return cloud === "huawei" ? { rules: { consistencyDelayMs: ms } } : { refusals: { consistencyLagMs: ms } };
}

/** The provider settings (`orgaccounts:` keys) that point at an emulator, as stack config. */
export function emulatorConfig(cloud: CloudName, emulator: Emulator): Record<string, string> {
    if (cloud === "huawei") {
        const e = emulator as HuaweiEmulator;
        return { huaweiEndpoint: e.url, huaweiAccessKey: e.credentials.accessKey, huaweiSecretKey: e.credentials.secretKey };
    }
    const e = emulator as AwsEmulator;
    return { awsEndpoint: e.url, awsRegion: e.region, awsAccessKeyId: e.credentials.accessKeyId, awsSecretAccessKey: e.credentials.secretAccessKey };
}

export interface InProcessOptions {
    /** The emulator's options (the clock is the world's own). */
    emulator?: Partial<AwsEmulatorOptions & HuaweiEmulatorOptions>;
    /**
     * Settings as stack config, by their `orgaccounts:` key without the namespace; over the
     * emulator's and the fast schedule (an `undefined` value unsets one of those).
     */
    config?: Record<string, string | undefined>;
    /** The environment the default organization's settings fall back to; default none. */
    env?: NodeJS.ProcessEnv;
}

export class InProcessWorld {
    private settings!: HostSettings;
    private constructor(
        readonly cloud: CloudName,
        readonly emulator: Emulator,
        readonly clock: TestClock,
    ) {}

    static async start(cloud: CloudName, options: InProcessOptions = {}): Promise<InProcessWorld> {
        const clock = new TestClock();
        const emulatorOptions = { creationDelayMs: 300, closeDelayMs: 200, ...options.emulator, clock: clock.now };
        const emulator = cloud === "huawei" ? await startHuaweiEmulator(emulatorOptions) : await startAwsEmulator(emulatorOptions);
        const world = new InProcessWorld(cloud, emulator, clock);
        world.configure({ pollInitialMs: "50", pollMaxMs: "200", consistencyGraceMs: "3000", ...emulatorConfig(cloud, emulator), ...options.config }, options.env ?? {});
        return world;
    }

    /** Configures the host anew (as a new `pulumi up` would): a new lifecycle, with no history or listing. */
    configure(config: Record<string, string | undefined>, env: NodeJS.ProcessEnv = {}): void {
        const set = Object.entries(config).filter((entry): entry is [string, string] => entry[1] !== undefined);
        const values = new Map(set.map(([key, value]) => [key.includes(":") ? key : `orgaccounts:${key}`, value]));
        this.settings = configure({ get: (key) => values.get(key) }, env);
    }

    get provider(): LifecycleCalls {
        return lifecycle(this.cloud, this.settings);
    }

    /** The default organization's lifecycle itself (the one `provider` routes to), for calls the router does not have. */
    get accountLifecycle(): AccountLifecycle<CommonAccountInputs, ProviderSettings> {
        return lifecycleOf(this.cloud, this.settings.defaults);
    }

    /** A resource's inputs as the resource class sends them: the cloud's required inputs, the owner marker, `args`. */
    inputs(name: string, args: Outputs = {}): Outputs {
        return { name, email: `${name}@example.com`, owner: ownerOf(name), ...args };
    }

    async create(name: string, args: Outputs = {}): Promise<{ id: string; outs: Outputs }> {
        return (await this.provider.create(this.inputs(name, args))) as { id: string; outs: Outputs };
    }

    /** Requests the emulator received, for one operation. */
    requests(operation: string): LoggedRequest[] {
        return this.emulator.requests.byOperation(operation);
    }

    /**
     * A create-account request made straight in the organization, `agoMs` before now (an earlier
     * run, or another tool), carrying `owner` as its ownership marker if given.
     */
    seedRequest(name: string, { agoMs = 0, owner }: { agoMs?: number; owner?: string } = {}): string {
        const tags: Record<string, string> = owner ? { [OWNER_TAG]: owner } : {};
        this.clock.offsetMs = -agoMs;
        try {
            if (this.cloud === "huawei") {
                const list = Object.entries(tags).map(([key, value]) => ({ key, value }));
                return (this.emulator as HuaweiEmulator).state.createAccount({ name, email: `${name}@example.com`, tags: list }).id;
            }
            const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
            return (this.emulator as AwsEmulator).state.createAccount({ accountName: name, email: `${name}@example.com`, tags: list }).Id;
        } finally {
            this.clock.offsetMs = 0;
        }
    }

    /** The accounts of the organization with this name (the emulator's own view, not the provider's). */
    accountsNamed(name: string): { id: string }[] {
        const all = this.cloud === "huawei" ? (this.emulator as HuaweiEmulator).state.accounts() : (this.emulator as AwsEmulator).state.accounts();
        return all.filter((a) => a.name === name);
    }

    close(): Promise<void> {
        return this.emulator.close();
    }
}

export const OWNER_TAG = "pulumi-org-accounts:owner";
export const ownerOf = (name: string): string => `${PROJECT}/${STACK}/${name}`;

/** Milliseconds between two logged requests (by their receipt times). */
export function msBetween(earlier: LoggedRequest, later: LoggedRequest): number {
    return Date.parse(later.time) - Date.parse(earlier.time);
}
