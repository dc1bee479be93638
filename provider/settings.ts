// Provider settings, read in the plugin host when it configures the provider: stack config first
// (set credentials as secrets), then environment variables. Never serialized into `__provider`.
import type { AwsConnectionOptions } from "./aws/config";
import type { HuaweiConnectionOptions } from "./huawei/config";
import { HuaweiSite, huaweiSites } from "./huawei/inputs";
import { ConfigurationError } from "./errors";
import { DEFAULT_POLL_SCHEDULE, PollSchedule } from "./polling";

export const CONFIG_NAMESPACE = "orgaccounts";

export interface ProviderSettings {
    huawei: HuaweiConnectionOptions & { readTimeoutMs?: number };
    aws: AwsConnectionOptions;
    /** AWS allows 5 account creations in progress per organization; the host queues beyond this. */
    awsMaxConcurrentCreations: number;
    /** Huawei allows 5 account creations in progress per organization; the host queues beyond this. */
    huaweiMaxConcurrentCreations: number;
    /** The Huawei site of the organization, when known: `check` then applies its email/phone rule. */
    huaweiSite?: HuaweiSite;
    poll: PollSchedule;
    /** Whether the user set the poll schedule (then it is followed as given, instead of the history-informed one). */
    pollExplicit: boolean;
    /** Divides the history-informed schedule's constants (the benchmark runs creations faster than real ones); default 1. */
    pollTimeScale: number;
    /** How long "not found" is disbelieved right after a submission or a success (eventual consistency). */
    consistencyGraceMs?: number;
}

export interface ConfigReader {
    get(key: string): string | undefined;
}

const noConfig: ConfigReader = { get: () => undefined };

export function readSettings(config: ConfigReader = noConfig, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const get = (key: string) => config.get(`${CONFIG_NAMESPACE}:${key}`) || undefined;
    // Time without an answer before a request fails (and is retried if safe); both clouds' default 30 s.
    const readTimeoutMs = positiveNumber(get("httpTimeoutMs") ?? env.ORG_ACCOUNTS_HTTP_TIMEOUT_MS);
    const pollInitialMs = positiveNumber(get("pollInitialMs") ?? env.ORG_ACCOUNTS_POLL_INITIAL_MS);
    const pollMaxMs = positiveNumber(get("pollMaxMs") ?? env.ORG_ACCOUNTS_POLL_MAX_MS);
    return {
        huawei: {
            accessKey: get("huaweiAccessKey"),
            secretKey: get("huaweiSecretKey"),
            securityToken: get("huaweiSecurityToken"),
            domainId: get("huaweiDomainId"),
            endpoint: get("huaweiEndpoint"),
            ...(readTimeoutMs ? { readTimeoutMs } : {}),
        },
        aws: {
            region: get("awsRegion"),
            endpoint: get("awsEndpoint"),
            accessKeyId: get("awsAccessKeyId"),
            secretAccessKey: get("awsSecretAccessKey"),
            sessionToken: get("awsSessionToken"),
            profile: get("awsProfile"),
            ...(readTimeoutMs ? { readTimeoutMs } : {}),
        },
        awsMaxConcurrentCreations: positiveNumber(get("awsMaxConcurrentCreations") ?? env.ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS) ?? 5,
        huaweiMaxConcurrentCreations:
            positiveNumber(get("huaweiMaxConcurrentCreations") ?? env.ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS) ?? 5,
        ...site(get("huaweiSite") ?? env.ORG_ACCOUNTS_HUAWEI_SITE),
        poll: {
            initialMs: pollInitialMs ?? DEFAULT_POLL_SCHEDULE.initialMs,
            maxMs: pollMaxMs ?? DEFAULT_POLL_SCHEDULE.maxMs,
            factor: DEFAULT_POLL_SCHEDULE.factor,
        },
        pollExplicit: pollInitialMs !== undefined || pollMaxMs !== undefined,
        pollTimeScale: positiveNumber(get("pollTimeScale") ?? env.ORG_ACCOUNTS_POLL_TIME_SCALE) ?? 1,
        consistencyGraceMs: positiveNumber(get("consistencyGraceMs") ?? env.ORG_ACCOUNTS_CONSISTENCY_GRACE_MS),
    };
}

function site(text: string | undefined): { huaweiSite?: HuaweiSite } {
    const value = text?.trim().toLowerCase();
    if (!value) return {};
    if (!(huaweiSites as readonly string[]).includes(value)) {
        throw new ConfigurationError(`orgaccounts:huaweiSite (ORG_ACCOUNTS_HUAWEI_SITE) must be ${huaweiSites.join(" or ")}, not "${text}"`);
    }
    return { huaweiSite: value as HuaweiSite };
}

function positiveNumber(text: string | undefined): number | undefined {
    const value = Number(text);
    return text !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
