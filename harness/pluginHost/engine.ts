/**
 * Engine-path test harness: drive a Pulumi dynamic provider exactly the way the Pulumi engine does,
 * without the Pulumi CLI.
 *
 *   1. `registerWithMocks(() => new MyResource(...))`  → what the program sends the engine
 *      (`{ type, name, urn, inputs }`, inputs include the serialized `__provider`).
 *   2. `startPluginHost({ cwd: programDir })`          → the REAL plugin host
 *      (`@pulumi/pulumi/pulumi-resource-pulumi-nodejs`), as the engine starts it.
 *   3. `new ProviderClient(host.address)`              → Configure/Check/Diff/Create/Read/Update/Delete
 *      over gRPC with plain JS objects.
 *   4. `new EngineSession(client)`                     → preview / up / refresh / destroy with a state file.
 *
 * Example:
 *   const host = await startPluginHost({ cwd: programDir, project: "proj" });
 *   const client = new ProviderClient(host.address);
 *   await client.configure({ "proj:region": "eu-west-1" });
 *   const s = new EngineSession(client);
 *   assertOk(await s.up(await registerWithMocks(() => new Account("a", { name: "a" }), { project: "proj" })));
 *   const steps = await s.up(await registerWithMocks(() => new Account("a", { name: "b" }), { project: "proj" }));
 *   expect(steps[0].op).toBe("replace");
 *   ... finally: client.close(); await host.close();
 *
 * Facts verified against the real host of @pulumi/pulumi 3.270.0 (test/harness-selftest/harness.test.ts):
 *   - Start: the `sh` wrapper first runs `node -e require.resolve(...)` from cwd, then runs
 *     `node …/cmd/dynamic-provider <engine>` WITHOUT exec, so there are two processes (sh + node) in
 *     one process group; the port is the first stdout line. Cold start (spawn → port line)
 *     ≈ 0.45–0.75 s on this machine (mostly loading @pulumi/pulumi twice). The engine address is
 *     never dialled ("127.0.0.1:1" is fine). `kill()` signals the node child first (so sh reaps it),
 *     then the group (`process.kill(-pgid)`); SIGTERM ends both processes, nothing is left over.
 *   - Configure: the host reads ONLY `ConfigureRequest.args` (a Struct), never `variables`; a request
 *     without `args` makes its async handler throw and the call never answers (hangs until deadline).
 *     Keys are full config keys `project:key`; `req.config.get("key")` inside the provider looks up
 *     `<project>:key` where <project> is the HOST's project = env PULUMI_NODEJS_PROJECT (default
 *     "project"); `startPluginHost({ project })` sets it. Keys containing ":" are looked up verbatim.
 *     Secret-wrapped values are unwrapped. Answer: acceptSecrets=false, supportsPreview=false,
 *     acceptResources=false (so the engine sends secrets and resource refs as plain values;
 *     `Registered.inputs` is already in that form).
 *     The provider's `configure` runs lazily, once per distinct `__provider` string, on that string's
 *     first Check/Diff/Create/Read/Update/Delete, with the config of the LAST Configure call.
 *   - Check failures come back as an OK response with `failures: [{property, reason}]`.
 *     An unknown input arrives as the plain string UNKNOWN ("04da6b54-…").
 *   - Diff: the host maps `changes` true/false/absent to DIFF_SOME/DIFF_NONE/DIFF_UNKNOWN and passes
 *     `replaces` and `deleteBeforeReplace`; it never sets `diffs`/`detailedDiff`. No `diff` method →
 *     DIFF_UNKNOWN (the engine then compares inputs itself, `__provider` included).
 *   - Errors thrown by create/update: gRPC status UNKNOWN (2), details = `e.message`. If the thrown value
 *     has a truthy `id` (Error or plain object alike), the host ALSO sends trailer
 *     `grpc-status-details-bin` = google.rpc.Status{code 2, message, details:[Any{type_url
 *     "type.googleapis.com/pulumirpc.ErrorResourceInitFailed", value: {id: e.id, properties:
 *     Struct(e.properties || {}), reasons: e.reasons || []}}]}. `ProviderCallError.initFailed` decodes it.
 *     `properties` are NOT merged with `__provider` by the host: include the inputs yourself.
 *     (From the source, not tested: `if (e.id)`, so an empty-string id gives a plain error and the
 *     resource is not recorded.) Without `message` the details are the string "undefined" but the
 *     init-failed detail still arrives.
 *     Errors from check/diff/read/delete are plain (no details trailer).
 *   - Every call deserializes the provider from the `__provider` it receives (Diff/Check: the NEW
 *     inputs' `__provider`), so an edited provider text is a new provider (configure runs again) and
 *     an invalid one fails the call ("<text> is not defined").
 *   - Results must not contain `undefined` (host: "Unexpected struct type").
 *   - Read returning `inputs` → ReadResponse.inputs set (with `__provider` merged); else unset.
 */
export { UNKNOWN, urnFor, parseUrn, ProviderClient, ProviderCallError, decodeStatusDetails, stringProp, toPlain } from "./client";
export type {
    CallOptions,
    CheckFailure,
    CheckResult,
    ConfigureOptions,
    ConfigureResult,
    CreateResult,
    DiffChanges,
    DiffResult,
    InitFailed,
    Props,
    ReadResult,
    UpdateResult,
} from "./client";
export { registerWithMocks, stripSignatures } from "./mocks";
export type { MockOptions, Registered } from "./mocks";
export { startPluginHost, pidsInGroup, isAlive } from "./host";
export type { HostExit, PluginHost, PluginHostOptions } from "./host";
export { EngineSession, assertOk } from "./session";
export type { StateEntry, Step, StepOp } from "./session";
export { loadProgramModule, pulumi, PROJECT_ROOT } from "./deps";
