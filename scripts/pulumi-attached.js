#!/usr/bin/env node
// `pulumi`, as a shell script calls it, with the stand-in Node.js language host attached: for
// `up`, `preview`, `refresh` and `destroy` it starts scripts/nodejs-language-host.js for the
// current folder and adds `--client=<its address>`; every other command goes to the CLI as is.
// So a README's commands run word for word where the CLI's own language host is missing (see
// nodejs-language-host.js). The real CLI is $PULUMI_ATTACHED_CLI.
//
// Usage: put a `pulumi` that runs this script first on PATH, e.g.
//   printf '#!/bin/sh\nexec node /path/to/pulumi-attached.js "$@"\n' > bin/pulumi
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { createInterface } = require("node:readline");

const LANGUAGE_COMMANDS = new Set(["up", "preview", "refresh", "destroy"]);
const cli = process.env.PULUMI_ATTACHED_CLI;
if (!cli) {
    console.error("pulumi-attached: set PULUMI_ATTACHED_CLI to the real Pulumi CLI's path");
    process.exit(2);
}

function startLanguageHost() {
    const host = spawn(process.execPath, [path.join(__dirname, "nodejs-language-host.js"), process.cwd()], { stdio: ["ignore", "pipe", "inherit"] });
    return new Promise((resolve, reject) => {
        const lines = createInterface({ input: host.stdout });
        lines.once("line", (line) => {
            lines.on("line", () => undefined); // keep draining
            resolve({ host, port: JSON.parse(line).port });
        });
        host.once("exit", (code) => reject(new Error(`the language host exited with ${code} before listening`)));
    });
}

async function main() {
    const args = process.argv.slice(2);
    const attached = LANGUAGE_COMMANDS.has(args[0]) ? await startLanguageHost() : undefined;
    const started = Date.now();
    const child = spawn(cli, attached ? [...args, `--client=127.0.0.1:${attached.port}`] : args, { stdio: "inherit" });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
    child.on("exit", (code, signal) => {
        attached?.host.kill("SIGTERM");
        if (attached) console.error(`pulumi-attached: pulumi ${args[0]} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
        process.exit(code ?? (signal ? 1 : 0));
    });
}

main().catch((error) => {
    console.error(`pulumi-attached: ${error.message}`);
    process.exit(1);
});
