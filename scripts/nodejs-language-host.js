#!/usr/bin/env node
// A Node.js language runtime for the real Pulumi CLI, attached with `--client`.
//
// Why: the CLI's own Node.js language host (`pulumi-language-nodejs`) is a Go module that the
// module proxy reachable here does not serve, while the CLI itself is. The CLI can attach to an
// already running language runtime instead (`pulumi up|preview|refresh|destroy --client=ADDR`,
// the mechanism the Automation API uses). This one runs the program the way
// `pulumi-language-nodejs` does (its `Run`, `execRuntime` and `parseOptions` in
// https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/pulumi-language-nodejs/main.go):
// a child `node` (from PATH) running the SDK's own entry point (`@pulumi/pulumi/cmd/run`,
// resolved from the program's folder) with the engine's monitor address, project, stack, root
// and program directories, entry point, dry-run flag and parallelism; the stack config in
// PULUMI_CONFIG; and Pulumi.yaml's runtime options: `typescript` (default true) sets
// PULUMI_NODEJS_TYPESCRIPT=true, so that cmd/run compiles the program with ts-node and the
// program's own `typescript` (or, without one, the TypeScript 3.8 that @pulumi/pulumi vendors);
// `tsconfig` sets PULUMI_NODEJS_TSCONFIG_PATH; `nodeargs` go before the entry point.
//
// What it still does differently from pulumi-language-nodejs:
// - It reads the runtime options from Pulumi.yaml itself: with `--client` the CLI replaces the
//   project's runtime by `client` and sends only the address as options.
// - The program talks to the engine's monitor directly, not through the host's proxy, and gets no
//   `--engine` address (an attached runtime has none): the program's log messages and errors go to
//   its stderr, and this host returns them as the run's error (the real host answers `bail` for
//   exit code 32, the engine having shown them already).
// - No `--sync` pipes (the synchronous invokes that only old SDKs use), no `--tracing`, no debugger
//   attachment, no Bun runtime, no out-of-memory hint, no cancellation RPC.
// - GetRequiredPlugins / GetRequiredPackages answer nothing (the dynamic provider's plugin ships
//   with the CLI); there is no InstallDependencies, About, GetProgramDependencies, Pack or
//   GenerateProject: run `npm install` yourself.
// - `nodeargs` is split on spaces, keeping quoted parts together, not by a full shlex.
//
// Usage: node nodejs-language-host.js <program-dir>   (prints `{"port": N}` on its first line)
"use strict";
const { spawn } = require("node:child_process");
const { createRequire } = require("node:module");
const fs = require("node:fs");
const path = require("node:path");

const programDir = path.resolve(process.argv[2] ?? process.cwd());
const programRequire = createRequire(path.join(programDir, "package.json"));
// The SDK the program itself depends on, and the gRPC modules it was built with.
const pulumiPackageJson = programRequire.resolve("@pulumi/pulumi/package.json");
const pulumiRequire = createRequire(pulumiPackageJson);
const grpc = pulumiRequire("@grpc/grpc-js");
const languageGrpc = pulumiRequire("./proto/language_grpc_pb");
const languagePb = pulumiRequire("./proto/language_pb");
const pluginPb = pulumiRequire("./proto/plugin_pb");
const yaml = pulumiRequire("js-yaml");
const runEntryPoint = path.join(path.dirname(pulumiPackageJson), "cmd", "run");

/** The program's own stderr, kept for the error the CLI shows when it fails. */
const STDERR_TAIL_CHARS = 8_000;

/** The program as the engine describes it (RunRequest.info), with the older flat fields as fallback. */
function programInfo(request) {
    const info = request.getInfo();
    return {
        rootDirectory: info?.getRootDirectory() || "",
        programDirectory: info?.getProgramDirectory() || request.getPwd() || programDir,
        entryPoint: info?.getEntryPoint() || request.getProgram() || ".",
    };
}

