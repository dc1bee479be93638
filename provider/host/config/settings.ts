// Provider settings, read in the plugin host when it configures the provider: stack config first
// (set credentials as secrets), then environment variables. Never serialized into `__provider`.
// A setting given with a value it cannot take fails, naming the setting and what is wrong with
// the value, rather than being silently replaced by its default.
import type { AwsConnectionOptions } from "../../clouds/aws/config";
import type { HuaweiConnectionOptions } from "../../clouds/huawei/config";
import { HuaweiSite, huaweiSites } from "../validation/huawei";
import { ConfigurationError } from "../../shared/errors";
import { DEFAULT_POLL_SCHEDULE, PollSchedule } from "../waiting/polling";
import type { ProviderConfigKey } from "./keys";

import { CONFIG_NAMESPACE } from "../../shared/configNamespace";

export { CONFIG_NAMESPACE };

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
    /** When true, `check` does not read the organization once to prove the credentials and endpoint work. */
    skipCredentialsValidation: boolean;
    /** Tags on every account of the organization, under each resource's own `tags`. */
    defaultTags?: Record<string, string>;
}

export interface ConfigReader {
    get(key: string): string | undefined;
}

const noConfig: ConfigReader = { get: () => undefined };

/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_MS = 2_147_483_647;

/** A numeric setting: its config key (under `orgaccounts:`), its environment variable, its range. */
interface NumberSetting {
    key: ProviderConfigKey;
    env: string;
    unit: "milliseconds" | "creations" | "times faster";
    min: 0 | 1;
    /** Shown in the message; undefined when unset means "the cloud's own default". */
    defaultText: string;
}

export const SETTINGS = {
    httpTimeoutMs: { key: "httpTimeoutMs", env: "ORG_ACCOUNTS_HTTP_TIMEOUT_MS", unit: "milliseconds", min: 1, defaultText: "30000" },
    awsMaxConcurrentCreations: { key: "awsMaxConcurrentCreations", env: "ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS", unit: "creations", min: 1, defaultText: "5" },
    huaweiMaxConcurrentCreations: { key: "huaweiMaxConcurrentCreations", env: "ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS", unit: "creations", min: 1, defaultText: "5" },
    pollInitialMs: { key: "pollInitialMs", env: "ORG_ACCOUNTS_POLL_INITIAL_MS", unit: "milliseconds", min: 1, defaultText: String(DEFAULT_POLL_SCHEDULE.initialMs) },
    pollMaxMs: { key: "pollMaxMs", env: "ORG_ACCOUNTS_POLL_MAX_MS", unit: "milliseconds", min: 1, defaultText: String(DEFAULT_POLL_SCHEDULE.maxMs) },
    consistencyGraceMs: { key: "consistencyGraceMs", env: "ORG_ACCOUNTS_CONSISTENCY_GRACE_MS", unit: "milliseconds", min: 0, defaultText: "30000" },
    // The benchmark's time scale: every constant of the default poll schedule divided by it.
    pollTimeScale: { key: "pollTimeScale", env: "ORG_ACCOUNTS_POLL_TIME_SCALE", unit: "times faster", min: 1, defaultText: "1" },
} as const satisfies Record<string, NumberSetting>;

export const SKIP_CREDENTIALS_VALIDATION = { key: "skipCredentialsValidation", env: "ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION" } as const;

/** A setting's text and the name of the place it came from (`orgaccounts:key` or the variable). */
interface Given {
    text: string;
    from: string;
}

