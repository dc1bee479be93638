// Named organizations: several organizations per cloud in one stack, declared in the stack config
// under `orgaccounts:organizations`, each with its own credentials, endpoint, region or site,
// queue width and poll settings. A resource picks one with its `organization` input; without it,
// the unnamed default (the top-level `orgaccounts:*` settings and the environment) applies.
// Read in the plugin host only, like every setting; never serialized.
import { z } from "zod";
import { CLOUD_NAMES, type CloudName } from "../../shared/cloudNames";
import { ConfigurationError } from "../../shared/errors";
import { ORGANIZATION_NAME_RULE, organizationNameSchema } from "../validation/inputs";
import { CONFIG_NAMESPACE, ConfigReader, ProviderSettings, readSettings } from "./settings";

export const ORGANIZATIONS_KEY = `${CONFIG_NAMESPACE}:organizations`;

const text = z.string({ error: "must be a string" });
const wholeNumber = z.union([z.number({ error: "must be a number" }).int("must be a whole number"), text]).transform(String);
const flag = z.union([z.boolean({ error: "must be true or false" }), text]).transform(String);

// The settings an organization may set, and the top-level setting each one stands for.
const COMMON = {
    pollInitialMs: "pollInitialMs",
    pollMaxMs: "pollMaxMs",
    httpTimeoutMs: "httpTimeoutMs",
    consistencyGraceMs: "consistencyGraceMs",
    skipCredentialsValidation: "skipCredentialsValidation",
    defaultTags: "defaultTags",
} as const;
const HUAWEI = {
    accessKey: "huaweiAccessKey",
    secretKey: "huaweiSecretKey",
    securityToken: "huaweiSecurityToken",
    domainId: "huaweiDomainId",
    endpoint: "huaweiEndpoint",
    site: "huaweiSite",
    maxConcurrentCreations: "huaweiMaxConcurrentCreations",
    ...COMMON,
} as const;
const AWS = {
    region: "awsRegion",
    endpoint: "awsEndpoint",
    accessKeyId: "awsAccessKeyId",
    secretAccessKey: "awsSecretAccessKey",
    sessionToken: "awsSessionToken",
    profile: "awsProfile",
    roleArn: "awsRoleArn",
    externalId: "awsExternalId",
    stsEndpoint: "awsStsEndpoint",
    maxConcurrentCreations: "awsMaxConcurrentCreations",
    ...COMMON,
} as const;

const NUMERIC = new Set(["maxConcurrentCreations", "pollInitialMs", "pollMaxMs", "httpTimeoutMs", "consistencyGraceMs"]);

const tags = z.record(z.string(), z.union([text, z.number(), z.boolean()]), { error: "must be an object of tag keys to values" }).transform((value) => JSON.stringify(value));

function fieldsOf(names: Record<string, string>) {
    const schemaOf = (key: string) => (NUMERIC.has(key) ? wholeNumber : key === "skipCredentialsValidation" ? flag : key === "defaultTags" ? tags : text);
    return Object.fromEntries(Object.keys(names).map((key) => [key, schemaOf(key).optional()]));
}

const OrganizationSchema = z.discriminatedUnion(
    "cloud",
    [z.object({ cloud: z.literal("huawei"), ...fieldsOf(HUAWEI) }).strict(), z.object({ cloud: z.literal("aws"), ...fieldsOf(AWS) }).strict()],
    { error: `needs "cloud": ${CLOUD_NAMES.map((name) => `"${name}"`).join(" or ")}` },
);

export interface NamedOrganization {
    name: string;
    cloud: CloudName;
    settings: ProviderSettings;
}

/** Every declared organization by name; empty when `orgaccounts:organizations` is not set. */
export function readOrganizations(config: ConfigReader): Map<string, NamedOrganization> {
    const raw = config.get(ORGANIZATIONS_KEY);
    const found = new Map<string, NamedOrganization>();
    if (raw === undefined || raw.trim() === "") return found;
    let declared: unknown;
    try {
        declared = JSON.parse(raw);
    } catch {
        throw new ConfigurationError(
            `${ORGANIZATIONS_KEY} must be an object of organizations by name (set it with \`pulumi config set --path '${ORGANIZATIONS_KEY}.<name>.cloud' aws\`)`,
        );
    }
    if (declared === null || typeof declared !== "object" || Array.isArray(declared)) {
        throw new ConfigurationError(`${ORGANIZATIONS_KEY} must be an object of organizations by name, not ${Array.isArray(declared) ? "a list" : typeof declared}`);
    }
    for (const [name, entry] of Object.entries(declared)) {
        const path = `${ORGANIZATIONS_KEY}.${name}`;
        if (!organizationNameSchema.safeParse(name).success) throw new ConfigurationError(`${path}: an organization name is ${ORGANIZATION_NAME_RULE}`);
        const parsed = OrganizationSchema.safeParse(entry);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const where = issue.code === "unrecognized_keys" ? `${path}.${issue.keys[0]}` : issue.path.length ? `${path}.${issue.path.join(".")}` : path;
            const known = Object.keys(cloudFields((entry as { cloud?: string })?.cloud)).join(", ");
            const why = issue.code === "unrecognized_keys" ? `is not a setting of an organization${known ? ` (known: cloud, ${known})` : ""}` : issue.message;
            throw new ConfigurationError(`${where} ${why}`);
        }
        const { cloud, ...values } = parsed.data;
        found.set(name, { name, cloud, settings: settingsOf(path, cloudFields(cloud), values) });
    }
    return found;
}

function cloudFields(cloud: string | undefined): Record<string, string> {
    return cloud === "huawei" ? HUAWEI : cloud === "aws" ? AWS : {};
}

/**
 * The organization's own settings, read by the same rules as the top-level ones. The environment
 * is not consulted: a variable set for the default organization must not reach another one (the
 * AWS SDK's credential chain still applies when an AWS organization names no keys or profile).
 */
function settingsOf(path: string, fields: Record<string, string>, values: Record<string, string | undefined>): ProviderSettings {
    const byTopLevelKey = new Map<string, string>();
    for (const [field, value] of Object.entries(values)) if (value !== undefined) byTopLevelKey.set(`${CONFIG_NAMESPACE}:${fields[field]}`, value);
    try {
        return readSettings({ get: (key) => byTopLevelKey.get(key) }, {});
    } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        // Name the organization's own setting, not the top-level one it stands for.
        let message = error.message;
        for (const [field, topLevel] of Object.entries(fields)) message = message.split(`${CONFIG_NAMESPACE}:${topLevel}`).join(`${path}.${field}`);
        throw new ConfigurationError(message, { cause: error });
    }
}
