#!/usr/bin/env node
// A Node.js language runtime for the real Pulumi CLI, attached with `--client`.
//
// Why: the CLI's own Node.js language host (`pulumi-language-nodejs`) is a Go module that the
// module proxy reachable here does not serve, while the CLI itself is. The CLI can attach to an
// already running language runtime instead (`pulumi up|preview|refresh|destroy --client=ADDR`,
// the mechanism the Automation API uses). This one runs the program the way
// `pulumi-language-nodejs` does: a child `node` process running the SDK's own entry point
// (`@pulumi/pulumi/cmd/run`, resolved from the program's folder) with the engine's monitor
// address, project, stack, dry-run flag, parallelism, and the stack config in PULUMI_CONFIG.
//
// Usage: node nodejs-language-host.js <program-dir>   (prints `{"port": N}` on its first line)
"use strict";
const { spawn } = require("node:child_process");
const { createRequire } = require("node:module");
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
const runEntryPoint = path.join(path.dirname(pulumiPackageJson), "cmd", "run");

/** The program's own stderr, kept for the error the CLI shows when it fails. */
const STDERR_TAIL_CHARS = 8_000;

function runArguments(request) {
    const args = [
        runEntryPoint,
        `--monitor=${request.getMonitorAddress()}`,
        `--project=${request.getProject()}`,
        `--stack=${request.getStack()}`,
        `--pwd=${request.getPwd() || programDir}`,
        `--parallel=${request.getParallel()}`,
    ];
    if (request.getOrganization()) args.push(`--organization=${request.getOrganization()}`);
    if (request.getDryrun()) args.push("--dry-run");
    args.push(request.getProgram() || ".", ...request.getArgsList());
    return args;
}

function configEnvironment(request) {
    const config = {};
    for (const [key, value] of request.getConfigMap().entries()) config[key] = value;
    return {
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
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
        // `node` from PATH, as pulumi-language-nodejs runs it: the user's own Node.
        const child = spawn("node", runArguments(request), {
            cwd: request.getPwd() || programDir,
            env: { ...process.env, ...configEnvironment(request) },
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