export function readSettings(config: ConfigReader = noConfig, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const get = (key: ProviderConfigKey) => config.get(`${CONFIG_NAMESPACE}:${key}`) || undefined;
    const given = (setting: { key: ProviderConfigKey; env: string }): Given | undefined => {
        const fromConfig = get(setting.key);
        if (fromConfig !== undefined) return { text: fromConfig, from: `${CONFIG_NAMESPACE}:${setting.key}` };
        const fromEnv = env[setting.env];
        return fromEnv !== undefined && fromEnv.trim() !== "" ? { text: fromEnv, from: setting.env } : undefined;
    };
    const number = (setting: NumberSetting) => numberSetting(setting, given(setting));
    // Time without an answer before a request fails (and is retried if safe); both clouds' default 30 s.
    const readTimeoutMs = number(SETTINGS.httpTimeoutMs);
    const poll = {
        initialMs: number(SETTINGS.pollInitialMs) ?? DEFAULT_POLL_SCHEDULE.initialMs,
        maxMs: number(SETTINGS.pollMaxMs) ?? DEFAULT_POLL_SCHEDULE.maxMs,
        factor: DEFAULT_POLL_SCHEDULE.factor,
    };
    assertPollOrder(poll, given(SETTINGS.pollInitialMs), given(SETTINGS.pollMaxMs));
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
            roleArn: get("awsRoleArn"),
            externalId: get("awsExternalId"),
            stsEndpoint: get("awsStsEndpoint"),
            ...(readTimeoutMs ? { readTimeoutMs } : {}),
        },
        awsMaxConcurrentCreations: number(SETTINGS.awsMaxConcurrentCreations) ?? 5,
        huaweiMaxConcurrentCreations: number(SETTINGS.huaweiMaxConcurrentCreations) ?? 5,
        ...site(get("huaweiSite") ?? env.ORG_ACCOUNTS_HUAWEI_SITE),
        poll,
        pollExplicit: given(SETTINGS.pollInitialMs) !== undefined || given(SETTINGS.pollMaxMs) !== undefined,
        pollTimeScale: number(SETTINGS.pollTimeScale) ?? 1,
        consistencyGraceMs: number(SETTINGS.consistencyGraceMs),
        skipCredentialsValidation: booleanSetting(given(SKIP_CREDENTIALS_VALIDATION)) ?? false,
        ...defaultTags(get("defaultTags")),
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

function numberSetting(setting: NumberSetting, value: Given | undefined): number | undefined {
    if (value === undefined) return undefined;
    const text = value.text.trim();
    const problem = numberProblem(text, setting);
    if (!problem) return Number(text);
    const other = value.from === setting.env ? `${CONFIG_NAMESPACE}:${setting.key}` : setting.env;
    throw new ConfigurationError(
        `${value.from} is "${value.text}", which ${problem}: it must be a whole number of ${setting.unit}, ` +
            `${setting.min === 0 ? "0 or more" : "1 or more"}${setting.unit === "milliseconds" ? ` and at most ${MAX_MS}` : ""}. ` +
            `Correct it or unset it (default ${setting.defaultText}; ${other} sets it too).`,
    );
}

function numberProblem(text: string, setting: NumberSetting): string | undefined {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return "is not a number";
    const value = Number(text);
    if (!Number.isInteger(value)) return "is not a whole number";
    if (value < setting.min) return value < 0 ? "is negative" : "is 0";
    if (setting.unit === "milliseconds" && value > MAX_MS) return "is too large";
    return undefined;
}

function assertPollOrder(poll: PollSchedule, initial: Given | undefined, max: Given | undefined): void {
    if (poll.maxMs >= poll.initialMs) return;
    const initialName = initial?.from ?? `the default of ${SETTINGS.pollInitialMs.env}`;
    const maxName = max?.from ?? `the default of ${SETTINGS.pollMaxMs.env}`;
    throw new ConfigurationError(
        `${maxName} (${poll.maxMs}) is less than ${initialName} (${poll.initialMs}): polls start at the initial delay and back off up to the maximum, ` +
            `so the maximum must be at least the initial delay. Raise ${SETTINGS.pollMaxMs.env} (orgaccounts:pollMaxMs) or lower ${SETTINGS.pollInitialMs.env} (orgaccounts:pollInitialMs).`,
    );
}

/** `orgaccounts:defaultTags`: an object of tag keys to string values (structured config). */
function defaultTags(text: string | undefined): { defaultTags?: Record<string, string> } {
    if (text === undefined) return {};
    const key = `${CONFIG_NAMESPACE}:defaultTags`;
    let tags: unknown;
    try {
        tags = JSON.parse(text);
    } catch {
        throw new ConfigurationError(`${key} must be an object of tag keys to values, e.g. \`pulumi config set --path '${key}.cost-center' 1234\``);
    }
    if (tags === null || typeof tags !== "object" || Array.isArray(tags)) throw new ConfigurationError(`${key} must be an object of tag keys to values`);
    const entries = Object.entries(tags as Record<string, unknown>).map(
        ([tag, value]) => [tag, typeof value === "number" || typeof value === "boolean" ? String(value) : value] as const,
    );
    for (const [tag, value] of entries) if (typeof value !== "string") throw new ConfigurationError(`${key}.${tag} must be a string`);
    return { defaultTags: Object.fromEntries(entries) as Record<string, string> };
}

function booleanSetting(value: Given | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    const text = value.text.trim().toLowerCase();
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    throw new ConfigurationError(`${value.from} is "${value.text}", which is not a boolean: it must be true or false.`);
}
