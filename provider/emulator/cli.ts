#!/usr/bin/env node
// Runs the cloud emulators on loopback until SIGINT/SIGTERM.
// Usage: node dist/provider/emulator/cli.js [--port N] [--cloud huawei|aws|both] [--creation-delay-ms N] [--close-delay-ms N] [--host H] [--huawei-rules JSON]
//        [--aws-permissive] [--aws-consistency-lag-ms N] [--aws-removal-wait-period-ms N] [--aws-removal-standalone] [--aws-close-flapping]
// The first stdout line is one JSON object with the endpoints, credentials and env variables.
import { LoggedRequest } from "./requestLog";
import { startHuaweiEmulator } from "./huawei/server";
import { DEFAULT_HUAWEI_RULES, HuaweiRules } from "./huawei/state";
import { startAwsEmulator } from "./aws/server";
import type { AwsRefusalOptions } from "./aws/state";

type Cloud = "huawei" | "aws";

interface CliOptions {
    port: number;
    host: string;
    clouds: Cloud[];
    creationDelayMs?: number;
    closeDelayMs?: number;
    /** The Huawei service's limits to relax, e.g. `{"maxCreationsInProgress": 10, "site": "china"}`. */
    huaweiRules?: Partial<HuaweiRules>;
    /** The AWS emulator's refusals, relaxed or tightened (see AwsRefusalOptions). */
    awsRefusals: Partial<AwsRefusalOptions>;
    awsPermissive: boolean;
}

const USAGE =
    "usage: cli.js [--port N] [--host H] [--cloud huawei|aws|both] [--creation-delay-ms N] [--close-delay-ms N] [--huawei-rules JSON]\n" +
    "       [--aws-permissive] [--aws-consistency-lag-ms N] [--aws-removal-wait-period-ms N] [--aws-removal-standalone] [--aws-close-flapping]";

function parseHuaweiRules(text: string | undefined): Partial<HuaweiRules> {
    let rules: unknown;
    try {
        rules = JSON.parse(text ?? "");
    } catch {
        throw new Error(`--huawei-rules needs a JSON object\n${USAGE}`);
    }
    if (rules === null || typeof rules !== "object" || Array.isArray(rules)) throw new Error(`--huawei-rules needs a JSON object\n${USAGE}`);
    for (const [key, value] of Object.entries(rules)) {
        const known = (DEFAULT_HUAWEI_RULES as unknown as Record<string, unknown>)[key];
        if (known === undefined) throw new Error(`--huawei-rules: unknown rule ${key}; known: ${Object.keys(DEFAULT_HUAWEI_RULES).join(", ")}`);
        if (typeof value !== typeof known) throw new Error(`--huawei-rules: ${key} must be a ${typeof known}`);
        const choices: Record<string, string[]> = { site: ["international", "china"], removal: ["created-cannot-leave", "any"] };
        if (choices[key] && !choices[key].includes(value as string)) throw new Error(`--huawei-rules: ${key} must be ${choices[key].join(" or ")}`);
    }
    return rules as Partial<HuaweiRules>;
}

export function parseArgs(argv: string[]): CliOptions {
    const options: CliOptions = { port: 0, host: "127.0.0.1", clouds: ["huawei"], awsRefusals: {}, awsPermissive: false };
    const number = (flag: string, value: string | undefined): number => {
        if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
        return Number(value);
    };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
        const value = () => inline ?? argv[++i];
        switch (flag) {
            case "--port":
                options.port = number(flag, value());
                break;
            case "--host":
                options.host = value() ?? "127.0.0.1";
                break;
            case "--cloud": {
                const v = value();
                if (v === "huawei" || v === "aws") options.clouds = [v];
                else if (v === "both") options.clouds = ["huawei", "aws"];
                else throw new Error(`--cloud must be huawei, aws or both\n${USAGE}`);
                break;
            }
            case "--creation-delay-ms":
                options.creationDelayMs = number(flag, value());
                break;
            case "--close-delay-ms":
                options.closeDelayMs = number(flag, value());
                break;
            case "--huawei-rules":
                options.huaweiRules = parseHuaweiRules(value());
                break;
            case "--aws-permissive":
                options.awsPermissive = true;
                break;
            case "--aws-consistency-lag-ms":
                options.awsRefusals.consistencyLagMs = number(flag, value());
                break;
            case "--aws-removal-wait-period-ms":
                options.awsRefusals.removalWaitPeriodMs = number(flag, value());
                break;
            case "--aws-removal-standalone":
                options.awsRefusals.removalRequiresStandalone = false;
                break;
            case "--aws-close-flapping":
                options.awsRefusals.closeFlapping = true;
                break;
            case "-h":
            case "--help":
                process.stdout.write(USAGE + "\n");
                process.exit(0);
            default:
                throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
        }
    }
    return options;
}

