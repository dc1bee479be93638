// An emulator of AWS STS `AssumeRole` (Query protocol, API version 2011-06-15, as the AWS SDK's
// STS client speaks it), so that one set of CI credentials can reach several emulated
// organizations through a role in each, as with real AWS. Rules from the STS API reference
// (AssumeRole): RoleSessionName is 2-64 characters of [\w+=,.@-]; DurationSeconds 900-43200
// (default 3600, and at most the role's maximum session duration, 1 hour by default); a caller not
// trusted by the role gets 403 AccessDenied; a role that asks for an external id refuses a request
// without the right one (AccessDenied). Errors are `<ErrorResponse>` XML with Type, Code, Message.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsEmulator, AwsEmulatorCredentials } from "./server";
import { verifySigV4 } from "./sigv4";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** The default maximum session duration of an IAM role. */
const ROLE_MAX_SESSION_SECONDS = 3600;

export interface EmulatedRole {
    /** `arn:aws:iam::<management account>:role/<name>` of an emulated organization. */
    arn: string;
    /** The organization whose APIs the role's credentials reach. */
    organization: AwsEmulator;
    /** When set, AssumeRole must carry this ExternalId. */
    externalId?: string;
}

export interface StsEmulatorOptions {
    /** The caller the roles trust (e.g. a CI user's keys). */
    credentials: AwsEmulatorCredentials;
    roles: EmulatedRole[];
    port?: number;
    host?: string;
    region?: string;
}

export interface StsEmulator {
    url: string;
    /** Each AssumeRole received: role, session name, outcome. */
    calls: { roleArn: string; sessionName: string; status: number }[];
    close(): Promise<void>;
}

/** The role ARN that reaches an emulated organization: a role in its management account. */
export function roleArnFor(organization: AwsEmulator, name = "OrgAccountsVending"): string {
    return `arn:aws:iam::${organization.managementAccountId}:role/${name}`;
}

class StsError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly type: "Sender" | "Receiver" = "Sender",
    ) {
        super(message);
    }
}

export async function startStsEmulator(options: StsEmulatorOptions): Promise<StsEmulator> {
    const region = options.region ?? "us-east-1";
    const calls: StsEmulator["calls"] = [];
    const server = createServer((req, res) => {
        readBody(req)
            .then((body) => assumeRole(req, body, options, region, calls))
            .then((xml) => send(res, 200, xml))
            .catch((error: unknown) => {
                const e = error instanceof StsError ? error : new StsError(500, "InternalFailure", String(error), "Receiver");
                send(res, e.status, errorXml(e));
            });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    return { url: `http://${options.host ?? "127.0.0.1"}:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function assumeRole(req: IncomingMessage, body: Buffer, options: StsEmulatorOptions, region: string, calls: StsEmulator["calls"]): Promise<string> {
    const url = new URL(req.url ?? "/", "http://sts");
    const verdict = await verifySigV4(
        { method: req.method ?? "POST", path: url.pathname, query: url.searchParams, headers: req.headers, body },
        (keyId) =>
            keyId === options.credentials.accessKeyId ? { secretAccessKey: options.credentials.secretAccessKey, sessionToken: options.credentials.sessionToken } : undefined,
        new Date(),
        { service: "sts", region },
    );
    if (!verdict.ok) throw new StsError(403, stsCode(verdict.code), verdict.message);
    const params = new URLSearchParams(body.toString("utf8"));
    if (params.get("Action") !== "AssumeRole")
        throw new StsError(400, "InvalidAction", `Could not find operation ${params.get("Action") ?? "(none)"} for version ${params.get("Version") ?? "(none)"}`);
    const roleArn = params.get("RoleArn") ?? "";
    const sessionName = params.get("RoleSessionName") ?? "";
    const record = (status: number) => calls.push({ roleArn, sessionName, status });
    if (!SESSION_NAME.test(sessionName)) {
        record(400);
        throw new StsError(
            400,
            "ValidationError",
            `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
        );
    }
    const duration = Number(params.get("DurationSeconds") ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
        record(400);
        throw new StsError(
            400,
            "ValidationError",
            `1 validation error detected: Value '${params.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
        );
    }
    if (duration > ROLE_MAX_SESSION_SECONDS) {
        record(400);
        throw new StsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    const role = options.roles.find((r) => r.arn === roleArn);
    if (!role || (role.externalId !== undefined && params.get("ExternalId") !== role.externalId)) {
        record(403);
        throw new StsError(403, "AccessDenied", `User: arn:aws:iam::000000000000:user/${verdict.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const expiresAt = new Date(Date.now() + duration * 1000);
    const issued = {
        accessKeyId: "ASIA" + randomBytes(8).toString("hex").toUpperCase(),
        secretAccessKey: randomBytes(30).toString("base64"),
        sessionToken: randomBytes(96).toString("base64"),
        expiresAt,
    };
    role.organization.acceptTemporaryCredentials(issued);
    record(200);
    const account = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    return (
        `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>` +
        `<AssumedRoleUser><AssumedRoleId>AROA${randomBytes(8).toString("hex").toUpperCase()}:${sessionName}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${account?.[1]}:assumed-role/${account?.[2]}/${sessionName}</Arn></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
        `<SessionToken>${issued.sessionToken}</SessionToken><Expiration>${expiresAt.toISOString()}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`
    );
}

/** STS names its signature errors as the Query services do. */
function stsCode(code: string): string {
    if (code === "UnrecognizedClientException") return "InvalidClientTokenId";
    if (code === "InvalidSignatureException") return "SignatureDoesNotMatch";
    return code;
}

function errorXml(error: StsError): string {
    const message = error.message.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, xml: string): void {
    res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(xml), "x-amzn-RequestId": randomUUID() });
    res.end(xml);
}
