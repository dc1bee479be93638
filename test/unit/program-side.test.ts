// What a user's program loads: the package's entry and program/, never the provider process's code
// (host/, clouds/), zod or a cloud SDK, until the program asks for a create-account status.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

function modulesLoadedBy(script: string): string[] {
    const out = execFileSync(process.execPath, ["-e", `${script}; console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: ROOT, encoding: "utf8" });
    return (JSON.parse(out) as string[]).map((file) => path.relative(ROOT, file));
}

describe("the program side", () => {
    it("require('pulumi-org-accounts') loads program/ and shared/ only: no host/, clouds/, zod or cloud SDK", () => {
        const loaded = modulesLoadedBy(`require("./dist/provider/index.js")`);
        expect(loaded).toContain(path.join("dist", "provider", "program", "awsAccount.js"));
        const own = loaded.filter((file) => file.startsWith("dist"));
        expect(own.filter((file) => !/^dist\/provider\/(index|program\/|shared\/)/.test(file))).toEqual([]);
        expect(loaded.filter((file) => /node_modules\/(zod|@aws-sdk|@smithy|undici)\//.test(file))).toEqual([]);
    });
});
