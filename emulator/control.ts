// The emulators' control endpoint: a small loopback HTTP API that lets a user's own tests script
// what the emulated clouds do (fail a creation, change delays, drift an account, start over),
// without importing this package's internals. It is not part of either cloud's API.
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { AwsOrganizationState } from "./aws/controls";
import { FAILURE_REASONS as AWS_FAILURE_REASONS } from "./aws/model";
import type { HuaweiOrganizationState } from "./huawei/controls";
import { KNOWN_FAILURE_REASONS as HUAWEI_FAILURE_REASONS } from "../provider/clouds/huawei/failureReasons";

const delayMs = z.number({ error: "must be a number of milliseconds" }).int("must be a whole number of milliseconds").min(0, "must not be negative");

const FailCreation = z
    .object({
        name: z.string({ error: "must be the account name (a string)" }).min(1, "must not be empty"),
        reason: z.string({ error: "must be the failure reason (a string)" }),
        detail: z.string({ error: "must be a string" }).optional(),
        times: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").optional(),
    })
    .strict();

const Delays = z.object({ creationDelayMs: delayMs.optional(), closeDelayMs: delayMs.optional() }).strict();

const Drift = z
    .object({
        account: z.string({ error: "must be the account's id or name (a string)" }).min(1, "must not be empty"),
        tags: z.record(z.string(), z.string({ error: "tag values must be strings" }), { error: "must be an object of tag keys to values" }).optional(),
        removeTags: z.array(z.string(), { error: "must be a list of tag keys" }).optional(),
        parentId: z.string({ error: "must be a root or OU id (a string)" }).optional(),
        description: z.string({ error: "must be a string" }).optional(),
        name: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
    })
    .strict();

type DriftChange = z.infer<typeof Drift>;

/** What `GET /{cloud}/organization` answers: the ids a program's `parentId` can name. */
export interface OrganizationView {
    id: string;
    managementAccountId: string;
    roots: { id: string; name: string }[];
    organizationalUnits: { id: string; name: string; parentId: string }[];
}

function organizationView(state: HuaweiOrganizationState | AwsOrganizationState): OrganizationView {
    return {
        id: state.organizationId,
        managementAccountId: state.managementAccountId,
        roots: [{ id: state.rootId, name: state.rootName }],
        organizationalUnits: state.organizationalUnits().map(({ id, name, parentId }) => ({ id, name, parentId })),
    };
}

/** What the control API does to one cloud's emulated organization. */
interface Controls {
    accounts(): unknown[];
    organization(): OrganizationView;
    failCreation(rule: z.infer<typeof FailCreation>): void;
    setDelays(delays: z.infer<typeof Delays>): void;
    drift(change: DriftChange): void;
    reset(): void;
}

class ControlError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

/** The account a control request names, by id or name. */
function byIdOrName<A extends { id: string; name: string }>(accounts: A[], account: string, cloud: string): A {
    const found = accounts.find((a) => a.id === account || a.name === account);
    if (!found) throw new ControlError(404, `no ${cloud} account has the id or name "${account}"`);
    return found;
}

function huaweiControls(state: HuaweiOrganizationState): Controls {
    const find = (account: string) => byIdOrName(state.accounts(), account, "Huawei");
    return {
        accounts: () => state.accounts(),
        organization: () => organizationView(state),
        failCreation({ name, reason, detail, times }) {
            if (!HUAWEI_FAILURE_REASONS.includes(reason))
                throw new ControlError(400, `reason: "${reason}" is not a Huawei failure reason; use one of ${HUAWEI_FAILURE_REASONS.join(", ")}`);
            state.scriptFailure({ name, reason, detail, times });
        },
        setDelays: (delays) => state.setDelays(delays),
        drift(change) {
            const account = find(change.account);
            state.changeOutOfBand(account.id, { parentId: change.parentId, tags: change.tags, removeTags: change.removeTags, name: change.name });
            if (change.description !== undefined) state.updateAccount(account.id, change.description);
        },
        reset: () => state.reset(),
    };
}