/** `runtime.options` of the project file in `folder` (an attached CLI does not send them). */
function projectRuntimeOptions(folder) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml", "Pulumi.json"]) {
        const file = path.join(folder, name);
        if (!fs.existsSync(file)) continue;
        const runtime = yaml.load(fs.readFileSync(file, "utf8"))?.runtime;
        return (typeof runtime === "object" && runtime?.options) || {};
    }
    return {};
}

/** The runtime options, read as pulumi-language-nodejs's parseOptions reads them (same errors). */
function runtimeOptions(options) {
    const typescript = options.typescript ?? true;
    if (typeof typescript !== "boolean") throw new Error("typescript option must be a boolean");
    const tsconfig = options.tsconfig ?? "";
    if (typeof tsconfig !== "string") throw new Error("tsconfigpath option must be a string");
    const nodeargs = options.nodeargs ?? "";
    if (typeof nodeargs !== "string") throw new Error("nodeargs option must be a string");
    return { typescript, tsconfig, nodeargs: [...nodeargs.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]) };
}

function runArguments(request, program, nodeargs) {
    const args = [
        ...nodeargs,
        runEntryPoint,
        `--monitor=${request.getMonitorAddress()}`,
        `--project=${request.getProject()}`,
        `--stack=${request.getStack()}`,
        `--pwd=${program.programDirectory}`,
        `--parallel=${request.getParallel()}`,
    ];
    if (program.rootDirectory) args.push(`--root-directory=${program.rootDirectory}`);
    if (request.getOrganization()) args.push(`--organization=${request.getOrganization()}`);
    if (request.getDryrun()) args.push("--dry-run");
    args.push(program.entryPoint, ...request.getArgsList());
    return args;
}

function programEnvironment(request, options) {
    const config = {};
    for (const [key, value] of request.getConfigMap().entries()) config[key] = value;
    return {
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        ...(options.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
        ...(options.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
    };
}

const service = {
    getRequiredPlugins(_call, callback) {
        callback(null, new languagePb.GetRequiredPluginsResponse());
    },
    getRequiredPackages(_call, callback) {
        callback(null, new languagePb.GetRequiredPackagesResponse());
    },
    getPluginInfo(_call, callback) {
        const info = new pluginPb.PluginInfo();
        info.setVersion(require(pulumiPackageJson).version);
        callback(null, info);
    },
    run(call, callback) {
        const request = call.request;
        const program = programInfo(request);
        let options;
        try {
            options = runtimeOptions(projectRuntimeOptions(program.rootDirectory || program.programDirectory));
        } catch (error) {
            const response = new languagePb.RunResponse();
            response.setError(error.message);
            return callback(null, response);
        }
        // `node` from PATH, as pulumi-language-nodejs runs it: the user's own Node.
        const child = spawn("node", runArguments(request, program, options.nodeargs), {
            cwd: program.programDirectory,
            env: { ...process.env, ...programEnvironment(request, options) },
            // The program's stdout goes to this host's stderr: this host's stdout is its port line.
            stdio: ["ignore", 2, "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => {
            process.stderr.write(chunk);
            stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
        });
        child.on("error", (error) => callback(error));
        child.on("exit", (code, signal) => {
            const response = new languagePb.RunResponse();
            // pulumi-language-nodejs answers `bail` for exit code 32 (the program reported its error
            // to the engine). An attached runtime has no engine address to give the program, so the
            // program's errors went to its stderr: they are the error the CLI shows.
            if (code !== 0) response.setError(`Program exited with ${signal ?? `code ${code}`}${stderr ? `:\n${stderr.trim()}` : ""}`);
            callback(null, response);
        });
    },
};

const server = new grpc.Server();
server.addService(languageGrpc.LanguageRuntimeService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
        console.error(`nodejs-language-host: cannot listen: ${error.message}`);
        process.exit(1);
    }
    process.stdout.write(`${JSON.stringify({ port })}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.forceShutdown() || process.exit(0));
