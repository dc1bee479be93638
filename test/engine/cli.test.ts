// Where the Pulumi CLI is on PATH, the example program through the real CLI with a local file
// backend: preview, up, a second up with no change, refresh, destroy. Skipped where it is not
// (it cannot be installed on the project's machines; the plugin-host scenarios cover the engine).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAwsEmulator, type AwsEmulator } from "../../provider/emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator } from "../../provider/emulator/huawei/server";
import { aws, huawei } from "./clouds";
import { REPO_ROOT } from "./world";

const hasCli = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasCli)("the example through the Pulumi CLI", () => {
    let huaweiEmulator: HuaweiEmulator;
    let awsEmulator: AwsEmulator;
    let env: NodeJS.ProcessEnv;

    const pulumi = (...args: string[]) => {
        const result = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: REPO_ROOT, env, encoding: "utf8" });
        return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    };

    beforeAll(async () => {
        huaweiEmulator = await startHuaweiEmulator({ creationDelayMs: 300 });
        awsEmulator = await startAwsEmulator({ creationDelayMs: 300 });
        const backend = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-cli-"));
        env = {
            ...process.env,
            ...huawei.env(huaweiEmulator),
            ...aws.env(awsEmulator),
            ORG_ACCOUNTS_POLL_INITIAL_MS: "50",
            ORG_ACCOUNTS_POLL_MAX_MS: "200",
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: "test",
        };
        expect(pulumi("stack", "init", "cli-test").status).toBe(0);
        expect(pulumi("config", "set", "productionOu", huaweiEmulator.defaultOuId).status).toBe(0);
        expect(pulumi("config", "set", "awsWorkloadsOu", awsEmulator.defaultOuId).status).toBe(0);
    });

    afterAll(async () => {
        pulumi("stack", "rm", "--yes", "--force", "cli-test");
        await huaweiEmulator?.close();
        await awsEmulator?.close();
    });

    test("preview, up, up again, refresh, destroy", () => {
        expect(pulumi("preview").status).toBe(0);
        expect(huaweiEmulator.requests.byOperation("CreateAccount")).toHaveLength(0);

        const up = pulumi("up", "--yes");
        expect(up.status, up.output).toBe(0);
        expect(huaweiEmulator.requests.byOperation("CreateAccount")).toHaveLength(2);
        expect(awsEmulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        const outputs = JSON.parse(spawnSync("pulumi", ["stack", "output", "--json"], { cwd: REPO_ROOT, env, encoding: "utf8" }).stdout);
        expect(outputs.sandboxAccountId).toMatch(/^[0-9a-f]{32}$/);
        expect(outputs.awsWorkloadsAccountId).toMatch(/^\d{12}$/);

        const again = pulumi("up", "--yes", "--expect-no-changes");
        expect(again.status, again.output).toBe(0);
        expect(pulumi("refresh", "--yes", "--expect-no-changes").status).toBe(0);
        expect(pulumi("destroy", "--yes").status).toBe(0);
    });
});
