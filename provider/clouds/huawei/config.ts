// Where the Huawei client's credentials and endpoint come from: explicit options (the stack
// config) first, then the environment variables of the Huawei Cloud ecosystem (Terraform
// provider, then the official SDKs). The connection remembers which setting gave each value, so
// that an error can name the one to fix.
import { ConfigurationError } from "../../shared/errors";
import { parseEndpoint } from "../../shared/endpoint";
import type { AkSkCredentials } from "./signer";

export const DEFAULT_ORGANIZATIONS_ENDPOINT = "https://organizations.myhuaweicloud.com";

export const HUAWEI_ENV = {
    accessKey: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
    secretKey: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
    securityToken: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    domainId: ["HW_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"],
    endpoint: ["HW_ORGANIZATIONS_ENDPOINT", "HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4"],
} as const;

/** The stack config key of each option. */
export const HUAWEI_CONFIG = {
    accessKey: "orgaccounts:huaweiAccessKey",
    secretKey: "orgaccounts:huaweiSecretKey",
    securityToken: "orgaccounts:huaweiSecurityToken",
    domainId: "orgaccounts:huaweiDomainId",
    endpoint: "orgaccounts:huaweiEndpoint",
} as const;

export interface HuaweiConnectionOptions {
    accessKey?: string;
    secretKey?: string;
    securityToken?: string;
    /** Sent as X-Domain-Id when given. */
    domainId?: string;
    endpoint?: string;
}

/** Which setting gave each value (a config key or a variable name); never the values. */
export interface HuaweiConnectionSources {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    /** Undefined: the default endpoint. */
    endpoint?: string;
}

export interface HuaweiConnection {
    credentials: AkSkCredentials;
    domainId?: string;
    endpoint: URL;
    sources: HuaweiConnectionSources;
}

type Option = keyof typeof HUAWEI_ENV;

function pick(option: Option, options: HuaweiConnectionOptions, env: NodeJS.ProcessEnv): { value: string; from: string } | undefined {
    const given = options[option];
    if (given) return { value: given, from: HUAWEI_CONFIG[option] };
    for (const name of HUAWEI_ENV[option]) {
        const value = env[name]?.trim();
        if (value) return { value, from: name };
    }
    return undefined;
}

export function resolveHuaweiConnection(options: HuaweiConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): HuaweiConnection {
    const accessKey = pick("accessKey", options, env);
    const secretKey = pick("secretKey", options, env);
    if (!accessKey || !secretKey) {
        const missing = [!accessKey && "access key", !secretKey && "secret key"].filter(Boolean).join(" and ");
        throw new ConfigurationError(
            `Huawei Cloud credentials are missing (${missing}): set HW_ACCESS_KEY and HW_SECRET_KEY ` +
                `(plus HW_SECURITY_TOKEN for temporary credentials), or the stack config ` +
                `${HUAWEI_CONFIG.accessKey} / ${HUAWEI_CONFIG.secretKey} (as secrets).`,
        );
    }
    const securityToken = pick("securityToken", options, env);
    const endpoint = pick("endpoint", options, env);
    // The SDK's override variable may list several endpoints separated by commas: use the first.
    const endpointText = endpoint ? endpoint.value.split(",")[0].trim() : DEFAULT_ORGANIZATIONS_ENDPOINT;
    return {
        credentials: { accessKey: accessKey.value, secretKey: secretKey.value, ...(securityToken ? { securityToken: securityToken.value } : {}) },
        domainId: pick("domainId", options, env)?.value,
        endpoint: parseEndpoint(endpointText, endpoint?.from ?? "The default endpoint"),
        sources: {
            accessKey: accessKey.from,
            secretKey: secretKey.from,
            ...(securityToken ? { securityToken: securityToken.from } : {}),
            ...(endpoint ? { endpoint: endpoint.from } : {}),
        },
    };
}

/** "the endpoint https://… (from HW_ORGANIZATIONS_ENDPOINT)", for errors about reaching it. */
export function describeHuaweiEndpoint(connection: Pick<HuaweiConnection, "endpoint" | "sources">): string {
    const where = connection.sources.endpoint ? `set by ${connection.sources.endpoint}` : `the default; ${HUAWEI_CONFIG.endpoint} or ${HUAWEI_ENV.endpoint[0]} sets another`;
    return `the Huawei Organizations endpoint ${connection.endpoint.href.replace(/\/$/, "")} (${where})`;
}
