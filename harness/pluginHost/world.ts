// A test world for engine-path scenarios: an emulator, the real plugin host pointed at it, a gRPC
// client speaking to the host as the engine does, and the package as a user's program loads it.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { EngineSession, ProviderClient, registerWithMocks, startPluginHost, type PluginHost, type Registered } from "./engine";
import { loadProgramModule, pulumi as loadPulumi } from "./deps";
import type { AwsEmulatorCredentials } from "../../emulator/aws/server";
import type { HuaweiEmulatorCredentials } from "../../emulator/huawei/server";
import type { HuaweiRules } from "../../emulator/huawei/model";
import type { Cloud, Emulator } from "./clouds";

export const PROJECT = "vending";
export const STACK = "dev";
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The built package, loaded the way a user's program loads it (shares the harness's @pulumi/pulumi). */
export const pkg = loadProgramModule<typeof import("../../provider/index")>(path.join(REPO_ROOT, "examples", "index.ts"), "pulumi-org-accounts");
export const pulumi = loadPulumi();

export interface World<E extends Emulator = Emulator> {
    cloud: Cloud<E>;
    emulator: E;
    host: PluginHost;
    client: ProviderClient;
    session: EngineSession;
    /** What the program registers, as the engine receives it. */
    program(build: () => void, options?: { preview?: boolean }): Promise<Registered[]>;
    /** One account resource with the cloud's required inputs, plus `args`. */
    account(name: string, args?: Record<string, unknown>, options?: { preview?: boolean }): Promise<Registered[]>;
    /** A fresh plugin host (as a new `pulumi up` would start), keeping the state and emulator. */
    restartHost(): Promise<void>;
    close(): Promise<void>;
}

export interface WorldOptions {
    creationDelayMs?: number;
    closeDelayMs?: number;
    /** Pass credentials as stack config (secrets) instead of environment variables. */
    credentialsFrom?: "env" | "config";
    /** Extra environment for the plugin host. */
    env?: Record<string, string>;
    /** Extra stack config (sent as secrets), over the credentials' config when `credentialsFrom` is "config". */
    config?: Record<string, string>;
    /** Huawei only: the emulated service's rules, e.g. relaxed for one scenario. */
    rules?: Partial<HuaweiRules>;
    /** Credentials the emulator accepts, in the cloud's shape; default the emulator's test values. */
    credentials?: HuaweiEmulatorCredentials | AwsEmulatorCredentials;
    /** Time from an accepted CloseAccount to the account showing as closing; default 0 (at once). */
    closeAcceptDelayMs?: number;
    /** More options of the cloud's emulator (e.g. the AWS emulator's `refusals`). */
    emulator?: Record<string, unknown>;
}

export async function startWorld<E extends Emulator>(cloud: Cloud<E>, options: WorldOptions = {}): Promise<World<E>> {
    const emulator = await cloud.startEmulator({
        creationDelayMs: options.creationDelayMs ?? 300,
        closeDelayMs: options.closeDelayMs ?? 200,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.closeAcceptDelayMs ? { closeAcceptDelayMs: options.closeAcceptDelayMs } : {}),
        ...(options.rules ? { rules: options.rules } : {}),
        ...options.emulator,
    });
    const fromConfig = options.credentialsFrom === "config";
    const env = {
        ORG_ACCOUNTS_POLL_INITIAL_MS: "50",
        ORG_ACCOUNTS_POLL_MAX_MS: "200",
        // The emulators' consistency lags are a few hundred ms at test speed.
        ORG_ACCOUNTS_CONSISTENCY_GRACE_MS: "3000",
        ...(fromConfig ? {} : cloud.env(emulator)),
        ...options.env,
    };
    const config = { ...(fromConfig ? cloud.config(emulator) : {}), ...options.config };

    const start = async () => {
        const host = await startPluginHost({ cwd: REPO_ROOT, project: PROJECT, stack: STACK, env });
        const client = new ProviderClient(host.address, { deadlineMs: 120_000 });
        await client.configure(config, { secretKeys: Object.keys(config) });
        return { host, client };
    };

    const first = await start();
    const session = new EngineSession(first.client);
    // The program runs with the credentials in its environment, as from a user's shell, whichever
    // way the plugin host gets them: a resource class that captured them would put them in __provider.
    const programEnv = { ...cloud.env(emulator), ...options.env };
    const program = (build: () => void, programOptions: { preview?: boolean } = {}) =>
        registerWithMocks(build, { project: PROJECT, stack: STACK, env: programEnv, ...programOptions });
    const world: World<E> = {
        cloud,
        emulator,
        ...first,
        session,
        program,
        account: (name, args = {}, programOptions) => program(() => new cloud.Resource(name, { name, ...cloud.baseArgs(name), ...args }), programOptions),
        restartHost: async () => {
            world.client.close();
            await world.host.close();
            Object.assign(world, await start());
            (session as unknown as { client: ProviderClient }).client = world.client;
        },
        close: async () => {
            world.client.close();
            await world.host.close();
            await emulator.close();
        },
    };
    return world;
}

/** Operations the emulator received from a log position on. */
export function operationsSince(emulator: Emulator, from: number): string[] {
    return emulator.requests
        .all()
        .slice(from)
        .map((r) => r.operation);
}

/**
 * The writes (creations, moves, tags, closes...) the service carried out among them. A refusal
 * (say a ConcurrentModificationException right after a creation, then waited out) changed nothing:
 * it is not a write; an answer lost or faulted may have been, and counts.
 */
export function writesSince(w: World, from: number): string[] {
    return w.emulator.requests
        .all()
        .slice(from)
        .filter((r) => w.cloud.writeOperations.includes(r.operation) && !(typeof r.status === "number" && r.status >= 400))
        .map((r) => r.operation);
}
