#!/usr/bin/env node
// A stand-in for Pulumi's Go language host (`pulumi-language-go`), for the real Pulumi CLI.
//
// Why: the real host is a Go module the module proxy reachable here does not serve. The CLI takes
// any executable named `pulumi-language-go` on PATH as the host: it execs it with the engine's
// address as its last argument (`buildArgsForNewPlugin` in
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/langruntime_plugin.go)
// and reads the port from its first stdout line. Unlike `--client`, this works for every command,
// `pulumi import` included; the runtime options arrive in each request's ProgramInfo.options.
// The tests put a wrapper of that name on PATH (harness/cli/goProgram.ts).
//
// What it does as pulumi-language-go does (`Run` in
// https://github.com/pulumi/pulumi/blob/master/sdk/go/pulumi-language-go/main.go):
// builds the program with `go build` into a temporary file (or runs the prebuilt `binary` runtime
// option) and runs it with what `pulumi.Run` reads from its environment
// (https://github.com/pulumi/pulumi/blob/master/sdk/go/pulumi/run.go): PULUMI_MONITOR,
// PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION, PULUMI_ROOT_DIRECTORY,
// PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_PARALLEL, PULUMI_DRY_RUN. A program that exits
// with 32 (`ExitStatusLoggedError`: `pulumi.Run` already logged its error to the engine) is
// answered with `bail`, so the error is shown once. GetRequiredPlugins / GetRequiredPackages list
// the modules (`go list -m -json all`) that carry a `pulumi-plugin.json` in their root or a
// package folder one level down (where the generated SDKs put it).
//
// What it does differently:
// - `go build -mod=readonly`: a go.mod and a complete go.sum are required; nothing is added to
//   them (the real host builds with the user's GOFLAGS). The build cache is Go's own (GOCACHE).
// - A failed build is returned as the run's error with the compiler's output, the real host's
//   wording aside.
// - No `buildTarget` option, no `--tracing`, no debugger attachment (delve), no policy packs, no
//   GenerateProject / GenerateProgram / GeneratePackage / Pack (so `pulumi import` needs
//   `--generate-code=false`), no Link, no Cancel; InstallDependencies only checks that `go` runs
//   and lists the modules (`go mod download` is not run).
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const grpc = require("@grpc/grpc-js");
const languageGrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const languagePb = require("@pulumi/pulumi/proto/language_pb");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");

const VERSION = "3.276.0-stand-in";
const EXIT_REPORTED = 32;
const STDERR_TAIL_CHARS = 8_000;
const GO = process.env.PULUMI_GO_CMD || "go";

/** The engine address: the last bare argument (flags, if an older CLI passes any, are ignored). */
const engine =
    process.argv
        .slice(2)
        .filter((a) => !a.startsWith("-"))
        .pop() ?? "";

function programInfo(info, fallbackDir) {
    const options = info?.getOptions()?.toJavaScript() ?? {};
    return {
        rootDirectory: info?.getRootDirectory() || fallbackDir || process.cwd(),
        programDirectory: info?.getProgramDirectory() || fallbackDir || process.cwd(),
        binary: typeof options.binary === "string" ? options.binary : "",
    };
}

function missingGo() {
    return `Cannot run \`${GO}\`: install Go (https://go.dev/dl/) and put it on PATH, or set PULUMI_GO_CMD.`;
}

/** Runs `go` and returns its stdout; throws naming the command and its output. */
function goCommand(args, cwd) {
    const result = spawnSync(GO, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(missingGo());
    if (result.status !== 0) throw new Error(`\`go ${args.join(" ")}\` failed in ${cwd}:\n${result.stderr.trim()}`);
    return result.stdout;
}

/** The program's modules, from `go list -m -json all` (a stream of JSON objects). */
function modules(dir) {
    const text = goCommand(["list", "-mod=readonly", "-m", "-json", "all"], dir);
    const out = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        if (text[i] === "{" && depth++ === 0) start = i;
        else if (text[i] === "}" && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
    return out;
}

function readPlugin(file) {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        return undefined;
    }
}

/** The resource plugins named by `pulumi-plugin.json` in a module's root or its first-level package folders. */
function requiredPlugins(info) {
    const found = [];
    for (const m of modules(programInfo(info).programDirectory)) {
        const dir = m.Replace?.Dir ?? m.Dir;
        if (m.Main || !dir || !fs.existsSync(dir)) continue;
        const candidates = [path.join(dir, "pulumi-plugin.json")];
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.isDirectory()) candidates.push(path.join(dir, entry.name, "pulumi-plugin.json"));
        }
        for (const file of candidates) {
            const plugin = fs.existsSync(file) ? readPlugin(file) : undefined;
            if (plugin?.resource && plugin.name) found.push({ name: plugin.name, version: plugin.version ?? "", server: plugin.server ?? "" });
        }
    }
    return found;
}

function handle(callback, work) {
    try {
        callback(null, work());
    } catch (error) {
        callback({ code: grpc.status.UNKNOWN, details: error.message });
    }
}

