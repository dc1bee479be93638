/**
 * A typed gRPC client for the `pulumirpc.ResourceProvider` service, speaking plain JS objects.
 * Requests are built the way the engine builds them; responses are decoded from the protobuf
 * messages; errors become `ProviderCallError` (with `ErrorResourceInitFailed` details decoded).
 */
import type { Metadata, ServiceError } from "@grpc/grpc-js";
import type { Message } from "google-protobuf";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type { CheckResponse, ConfigureResponse, CreateResponse, DiffResponse, ReadResponse, UpdateResponse } from "@pulumi/pulumi/proto/provider_pb";
import { emptyPb, grpc, providerGrpcPb, providerPb, statusPb, structPb } from "./deps";
import { SECRET_SIG, SIG_KEY } from "./mocks";
import { UNKNOWN } from "../../provider/host/validation/inputs";

/** The value the engine sends for an unknown (computed) property during preview. */
export { UNKNOWN };

/** `urn:pulumi:<stack>::<project>::<type>::<name>` (no parent). */
export function urnFor(project: string, stack: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Splits a URN into type (last type segment, parents stripped) and name. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
    const parts = urn.split("::");
    const stack = parts[0]?.replace(/^urn:pulumi:/, "") ?? "";
    const qualified = parts[2] ?? "";
    return { stack, project: parts[1] ?? "", type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

export type Props = Record<string, unknown>;

/** The string at `key` of a property map (outputs, inputs); throws, naming the key, when it is missing or not a string. */
export function stringProp(props: Props | undefined, key: string): string {
    const value = props?.[key];
    if (typeof value !== "string") throw new Error(`property "${key}" is not a string: ${JSON.stringify(value)}`);
    return value;
}

export interface CheckFailure {
    property: string;
    reason: string;
}
export interface CheckResult {
    inputs: Props;
    failures: CheckFailure[];
}
export type DiffChanges = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
export interface DiffResult {
    changes: DiffChanges;
    replaces: string[];
    stables: string[];
    diffs: string[];
    deleteBeforeReplace: boolean;
    /** Only when the provider set hasDetailedDiff (the dynamic host never does). */
    detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
}
export interface CreateResult {
    id: string;
    properties: Props;
}
export interface ReadResult {
    /** "" means the resource no longer exists. */
    id: string;
    properties: Props;
    /** Present only if the provider's `read` returned `inputs`. */
    inputs?: Props;
}
export interface UpdateResult {
    properties: Props;
}
export interface ConfigureResult {
    acceptSecrets: boolean;
    supportsPreview: boolean;
    acceptResources: boolean;
    acceptOutputs: boolean;
}
export interface InitFailed {
    id: string;
    properties: Props;
    reasons: string[];
}
export interface CallOptions {
    /** gRPC deadline for this call in ms (default: the client's `deadlineMs`, 30 s). */
    deadlineMs?: number;
}
export interface ConfigureOptions extends CallOptions {
    /** Keys of `config` sent as secrets (wrapped in the secret signature in `args`). */
    secretKeys?: string[];
    /** What the engine announces (defaults true/true, like the engine). */
    acceptSecrets?: boolean;
    acceptResources?: boolean;
}

/** A failed RPC. `message` is the gRPC details string (for a thrown provider error: `e.message`). */
export class ProviderCallError extends Error {
    /** gRPC status number (2 = UNKNOWN for thrown provider errors). */
    readonly code: number;
    /** gRPC status name, e.g. "UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED". */
    readonly codeName: string;
    /** The RPC method, e.g. "create". */
    readonly method: string;
    /** Decoded `pulumirpc.ErrorResourceInitFailed`: the engine records this id and these outputs. */
    readonly initFailed?: InitFailed;
    /** The decoded google.rpc.Status message, when the trailer carried one. */
    readonly statusMessage?: string;

    constructor(method: string, code: number, details: string, initFailed?: InitFailed, statusMessage?: string) {
        super(details);
        this.name = "ProviderCallError";
        this.method = method;
        this.code = code;
        this.codeName = statusName(code);
        this.initFailed = initFailed;
        this.statusMessage = statusMessage;
    }
}

function statusName(code: number): string {
    const status = grpc().status as unknown as Record<string, number>;
    for (const [k, v] of Object.entries(status)) if (v === code) return k;
    return String(code);
}

/** A value a protobuf Struct holds. */
export type JsonValue = null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

/** JSON-like cleanup so Struct.fromJavaScript accepts it (drops undefined like the engine would). */
export function toPlain(v: unknown): JsonValue {
    if (v === undefined) return null;
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map(toPlain);
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "object") {
        const out: { [key: string]: JsonValue } = {};
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toPlain(x);
        return out;
    }
    throw new Error(`value of type ${typeof v} cannot be sent as a protobuf Struct`);
}

function struct(obj: Props | undefined): Struct {
    return structPb().Struct.fromJavaScript(toPlain(obj ?? {}) as { [key: string]: JsonValue });
}

function fromStruct(s: Struct | undefined): Props {
    return s ? s.toJavaScript() : {};
}

const CHANGES: Record<number, DiffChanges> = { 0: "DIFF_UNKNOWN", 1: "DIFF_NONE", 2: "DIFF_SOME" };
const DIFF_KINDS = ["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"];

/** Decodes the `grpc-status-details-bin` trailer into a Status and an ErrorResourceInitFailed. */
export function decodeStatusDetails(metadata: Metadata | undefined): { statusMessage?: string; initFailed?: InitFailed } {
    const bin = metadata?.get("grpc-status-details-bin")[0];
    if (bin === undefined || typeof bin === "string") return {};
    const status = statusPb().Status.deserializeBinary(new Uint8Array(bin));
    let initFailed: InitFailed | undefined;
    for (const any of status.getDetailsList()) {
        if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
            const d = any.unpack((bytes) => providerPb().ErrorResourceInitFailed.deserializeBinary(bytes), "pulumirpc.ErrorResourceInitFailed");
            if (d) initFailed = { id: d.getId(), properties: fromStruct(d.getProperties()), reasons: d.getReasonsList() };
        }
    }
    return { statusMessage: status.getMessage(), initFailed };
}

