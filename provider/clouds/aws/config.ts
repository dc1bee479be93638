// How the AWS clients are configured: explicit settings (stack config) first, then the AWS SDK's
// own sources (the credential chain: env, profiles, SSO, web identity, container, IMDS; and
// AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL_ACCOUNT for endpoints). It also says which
// setting gave the credentials and each endpoint, so that errors can name the one to fix.
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { parseEndpoint } from "../../shared/endpoint";
import { ConfigurationError } from "../../shared/errors";

export interface AwsConnectionOptions {
    /** Default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1 (where Organizations lives). */
    region?: string;
    /** One endpoint for both Organizations and Account Management (e.g. the emulator). */
    endpoint?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    sessionToken?: string;
    profile?: string;
    /**
     * A role to assume (the SDK's fromTemporaryCredentials) with the credentials above or the
     * SDK's chain, so one set of CI credentials reaches several management accounts.
     */
    roleArn?: string;
    /** The role's external id, when its trust policy asks for one. */
    externalId?: string;
    /** STS endpoint for assuming the role; default the SDK's (AWS_ENDPOINT_URL_STS, else regional). */
    stsEndpoint?: string;
    /** SDK attempts for calls that are safe to repeat (CreateAccount is never repeated by the SDK). */
    maxAttempts?: number;
    /**
     * How long a request may wait for the answer (no byte received) before it fails; default 30 s,
     * as the Huawei transport. The SDK's own default is 5 minutes per attempt.
     */
    readTimeoutMs?: number;
}

/** The stack config key of each option. */
export const AWS_CONFIG = {
    region: "orgaccounts:awsRegion",
    endpoint: "orgaccounts:awsEndpoint",
    accessKeyId: "orgaccounts:awsAccessKeyId",
    secretAccessKey: "orgaccounts:awsSecretAccessKey",
    sessionToken: "orgaccounts:awsSessionToken",
    profile: "orgaccounts:awsProfile",
    roleArn: "orgaccounts:awsRoleArn",
    externalId: "orgaccounts:awsExternalId",
    stsEndpoint: "orgaccounts:awsStsEndpoint",
} as const;

/** The session name CloudTrail shows for the provider's calls under an assumed role. */
export const ROLE_SESSION_NAME = "pulumi-org-accounts";

/** The AWS APIs the provider calls, and the SDK's variable for each one's endpoint. */
export const AWS_APIS = {
    organizations: { name: "AWS Organizations", env: "AWS_ENDPOINT_URL_ORGANIZATIONS" },
    account: { name: "AWS Account Management", env: "AWS_ENDPOINT_URL_ACCOUNT" },
} as const;
export type AwsApi = keyof typeof AWS_APIS;

/** Milliseconds without a byte from the service before a request fails (the SDK would wait 5 min). */
export const DEFAULT_AWS_READ_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

type StaticCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface AwsClientConfig {
    region: string;
    endpoint?: string;
    profile?: string;
    credentials?: StaticCredentials | AwsCredentialIdentityProvider;
    maxAttempts: number;
    retryMode: "standard";
    /** Options of the SDK's NodeHttpHandler: a service that never answers must not block forever. */
    requestHandler: { connectionTimeout: number; socketTimeout: number };
}

export function awsClientConfig(options: AwsConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
    const region = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
    assertCompleteKeyPair(options);
    assertEndpoints(options, env);
    const explicit: StaticCredentials | undefined =
        options.accessKeyId && options.secretAccessKey
            ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) }
            : undefined;
    const credentials = options.roleArn ? assumedRole(options, region, explicit) : explicit;
    return {
        region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
        ...(credentials ? { credentials } : {}),
        maxAttempts: options.maxAttempts ?? 5,
        retryMode: "standard",
        requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: options.readTimeoutMs ?? DEFAULT_AWS_READ_TIMEOUT_MS },
    };
}

/** The role's temporary credentials, refreshed by the SDK before they expire; assumed with the given keys, the profile, or the chain. */
function assumedRole(options: AwsConnectionOptions, region: string, explicit: StaticCredentials | undefined): AwsCredentialIdentityProvider {
    if (options.stsEndpoint) parseEndpoint(options.stsEndpoint, AWS_CONFIG.stsEndpoint);
    return fromTemporaryCredentials({
        params: { RoleArn: options.roleArn!, RoleSessionName: ROLE_SESSION_NAME, ...(options.externalId ? { ExternalId: options.externalId } : {}) },
        masterCredentials: explicit ?? (options.profile ? fromIni({ profile: options.profile }) : undefined),
        clientConfig: { region, ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}) },
    });
}

