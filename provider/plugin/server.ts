// The ResourceProvider gRPC server of the `orgaccounts` plugin, over the protocol modules shipped
// inside @pulumi/pulumi (see protocol.ts). The engine's side of each call is documented in
// https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto; the engine starts one
// plugin process per provider instance, reads the port from its first stdout line, then calls
// Handshake, CheckConfig, DiffConfig, Configure and the resource calls.
import * as fs from "node:fs";
import * as path from "node:path";
import type { CloudName } from "../shared/cloudNames";
import { OrgAccountsError } from "../shared/errors";
import { EngineWatch } from "./lifetime";
import { asCallAbout, EngineLog } from "./engineLog";
import { fromStruct, type Props, reveal, secretKeys, toStruct, withSecrets } from "./properties";
import { protocol } from "./protocol";
import type { ProviderInstance, Target } from "./instance";

/** The settings code (zod): loaded after the port line, on the engine's first call that needs it. */
function config(): typeof import("./config") {
    return require("./config") as typeof import("./config"); // eslint-disable-line @typescript-eslint/no-require-imports
}

/** The package's folder (holding package.json and schema/), from dist/provider/plugin or provider/plugin. */
export function packageRoot(from: string = __dirname): string {
    let dir = from;
    while (!fs.existsSync(path.join(dir, "package.json")) || !fs.existsSync(path.join(dir, "schema"))) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`no package root above ${from}`);
        dir = up;
    }
    return dir;
}

export function packageVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

const FUNCTIONS: Record<string, "get" | "list"> = {
    "orgaccounts:index:getCreateAccountStatus": "get",
    "orgaccounts:index:listCreateAccountStatuses": "list",
};

export interface ServerOptions {
    /** The engine's address (argv[0] of a plugin), watched so that the plugin exits with its engine. */
    engineAddress?: string;
    /** Environment the settings fall back to; default process.env. */
    env?: NodeJS.ProcessEnv;
    /** Watch the engine and exit when it goes away; default true. */
    watchEngine?: boolean;
}

export class ProviderServer {
    private instance?: ProviderInstance;
    private configured: Promise<ProviderInstance>;
    private resolveConfigured!: (instance: ProviderInstance) => void;
    private configureFailure?: Error;
    private invokeConfig: Props = {};
    private invokeVariables = new Map<string, string>();
    readonly watch?: EngineWatch;
    /** Where the lifecycles' progress lines go in a plugin process (main.ts sends them here). */
    readonly engineLog: EngineLog;
    private readonly env: NodeJS.ProcessEnv;

    constructor(options: ServerOptions = {}) {
        this.env = options.env ?? process.env;
        this.configured = new Promise((resolve) => (this.resolveConfigured = resolve));
        if (options.watchEngine !== false) this.watch = new EngineWatch(options.engineAddress);
        this.engineLog = new EngineLog(options.engineAddress);
    }

    /** Listens on 127.0.0.1 (a free port unless given); resolves with the port. */
    async listen(port = 0): Promise<{ port: number; server: import("@grpc/grpc-js").Server }> {
        const { grpc, service } = protocol();
        const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
        server.addService(service.ResourceProviderService, this.handlers() as any);
        const bound = await new Promise<number>((resolve, reject) =>
            server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
        );
        return { port: bound, server };
    }

    private handlers(): Record<string, (call: any, callback: any) => void> {
        const unary = (name: string, handle: (request: any) => unknown) => (call: any, callback: (error: any, response?: any) => void) => {
            Promise.resolve()
                .then(() => asCallAbout(call.request.getUrn?.(), () => handle(call.request)))
                .then(
                    (response) => callback(null, response),
                    (error) => callback(grpcError(error, name)),
                );
        };
        return {
            handshake: unary("handshake", (req) => this.handshake(req)),
            getPluginInfo: unary("getPluginInfo", () => new (protocol().plugin.PluginInfo)().setVersion(packageVersion())),
            getSchema: unary("getSchema", () => this.getSchema()),
            checkConfig: unary("checkConfig", (req) => this.checkConfig(req)),
            diffConfig: unary("diffConfig", (req) => this.diffConfig(req)),
            configure: unary("configure", (req) => this.configure(req)),
            check: unary("check", (req) => this.check(req)),
            diff: unary("diff", (req) => this.diff(req)),
            create: unary("create", (req) => this.create(req)),
            read: unary("read", (req) => this.read(req)),
            update: unary("update", (req) => this.update(req)),
            delete: unary("delete", (req) => this.delete(req)),
            invoke: unary("invoke", (req) => this.invoke(req)),
            cancel: unary("cancel", () => new (protocol().empty.Empty)()),
            attach: unary("attach", (req) => {
                this.engineAt(req.getAddress());
                return new (protocol().empty.Empty)();
            }),
        };
    }

