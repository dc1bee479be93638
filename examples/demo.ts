// `npm run demo`: the example program's preview, up, refresh and destroy against the emulator.
// With the Pulumi CLI on PATH it runs the real CLI (local file backend); without it, it drives the
// real plugin host over gRPC as the engine does (test/harness), printing what a user would see.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startAwsEmulator, type AwsEmulator } from "../provider/emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator } from "../provider/emulator/huawei/server";
import { containsUnknown } from "../provider/resources/inputs";
import { EngineSession, ProviderClient, registerWithMocks, startPluginHost, type Registered, type Step } from "../test/harness/engine";
import { loadProgramModule } from "../test/harness/deps";

const ROOT = path.resolve(__dirname, "..");
const PROJECT = "org-accounts-example";
const STACK = "demo";

async function main(): Promise<void> {
    const emulators: Emulators = {
        huawei: await startHuaweiEmulator({ creationDelayMs: 2_000, closeDelayMs: 500 }),
        aws: await startAwsEmulator({ creationDelayMs: 2_000, closeDelayMs: 500 }),
    };
    const { huawei, aws } = emulators;
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
        if (hasPulumiCli()) await runWithCli(config, env);
        else await runWithPluginHost(config, env);
        console.log("\nAccounts left in the emulators (production is retained by its onDelete policy):");
        for (const a of huawei.state.accounts().filter((a) => a.name.startsWith("team-a-"))) console.log(`    huawei  ${a.name}  ${a.id}  ${a.status}`);
        for (const a of aws.state.accounts().filter((a) => a.name.startsWith("Team A"))) console.log(`    aws     ${a.name}  ${a.id}  ${a.state}`);
    } finally {
        await Promise.all([huawei.close(), aws.close()]);
    }
}

interface Emulators {
    huawei: HuaweiEmulator;
    aws: AwsEmulator;
}

function hasPulumiCli(): boolean {
    return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

async function runWithCli(config: Record<string, string>, env: Record<string, string>): Promise<void> {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "org-accounts-demo-"));
    const cliEnv = { ...process.env, ...env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "demo" };
    const pulumi = (...args: string[]) => {
        console.log(`$ pulumi ${args.join(" ")}`);
        const result = spawnSync("pulumi", args, { cwd: ROOT, env: cliEnv, stdio: "inherit" });
        if (result.status !== 0) throw new Error(`pulumi ${args[0]} failed`);
    };
    pulumi("stack", "init", STACK);
    for (const [key, value] of Object.entries(config)) pulumi("config", "set", key, value);
    pulumi("preview");
    pulumi("up", "--yes");
    pulumi("stack", "output");
    pulumi("refresh", "--yes");
    pulumi("destroy", "--yes");
    pulumi("stack", "rm", "--yes", STACK);
}

async function runWithPluginHost(config: Record<string, string>, env: Record<string, string>): Promise<void> {
    console.log("No Pulumi CLI on PATH: driving the real plugin host over gRPC, as the engine does.\n");
    const program = loadProgramModule(path.join(ROOT, "dist", "examples", "index.js"), "./index.js") as () => unknown;
    const host = await startPluginHost({ cwd: ROOT, project: PROJECT, stack: STACK, env, onStderrLine: (line) => line !== "Terminated" && console.log(`    ${line}`) });
    const client = new ProviderClient(host.address, { deadlineMs: 30 * 60_000 });
    await client.configure({});
    const session = new EngineSession(client);
    const register = (preview: boolean) =>
        registerWithMocks(() => collectResources(program), {
            project: PROJECT,
            stack: STACK,
            preview,
            config: Object.fromEntries(Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value])),
            knownOutputs: (type, name) => [...session.state.values()].find((e) => e.type === type && e.name === name)?.outputs,
        });
    try {
        console.log(`Previewing update (${STACK}):`);
        printSteps(await session.preview(await register(true)));

        console.log(`\nUpdating (${STACK}):`);
        const steps = await upInDependencyOrder(session, register);
        printSteps(steps);
        printOutputs(session);

        console.log(`\nRefreshing (${STACK}):`);
        printSteps(await session.refresh());

        console.log(`\nDestroying (${STACK}):`);
        printSteps(await session.destroy());
    } finally {
        client.close();
        await host.close();
    }
}

/** Runs the program, returning its resources so registration can be awaited. */
function collectResources(program: () => unknown): unknown[] {
    program();
    return [];
}

/**
 * The engine creates a resource once its inputs are known: here, the production account waits for
 * the sandbox account's id. Each pass deploys what is ready, then runs the program again with the
 * outputs now known.
 */
async function upInDependencyOrder(session: EngineSession, register: (preview: boolean) => Promise<Registered[]>): Promise<Step[]> {
    const done: Step[] = [];
    for (let pass = 0; pass < 10; pass++) {
        const resources = await register(true);
        const ready = resources.filter((r) => !containsUnknown(r.inputs));
        const pending = resources.filter((r) => containsUnknown(r.inputs) && !session.get(r));
        const steps = await session.up(ready);
        for (const step of steps) {
            const seen = done.findIndex((d) => d.urn === step.urn);
            if (seen >= 0 && step.op === "same") continue;
            if (seen >= 0) done.splice(seen, 1);
            done.push(step);
            if (step.error) return done;
        }
        if (pending.length === 0) return done;
    }
    throw new Error("the program's resources never became ready");
}

const SYMBOLS: Record<string, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " ", refresh: "~", "read-gone": "-" };

function printSteps(steps: Step[]): void {
    for (const step of steps) {
        const name = step.urn.split("::").pop();
        const type = step.urn.split("::")[2];
        const detail = step.error
            ? `error: ${step.error.message}`
            : step.failures?.length
              ? `check failed: ${step.failures.map((f) => f.reason).join("; ")}`
              : [step.op, step.id ? `id=${step.id}` : "", step.outputs?.accountId ? `accountId=${step.outputs.accountId}` : ""].filter(Boolean).join(" ");
        console.log(` ${(SYMBOLS[step.op] ?? "?").padEnd(2)} ${type}  ${name}  ${detail}`);
    }
}

function printOutputs(session: EngineSession): void {
    console.log("Outputs:");
    for (const entry of session.state.values()) {
        const o = entry.outputs;
        console.log(`    ${entry.name}: accountId=${o.accountId} ${o.status ? `status=${o.status}` : `state=${o.state}`} parentId=${o.parentId}`);
        if (o.description) console.log(`        description: ${o.description}`);
        if (o.arn) console.log(`        arn: ${o.arn}`);
        if (o.tags && Object.keys(o.tags).length > 0) console.log(`        tags: ${JSON.stringify(o.tags)}`);
    }
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
