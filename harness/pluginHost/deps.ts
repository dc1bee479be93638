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
    return pulumiRequire("@grpc/grpc-js");
}

export function structPb(): any {
    return pulumiRequire("google-protobuf/google/protobuf/struct_pb");
}

export function anyPb(): any {
    return pulumiRequire("google-protobuf/google/protobuf/any_pb");
}

export function providerPb(): any {
    return pulumiRequire("./proto/provider_pb");
}

export function providerGrpcPb(): any {
    return pulumiRequire("./proto/provider_grpc_pb");
}

export function statusPb(): any {
    return pulumiRequire("./proto/status_pb");
}

export function pluginPb(): any {
    return pulumiRequire("./proto/plugin_pb");
}

export function emptyPb(): any {
    return pulumiRequire("google-protobuf/google/protobuf/empty_pb");
}

/** `@pulumi/pulumi/runtime/settings` (internal: `waitForRPCs`, monitor access). */
export function runtimeSettings(): any {
    return pulumiRequire("./runtime/settings");
}

/** `@pulumi/pulumi/runtime/state` (internal: the runtime store). */
export function runtimeState(): any {
    return pulumiRequire("./runtime/state");
}

/**
 * Loads a CommonJS module (e.g. a fixture program or a compiled provider) with Node's native
 * `require`, so that its `require("@pulumi/pulumi")` is the same instance the harness uses.
 * Relative paths are resolved against `fromFile` (pass `__filename` or `import.meta.url`).
 */
export function loadProgramModule<T = any>(fromFile: string, specifier: string): T {
    const base = fromFile.startsWith("file:") ? fileURLToPath(fromFile) : fromFile;
    return createRequire(base)(specifier) as T;
}

/** The path of the `pulumi-resource-pulumi-nodejs` plugin script. */
export function pluginScriptPath(): string {
    return path.join(PULUMI_DIR, "pulumi-resource-pulumi-nodejs");
}
