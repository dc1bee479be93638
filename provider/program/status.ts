// The status functions a program calls: the request types, and the functions, whose
// implementation (settings, the cloud backends) is loaded on first call, so that a program that
// never asks for a status loads neither zod nor a cloud SDK.
import * as pulumi from "@pulumi/pulumi";
import type { CreationState, CreationStatus } from "../clouds/backend";
import type { ConfigReader } from "../host/config/settings";
import type { CloudName } from "../shared/cloudNames";
import { CONFIG_NAMESPACE } from "../shared/configNamespace";
import { OrgAccountsError } from "../shared/errors";

/**
 * One create-account request as the service tracks it, the same for both clouds: its `id` (the
 * resource id of the account this provider created with it), `state`, `accountName`, `accountId`
 * once it succeeded, `requestedAt` and `completedAt` (ISO 8601), and for a failed one
 * `failureReason` (the service's code) and `failureMessage` (what it means and what to do).
 */
export interface CreateAccountStatusInfo extends CreationStatus {
    /** The organization's cloud: `huawei` or `aws`. */
    cloud: CloudName;
}

export interface ListCreateAccountStatusesArgs {
    /** The organization's cloud: `huawei` or `aws`. */
    cloud: CloudName;
    /** A name declared in `orgaccounts:organizations`; default the default organization. */
    organization?: string;
    /** Default: every state. */
    states?: CreationState[];
    /** Only requests made at or after this time: a Date, an ISO 8601 time, or an age such as "7d", "24h", "30m". */
    since?: Date | string;
}

export interface GetCreateAccountStatusArgs {
    /** The organization's cloud: `huawei` or `aws`. */
    cloud: CloudName;
    /** A name declared in `orgaccounts:organizations`; default the default organization. */
    organization?: string;
    /** The create-account request id (AWS `car-...`, Huawei `h-...`): an account resource's id. */
    id: string;
}

/**
 * Where settings come from: default the stack's `orgaccounts:*` config (inside a Pulumi program)
 * and process.env. `env` replaces process.env for this package's own variables (`HW_*`,
 * `ORG_ACCOUNTS_*`...); the AWS SDK's credential chain always reads the process's environment.
 */
export interface SettingsSource {
    config?: ConfigReader;
    env?: NodeJS.ProcessEnv;
}

/** The create-account requests of the organization, newest first (every page read). */
export async function listCreateAccountStatuses(args: ListCreateAccountStatusesArgs, source: SettingsSource = {}): Promise<CreateAccountStatusInfo[]> {
    return (await queries()).listStatuses(args, withStackConfig(source)).catch(reported);
}

/** One create-account request by id; an error when the service does not know it (records expire). */
export async function getCreateAccountStatus(args: GetCreateAccountStatusArgs, source: SettingsSource = {}): Promise<CreateAccountStatusInfo> {
    return (await queries()).getStatus(args, withStackConfig(source)).catch(reported);
}

/** Default: the stack's `orgaccounts:*` config inside a Pulumi program (nothing outside one). */
function withStackConfig(source: SettingsSource): SettingsSource {
    // runtime.getConfig reads secrets without the warning Config.get gives: they stay in this process.
    return { ...source, config: source.config ?? { get: (key) => (key.startsWith(`${CONFIG_NAMESPACE}:`) ? pulumi.runtime.getConfig(key) : undefined) } };
}

function queries(): Promise<typeof import("../host/statusQueries")> {
    return import("../host/statusQueries");
}

/**
 * A user-facing error as a program reports one: a `pulumi.RunError`, whose message the program
 * runner prints alone (any other error it prints with its stack, in colour), the original error
 * as its cause. Unexpected errors keep their stack.
 */
function reported(error: unknown): never {
    throw error instanceof OrgAccountsError ? new pulumi.RunError(error.message, { cause: error }) : error;
}
