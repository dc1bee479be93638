// Every error a user meets through the real CLI appears once, with no Node stack trace and no
// terminal colour codes: the provider's errors outside `create` (the credentials check at preview,
// bad settings, the destroy refusal, an old Node running the plugin host, the package missing from
// the program's folder) and a program's own (a status function's error, an old Node running the
// program). Each test counts the copies of the error's distinctive words in the CLI's output.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { aws, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { expectSuccess, type CliResult } from "../../harness/cli/workspace";
import { startCliWorld, type CliWorld } from "../support/cliWorld";

/** The machines this project runs on come with Node 20 as the system `node`. */
const OLD_NODE = "/usr/bin/node";
const OLD_NODE_ON_PATH = { PATH: `${path.dirname(OLD_NODE)}:${process.env.PATH}` };

/**
 * How the user sees `sentence` in the run's output. The CLI's non-interactive display prints a
 * resource's error on each progress row it prints for the resource afterwards (its status column),
 * and once in the Diagnostics section: that is its structure, for any error. So: one copy in
 * Diagnostics, and no copy elsewhere but one per such progress row (no `X: X`, no stderr echo).
 */
function seen(result: CliResult, sentence: string) {
    if (process.env.DUMP_CLI_OUTPUT) fs.appendFileSync(process.env.DUMP_CLI_OUTPUT, `\n===== ${sentence}\n${result.output}`);
    const count = (text: string) => text.replace(/\s+/g, " ").split(sentence).length - 1;
    const [progress, diagnosticsAndAfter = ""] = result.output.split("\nDiagnostics:\n");
    const [diagnostics, summary = ""] = diagnosticsAndAfter.split(/\n(?=Resources:\n)/);
    // A progress row: an operation column, then the resource's type and name, then its status.
    const rows = progress.split("\n").filter((line) => /^ [ +\-~]{2} \S+:\S+ \S+ /.test(line) && count(line) > 0);
    const copies = count(result.output);
    const stackLines = result.output.split("\n").filter((line) => /^\s+at \S/.test(line));
    // eslint-disable-next-line no-control-regex -- counts the terminal colour codes (ESC [), which are control characters
    const colourCodes = (result.output.match(/\x1b\[/g) ?? []).length;
    console.log(
        `${JSON.stringify(sentence.slice(0, 60))}: ${copies} copies (${count(diagnostics)} in Diagnostics, ${rows.length} on progress rows), ` +
            `${stackLines.length} stack lines, ${colourCodes} colour codes`,
    );
    return {
        failed: result.status !== 0,
        inDiagnostics: count(diagnostics),
        outsideDiagnosticsAndRows: copies - count(diagnostics) - rows.length,
        onOneRowTwice: rows.filter((row) => count(row) > 1),
        inSummary: count(summary),
        stackLines,
        colourCodes,
    };
}

const ONCE = { failed: true, inDiagnostics: 1, outsideDiagnosticsAndRows: 0, onOneRowTwice: [], inSummary: 0, stackLines: [], colourCodes: 0 };

describe("one copy of each error, no stack, no colour codes", () => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("the credentials check at preview (check)", async () => {
        world = await startCliWorld(aws as unknown as Cloud, { credentialsFrom: "config" });
        await world.program.setConfig("orgaccounts:awsSecretAccessKey", "wrong/secret+key-0042", { secret: true });
        world.program.write(world.declare("a", "acct-a") + world.declare("b", "acct-b"));
        expect(seen(await world.program.preview(), "AWS refused the credentials")).toEqual(ONCE);
    });

    test("bad settings (configure, then check)", async () => {
        world = await startCliWorld(huawei as unknown as Cloud);
        await world.program.setConfig("orgaccounts:huaweiSite", "mars");
        world.program.write(world.declare("a", "acct-a") + world.declare("b", "acct-b"));
        expect(seen(await world.program.preview(), "orgaccounts:huaweiSite (ORG_ACCOUNTS_HUAWEI_SITE) must be")).toEqual(ONCE);
        expect(world.emulator.requests.all()).toEqual([]);
    });

    test("the destroy refusal (delete), an old Node in the plugin host, the package missing from the program's folder", async () => {
        // Huawei refuses to remove an account created in the organization (its default rules).
        world = await startCliWorld(huawei as unknown as Cloud);
        const { program } = world;
        program.write(world.declare("a", "acct-refused", { onDelete: "remove" }));
        expectSuccess(await program.up());

        const refused = await program.destroy();
        expect.soft(seen(refused, "RemoveAccount was refused: HTTP 400 Organizations.1330")).toEqual(ONCE);

        const version = spawnSync(OLD_NODE, ["--version"], { encoding: "utf8" }).stdout.trim();
        expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeLessThan(22);
        world.mark();
        const onOldNode = await program.cli(["destroy", "--yes", "--skip-preview"], OLD_NODE_ON_PATH);
        expect.soft(seen(onOldNode, `pulumi-org-accounts needs Node.js 22.19.0 or newer, and this program runs on Node.js ${version.slice(1)}`)).toEqual(ONCE);
        expect(world.writes()).toEqual([]);

        // A CI job that runs `pulumi destroy` without installing the program's dependencies.
        fs.rmSync(path.join(program.dir, "node_modules", "pulumi-org-accounts"));
        const missing = await program.destroy();
        expect
            .soft(
                seen(
                    missing,
                    `The package pulumi-org-accounts is not installed where this program runs: Node.js cannot resolve "pulumi-org-accounts/dist/provider/dynamicHost" from ${program.dir}; run \`npm install\` in ${program.dir}, then run the Pulumi command again.`,
                ),
            )
            .toEqual(ONCE);
        expect.soft(missing.output).not.toContain("Cannot find module");
        expect(world.writes()).toEqual([]);
        expect(await program.resources(world.className)).toHaveLength(1);
    });

    test("a status function's error in a program (RunError)", async () => {
        world = await startCliWorld(huawei as unknown as Cloud);
        world.program.write(
            `const { listCreateAccountStatuses } = require("pulumi-org-accounts");\nexports.failed = listCreateAccountStatuses({ cloud: "huawei", since: "last week" });\n`,
        );
        expect(seen(await world.program.preview(), 'since: "last week" is neither an age with its unit')).toEqual(ONCE);
        expect(world.emulator.requests.all()).toEqual([]);
    });

    test("an old Node running the program (RunError)", async () => {
        world = await startCliWorld(huawei as unknown as Cloud);
        world.program.write(world.declare("a", "acct-old-node"));
        const up = await world.program.cli(["up", "--yes", "--skip-preview"], OLD_NODE_ON_PATH);
        expect(seen(up, "pulumi-org-accounts needs Node.js 22.19.0 or newer")).toEqual(ONCE);
        expect(world.emulator.requests.all()).toEqual([]);
    });
});
