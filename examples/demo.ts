// `npm run demo`: the example program (examples/index.ts, the project in Pulumi.yaml) through the
// real Pulumi CLI (scripts/pulumi-cli.js finds or builds it) against both emulators, with a local
// file backend: preview, up, stack output, refresh, destroy.
import { createRequire } from "node:module";
import * as path from "node:path";
import { startAwsEmulator } from "../emulator/aws/server";
import { startHuaweiEmulator } from "../emulator/huawei/server";
import { expectSuccess, PulumiProgram } from "../harness/cli/workspace";

const ROOT = path.resolve(__dirname, "..");
const PROJECT = "org-accounts-example";
const STACK = "demo";

async function main(): Promise<void> {
    const huawei = await startHuaweiEmulator({ creationDelayMs: 2_000, closeDelayMs: 500 });
    const aws = await startAwsEmulator({ creationDelayMs: 2_000, closeDelayMs: 500 });
    console.log(`Huawei Cloud Organizations emulator on ${huawei.url} (root ${huawei.rootId}, production OU ${huawei.defaultOuId})`);
    console.log(`AWS Organizations emulator on ${aws.url} (root ${aws.rootId}, workloads OU ${aws.defaultOuId})\n`);
    const env = {
        HW_ACCESS_KEY: huawei.credentials.accessKey,
        HW_SECRET_KEY: huawei.credentials.secretKey,
        HW_ORGANIZATIONS_ENDPOINT: huawei.url,
        AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
        AWS_REGION: aws.region,
        AWS_ENDPOINT_URL_ORGANIZATIONS: aws.url,
        AWS_ENDPOINT_URL_ACCOUNT: aws.url,
        ORG_ACCOUNTS_POLL_INITIAL_MS: "250",
        ORG_ACCOUNTS_POLL_MAX_MS: "1000",
    };
    const config = { productionOu: huawei.defaultOuId, awsWorkloadsOu: aws.defaultOuId };
    try {
        await runWithCli(config, env);
        console.log("\nAccounts left in the emulators (production is retained by its onDelete policy):");
        for (const a of huawei.state.accounts().filter((a) => a.name.startsWith("team-a-"))) console.log(`    huawei  ${a.name}  ${a.id}  ${a.status}`);
        for (const a of aws.state.accounts().filter((a) => a.name.startsWith("Team A"))) console.log(`    aws     ${a.name}  ${a.id}  ${a.state}`);
    } finally {
        await Promise.all([huawei.close(), aws.close()]);
    }
}

async function runWithCli(config: Record<string, string>, env: Record<string, string>): Promise<void> {
    const { ensurePulumiCli } = createRequire(__filename)("../scripts/pulumi-cli.js") as { ensurePulumiCli: () => { dir: string; version: string } };
    const cli = ensurePulumiCli();
    console.log(`Pulumi CLI v${cli.version} (${cli.dir}), local file backend\n`);
    const program = await PulumiProgram.create({ cliDir: cli.dir, programDir: ROOT, project: PROJECT, stack: STACK, env });
    const pulumi = async (...args: string[]) => {
        console.log(`$ pulumi ${args.join(" ")}`);
        const result = expectSuccess(await program.cli(args));
        console.log(result.output.trim() + "\n");
    };
    try {
        for (const [key, value] of Object.entries(config)) await pulumi("config", "set", key, value);
        await pulumi("preview");
        await pulumi("up", "--yes", "--skip-preview");
        await pulumi("stack", "output");
        await pulumi("refresh", "--yes", "--skip-preview");
        await pulumi("destroy", "--yes", "--skip-preview");
        await pulumi("stack", "rm", "--yes", STACK);
    } finally {
        program.remove();
    }
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
