// Every provider setting's config key (under `orgaccounts:`), its type and whether it is a credential.
// readSettings reads only keys declared here (its key parameter has this type), and the Pulumi
// package schema's config variables and provider inputs are generated from this table, each with
// the doc comment below as its description.

export interface ConfigKeySpec {
    /** How the value is written in the stack config: text, a whole number, true/false, or an object of tag keys to values. */
    type: "string" | "integer" | "boolean" | "tags";
    /** A credential: set it with `pulumi config set --secret`; never shown. */
    secret?: true;
}

/**
 * The settings of the orgaccounts provider: credentials, endpoints, queues and the poll schedule
 * of one Huawei Cloud organization and one AWS organization. The default provider reads them from
 * the stack config under `orgaccounts:` and, when a key is unset, from the environment; an explicit
 * provider instance takes them as its inputs.
 */
export const PROVIDER_CONFIG_KEYS = {
    /** The Huawei Cloud access key (AK). Set it as a secret; unset: `HW_ACCESS_KEY` or `HUAWEICLOUD_SDK_AK`. */
    huaweiAccessKey: { type: "string", secret: true },
    /** The Huawei Cloud secret key (SK). Set it as a secret; unset: `HW_SECRET_KEY` or `HUAWEICLOUD_SDK_SK`. */
    huaweiSecretKey: { type: "string", secret: true },
    /** The security token of temporary Huawei Cloud credentials. Set it as a secret; unset: `HW_SECURITY_TOKEN` or `HUAWEICLOUD_SDK_SECURITY_TOKEN`. */
    huaweiSecurityToken: { type: "string", secret: true },
    /** The Huawei Cloud account (domain) id, sent as `X-Domain-Id` when given; unset: `HW_DOMAIN_ID` or `HUAWEICLOUD_SDK_DOMAIN_ID`. */
    huaweiDomainId: { type: "string" },
    /**
     * The Huawei Cloud Organizations endpoint, an `http://` or `https://` URL; unset:
     * `HW_ORGANIZATIONS_ENDPOINT`, else `https://organizations.myhuaweicloud.com` (use
     * `https://organizations.myhuaweicloud.eu` for the European site).
     */
    huaweiEndpoint: { type: "string" },
    /**
     * The Huawei Cloud site of the organization, `international` or `china`: `check` then requires
     * the contact that site needs (`email` or `phone`). Unset: `ORG_ACCOUNTS_HUAWEI_SITE`, else unknown.
     */
    huaweiSite: { type: "string" },
    /** The AWS region of the Organizations API; unset: `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
    awsRegion: { type: "string" },
    /**
     * One endpoint for both AWS Organizations and AWS Account Management (e.g. a local emulator), an
     * `http://` or `https://` URL; unset: the SDK's `AWS_ENDPOINT_URL_ORGANIZATIONS` /
     * `AWS_ENDPOINT_URL_ACCOUNT` / `AWS_ENDPOINT_URL`, else the region's.
     */
    awsEndpoint: { type: "string" },
    /** The AWS access key id. Set it as a secret, with `awsSecretAccessKey`; unset: the AWS SDK's default credential chain. */
    awsAccessKeyId: { type: "string", secret: true },
    /** The AWS secret access key. Set it as a secret, with `awsAccessKeyId`; unset: the AWS SDK's default credential chain. */
    awsSecretAccessKey: { type: "string", secret: true },
    /** The session token of temporary AWS credentials, with `awsAccessKeyId` and `awsSecretAccessKey`. Set it as a secret. */
    awsSessionToken: { type: "string", secret: true },
    /** The AWS shared-config profile to take credentials from; unset: `AWS_PROFILE`, else the SDK's default chain. */
    awsProfile: { type: "string" },
    /**
     * An IAM role to assume with the credentials above (or the SDK's chain), so one set of
     * credentials reaches the organization's management account.
     */
    awsRoleArn: { type: "string" },
    /** The external id of `awsRoleArn`, when its trust policy asks for one. */
    awsExternalId: { type: "string" },
    /** The STS endpoint used to assume `awsRoleArn`; unset: the SDK's (`AWS_ENDPOINT_URL_STS`, else regional). */
    awsStsEndpoint: { type: "string" },
    /**
     * How long a request may wait for an answer before it fails (and is retried when that is
     * safe): whole milliseconds, 1 - 2147483647. Unset: `ORG_ACCOUNTS_HTTP_TIMEOUT_MS`, else 30000.
     */
    httpTimeoutMs: { type: "integer" },
    /**
     * AWS account creations in progress at once in the organization (AWS allows 5); the provider
     * queues the others. Unset: `ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS`, else 5.
     */
    awsMaxConcurrentCreations: { type: "integer" },
    /**
     * Huawei Cloud account creations in progress at once in the organization (Huawei allows 5); the
     * provider queues the others. Unset: `ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS`, else 5.
     */
    huaweiMaxConcurrentCreations: { type: "integer" },
    /**
     * Replaces the history-informed poll schedule of a creation with a fixed back-off: the first
     * delay in whole milliseconds, growing x1.6 up to `pollMaxMs`. Unset: `ORG_ACCOUNTS_POLL_INITIAL_MS`,
     * else the schedule learned from the organization's history.
     */
    pollInitialMs: { type: "integer" },
    /** The longest delay of the fixed back-off (see `pollInitialMs`), whole milliseconds, at least `pollInitialMs`. Unset: `ORG_ACCOUNTS_POLL_MAX_MS`. */
    pollMaxMs: { type: "integer" },
    /** Divides the constants of the history-informed poll schedule, for runs faster than real time (a benchmark). Unset: `ORG_ACCOUNTS_POLL_TIME_SCALE`, else 1. */
    pollTimeScale: { type: "integer" },
    /**
     * How long a "not found" is disbelieved right after a submission or a success (the clouds'
     * eventual consistency), whole milliseconds, 0 or more. Unset: `ORG_ACCOUNTS_CONSISTENCY_GRACE_MS`, else 30000.
     */
    consistencyGraceMs: { type: "integer" },
    /**
     * When true, `check` does not read the organization once to prove that the credentials and the
     * endpoint work (as pulumi-aws's `skipCredentialsValidation`). Unset: `ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION`, else false.
     */
    skipCredentialsValidation: { type: "boolean" },
    /**
     * Tags on every account of the organization, under each resource's own `tags` (a resource's
     * tag wins): an object of tag keys to string values.
     */
    defaultTags: { type: "tags" },
} as const satisfies Record<string, ConfigKeySpec>;

export type ProviderConfigKey = keyof typeof PROVIDER_CONFIG_KEYS;
