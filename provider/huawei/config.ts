// Where the Huawei client's credentials and endpoint come from: explicit options first, then the
// environment variables of the Huawei Cloud ecosystem (Terraform provider, then the official SDKs).
import { ConfigurationError } from "../errors";
import type { AkSkCredentials } from "./signer";

export const DEFAULT_ORGANIZATIONS_ENDPOINT = "https://organizations.myhuaweicloud.com";

export const HUAWEI_ENV = {
    accessKey: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
    secretKey: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
    securityToken: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    domainId: ["HW_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"],
    endpoint: ["HW_ORGANIZATIONS_ENDPOINT", "HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4"],
} as const;

export interface HuaweiConnectionOptions {
    accessKey?: string;
    secretKey?: string;
    securityToken?: string;
    /** Sent as X-Domain-Id when given. */
    domainId?: string;
    endpoint?: string;
}

export interface HuaweiConnection {
    credentials: AkSkCredentials;
    domainId?: string;
    endpoint: URL;
}

function fromEnv(names: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
    for (const name of names) {
        const value = env[name]?.trim();
        if (value) return value;
    }
    return undefined;
}

export function resolveHuaweiConnection(options: HuaweiConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): HuaweiConnection {
    const accessKey = options.accessKey || fromEnv(HUAWEI_ENV.accessKey, env);
    const secretKey = options.secretKey || fromEnv(HUAWEI_ENV.secretKey, env);
    if (!accessKey || !secretKey) {
        const missing = [!accessKey && "access key", !secretKey && "secret key"].filter(Boolean).join(" and ");
        throw new ConfigurationError(
            `Huawei Cloud credentials are missing (${missing}): set HW_ACCESS_KEY and HW_SECRET_KEY ` +
                `(plus HW_SECURITY_TOKEN for temporary credentials), or the stack config ` +
                `orgaccounts:huaweiAccessKey / orgaccounts:huaweiSecretKey (as secrets).`,
        );
    }
    const securityToken = options.securityToken || fromEnv(HUAWEI_ENV.securityToken, env);
    // The SDK's override variable may list several endpoints separated by commas: use the first.
    const endpointText = (options.endpoint || fromEnv(HUAWEI_ENV.endpoint, env) || DEFAULT_ORGANIZATIONS_ENDPOINT).split(",")[0].trim();
    let endpoint: URL;
    try {
        endpoint = new URL(endpointText);
    } catch {
        throw new ConfigurationError(`The Huawei Organizations endpoint "${endpointText}" is not a URL (HW_ORGANIZATIONS_ENDPOINT).`);
    }
    return {
        credentials: { accessKey, secretKey, ...(securityToken ? { securityToken } : {}) },
        domainId: options.domainId || fromEnv(HUAWEI_ENV.domainId, env),
        endpoint,
    };
}
