// Create-account requests for programs and operators: "which requests failed this week, and why?",
// "what is the state of request h-...?". Read with the same settings as the resources (stack
// config, then the environment; outside Pulumi a config file), mapped to one shape for both clouds.
// A program loads this module only when it first asks (program/status.ts); the package's command
// loads it directly.
import type { AccountBackend, CommonAccountInputs, CreationState, CreationStatus } from "../clouds/backend";
import type { CloudName } from "../shared/cloudNames";
import { OrgAccountsError } from "../shared/errors";
import { ORGANIZATIONS_KEY, readOrganizations } from "./config/organizations";
import { ConfigReader, readSettings } from "./config/settings";
import type { CreateAccountStatusInfo, GetCreateAccountStatusArgs, ListCreateAccountStatusesArgs, SettingsSource } from "../program/status";

export const CREATION_STATES: readonly CreationState[] = ["in_progress", "succeeded", "failed"];

/** The create-account requests of the organization, newest first (every page read). */
export async function listStatuses(args: ListCreateAccountStatusesArgs, source: SettingsSource): Promise<CreateAccountStatusInfo[]> {
    const states = args.states ?? [...CREATION_STATES];
    for (const state of states) if (!CREATION_STATES.includes(state)) throw new OrgAccountsError(`states: "${state}" is not one of ${CREATION_STATES.join(", ")}`);
    const since = args.since === undefined ? undefined : parseSince(args.since);
    const found = await (await backendFor(args.cloud, args.organization, source)).listCreations(states);
    return found
        .filter((status) => since === undefined || (status.requestedAt !== undefined && Date.parse(status.requestedAt) >= since.getTime()))
        .map((status) => info(args.cloud, status))
        .sort((a, b) => (b.requestedAt ?? "").localeCompare(a.requestedAt ?? ""));
}

/** One create-account request by id; an error when the service does not know it (records expire). */
export async function getStatus(args: GetCreateAccountStatusArgs, source: SettingsSource): Promise<CreateAccountStatusInfo> {
    const status = await (await backendFor(args.cloud, args.organization, source)).getCreation(args.id);
    if (!status) {
        throw new OrgAccountsError(
            `${args.cloud === "aws" ? "AWS" : "Huawei Cloud"} has no create-account request "${args.id}": check the id and the organization (the service forgets requests after a while; the account, if any, stays)`,
        );
    }
    return info(args.cloud, status);
}

/** Which cloud a request id belongs to, from its form (`car-...` is AWS's). */
export function cloudOfRequestId(id: string): CloudName | undefined {
    if (/^car-[a-z0-9]{8,32}$/.test(id)) return "aws";
    if (/^h-[0-9a-z]+$/.test(id)) return "huawei";
    return undefined;
}

const AGE = /^(\d+)([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO 8601 date or time: what Date.parse reads of it; Date.parse alone takes "7" for July 2001. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** "7d", "24h", "30m", "90s" before now, an ISO 8601 time, or a Date. `name` is how errors call the setting. */
export function parseSince(since: Date | string, now = new Date(), name = "since"): Date {
    if (since instanceof Date) {
        if (Number.isNaN(since.getTime())) throw new OrgAccountsError(`${name}: the Date is not a valid time`);
        return since;
    }
    const text = since.trim();
    const given = AGE.exec(text);
    if (given) return new Date(now.getTime() - Number(given[1]) * UNIT_MS[given[2]]);
    const age = `an age with its unit, such as "7d", "24h", "30m" or "90s"`;
    const iso = `an ISO 8601 time such as "2026-11-30T00:00:00Z"`;
    if (/^\d+$/.test(text)) throw new OrgAccountsError(`${name}: "${since}" has no unit: write ${age}, or ${iso}`);
    const time = ISO_TIME.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(time)) throw new OrgAccountsError(`${name}: "${since}" is neither ${age}, nor ${iso}`);
    return new Date(time);
}

function info(cloud: CloudName, status: CreationStatus): CreateAccountStatusInfo {
    const { id, state, accountName, accountId, requestedAt, completedAt, failureReason, failureMessage } = status;
    const result: CreateAccountStatusInfo = { cloud, id, state, accountName, accountId, requestedAt, completedAt, failureReason, failureMessage };
    for (const key of Object.keys(result) as (keyof CreateAccountStatusInfo)[]) if (result[key] === undefined) delete result[key];
    return result;
}

type StatusReader = Pick<AccountBackend<CommonAccountInputs>, "listCreations" | "getCreation">;

/** Loaded on first use: a program that never asks for a status does not load the cloud SDKs. */
async function backendFor(cloud: CloudName, organization: string | undefined, source: SettingsSource): Promise<StatusReader> {
    const config = source.config ?? { get: () => undefined };
    const settings = organization === undefined ? readSettings(config, source.env ?? process.env) : namedSettings(cloud, organization, config);
    if (cloud === "huawei") return (await import("../clouds/huawei/backend")).HuaweiBackend.fromOptions({ ...settings.huawei, env: source.env });
    if (cloud === "aws") return new (await import("../clouds/aws/backend")).AwsBackend(settings.aws, source.env);
    throw new OrgAccountsError(`cloud: "${String(cloud)}" is not huawei or aws`);
}

function namedSettings(cloud: CloudName, name: string, config: ConfigReader) {
    const org = readOrganizations(config).get(name);
    if (!org || org.cloud !== cloud) throw new OrgAccountsError(`organization: "${name}" is not an organization of ${cloud} declared in ${ORGANIZATIONS_KEY}`);
    return org.settings;
}
