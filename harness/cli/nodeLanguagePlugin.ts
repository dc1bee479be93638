// A `pulumi-language-nodejs` for the commands the harness cannot attach to (`pulumi import`, which
// loads the project's language plugin even with --generate-code=false): a wrapper that starts the
// harness's language runtime (scripts/nodejs-language-host.js) in the program folder and prints
// its port as a bare number, as plugins do. Put the returned folder first on the CLI's PATH.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./workspace";

export function nodeLanguagePluginDir(): { dir: string; remove(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-langhost-"));
    const host = path.join(REPO_ROOT, "scripts", "nodejs-language-host.js");
    const file = path.join(dir, "pulumi-language-nodejs");
    fs.writeFileSync(
        file,
        `#!${process.execPath}
const { spawn } = require("node:child_process");
const child = spawn(${JSON.stringify(process.execPath)}, [${JSON.stringify(host)}, process.cwd()], { stdio: ["ignore", "pipe", "inherit"] });
let buffered = "";
child.stdout.on("data", (chunk) => {
    if (buffered === null) return;
    buffered += chunk;
    const end = buffered.indexOf("\\n");
    if (end >= 0) { process.stdout.write(JSON.parse(buffered.slice(0, end)).port + "\\n"); buffered = null; }
});
child.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
`,
    );
    fs.chmodSync(file, 0o755);
    return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
