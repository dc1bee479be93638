#!/usr/bin/env node
// A stand-in for Pulumi's Python language host (`pulumi-language-python`), for the real Pulumi CLI.
//
// Why: the real host is a Go module the module proxy reachable here does not serve. The CLI takes
// any executable named `pulumi-language-python` on PATH as the host: it execs it with the engine's
// address as its last argument (older CLIs also passed the runtime options as `-name=value`
// flags and `-root=`; `buildArgsForNewPlugin` in
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/langruntime_plugin.go)
// and reads the port from its first stdout line. Unlike `--client`, this works for every command,
// `pulumi import` included; the runtime options arrive in each request's ProgramInfo.options.
// The tests put a wrapper of that name on PATH (harness/cli/pythonProgram.ts).
//
// What it does as pulumi-language-python does (`Run` in
// https://github.com/pulumi/pulumi/blob/master/sdk/python/cmd/pulumi-language-python/main.go):
// runs the program with the virtual environment's `python` (the `virtualenv` runtime option,
// relative to the project's root; without one, `PULUMI_PYTHON_CMD` or `python3` from PATH), passing
// the monitor and engine addresses, project, stack, organization, root and program directories,
// parallelism and dry-run flag as arguments and the stack config in PULUMI_CONFIG /
// PULUMI_CONFIG_SECRET_KEYS. GetRequiredPlugins / GetRequiredPackages list the installed Python
// packages that carry a `pulumi-plugin.json` (as the generated SDKs do), with their plugin's name,
// version and server.
//
// What it does differently:
// - The runner logs a program's error to the engine and exits with 32; this host answers that
//   exit code with `bail` (as pulumi-language-nodejs does), so the error is shown once.
// - The program runs under scripts/python-program-runner.py, a small runner on the SDK's public API,
//   not the real `pulumi-language-python-exec` (which the PyPI wheel does not ship).
// - Only the `virtualenv` toolchain: no `pip`/`poetry`/`uv` option, no `typechecker` (mypy/pyright).
// - InstallDependencies does not create the environment or install anything: it only checks that
//   the environment's python exists and says how to create it (the tests build it from the lockfile).
// - No `--tracing`, no debugger attachment, no policy packs, no GenerateProject / GenerateProgram /
//   GeneratePackage / Pack (so `pulumi import` needs `--generate-code=false`), no Link, no Cancel.
// - GetProgramDependencies and About read `importlib.metadata`, not `pip list`.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const pulumiRequire = require; // @pulumi/pulumi from this repository's node_modules: its gRPC modules.
const grpc = pulumiRequire("@grpc/grpc-js");
const languageGrpc = pulumiRequire("@pulumi/pulumi/proto/language_grpc_pb");
const languagePb = pulumiRequire("@pulumi/pulumi/proto/language_pb");
const pluginPb = pulumiRequire("@pulumi/pulumi/proto/plugin_pb");

const RUNNER = path.join(__dirname, "python-program-runner.py");
const VERSION = "3.272.0-stand-in";
const EXIT_REPORTED = 32;
const STDERR_TAIL_CHARS = 8_000;

/** `-name=value` flags (the runtime options the CLI passes) and the engine address (the last bare argument). */
function parseArguments(argv) {
    const flags = {};
    let engine = "";
    for (const arg of argv) {
        const flag = /^--?([^=]+)=(.*)$/.exec(arg);
        if (flag) flags[flag[1]] = flag[2];
        else if (!arg.startsWith("-")) engine = arg;
    }
    return { flags, engine };
}
const cli = parseArguments(process.argv.slice(2));

/** The program as the engine describes it, with its runtime options (ProgramInfo.options, else the flags). */
function programInfo(info, fallbackDir) {
    const options = info?.getOptions()?.toJavaScript() ?? {};
    return {
        rootDirectory: info?.getRootDirectory() || fallbackDir || process.cwd(),
        programDirectory: info?.getProgramDirectory() || fallbackDir || process.cwd(),
        entryPoint: info?.getEntryPoint() || ".",
        virtualenv: typeof options.virtualenv === "string" ? options.virtualenv : cli.flags.virtualenv,
    };
}

/** The python that runs the program: the virtual environment's, else PULUMI_PYTHON_CMD or python3. */
function pythonOf(program) {
    if (program.virtualenv) {
        const venv = path.resolve(program.rootDirectory, program.virtualenv);
        return { python: path.join(venv, "bin", "python"), venv };
    }
    return { python: process.env.PULUMI_PYTHON_CMD || "python3", venv: "" };
}

function missingPython(python) {
    return `The Python interpreter ${python} does not exist. Create the virtual environment named by Pulumi.yaml's runtime option \`virtualenv\` (python3 -m venv <dir> && <dir>/bin/pip install -r requirements.txt) or set PULUMI_PYTHON_CMD.`;
}