export class ProviderClient {
    private readonly client: ResourceProviderClient;
    readonly address: string;
    deadlineMs: number;

    constructor(address: string, opts: { deadlineMs?: number } = {}) {
        this.address = address;
        this.deadlineMs = opts.deadlineMs ?? 30_000;
        this.client = new (providerGrpcPb().ResourceProviderClient)(address, grpc().credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
        });
    }

    /** Closes the channel. */
    close(): void {
        this.client.close();
    }

    /**
     * Calls one unary method. `send` passes the request to the client's method (typed by the generated
     * stub), with the metadata, the deadline and the callback given.
     */
    private call<Resp extends Message, T>(
        method: string,
        send: (metadata: Metadata, options: { deadline: Date }, callback: (err: ServiceError | null, resp: Resp) => void) => unknown,
        opts: CallOptions | undefined,
        decode: (resp: Resp) => T,
    ): Promise<T> {
        const deadline = new Date(Date.now() + (opts?.deadlineMs ?? this.deadlineMs));
        return new Promise<T>((resolve, reject) => {
            send(new (grpc().Metadata)(), { deadline }, (err, resp) => {
                if (err) {
                    const { statusMessage, initFailed } = decodeStatusDetails(err.metadata);
                    reject(new ProviderCallError(method, err.code, err.details ?? err.message, initFailed, statusMessage));
                    return;
                }
                try {
                    resolve(decode(resp));
                } catch (e) {
                    reject(e instanceof Error ? e : new Error(String(e)));
                }
            });
        });
    }

    /** GetPluginInfo → the SDK version. */
    getPluginInfo(opts?: CallOptions): Promise<{ version: string }> {
        return this.call(
            "getPluginInfo",
            (m, o, cb) => this.client.getPluginInfo(new (emptyPb().Empty)(), m, o, cb),
            opts,
            (r: PluginInfo) => ({ version: r.getVersion() }),
        );
    }

    /**
     * Configure. `config` keys are full stack-config keys (`project:key`); they go into both
     * `variables` (map<string,string>) and `args` (Struct) like the engine sends. The dynamic host
     * reads ONLY `args` (a request without `args` makes it hang: it throws inside an async handler).
     */
    configure(config: Record<string, unknown>, opts: ConfigureOptions = {}): Promise<ConfigureResult> {
        const pb = providerPb();
        const req = new pb.ConfigureRequest();
        const vars = req.getVariablesMap();
        const args: Props = {};
        for (const [k, v] of Object.entries(config)) {
            vars.set(k, typeof v === "string" ? v : JSON.stringify(v));
            args[k] = opts.secretKeys?.includes(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
        }
        req.setArgs(struct(args));
        req.setAcceptsecrets(opts.acceptSecrets ?? true);
        req.setAcceptresources(opts.acceptResources ?? true);
        req.setSendsOldInputs(true);
        req.setSendsOldInputsToDelete(true);
        return this.call(
            "configure",
            (m, o, cb) => this.client.configure(req, m, o, cb),
            opts,
            (r: ConfigureResponse) => ({
                acceptSecrets: r.getAcceptsecrets(),
                supportsPreview: r.getSupportspreview(),
                acceptResources: r.getAcceptresources(),
                acceptOutputs: r.getAcceptoutputs(),
            }),
        );
    }

    check(urn: string, olds: Props, news: Props, opts?: CallOptions): Promise<CheckResult> {
        const req = new (providerPb().CheckRequest)();
        const { name, type } = parseUrn(urn);
        req.setUrn(urn).setName(name).setType(type);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        req.setRandomseed(new Uint8Array(32));
        return this.call(
            "check",
            (m, o, cb) => this.client.check(req, m, o, cb),
            opts,
            (r: CheckResponse) => ({
                inputs: fromStruct(r.getInputs()),
                failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
            }),
        );
    }

    /** Diff: `olds` are the old OUTPUTS (state), `news` the checked new inputs. */
    diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props, opts?: CallOptions): Promise<DiffResult> {
        const req = new (providerPb().DiffRequest)();
        const { name, type } = parseUrn(urn);
        req.setId(id).setUrn(urn).setName(name).setType(type);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        if (oldInputs) req.setOldInputs(struct(oldInputs));
        return this.call(
            "diff",
            (m, o, cb) => this.client.diff(req, m, o, cb),
            opts,
            (r: DiffResponse) => {
                const result: DiffResult = {
                    changes: CHANGES[r.getChanges()] ?? (String(r.getChanges()) as DiffChanges),
                    replaces: r.getReplacesList(),
                    stables: r.getStablesList(),
                    diffs: r.getDiffsList(),
                    deleteBeforeReplace: r.getDeletebeforereplace(),
                };
                if (r.getHasdetaileddiff()) {
                    const dd: DiffResult["detailedDiff"] = {};
                    r.getDetaileddiffMap().forEach((v, k) => {
                        dd[k] = { kind: DIFF_KINDS[v.getKind()] ?? String(v.getKind()), inputDiff: v.getInputdiff() };
                    });
                    result.detailedDiff = dd;
                }
                return result;
            },
        );
    }

    create(urn: string, properties: Props, opts: CallOptions & { preview?: boolean; timeout?: number } = {}): Promise<CreateResult> {
        const req = new (providerPb().CreateRequest)();
        const { name, type } = parseUrn(urn);
        req.setUrn(urn).setName(name).setType(type);
        req.setProperties(struct(properties));
        req.setPreview(opts.preview ?? false);
        if (opts.timeout !== undefined) req.setTimeout(opts.timeout);
        return this.call(
            "create",
            (m, o, cb) => this.client.create(req, m, o, cb),
            opts,
            (r: CreateResponse) => ({ id: r.getId(), properties: fromStruct(r.getProperties()) }),
        );
    }

    /** Read (refresh): `properties` are the current outputs in state, `inputs` the current inputs. */
    read(id: string, urn: string, properties: Props | undefined, inputs?: Props, opts?: CallOptions): Promise<ReadResult> {
        const req = new (providerPb().ReadRequest)();
        const { name, type } = parseUrn(urn);
        req.setId(id).setUrn(urn).setName(name).setType(type);
        if (properties) req.setProperties(struct(properties));
        if (inputs) req.setInputs(struct(inputs));
        return this.call(
            "read",
            (m, o, cb) => this.client.read(req, m, o, cb),
            opts,
            (r: ReadResponse) => {
                const result: ReadResult = { id: r.getId(), properties: fromStruct(r.getProperties()) };
                if (r.hasInputs()) result.inputs = fromStruct(r.getInputs());
                return result;
            },
        );
    }

    update(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props, opts: CallOptions & { preview?: boolean; timeout?: number } = {}): Promise<UpdateResult> {
        const req = new (providerPb().UpdateRequest)();
        const { name, type } = parseUrn(urn);
        req.setId(id).setUrn(urn).setName(name).setType(type);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        if (oldInputs) req.setOldInputs(struct(oldInputs));
        req.setPreview(opts.preview ?? false);
        if (opts.timeout !== undefined) req.setTimeout(opts.timeout);
        return this.call(
            "update",
            (m, o, cb) => this.client.update(req, m, o, cb),
            opts,
            (r: UpdateResponse) => ({ properties: fromStruct(r.getProperties()) }),
        );
    }

    /** Delete: `properties` are the outputs in state. */
    delete(id: string, urn: string, properties: Props, oldInputs?: Props, opts: CallOptions & { timeout?: number } = {}): Promise<void> {
        const req = new (providerPb().DeleteRequest)();
        const { name, type } = parseUrn(urn);
        req.setId(id).setUrn(urn).setName(name).setType(type);
        req.setProperties(struct(properties));
        if (oldInputs) req.setOldInputs(struct(oldInputs));
        if (opts.timeout !== undefined) req.setTimeout(opts.timeout);
        return this.call(
            "delete",
            (m, o, cb) => this.client.delete(req, m, o, cb),
            opts,
            () => undefined,
        );
    }
}