/** Builds the program into a fresh temporary folder; returns the binary's path or the compiler's error. */
function build(program) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-go-"));
    const binary = path.join(out, "program");
    const result = spawnSync(GO, ["build", "-mod=readonly", "-o", binary, "."], { cwd: program.programDirectory, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error || result.status !== 0) {
        fs.rmSync(out, { recursive: true, force: true });
        const error = result.error ? missingGo() : `\`go build\` of ${program.programDirectory} failed:\n${result.stderr.trim()}`;
        return { error };
    }
    return { binary, cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}

const service = {
    getRequiredPlugins(call, callback) {
        handle(callback, () => {
            const response = new languagePb.GetRequiredPluginsResponse();
            for (const p of requiredPlugins(call.request.getInfo())) {
                response.addPlugins(new pluginPb.PluginDependency().setName(p.name).setKind("resource").setVersion(p.version).setServer(p.server));
            }
            return response;
        });
    },
    getRequiredPackages(call, callback) {
        handle(callback, () => {
            const response = new languagePb.GetRequiredPackagesResponse();
            for (const p of requiredPlugins(call.request.getInfo())) {
                response.addPackages(new pluginPb.PackageDependency().setName(p.name).setKind("resource").setVersion(p.version).setServer(p.server));
            }
            return response;
        });
    },
    getPluginInfo(_call, callback) {
        callback(null, new pluginPb.PluginInfo().setVersion(VERSION));
    },
    getProgramDependencies(call, callback) {
        handle(callback, () => {
            const response = new languagePb.GetProgramDependenciesResponse();
            for (const m of modules(programInfo(call.request.getInfo()).programDirectory)) {
                if (!m.Main) response.addDependencies(new languagePb.DependencyInfo().setName(m.Path).setVersion(m.Version ?? ""));
            }
            return response;
        });
    },
    about(_call, callback) {
        handle(callback, () => {
            const version = goCommand(["env", "GOVERSION"], process.cwd()).trim().replace(/^go/, "");
            const executable = spawnSync("sh", ["-c", `command -v ${GO}`], { encoding: "utf8" }).stdout.trim() || GO;
            return new languagePb.AboutResponse().setExecutable(executable).setVersion(version);
        });
    },
    installDependencies(call) {
        const program = programInfo(call.request.getInfo(), call.request.getDirectory());
        try {
            const version = goCommand(["version"], program.programDirectory).trim();
            modules(program.programDirectory);
            call.write(
                new languagePb.InstallDependenciesResponse().setStdout(Buffer.from(`Using ${version}; this stand-in downloads nothing (go.mod and go.sum must be complete).\n`)),
            );
            call.end();
        } catch (error) {
            call.emit("error", { code: grpc.status.FAILED_PRECONDITION, details: error.message });
        }
    },
    run(call, callback) {
        const request = call.request;
        const program = programInfo(request.getInfo(), request.getPwd());
        let binary;
        let cleanup = () => {};
        if (program.binary) binary = path.resolve(program.programDirectory, program.binary);
        else {
            const built = build(program);
            if (built.error) return callback(null, new languagePb.RunResponse().setError(built.error));
            ({ binary, cleanup } = built);
        }
        const config = Object.fromEntries(request.getConfigMap().entries());
        const child = spawn(binary, request.getArgsList(), {
            cwd: program.programDirectory,
            env: {
                ...process.env,
                PULUMI_MONITOR: request.getMonitorAddress(),
                PULUMI_ENGINE: engine,
                PULUMI_PROJECT: request.getProject(),
                PULUMI_STACK: request.getStack(),
                PULUMI_ORGANIZATION: request.getOrganization(),
                PULUMI_ROOT_DIRECTORY: program.rootDirectory,
                PULUMI_CONFIG: JSON.stringify(config),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
                PULUMI_PARALLEL: String(request.getParallel()),
                PULUMI_DRY_RUN: request.getDryrun() ? "true" : "false",
            },
            // The program's stdout goes to this host's stderr: this host's stdout is its port line.
            stdio: ["ignore", 2, "pipe"],
        });
        let stderr = "";
        let answered = false;
        const answer = (response) => {
            if (answered) return;
            answered = true;
            cleanup();
            callback(null, response);
        };
        child.stderr.on("data", (chunk) => {
            process.stderr.write(chunk);
            stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
        });
        child.on("error", (error) => answer(new languagePb.RunResponse().setError(`Cannot run the program ${binary}: ${error.message}`)));
        child.on("exit", (code, signal) => {
            const response = new languagePb.RunResponse();
            if (code === EXIT_REPORTED) response.setBail(true);
            else if (code !== 0) response.setError(`program exited with ${signal ?? `non-zero exit code: ${code}`}${stderr ? `\n${stderr.trim()}` : ""}`);
            answer(response);
        });
    },
};

const server = new grpc.Server();
server.addService(languageGrpc.LanguageRuntimeService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
        console.error(`go-language-host: cannot listen: ${error.message}`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.forceShutdown() || process.exit(0));
