/**
 * `registerWithMocks`: run program code under `pulumi.runtime.setMocks(...)` and capture what the
 * (mocked) resource monitor receives, i.e. exactly what the engine would receive from a program.
 */
import { UNKNOWN } from "../../provider/host/validation/inputs";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { pulumi as loadPulumi, runtimeSettings, runtimeState } from "./deps";

/** The Pulumi secret signature key / value and resource-reference signature (wire format). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** One custom resource as the engine receives it from the program. */
export interface Registered {
    /** Resource type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
    type: string;
    name: string;
    /** URN the mocked monitor assigned (`urn:pulumi:<stack>::<project>::<type>::<name>`, parents included). */
    urn: string;
    /**
     * Inputs as a provider that does NOT accept secrets (the dynamic host) receives them: secrets
     * unwrapped to plain values, resource references replaced by their id (or URN), unknowns kept as
     * the `UNKNOWN` string. Includes `__provider` (the serialized provider module text).
     */
    inputs: Record<string, unknown>;
    /** The raw wire struct the monitor received (secret/resource signatures intact). */
    rawInputs: Record<string, unknown>;
    /** The `provider` reference string of the registration ("" for the default provider). */
    provider: string;
    /** Parent URN ("" for the stack). */
    parent: string;
}

export interface MockOptions {
    /** Project name (default "project"). */
    project?: string;
    /** Stack name (default "stack"). */
    stack?: string;
    /** Run as a preview: unknown outputs then reach the inputs as `UNKNOWN` (default false). */
    preview?: boolean;
    organization?: string;
    /** Stack config visible to the program via `pulumi.Config`, keys `project:key`. */
    config?: Record<string, string>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
    /**
     * Also return component resources (not sent to any provider). Default false: only custom
     * resources (provider resources included) are returned.
     */
    includeComponents?: boolean;
    /**
     * Outputs the engine already knows for a resource (by type and name), as after an earlier deployment:
     * the mocked monitor answers with them, so dependent inputs resolve as in a real `up`.
     * In a preview, outputs it does not return stay unknown.
     */
    knownOutputs?: (type: string, name: string) => Record<string, unknown> | undefined;
    /**
     * The program process's environment while it runs (over process.env, restored afterwards), as
     * a user's shell sets it: e.g. the cloud credentials, which a resource class must never capture.
     */
    env?: Record<string, string>;
}

/** Replaces secret wrappers by their value and resource references by id/urn, recursively. */
export function stripSignatures(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(stripSignatures);
    }
    if (isRecord(v)) {
        const sig = v[SIG_KEY];
        if (sig === SECRET_SIG) {
            return stripSignatures(v.value);
        }
        if (sig === RESOURCE_SIG) {
            return v.id !== undefined && v.id !== "" ? v.id : v.urn;
        }
        if (sig === OUTPUT_SIG) {
            return v.value === undefined ? UNKNOWN : stripSignatures(v.value);
        }
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = stripSignatures(x);
        }
        return out;
    }
    return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null;
}

// setMocks mutates process-global runtime state: serialize all calls.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `construct` (which creates resources, e.g. `new MyDynamicResource(...)`) under
 * `pulumi.runtime.setMocks`, waits until every registration (including the async serialization of
 * `__provider`) has reached the mocked monitor, and returns the registered custom resources in
 * registration order.
 *
 * Safe to call repeatedly in one test file: every call installs a fresh MockMonitor
 * (`setMocks` → `resetOptions` resets the runtime store), and calls are serialized.
 * Rejects if `construct` throws, if a returned resource's registration fails, or if the runtime
 * logged an error during the run.
 */
export function registerWithMocks(construct: () => unknown, opts: MockOptions = {}): Promise<Registered[]> {
    const run = queue.then(() => registerOnce(construct, opts));
    queue = run.catch(() => undefined);
    return run;
}

async function registerOnce(construct: () => unknown, opts: MockOptions): Promise<Registered[]> {
    const restore = setEnv(opts.env ?? {});
    try {
        return await registerInEnv(construct, opts);
    } finally {
        restore();
    }
}

/** Sets the variables; returns what puts the previous values back. */
function setEnv(env: Record<string, string>): () => void {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    return () => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    };
}

async function registerInEnv(construct: () => unknown, opts: MockOptions): Promise<Registered[]> {
    const pulumi = loadPulumi();
    const settings = runtimeSettings();
    const state = runtimeState();
    const project = opts.project ?? "project";
    const stack = opts.stack ?? "stack";

    const seen: Registered[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args: MockResourceArgs) {
                const known = opts.knownOutputs?.(args.type, args.name);
                if (known) return { id: args.custom ? `${args.name}-id` : undefined, state: known };
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs as Record<string, unknown> };
            },
            call(args: MockCallArgs) {
                return args.inputs as Record<string, unknown>;
            },
        },
        project,
        stack,
        opts.preview ?? false,
        opts.organization,
    );
    if (opts.config) {
        pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);
    }

    const store = state.getStore();
    const monitor = store.settings.monitor;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        if (req.getCustom() || opts.includeComponents) {
            const raw: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
            seen.push({
                type: req.getType(),
                name: req.getName(),
                urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
                inputs: stripSignatures(raw) as Record<string, unknown>,
                rawInputs: raw,
                provider: req.getProvider() ?? "",
                parent: req.getParent() ?? "",
            });
        }
        return original(req, callback);
    };

    const errorsBefore = store.logErrorCount ?? 0;
    const result = await construct();
    // Every registration holds an rpcKeepAlive until the monitor answered.
    await settings.waitForRPCs();
    const resources = (Array.isArray(result) ? result : [result]).filter((r): r is { urn: { promise(): Promise<unknown> } } => !!r && typeof r === "object" && "urn" in r);
    for (const r of resources) {
        // Output.promise() rejects if the registration failed (e.g. provider serialization threw).
        await r.urn.promise();
    }
    await settings.waitForRPCs();
    const errors = (state.getStore().logErrorCount ?? 0) - errorsBefore;
    if (errors > 0) {
        throw new Error(`registerWithMocks: the Pulumi runtime logged ${errors} error(s) (see stderr)`);
    }
    return seen;
}
