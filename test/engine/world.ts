// A test world for engine-path scenarios: an emulator, the real plugin host pointed at it, a gRPC
// client speaking to the host as the engine does, and the package as a user's program loads it.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { EngineSession, ProviderClient, registerWithMocks, startPluginHost, type PluginHost, type Registered } from "../harness/engine";
import { loadProgramModule, pulumi as loadPulumi } from "../harness/deps";
import { startHuaweiEmulator, type HuaweiEmulator, type HuaweiEmulatorOptions } from "../../provider/emulator/huawei/server";

export const PROJECT = "vending";
export const STACK = "dev";
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The built package, loaded the way a user's program loads it (shares the harness's @pulumi/pulumi). */
export const pkg = loadProgramModule(path.join(REPO_ROOT, "examples", "index.ts"), "pulumi-org-accounts");
export const pulumi = loadPulumi();

export interface HuaweiWorld {
    emulator: HuaweiEmulator;
    host: PluginHost;
    client: ProviderClient;
    session: EngineSession;
    /** What the program registers, as the engine receives it. */
    program(build: () => void, options?: { preview?: boolean }): Promise<Registered[]>;
    /** A fresh plugin host (as a new `pulumi up` would start), keeping the state and emulator. */
    restartHost(): Promise<void>;
    close(): Promise<void>;
}

export interface WorldOptions {
    emulator?: HuaweiEmulatorOptions;
    /** Pass credentials as stack config (secrets) instead of environment variables. */
    credentialsFrom?: "env" | "config";
}

export async function huaweiWorld(options: WorldOptions = {}): Promise<HuaweiWorld> {
    const emulator = await startHuaweiEmulator({ creationDelayMs: 300, closeDelayMs: 200, ...options.emulator });
    const fromConfig = options.credentialsFrom === "config";
    const env: Record<string, string> = {
        HW_ORGANIZATIONS_ENDPOINT: emulator.url,
        ORG_ACCOUNTS_POLL_INITIAL_MS: "50",
        ORG_ACCOUNTS_POLL_MAX_MS: "200",
        ...(fromConfig ? {} : { HW_ACCESS_KEY: emulator.credentials.accessKey, HW_SECRET_KEY: emulator.credentials.secretKey }),
    };
    const config: Record<string, string> = fromConfig
        ? { "orgaccounts:huaweiAccessKey": emulator.credentials.accessKey, "orgaccounts:huaweiSecretKey": emulator.credentials.secretKey }
        : {};

    const start = async () => {
        const host = await startPluginHost({ cwd: REPO_ROOT, project: PROJECT, stack: STACK, env });
        const client = new ProviderClient(host.address, { deadlineMs: 60_000 });
        await client.configure(config, { secretKeys: Object.keys(config) });
        return { host, client };
    };

    let { host, client } = await start();
    const session = new EngineSession(client);
    const world: HuaweiWorld = {
        emulator,
        host,
        client,
        session,
        program: (build, programOptions = {}) => registerWithMocks(build, { project: PROJECT, stack: STACK, ...programOptions }),
        restartHost: async () => {
            client.close();
            await host.close();
            ({ host, client } = await start());
            world.host = host;
            world.client = client;
            (session as unknown as { client: ProviderClient }).client = client;
        },
        close: async () => {
            client.close();
            await host.close();
            await emulator.close();
        },
    };
    return world;
}

/** Requests the emulator received, by operation, from a given log position on. */
export function operationsSince(emulator: HuaweiEmulator, from: number): string[] {
    return emulator.requests.all().slice(from).map((r) => r.operation);
}

export const WRITE_OPERATIONS = ["CreateAccount", "UpdateAccount", "MoveAccount", "CloseAccount", "RemoveAccount", "TagResource", "UntagResource"];