    /** The engine's address, when Handshake or Attach sends one: watched, and where the progress lines go. */
    private engineAt(address: string | undefined): void {
        this.watch?.setAddress(address);
        this.engineLog.setAddress(address);
    }

    private handshake(req: any): any {
        this.engineAt(req.getEngineAddress());
        const response = new (protocol().provider.ProviderHandshakeResponse)();
        return response.setAcceptSecrets(true).setAcceptResources(true).setAcceptOutputs(false);
    }

    private getSchema(): any {
        const file = path.join(packageRoot(), "schema", "orgaccounts.json");
        const schema = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        schema.version = packageVersion();
        return new (protocol().provider.GetSchemaResponse)().setSchema(JSON.stringify(schema));
    }

    private checkConfig(req: any): any {
        const { inputs, failures } = config().checkConfig(fromStruct(req.getNews()), this.env);
        return checkResponse(inputs, failures);
    }

    private diffConfig(req: any): any {
        const changed = config().changedConfigKeys(fromStruct(req.getOldInputs() ?? req.getOlds()), fromStruct(req.getNews()));
        const response = diffResponse(changed.length > 0, [], changed, Object.fromEntries(changed.map((key) => [key, { kind: "UPDATE" as const, inputDiff: true }])));
        return response;
    }

    private configure(req: any): any {
        const variables = new Map<string, string>();
        req.getVariablesMap().forEach((value: string, key: string) => variables.set(key, value));
        const args = fromStruct(req.getArgs());
        this.invokeConfig = args;
        this.invokeVariables = variables;
        try {
            // Loaded here, not at start: the port line comes first.
            const { ProviderInstance } = require("./instance") as typeof import("./instance"); // eslint-disable-line @typescript-eslint/no-require-imports
            this.instance = new ProviderInstance(config().settingsOf(args, variables, this.env));
            this.resolveConfigured(this.instance);
        } catch (error) {
            this.configureFailure = error instanceof Error ? error : new Error(String(error));
            this.configured = Promise.reject(this.configureFailure);
            this.configured.catch(() => undefined);
            throw error;
        }
        const response = new (protocol().provider.ConfigureResponse)();
        return response.setAcceptsecrets(true).setSupportspreview(true).setAcceptresources(true).setAcceptoutputs(false);
    }

    private async ready(): Promise<ProviderInstance> {
        if (this.configureFailure !== undefined) throw this.configureFailure;
        return this.instance ?? this.configured;
    }

    private async target(req: any): Promise<{ instance: ProviderInstance; target: Target }> {
        const instance = await this.ready();
        const { targetOf } = require("./instance") as typeof import("./instance"); // eslint-disable-line @typescript-eslint/no-require-imports
        return { instance, target: targetOf(req.getUrn(), req.getType()) };
    }

    private async check(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        const news = fromStruct(req.getNews());
        const failures = await instance.check(target, reveal(fromStruct(req.getOlds())) as Props, reveal(news) as Props);
        return checkResponse(news, failures);
    }

    private async diff(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        const result = instance.diff(target, reveal(fromStruct(req.getOlds())) as Props, reveal(fromStruct(req.getNews())) as Props);
        const response = diffResponse(result.changes, result.replaces, result.diffs, result.detailed);
        return response.setDeletebeforereplace(result.deleteBeforeReplace);
    }

    private async create(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        const props = fromStruct(req.getProperties());
        const { id, outs } = await instance.create(target, reveal(props) as Props, req.getPreview(), req.getTimeout());
        return new (protocol().provider.CreateResponse)().setId(id).setProperties(toStruct(withSecrets(outs, secretKeys(props))));
    }

    private async read(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        const props = fromStruct(req.getProperties());
        const inputs = fromStruct(req.getInputs());
        const secrets = new Set([...secretKeys(props), ...secretKeys(inputs)]);
        const found = await instance.read(target, req.getId(), reveal(props) as Props);
        const response = new (protocol().provider.ReadResponse)().setId(found.id).setProperties(toStruct(withSecrets(found.props, secrets)));
        if (found.inputs) response.setInputs(toStruct(withSecrets(found.inputs, secrets)));
        return response;
    }

