// How the AWS clients are configured: explicit settings (stack config) first, then the AWS SDK's
// own sources (the credential chain: env, profiles, SSO, web identity, container, IMDS; and
// AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL_ACCOUNT for endpoints).

export interface AwsConnectionOptions {
    /** Default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1 (where Organizations lives). */
    region?: string;
    /** One endpoint for both Organizations and Account Management (e.g. the emulator). */
    endpoint?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    sessionToken?: string;
    profile?: string;
    /** SDK attempts for calls that are safe to repeat (CreateAccount is never repeated by the SDK). */
    maxAttempts?: number;
    /**
     * How long a request may wait for the answer (no byte received) before it fails; default 30 s,
     * as the Huawei transport. The SDK's own default is 5 minutes per attempt.
     */
    readTimeoutMs?: number;
}

/** Milliseconds without a byte from the service before a request fails (the SDK would wait 5 min). */
export const DEFAULT_AWS_READ_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface AwsClientConfig {
    region: string;
    endpoint?: string;
    profile?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    maxAttempts: number;
    retryMode: "standard";
    /** Options of the SDK's NodeHttpHandler: a service that never answers must not block forever. */
    requestHandler: { connectionTimeout: number; socketTimeout: number };
}

export function awsClientConfig(options: AwsConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
    const region = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
    const explicit = options.accessKeyId && options.secretAccessKey;
    return {
        region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
        ...(explicit
            ? {
                  credentials: {
                      accessKeyId: options.accessKeyId!,
                      secretAccessKey: options.secretAccessKey!,
                      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
                  },
              }
            : {}),
        maxAttempts: options.maxAttempts ?? 5,
        retryMode: "standard",
        requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: options.readTimeoutMs ?? DEFAULT_AWS_READ_TIMEOUT_MS },
    };
}
