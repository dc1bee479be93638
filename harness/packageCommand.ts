// The package's command (`npx pulumi-org-accounts ...`) as a user runs it: the built bin, in a
// child process with only PATH and the given environment.
import { spawn } from "node:child_process";
import * as path from "node:path";

export const PACKAGE_BIN = path.resolve(__dirname, "../dist/provider/cli/main.js");

export interface CommandResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Asynchronous: emulators started in the test's process must go on answering while it runs. */
export function runPackageCommand(args: string[], env: Record<string, string>): Promise<CommandResult> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [PACKAGE_BIN, ...args], { env: { PATH: process.env.PATH, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}