function awsControls(state: AwsOrganizationState): Controls {
    const find = (account: string) => byIdOrName(state.accounts(), account, "AWS");
    return {
        accounts: () => state.accounts(),
        organization: () => organizationView(state),
        failCreation({ name, reason, times }) {
            if (!(AWS_FAILURE_REASONS as readonly string[]).includes(reason)) {
                throw new ControlError(400, `reason: "${reason}" is not an AWS FailureReason; use one of ${AWS_FAILURE_REASONS.join(", ")}`);
            }
            state.scriptFailure({ name, reason: reason as (typeof AWS_FAILURE_REASONS)[number], times });
        },
        setDelays: (delays) => state.setDelays(delays),
        drift(change) {
            if (change.description !== undefined) throw new ControlError(400, "description: AWS accounts have no description");
            const account = find(change.account);
            state.changeOutOfBand(account.id, { parentId: change.parentId, tags: change.tags, removeTags: change.removeTags, name: change.name });
        },
        reset: () => state.reset(),
    };
}

export interface ControlTargets {
    huawei?: HuaweiOrganizationState;
    aws?: AwsOrganizationState;
}

export interface ControlServer {
    url: string;
    close(): Promise<void>;
}

const ROUTES = ["GET /{cloud}/organization", "GET /{cloud}/accounts", "POST /{cloud}/fail-creation", "POST /{cloud}/delays", "POST /{cloud}/drift", "POST /{cloud}/reset"];

/** Starts the control endpoint on loopback for the emulators given. */
export async function startControlServer(targets: ControlTargets, options: { port?: number; host?: string } = {}): Promise<ControlServer> {
    const controls = new Map<string, Controls>();
    if (targets.huawei) controls.set("huawei", huaweiControls(targets.huawei));
    if (targets.aws) controls.set("aws", awsControls(targets.aws));
    const server = createServer((req, res) => {
        handle(controls, req)
            .then((body) => reply(res, 200, body))
            .catch((error: unknown) => {
                const status = error instanceof ControlError ? error.status : 409;
                reply(res, status, { error: error instanceof Error ? error.message : String(error) });
            });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
    });
    const { address, port } = server.address() as AddressInfo;
    return {
        url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

async function handle(controls: Map<string, Controls>, req: IncomingMessage): Promise<unknown> {
    const [cloud, action, ...rest] = new URL(req.url ?? "/", "http://control").pathname.split("/").filter(Boolean);
    if (!cloud) return { clouds: [...controls.keys()], routes: ROUTES };
    const target = controls.get(cloud);
    if (!target) throw new ControlError(404, `this emulator serves ${[...controls.keys()].join(" and ")}, not "${cloud}"`);
    const route = `${req.method} ${action ?? ""}`;
    if (rest.length > 0 || !["GET organization", "GET accounts", "POST fail-creation", "POST delays", "POST drift", "POST reset"].includes(route)) {
        throw new ControlError(404, `no control route ${req.method} ${req.url}; routes: ${ROUTES.join(", ")}`);
    }
    if (route === "GET accounts") return { accounts: target.accounts() };
    if (route === "GET organization") return target.organization();
    const body = await readJson(req);
    switch (action) {
        case "fail-creation":
            target.failCreation(parse(FailCreation, body));
            break;
        case "delays":
            target.setDelays(parse(Delays, body));
            break;
        case "drift":
            target.drift(parse(Drift, body));
            break;
        case "reset":
            target.reset();
            break;
    }
    return { ok: true };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) =>
        issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.join(", ")}` : `${issue.path.join(".") || "body"}: ${issue.message}`,
    );
    throw new ControlError(400, problems.join("; "));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8").trim();
    if (!text) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        throw new ControlError(400, "the body must be JSON");
    }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
}