    private async update(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        const olds = fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        const outs = await instance.update(target, req.getId(), reveal(olds) as Props, reveal(news) as Props, req.getPreview(), req.getTimeout());
        return new (protocol().provider.UpdateResponse)().setProperties(toStruct(withSecrets(outs, secretKeys(news))));
    }

    private async delete(req: any): Promise<any> {
        const { instance, target } = await this.target(req);
        await instance.delete(target, req.getId(), reveal(fromStruct(req.getProperties())) as Props, req.getTimeout());
        return new (protocol().empty.Empty)();
    }

    private async invoke(req: any): Promise<any> {
        const token: string = req.getTok();
        const which = FUNCTIONS[token];
        if (!which) throw new OrgAccountsError(`unknown function "${token}": this provider has ${Object.keys(FUNCTIONS).join(" and ")}`);
        await this.ready();
        const args = reveal(fromStruct(req.getArgs())) as Props;
        if (args.organization !== undefined)
            throw new OrgAccountsError("organization: not an argument of this function: invoke it with the organization's provider instance instead");
        const queries = await import("../host/statusQueries");
        const source = { config: config().readerOf(this.invokeConfig, this.invokeVariables), env: this.env };
        const cloud = args.cloud as CloudName;
        const result =
            which === "get"
                ? await queries.getStatus({ cloud, id: args.id as string }, source)
                : { statuses: await queries.listStatuses({ cloud, states: args.states as never, since: args.since as string | undefined }, source) };
        return new (protocol().provider.InvokeResponse)().setReturn(toStruct(result as unknown as Props));
    }
}

function checkResponse(inputs: Props, failures: { property: string; reason: string }[]): any {
    const { provider } = protocol();
    const response = new provider.CheckResponse().setInputs(toStruct(inputs));
    for (const failure of failures) response.addFailures(new provider.CheckFailure().setProperty(failure.property).setReason(failure.reason));
    return response;
}

const DIFF_KINDS = { ADD: 0, ADD_REPLACE: 1, DELETE: 2, DELETE_REPLACE: 3, UPDATE: 4, UPDATE_REPLACE: 5 } as const;

function diffResponse(changes: boolean, replaces: string[], diffs: string[], detailed: Record<string, { kind: keyof typeof DIFF_KINDS; inputDiff: boolean }>): any {
    const { provider } = protocol();
    const response = new provider.DiffResponse()
        .setChanges(changes ? provider.DiffResponse.DiffChanges.DIFF_SOME : provider.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(replaces)
        .setDiffsList(diffs)
        .setHasdetaileddiff(true);
    const map = response.getDetaileddiffMap();
    for (const [key, { kind, inputDiff }] of Object.entries(detailed)) map.set(key, new provider.PropertyDiff().setKind(DIFF_KINDS[kind]).setInputdiff(inputDiff));
    return response;
}

/**
 * One clear message, no stack: the engine shows it as the resource's error. A creation that
 * left something behind carries its id and properties (ErrorResourceInitFailed), so that the
 * engine records them, as the dynamic provider's host does.
 */
function grpcError(error: unknown, method: string): any {
    const { grpc, provider, status, any: anyPb } = protocol();
    const message = nativeUrns(error instanceof Error ? error.message : String(error));
    if (!(error instanceof OrgAccountsError)) console.error(`orgaccounts ${method}: ${error instanceof Error && error.stack ? error.stack : message}`);
    const metadata = new grpc.Metadata();
    const failed = error as { id?: unknown; properties?: unknown; reasons?: unknown };
    if (typeof failed.id === "string" && failed.id !== "" && typeof failed.properties === "object" && failed.properties !== null) {
        const { owner: _owner, __provider: _provider, ...properties } = failed.properties as Props;
        const detail = new provider.ErrorResourceInitFailed()
            .setId(failed.id)
            .setProperties(toStruct(properties))
            .setReasonsList(Array.isArray(failed.reasons) ? failed.reasons.map((reason) => nativeUrns(String(reason))) : [message]);
        const details = new anyPb.Any();
        details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
        const statusMessage = new status.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
        statusMessage.addDetails(details);
        metadata.add("grpc-status-details-bin", Buffer.from(statusMessage.serializeBinary()));
    }
    return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/**
 * The lifecycle's advice names a resource by the URN a dynamic resource has (host/lifecycle/urn.ts);
 * through this plugin the same resource's type is the plugin's token.
 */
function nativeUrns(text: string): string {
    return text.replace(/::pulumi-nodejs:dynamic\/orgaccounts:(AwsAccount|HuaweiAccount)::/g, "::orgaccounts:index:$1::");
}
