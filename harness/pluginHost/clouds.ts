// What differs between the clouds in the engine-path scenarios: the resource class, its emulator,
// how the provider is pointed at it, operation and output names. The scenarios themselves are
// written once, against this adapter.
import type { CloudName } from "../../provider/shared/cloudNames";
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorCredentials } from "../../emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator, type HuaweiEmulatorCredentials } from "../../emulator/huawei/server";
import type { FaultInjector } from "../../emulator/core/faults";
import type { RequestLog } from "../../emulator/core/requestLog";
import type { HuaweiRules } from "../../emulator/huawei/model";
import { pkg } from "./world";

export interface EmulatedAccount {
    id: string;
    name: string;
    email?: string;
    /** Lower-cased lifecycle state: active, pending_closure, suspended... */
    state: string;
    parentId: string;
    tags: Record<string, string>;
}

/** A create-account request as the emulated service keeps it. */
export interface EmulatedRequest {
    id: string;
    name: string;
    state: "in_progress" | "succeeded" | "failed";
}

export interface Emulator {
    url: string;
    rootId: string;
    defaultOuId: string;
    faults: FaultInjector;
    requests: RequestLog;
    close(): Promise<void>;
}

export interface Cloud<E extends Emulator = Emulator> {
    name: CloudName;
    typeToken: string;
    Resource: new (name: string, args: Record<string, unknown>, opts?: object) => unknown;
    /** `credentials`: what the emulator accepts (the cloud's own shape); default its test values. */
    startEmulator(options: {
        creationDelayMs?: number;
        closeDelayMs?: number;
        credentials?: HuaweiEmulatorCredentials | AwsEmulatorCredentials;
        closeAcceptDelayMs?: number;
        /** Huawei only: the emulated service's rules (see HuaweiRules). */
        rules?: Partial<HuaweiRules>;
        [more: string]: unknown;
    }): Promise<E>;
    /** Environment variables that point the plugin host at the emulator. */
    env(emulator: E): Record<string, string>;
    /** The same, as stack config (credentials as secrets). */
    config(emulator: E): Record<string, string>;
    secrets(emulator: E): string[];
    /** Required inputs besides `name`, unique per account. */
    baseArgs(name: string): Record<string, unknown>;
    /** `credentialsCheck`: the one read `check` makes per plugin host to prove the credentials and endpoint. */
    op: { status: string; remove: string; rename?: string; credentialsCheck: string };
    /** An input change that needs a new account, and the inputs the diff names for it. */
    replacement: { args: Record<string, unknown>; inputs: string[] };
    writeOperations: string[];
    /** The output that carries the account's lifecycle state, and its value when active. */
    stateOutput: { key: string; active: string };
    idPattern: RegExp;
    accountIdPattern: RegExp;
    /** A well-formed organizational unit id that names no OU. */
    missingOuId: string;
    accounts(emulator: E): EmulatedAccount[];
    /** Every create-account request the service processed (expired records excepted). */
    requests(emulator: E): EmulatedRequest[];
    /** Creations submitted from now on take this long. */
    setCreationDelay(emulator: E, ms: number): void;
    /** Finishes a creation still in progress now. */
    finishCreation(emulator: E, requestId: string): void;
    addAccount(emulator: E, input: { name: string; tags: Record<string, string> }): string;
    setClosing(emulator: E, accountId: string): void;
    /** What the cloud needs before it lets a member leave (AWS: its waiting period over, standalone). */
    makeRemovable(emulator: E, accountId: string): void;
    expireStatus(emulator: E, statusId: string): void;
    scriptFailure(emulator: E, name: string): { expected: string[] };
    /**
     * Changes made outside Pulumi: a tag added and a move to the emulator's OU, made in the
     * emulator's own state (not with the client under test, whose bugs would then cancel out).
     */
    drift(emulator: E, accountId: string): void;
}

/**
 * The tag a drift adds. Its value has a space and a `+`, both allowed by either cloud, so that a
 * client that encodes tag values on write and decodes them on read cannot read it back unchanged.
 */