/** Runs a small Python snippet with the program's python and returns its JSON answer. */
function askPython(python, code) {
    const result = spawnSync(python, ["-c", code], { encoding: "utf8" });
    if (result.error) throw new Error(missingPython(python));
    if (result.status !== 0) throw new Error(`${python} failed: ${result.stderr.trim()}`);
    return JSON.parse(result.stdout);
}

const INSTALLED = `
import importlib.metadata as m, json
out = []
for d in m.distributions():
    plugin = None
    for f in d.files or []:
        if f.name == "pulumi-plugin.json":
            try: plugin = json.loads(f.read_text())
            except Exception: pass
    out.append({"name": d.metadata["Name"], "version": d.version, "plugin": plugin})
print(json.dumps(out))
`;

function environmentEnv(venv) {
    if (!venv) return {};
    return { VIRTUAL_ENV: venv, PATH: [path.join(venv, "bin"), process.env.PATH ?? ""].join(path.delimiter) };
}

/** The resource plugins the installed packages carry (their `pulumi-plugin.json`). */
function requiredPlugins(info) {
    const { python } = pythonOf(programInfo(info));
    return askPython(python, INSTALLED)
        .filter((d) => d.plugin?.resource)
        .map((d) => ({ name: d.plugin.name ?? d.name.replace(/^pulumi[-_]/, ""), version: d.plugin.version ?? d.version, server: d.plugin.server ?? "" }));
}

function handle(callback, work) {
    try {
        callback(null, work());
    } catch (error) {
        callback({ code: grpc.status.UNKNOWN, details: error.message });
    }
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
            const { python } = pythonOf(programInfo(call.request.getInfo()));
            const response = new languagePb.GetProgramDependenciesResponse();
            for (const d of askPython(python, INSTALLED)) response.addDependencies(new languagePb.DependencyInfo().setName(d.name).setVersion(d.version));
            return response;
        });
    },
    about(call, callback) {
        handle(callback, () => {
            const { python } = pythonOf(programInfo(call.request.getInfo?.()));
            const version = askPython(python, "import json, platform, sys; print(json.dumps([sys.executable, platform.python_version()]))");
            return new languagePb.AboutResponse().setExecutable(version[0]).setVersion(version[1]);
        });
    },
    installDependencies(call) {
        const program = programInfo(call.request.getInfo(), call.request.getDirectory());
        const { python } = pythonOf(program);
        const found = spawnSync(python, ["--version"], { encoding: "utf8" });
        if (found.error || found.status !== 0) {
            call.emit("error", { code: grpc.status.FAILED_PRECONDITION, details: missingPython(python) });
            return;
        }
        call.write(new languagePb.InstallDependenciesResponse().setStdout(Buffer.from(`Using ${found.stdout.trim()} from ${python}; this stand-in installs nothing.\n`)));
        call.end();
    },
    run(call, callback) {
        const request = call.request;
        const program = programInfo(request.getInfo(), request.getPwd());
        const { python, venv } = pythonOf(program);
        if (program.virtualenv && !fs.existsSync(python)) return callback(null, new languagePb.RunResponse().setError(missingPython(python)));
        const args = [
            "-u",
            RUNNER,
            `--monitor=${request.getMonitorAddress()}`,
            `--engine=${cli.engine}`,
            `--project=${request.getProject()}`,
            `--stack=${request.getStack()}`,
            `--pwd=${program.programDirectory}`,
            `--parallel=${request.getParallel()}`,
            `--dry_run=${request.getDryrun() ? "true" : "false"}`,
            `--root_directory=${program.rootDirectory}`,
        ];
        if (request.getOrganization()) args.push(`--organization=${request.getOrganization()}`);
        args.push(path.resolve(program.programDirectory, program.entryPoint), ...request.getArgsList());
        const config = Object.fromEntries(request.getConfigMap().entries());
        const child = spawn(python, args, {
            cwd: program.programDirectory,
            env: {
                ...process.env,
                ...environmentEnv(venv),
                PULUMI_CONFIG: JSON.stringify(config),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
            },
            // The program's stdout goes to this host's stderr: this host's stdout is its port line.
            stdio: ["ignore", 2, "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => {
            process.stderr.write(chunk);
            stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
        });
        child.on("error", (error) => callback(null, new languagePb.RunResponse().setError(error.code === "ENOENT" ? missingPython(python) : error.message)));
        child.on("exit", (code, signal) => {
            const response = new languagePb.RunResponse();
            if (code === EXIT_REPORTED) response.setBail(true);
            else if (code !== 0) response.setError(`Program exited with ${signal ?? `code ${code}`}${stderr ? `:\n${stderr.trim()}` : ""}`);
            callback(null, response);
        });
    },
};

const server = new grpc.Server();
server.addService(languageGrpc.LanguageRuntimeService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
        console.error(`python-language-host: cannot listen: ${error.message}`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.forceShutdown() || process.exit(0));
