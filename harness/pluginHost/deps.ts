/**
 * Loads `@pulumi/pulumi` and the modules it depends on (its gRPC stubs, `@grpc/grpc-js`,
 * `google-protobuf`) through Node's own `require`, resolved from `@pulumi/pulumi`'s folder.
 *
 * Why: `google-protobuf` must never be a top-level dependency of this project, and the jspb message
 * classes only interoperate with the exact `google-protobuf` instance the stubs were built against.
 * Loading everything through one native `require` also guarantees that the harness, the test file
 * and fixture programs (loaded with `loadProgramModule`) share one `@pulumi/pulumi` instance, hence
 * one runtime store (`global.globalStore`) for `setMocks`.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** Root of this repository (…/harness/pluginHost → ../..). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const rootRequire = createRequire(path.join(PROJECT_ROOT, "package.json"));
/** Path of `@pulumi/pulumi/package.json` as the project resolves it. */
export const PULUMI_PACKAGE_JSON = rootRequire.resolve("@pulumi/pulumi/package.json");
/** Folder of the installed `@pulumi/pulumi`. */
export const PULUMI_DIR = path.dirname(PULUMI_PACKAGE_JSON);
/** A `require` rooted at `@pulumi/pulumi`'s own folder. */
export const pulumiRequire = createRequire(PULUMI_PACKAGE_JSON);

export type PulumiModule = typeof import("@pulumi/pulumi");

/** The `@pulumi/pulumi` module (native CommonJS instance). */
export function pulumi(): PulumiModule {
    return pulumiRequire("@pulumi/pulumi") as PulumiModule;
}

export function grpc(): typeof import("@grpc/grpc-js") {
    return pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
}

// The generated protobuf and gRPC modules' own declarations type what these loaders return.
export type StructPbModule = typeof import("google-protobuf/google/protobuf/struct_pb");
export type AnyPbModule = typeof import("google-protobuf/google/protobuf/any_pb");
export type EmptyPbModule = typeof import("google-protobuf/google/protobuf/empty_pb");
export type ProviderPbModule = typeof import("@pulumi/pulumi/proto/provider_pb");
export type ProviderGrpcPbModule = typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
export type StatusPbModule = typeof import("@pulumi/pulumi/proto/status_pb");
export type PluginPbModule = typeof import("@pulumi/pulumi/proto/plugin_pb");
export type RegisterResourceRequest = import("@pulumi/pulumi/proto/resource_pb").RegisterResourceRequest;

export function structPb(): StructPbModule {
    return pulumiRequire("google-protobuf/google/protobuf/struct_pb") as StructPbModule;
}

export function anyPb(): AnyPbModule {
    return pulumiRequire("google-protobuf/google/protobuf/any_pb") as AnyPbModule;
}

export function providerPb(): ProviderPbModule {
    return pulumiRequire("./proto/provider_pb") as ProviderPbModule;
}

export function providerGrpcPb(): ProviderGrpcPbModule {
    return pulumiRequire("./proto/provider_grpc_pb") as ProviderGrpcPbModule;
}

export function statusPb(): StatusPbModule {
    return pulumiRequire("./proto/status_pb") as StatusPbModule;
}

export function pluginPb(): PluginPbModule {
    return pulumiRequire("./proto/plugin_pb") as PluginPbModule;
}

export function emptyPb(): EmptyPbModule {
    return pulumiRequire("google-protobuf/google/protobuf/empty_pb") as EmptyPbModule;
}

/** The mocked resource monitor `setMocks` installs, as far as the harness uses it. */
export interface MockMonitor {
    registerResource(req: RegisterResourceRequest, callback: (err: unknown, response: unknown) => void): Promise<void>;
    newUrn(parent: string, type: string, name: string): string;
}

/** `@pulumi/pulumi/runtime/settings`, internal (not in its declarations): the part the harness uses. */
export interface RuntimeSettingsModule {
    /** Resolves when every outstanding RPC (each registration holds one) has answered. */
    waitForRPCs(): Promise<void>;
}

/** `@pulumi/pulumi/runtime/state`, internal (not in its declarations): the part the harness uses. */
export interface RuntimeStateModule {
    getStore(): { settings: { monitor: MockMonitor }; logErrorCount?: number };
}

/** `@pulumi/pulumi/runtime/settings` (internal: `waitForRPCs`, monitor access). */
export function runtimeSettings(): RuntimeSettingsModule {
    return pulumiRequire("./runtime/settings") as RuntimeSettingsModule;
}

/** `@pulumi/pulumi/runtime/state` (internal: the runtime store). */
export function runtimeState(): RuntimeStateModule {
    return pulumiRequire("./runtime/state") as RuntimeStateModule;
}

/**
 * Loads a CommonJS module (e.g. a fixture program or a compiled provider) with Node's native
 * `require`, so that its `require("@pulumi/pulumi")` is the same instance the harness uses.
 * Relative paths are resolved against `fromFile` (pass `__filename` or `import.meta.url`).
 */
export function loadProgramModule<T = unknown>(fromFile: string, specifier: string): T {
    const base = fromFile.startsWith("file:") ? fileURLToPath(fromFile) : fromFile;
    return createRequire(base)(specifier) as T;
}

/** The path of the `pulumi-resource-pulumi-nodejs` plugin script. */
export function pluginScriptPath(): string {
    return path.join(PULUMI_DIR, "pulumi-resource-pulumi-nodejs");
}