/** Half a key pair in the stack config would silently fall back to the SDK's chain: refuse it. */
function assertCompleteKeyPair(options: AwsConnectionOptions): void {
    const id = Boolean(options.accessKeyId);
    const secret = Boolean(options.secretAccessKey);
    if (id !== secret) {
        const [given, missing] = id ? [AWS_CONFIG.accessKeyId, AWS_CONFIG.secretAccessKey] : [AWS_CONFIG.secretAccessKey, AWS_CONFIG.accessKeyId];
        throw new ConfigurationError(`${given} is set but ${missing} is not: set both (as secrets), or neither to use the AWS SDK's credential chain.`);
    }
    if (options.sessionToken && !id) {
        throw new ConfigurationError(
            `${AWS_CONFIG.sessionToken} is set without ${AWS_CONFIG.accessKeyId} and ${AWS_CONFIG.secretAccessKey}: a session token belongs to temporary credentials; set all three (as secrets).`,
        );
    }
}

/** The endpoints the SDK would use must be URLs (the SDK reads the variables itself, and fails obscurely). */
function assertEndpoints(options: AwsConnectionOptions, env: NodeJS.ProcessEnv): void {
    if (options.endpoint) {
        parseEndpoint(options.endpoint, AWS_CONFIG.endpoint);
        return;
    }
    for (const name of [AWS_APIS.organizations.env, AWS_APIS.account.env, "AWS_ENDPOINT_URL"]) {
        const value = env[name];
        if (value !== undefined && value.trim() !== "") parseEndpoint(value.trim(), name);
    }
}

/** Where the credentials come from, in the SDK's order: "the access key from AWS_ACCESS_KEY_ID ...". */
export function describeAwsCredentials(options: AwsConnectionOptions, env: NodeJS.ProcessEnv = process.env): string {
    if (options.roleArn) return `role ${options.roleArn} (from ${AWS_CONFIG.roleArn}), assumed with ${describeAwsCredentials({ ...options, roleArn: undefined }, env)}`;
    if (options.accessKeyId && options.secretAccessKey) {
        return `the access key from ${AWS_CONFIG.accessKeyId} and the secret key from ${AWS_CONFIG.secretAccessKey}${options.sessionToken ? `, the session token from ${AWS_CONFIG.sessionToken}` : ""}`;
    }
    const profile = profileSource(options, env);
    // With a profile named, the SDK skips the environment's keys.
    if (profile) return `profile "${profile.name}" (from ${profile.from})`;
    if (env.AWS_ACCESS_KEY_ID) {
        return `the access key from AWS_ACCESS_KEY_ID and the secret key from AWS_SECRET_ACCESS_KEY${env.AWS_SESSION_TOKEN ? ", the session token from AWS_SESSION_TOKEN" : ""}`;
    }
    return "the AWS SDK's default credential chain (shared config and credentials files, SSO, web identity, container or instance credentials)";
}

/** The message for the SDK's "Could not load credentials from any providers". */
export function awsCredentialsNotFound(operation: string, options: AwsConnectionOptions, env: NodeJS.ProcessEnv = process.env): string {
    const profile = profileSource(options, env);
    if (profile) {
        return (
            `${operation}: the AWS credentials of profile "${profile.name}" (from ${profile.from}) could not be loaded: ` +
            `check that the shared config or credentials file (~/.aws/config, ~/.aws/credentials; AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) defines that profile with credentials, ` +
            `and for an SSO profile run \`aws sso login --profile ${profile.name}\`. Or unset it and give keys: ` +
            `the stack config ${AWS_CONFIG.accessKeyId} and ${AWS_CONFIG.secretAccessKey} (as secrets), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`
        );
    }
    return (
        `${operation}: no AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), ` +
        `or a profile with AWS_PROFILE or ${AWS_CONFIG.profile}, or the stack config ${AWS_CONFIG.accessKeyId} and ${AWS_CONFIG.secretAccessKey} (as secrets). ` +
        `The AWS SDK's credential chain (environment, shared config and credentials files, SSO, web identity, container and instance credentials) found none.`
    );
}

/** "the AWS Organizations endpoint http://… (set by orgaccounts:awsEndpoint)", for errors about reaching it. */
export function describeAwsEndpoint(api: AwsApi, options: AwsConnectionOptions, env: NodeJS.ProcessEnv = process.env): string {
    const { name, env: variable } = AWS_APIS[api];
    if (options.endpoint) return `the ${name} endpoint ${options.endpoint} (set by ${AWS_CONFIG.endpoint})`;
    for (const from of [variable, "AWS_ENDPOINT_URL"]) {
        const value = env[from]?.trim();
        if (value) return `the ${name} endpoint ${value} (set by ${from})`;
    }
    const region = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
    return `the ${name} endpoint for region ${region} (the AWS default; ${AWS_CONFIG.endpoint} or ${variable} sets another)`;
}

function profileSource(options: AwsConnectionOptions, env: NodeJS.ProcessEnv): { name: string; from: string } | undefined {
    if (options.profile) return { name: options.profile, from: AWS_CONFIG.profile };
    if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, from: "AWS_PROFILE" };
    return undefined;
}