export const DRIFT_TAG = { intruder: "set by hand+1" };

/** The cloud's write operations an emulator received, from its request number `from` on (every read left out). */
export const writesSince = (cloud: Pick<Cloud, "writeOperations">, emulator: Emulator, from = 0): string[] =>
    emulator.requests
        .all()
        .slice(from)
        .map((r) => r.operation)
        .filter((op) => cloud.writeOperations.includes(op));

const tagRecord = (tags: ({ key: string; value: string } | { Key: string; Value: string })[]): Record<string, string> =>
    Object.fromEntries(tags.map((t) => ("key" in t ? [t.key, t.value] : [t.Key, t.Value])));

/**
 * A resource class taken with untyped args: the tests hand it whatever a program could (bad inputs
 * included), which its declared args type would refuse at compile time.
 */
const withUntypedArgs = (resourceClass: new (name: string, args: never, opts?: object) => unknown) => resourceClass as Cloud["Resource"];

export const huawei: Cloud<HuaweiEmulator> = {
    name: "huawei",
    typeToken: "pulumi-nodejs:dynamic/orgaccounts:HuaweiAccount",
    Resource: withUntypedArgs(pkg.HuaweiAccount),
    startEmulator: (options) => startHuaweiEmulator({ ...options, credentials: options.credentials as HuaweiEmulatorCredentials | undefined }),
    env: (e) => ({
        HW_ORGANIZATIONS_ENDPOINT: e.url,
        HW_ACCESS_KEY: e.credentials.accessKey,
        HW_SECRET_KEY: e.credentials.secretKey,
        ...(e.credentials.securityToken ? { HW_SECURITY_TOKEN: e.credentials.securityToken } : {}),
    }),
    config: (e) => ({
        "orgaccounts:huaweiEndpoint": e.url,
        "orgaccounts:huaweiAccessKey": e.credentials.accessKey,
        "orgaccounts:huaweiSecretKey": e.credentials.secretKey,
        ...(e.credentials.securityToken ? { "orgaccounts:huaweiSecurityToken": e.credentials.securityToken } : {}),
    }),
    secrets: (e) => [e.credentials.accessKey, e.credentials.secretKey, ...(e.credentials.securityToken ? [e.credentials.securityToken] : [])],
    baseArgs: (name) => ({ email: `${name}@example.com` }),
    op: { status: "ShowCreateAccountStatus", remove: "RemoveAccount", credentialsCheck: "ShowOrganization" },
    // A new account needs a new email too: Huawei never reuses one (reference, "What the real service refuses").
    replacement: { args: { name: "acct-renamed", email: "acct-renamed@example.com" }, inputs: ["name", "email"] },
    writeOperations: ["CreateAccount", "UpdateAccount", "MoveAccount", "CloseAccount", "RemoveAccount", "TagResource", "UntagResource"],
    stateOutput: { key: "status", active: "active" },
    idPattern: /^h-[0-9a-z]{32}$/,
    missingOuId: "ou-doesnotexist",
    accountIdPattern: /^[0-9a-f]{32}$/,
    accounts: (e) => e.state.accounts().map((a) => ({ id: a.id, name: a.name, email: a.email, state: a.status, parentId: a.parentId, tags: tagRecord(a.tags) })),
    requests: (e) => e.state.createAccountStatuses().map((s) => ({ id: s.id, name: s.account_name, state: s.state })),
    setCreationDelay: (e, ms) => e.state.setDelays({ creationDelayMs: ms }),
    finishCreation: (e, id) => e.state.finishCreation(id),
    addAccount: (e, input) => e.state.addAccount({ ...input, email: `${input.name}@example.com` }),
    setClosing: (e, id) => e.state.setAccountState(id, "pending_closure"),
    makeRemovable: () => undefined,
    expireStatus: (e, id) => e.state.expireCreateAccountStatus(id),
    scriptFailure: (e, name) => {
        e.state.scriptFailure({ name, reason: "error.3001", detail: "phone 138****0000 has 10 accounts" });
        return {
            expected: ["error.3001", "The number of accounts that can be registered with the mobile number exceeds the maximum limit", "phone 138****0000 has 10 accounts"],
        };
    },
    drift: (e, accountId) => e.state.changeOutOfBand(accountId, { tags: DRIFT_TAG, parentId: e.defaultOuId }),
};

