// A CLI test world: one cloud's emulator and a generated program pointed at it through the
// environment (or stack config), run by the real Pulumi CLI found in a given folder. Free of
// vitest, so that the benchmark (bench/cliFleet.ts, under tsx) can use it; the tests take it from
// ./world, which passes the folder the global setup provides.
import type { HuaweiRules } from "../../emulator/huawei/model";
import { writesSince, type Cloud, type Emulator } from "../pluginHost/clouds";
import { PulumiProgram } from "./workspace";
import type { CloudName } from "../../provider/shared/cloudNames";

export interface CliWorld<E extends Emulator = Emulator> {
    cloud: Cloud<E>;
    emulator: E;
    program: PulumiProgram;
    /** The resource class's name in programs ("HuaweiAccount" or "AwsAccount"). */
    className: string;
    /** A declaration `const <variable> = new <Class>(name, {name, <required args>, ...args}, options)`. */
    declare(variable: string, name: string, args?: Record<string, unknown>, options?: string): string;
    /** Write operations the emulator processed since the last `mark()` (or the start). */
    writes(): string[];
    mark(): void;
    close(): Promise<void>;
}

export interface CliWorldOptions {
    creationDelayMs?: number;
    closeDelayMs?: number;
    /** Credentials as `pulumi config set --secret` instead of the environment. */
    credentialsFrom?: "env" | "config";
    env?: Record<string, string>;
    source?: string;
    /** Huawei only: the emulated service's rules, e.g. relaxed for one scenario (see HuaweiRules). */
    rules?: Partial<HuaweiRules>;
    /** More options of the cloud's emulator (e.g. the AWS emulator's `refusals`). */
    emulator?: Record<string, unknown>;
}

/**
 * Emulators under which a new account can be removed and many closed at once: for scenarios about
 * something else (the clouds' own refusals have their own tests).
 */
export const DELETABLE: Record<CloudName, CliWorldOptions> = {
    huawei: { rules: { removal: "any", closeQuotaPercent: 0 } },
    aws: { emulator: { refusals: { removalWaitPeriodMs: 0, removalRequiresStandalone: false } } },
};

/** `cliDir`: the folder holding `pulumi` (scripts/pulumi-cli.js's `ensurePulumiCli().dir`). */
export async function startCliWorldAt<E extends Emulator>(cliDir: string, cloud: Cloud<E>, options: CliWorldOptions = {}): Promise<CliWorld<E>> {
    const emulator = await cloud.startEmulator({
        creationDelayMs: options.creationDelayMs ?? 300,
        closeDelayMs: options.closeDelayMs ?? 200,
        ...(options.rules ? { rules: options.rules } : {}),
        ...options.emulator,
    });
    const fromConfig = options.credentialsFrom === "config";
    const program = await PulumiProgram.create({
        cliDir,
        env: { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200", ...(fromConfig ? {} : cloud.env(emulator)), ...options.env },
        source: options.source,
    });
    if (fromConfig) {
        for (const [key, value] of Object.entries(cloud.config(emulator))) await program.setConfig(key, value, { secret: true });
    }
    const className = cloud.typeToken.split(":").pop()!;
    let from = 0;
    const world: CliWorld<E> = {
        cloud,
        emulator,
        program,
        className,
        declare: (variable, name, args = {}, resourceOptions) =>
            `const ${variable} = new ${className}(${JSON.stringify(name)}, ${JSON.stringify({ name, ...cloud.baseArgs(name), ...args })}${resourceOptions ? `, ${resourceOptions}` : ""});\n`,
        writes: () => writesSince(cloud, emulator, from),
        mark: () => {
            from = emulator.requests.all().length;
        },
        close: async () => {
            program.remove();
            await emulator.close();
        },
    };
    return world;
}