function logLine(cloud: string, entry: LoggedRequest): void {
    // method, path, operation, status — never headers or bodies (no secrets)
    process.stderr.write(`${entry.time} ${cloud} ${entry.method} ${entry.path} ${entry.operation} ${entry.status}${entry.fault ? ` fault=${entry.fault}` : ""}\n`);
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    const banner: Record<string, unknown> = {};
    const env: Record<string, string> = {};
    const closers: (() => Promise<void>)[] = [];
    // With several clouds and a fixed --port, each next cloud takes the next port.
    let port = options.port;

    for (const cloud of options.clouds) {
        switch (cloud) {
            case "huawei": {
                const emulator = await startHuaweiEmulator({
                    port,
                    host: options.host,
                    creationDelayMs: options.creationDelayMs,
                    closeDelayMs: options.closeDelayMs,
                    rules: options.huaweiRules,
                });
                closers.push(() => emulator.close());
                emulator.requests.onFinish((entry) => logLine("huawei", entry));
                banner.huawei = {
                    url: emulator.url,
                    accessKey: emulator.credentials.accessKey,
                    secretKey: emulator.credentials.secretKey,
                    organizationId: emulator.organizationId,
                    rootId: emulator.rootId,
                    managementAccountId: emulator.managementAccountId,
                    defaultOuId: emulator.defaultOuId,
                    rules: emulator.state.rules,
                };
                env.HW_ACCESS_KEY = emulator.credentials.accessKey;
                env.HW_SECRET_KEY = emulator.credentials.secretKey;
                env.HW_ORGANIZATIONS_ENDPOINT = emulator.url;
                break;
            }
            case "aws": {
                const emulator = await startAwsEmulator({
                    port,
                    host: options.host,
                    creationDelayMs: options.creationDelayMs,
                    closeDelayMs: options.closeDelayMs,
                    refusals: options.awsPermissive ? "permissive" : options.awsRefusals,
                });
                closers.push(() => emulator.close());
                emulator.requests.onFinish((entry) => logLine("aws", entry));
                banner.aws = {
                    url: emulator.url,
                    accessKeyId: emulator.credentials.accessKeyId,
                    secretAccessKey: emulator.credentials.secretAccessKey,
                    region: emulator.region,
                    organizationId: emulator.organizationId,
                    rootId: emulator.rootId,
                    managementAccountId: emulator.managementAccountId,
                    defaultOuId: emulator.defaultOuId,
                };
                env.AWS_ACCESS_KEY_ID = emulator.credentials.accessKeyId;
                env.AWS_SECRET_ACCESS_KEY = emulator.credentials.secretAccessKey;
                env.AWS_REGION = emulator.region;
                // the SDK's service-specific endpoint variables (one port serves both APIs)
                env.AWS_ENDPOINT_URL_ORGANIZATIONS = emulator.url;
                env.AWS_ENDPOINT_URL_ACCOUNT = emulator.url;
                break;
            }
        }
        if (port !== 0) port += 1;
    }

    process.stdout.write(JSON.stringify({ ...banner, env }) + "\n");

    let stopping = false;
    const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`received ${signal}, shutting down\n`);
        for (const close of closers) await close();
        process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}
