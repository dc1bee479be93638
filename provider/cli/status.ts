// `pulumi-org-accounts status <id>` and `pulumi-org-accounts list`: create-account requests for
// operators, outside Pulumi. Settings as the provider reads them, from the environment (and the
// AWS SDK's profiles), or from a JSON file of the same keys as the stack config (`--config`).
import { readFileSync } from "node:fs";
import type { CreationState } from "../clouds/backend";
import { CLOUD_NAMES, isCloudName, type CloudName } from "../shared/cloudNames";
import type { ConfigReader } from "../host/config/settings";
import { CONFIG_NAMESPACE } from "../host/config/settings";
import { cloudOfRequestId, CREATION_STATES, getStatus, listStatuses, parseSince } from "../host/statusQueries";
import type { CreateAccountStatusInfo } from "../program/status";

export const STATUS_USAGE = `usage: pulumi-org-accounts status <request-id> [--cloud huawei|aws] [--organization NAME] [--json] [--config FILE]
       pulumi-org-accounts list --cloud huawei|aws [--organization NAME] [--state in_progress|succeeded|failed]... [--since 7d] [--json] [--config FILE]

  --cloud       the organization's cloud (status infers it from the id: car-... is AWS, h-... Huawei)
  --organization a named organization of the config file's "organizations" (default: the default one)
  --state       only requests in this state; repeatable (default every state)
  --since       only requests made since an age (90s, 30m, 24h, 7d) or an ISO 8601 time
  --json        JSON instead of a table
  --config FILE settings as JSON, the stack config's keys ("huaweiAccessKey", "awsProfile"...,
                with or without "orgaccounts:", and "organizations" as in the stack config);
                default $ORG_ACCOUNTS_CONFIG; the environment variables the provider reads apply
                to the default organization`;

export class StatusUsageError extends Error {}

interface Parsed {
    positional: string[];
    cloud?: CloudName;
    organization?: string;
    states: CreationState[];
    since?: string;
    json: boolean;
    configFile?: string;
}

const usage = (message: string) => new StatusUsageError(`${message}\n\n${STATUS_USAGE}`);

export function parseStatusArgs(argv: string[]): Parsed {
    const parsed: Parsed = { positional: [], states: [], json: false };
    for (let i = 0; i < argv.length; i++) {
        const eq = argv[i].indexOf("=");
        const [flag, inline] = argv[i].startsWith("--") && eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined) throw usage(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--cloud": {
                const v = value();
                if (!isCloudName(v)) throw usage(`--cloud must be ${CLOUD_NAMES.join(" or ")}; got "${v}"`);
                parsed.cloud = v;
                break;
            }
            case "--state": {
                const v = value() as CreationState;
                if (!CREATION_STATES.includes(v)) throw usage(`--state must be ${CREATION_STATES.join(", ")}; got "${v}"`);
                parsed.states.push(v);
                break;
            }
            case "--organization":
                parsed.organization = value();
                break;
            case "--since":
                parsed.since = value();
                try {
                    parseSince(parsed.since, new Date(), "--since");
                } catch (error) {
                    throw usage((error as Error).message);
                }
                break;
            case "--json":
                parsed.json = true;
                break;
            case "--config":
                parsed.configFile = value();
                break;
            default:
                if (flag.startsWith("-")) throw usage(`unknown flag ${argv[i]}`);
                parsed.positional.push(argv[i]);
        }
    }
    return parsed;
}

/** The settings file: `{"huaweiAccessKey": "...", ...}`, keys with or without the `orgaccounts:` prefix. */
export function readConfigFile(file: string): ConfigReader {
    let values: unknown;
    try {
        values = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
        const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : `it is not JSON (${(error as Error).message})`;
        throw usage(`--config ${file}: cannot read settings: ${why}`);
    }
    if (values === null || typeof values !== "object" || Array.isArray(values)) throw usage(`--config ${file}: the settings must be one JSON object`);
    const entries = Object.entries(values as Record<string, unknown>).map(([key, value]) => [key.replace(`${CONFIG_NAMESPACE}:`, ""), value] as const);
    // "organizations" is an object, as in the stack config; every other setting a string.
    const texts = entries.map(([key, value]) => [key, key === "organizations" && value !== null && typeof value === "object" ? JSON.stringify(value) : value] as const);
    for (const [key, value] of texts) if (typeof value !== "string") throw usage(`--config ${file}: "${key}" must be a string`);
    const byKey = new Map(texts as [string, string][]);
    return { get: (key) => byKey.get(key.replace(`${CONFIG_NAMESPACE}:`, "")) };
}

export async function runStatusCommand(command: "status" | "list", argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
    const parsed = parseStatusArgs(argv);
    const file = parsed.configFile ?? process.env.ORG_ACCOUNTS_CONFIG;
    const source = { config: file ? readConfigFile(file) : { get: () => undefined } };
    try {
        await runWith(command, parsed, source, out);
    } catch (error) {
        if (file && error instanceof Error) error.message = inFileTerms(error.message, file);
        throw error;
    }
}

/**
 * The provider's messages name settings as a program sets them (`the stack config
 * orgaccounts:awsAccessKeyId ... (as secrets)`); with a settings file, they are its keys.
 */
export function inFileTerms(message: string, file: string): string {
    const key = new RegExp(`${CONFIG_NAMESPACE}:(\\w+)`, "g");
    return message
        .replace(
            new RegExp(`the stack config ((?:${CONFIG_NAMESPACE}:\\w+(?: and | / )?)+) \\(as secrets\\)`, "g"),
            (_all, keys: string) => `${keys.replace(key, '"$1"')} in ${file}`,
        )
        .replace(key, `"$1" in ${file}`);
}

async function runWith(command: "status" | "list", parsed: Parsed, source: { config: ConfigReader }, out: (text: string) => void): Promise<void> {
    if (command === "status") {
        const [id, ...extra] = parsed.positional;
        if (!id || extra.length > 0) throw usage("status needs exactly one create-account request id");
        const cloud = parsed.cloud ?? cloudOfRequestId(id);
        if (!cloud) throw usage(`cannot tell the cloud of "${id}" from its form: add --cloud huawei or --cloud aws`);
        const status = await getStatus({ cloud, id, organization: parsed.organization }, source);
        out(parsed.json ? JSON.stringify(status, null, 2) + "\n" : formatTable([status]));
        return;
    }
    if (parsed.positional.length > 0) throw usage(`list takes no argument; got "${parsed.positional.join(" ")}"`);
    if (!parsed.cloud) throw usage("list needs --cloud huawei or --cloud aws");
    const statuses = await listStatuses(
        { cloud: parsed.cloud, organization: parsed.organization, states: parsed.states.length ? parsed.states : undefined, since: parsed.since },
        source,
    );
    out(parsed.json ? JSON.stringify(statuses, null, 2) + "\n" : formatTable(statuses));
}

/** A table, then one line per failed request with what its reason means and what to do. */
export function formatTable(statuses: CreateAccountStatusInfo[]): string {
    if (statuses.length === 0) return "no create-account requests match\n";
    const header = ["REQUEST", "STATE", "ACCOUNT NAME", "ACCOUNT ID", "REQUESTED", "COMPLETED", "REASON"];
    const rows = statuses.map((s) => [s.id, s.state, s.accountName ?? "", s.accountId ?? "", s.requestedAt ?? "", s.completedAt ?? "", s.failureReason ?? ""]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const failures = statuses.filter((s) => s.failureMessage).map((s) => `${s.id}: ${s.failureMessage}`);
    return [line(header), ...rows.map(line), ...(failures.length ? ["", ...failures] : [])].join("\n") + "\n";
}
