// A single executable of one bundled CommonJS script: a copy of the Node.js binary that runs this
// script, with the script injected as a Node.js single executable application
// (https://nodejs.org/docs/latest-v22.x/api/single-executable-applications.html: the preparation
// blob from `node --experimental-sea-config`, injected by postject with the fuse the Node.js binary
// looks for). The result needs no Node.js on the machine that runs it; it runs on the platform and
// architecture of the Node.js that built it. Only built-in modules can be required by the script.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The sentinel fuse of every Node.js binary that supports single executable applications. */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Writes `output`, an executable that runs `script` (a file with no imports but Node.js's own modules). */
function buildSingleExecutable(script, output) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "orgaccounts-sea-"));
    try {
        const blob = path.join(work, "prep.blob");
        const config = path.join(work, "sea-config.json");
        fs.writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
        const prepared = spawnSync(process.execPath, ["--experimental-sea-config", config], { encoding: "utf8" });
        if (prepared.status !== 0) throw new Error(`node --experimental-sea-config failed (Node.js ${process.version}):\n${prepared.stdout}${prepared.stderr}`);
        fs.copyFileSync(process.execPath, output);
        fs.chmodSync(output, 0o755);
        // In a child process: postject's native part warns on stderr of each note section a stripped
        // binary lacks (harmless), shown only when the injection fails.
        const postject = require.resolve("postject/dist/cli.js");
        const injected = spawnSync(process.execPath, [postject, output, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], { encoding: "utf8" });
        if (injected.status !== 0) throw new Error(`postject could not inject the plugin into ${output}:\n${injected.stdout}${injected.stderr}`);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** The platform and architecture in the names Pulumi gives its plugins' archives (linux-amd64, darwin-arm64, ...). */
function pulumiPlatform() {
    const arch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
    return `${process.platform}-${arch}`;
}

module.exports = { buildSingleExecutable, pulumiPlatform };
