// The Python tooling's failures a user meets first: no python3 for the virtual environment, and a
// `virtualenv` that names nothing. Each says what is missing and what to do.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

describe("scripts/python-venv.js", () => {
    test("fails (never skips) when python3 cannot be run, saying what to install", () => {
        const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "python-venv.js")], {
            encoding: "utf8",
            env: { ...process.env, ORG_ACCOUNTS_PYTHON: "/nonexistent/python3" },
        });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("python-venv: Python: /nonexistent/python3 cannot be run");
        expect(result.stderr).toContain("Install Python 3.9 or newer with its venv module");
    });
});