export const aws: Cloud<AwsEmulator> = {
    name: "aws",
    typeToken: "pulumi-nodejs:dynamic/orgaccounts:AwsAccount",
    Resource: withUntypedArgs(pkg.AwsAccount),
    startEmulator: ({ rules: _huaweiOnly, ...options }) => startAwsEmulator({ ...options, credentials: options.credentials as AwsEmulatorCredentials | undefined }),
    env: (e) => ({
        AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
        ...(e.credentials.sessionToken ? { AWS_SESSION_TOKEN: e.credentials.sessionToken } : {}),
        AWS_REGION: e.region,
        AWS_ENDPOINT_URL_ORGANIZATIONS: e.url,
        AWS_ENDPOINT_URL_ACCOUNT: e.url,
    }),
    config: (e) => ({
        "orgaccounts:awsEndpoint": e.url,
        "orgaccounts:awsRegion": e.region,
        "orgaccounts:awsAccessKeyId": e.credentials.accessKeyId,
        "orgaccounts:awsSecretAccessKey": e.credentials.secretAccessKey,
        ...(e.credentials.sessionToken ? { "orgaccounts:awsSessionToken": e.credentials.sessionToken } : {}),
    }),
    secrets: (e) => [e.credentials.accessKeyId, e.credentials.secretAccessKey, ...(e.credentials.sessionToken ? [e.credentials.sessionToken] : [])],
    baseArgs: (name) => ({ email: `${name}@example.com` }),
    op: { status: "DescribeCreateAccountStatus", remove: "RemoveAccountFromOrganization", rename: "PutAccountName", credentialsCheck: "DescribeOrganization" },
    replacement: { args: { email: "acct-second@example.com" }, inputs: ["email"] },
    writeOperations: ["CreateAccount", "PutAccountName", "MoveAccount", "CloseAccount", "RemoveAccountFromOrganization", "TagResource", "UntagResource"],
    stateOutput: { key: "state", active: "ACTIVE" },
    idPattern: /^car-[0-9a-z]{8,32}$/,
    missingOuId: "ou-abcd-doesnotexist",
    accountIdPattern: /^\d{12}$/,
    accounts: (e) =>
        e.state
            .accounts()
            .filter((a) => a.id !== e.managementAccountId)
            .map((a) => ({ id: a.id, name: a.name, email: a.email, state: a.state.toLowerCase(), parentId: a.parentId, tags: tagRecord(a.tags) })),
    requests: (e) => e.state.createAccountStatuses().map((s) => ({ id: s.Id, name: s.AccountName, state: s.State.toLowerCase() as EmulatedRequest["state"] })),
    setCreationDelay: (e, ms) => e.state.setDelays({ creationDelayMs: ms }),
    finishCreation: (e, id) => e.state.finishCreation(id),
    addAccount: (e, input) => e.state.addAccount({ ...input, email: `${input.name}@example.com` }),
    setClosing: (e, id) => e.state.setAccountState(id, "PENDING_CLOSURE"),
    makeRemovable: (e, id) => {
        e.state.endWaitPeriod(id);
        e.state.makeStandalone(id);
    },
    expireStatus: (e, id) => e.state.expireCreateAccountStatus(id),
    scriptFailure: (e, name) => {
        e.state.scriptFailure({ name, reason: "MISSING_PAYMENT_INSTRUMENT" });
        return { expected: ["MISSING_PAYMENT_INSTRUMENT", "no valid payment method"] };
    },
    drift: (e, accountId) => e.state.changeOutOfBand(accountId, { tags: DRIFT_TAG, parentId: e.defaultOuId }),
};

export const clouds: Cloud[] = [huawei, aws];
