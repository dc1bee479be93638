// The native plugin's start as every `pulumi preview` and `up` pays it, once per provider instance:
// spawn → port line, and spawn → first Check answered (Configure sent first, as the engine does),
// beside the dynamic-provider plugin host running the echo fixture (harness/pluginHost/echoFixture.js)
// and running this package's own dynamic resources, measured the same way in the same run,
// interleaved. Goal: the plugin's first Check at most 0.5 × the echo fixture's.
// `npx tsx bench/pluginStart.ts [repetitions]`; `benchPluginStart` for bench/run.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderClient, registerWithMocks, startPluginHost, type Registered } from "../harness/pluginHost/engine";
import { loadProgramModule } from "../harness/pluginHost/deps";
import { aws, huawei, type Cloud, type Emulator } from "../harness/pluginHost/clouds";
import { PROJECT, REPO_ROOT, STACK } from "../harness/pluginHost/world";
import { NativeClient, startNativePlugin } from "../harness/plugin/nativePlugin";
import { now, progress, r0, r2 } from "./util";

interface Sample {
    portLineMs: number;
    firstCheckMs: number;
}

export interface StartSummary {
    portLineMs: number;
    firstCheckMs: number;
    samplesFirstCheckMs: number[];
}

/** The plugin's goal: its first Check at most this × the echo fixture's. */
export const PLUGIN_START_GOAL = 0.5;

export const PLUGIN_START_DEFINITION =
    "spawn → port line, and spawn → first Check answered (Configure sent first, as the engine does), median of the repetitions, all interleaved in one run: " +
    "the native plugin (bin/pulumi-resource-orgaccounts) with and without the credentials check (ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION), " +
    "the dynamic plugin host with this package's dynamic resources, and the dynamic plugin host with the echo fixture (harness/pluginHost/echoFixture.js); " +
    "the first Check of an account proves the credentials with one read of an emulator";

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs: Sample[]): StartSummary => ({
    portLineMs: r0(median(xs.map((x) => x.portLineMs))),
    firstCheckMs: r0(median(xs.map((x) => x.firstCheckMs))),
    samplesFirstCheckMs: xs.map((x) => r0(x.firstCheckMs)),
});

async function pluginStart(cloud: Cloud, emulator: Emulator, skipCredentialsCheck: boolean): Promise<Sample> {
    const plugin = await startNativePlugin({ env: { ...cloud.env(emulator), ...(skipCredentialsCheck ? { ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "true" } : {}) } });
    const client = new NativeClient(plugin.address, { deadlineMs: 60_000 });
    try {
        await client.configure({});
        const token = `orgaccounts:index:${cloud.typeToken.split(":").pop()}`;
        const checked = await client.check(`urn:pulumi:${STACK}::${PROJECT}::${token}::a`, {}, { name: "a", ...cloud.baseArgs("a") });
        if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        return { portLineMs: plugin.startMs, firstCheckMs: now() - plugin.spawnedAt };
    } finally {
        client.close();
        await plugin.close();
    }
}

/** The dynamic plugin host started in `cwd`, Configure then Check of `reg`. */
async function hostStart(cwd: string, reg: Registered, env: Record<string, string>): Promise<Sample> {
    const t0 = now();
    const host = await startPluginHost({ cwd, project: PROJECT, stack: STACK, env });
    const client = new ProviderClient(host.address, { deadlineMs: 60_000 });
    try {
        await client.configure({});
        const checked = await client.check(reg.urn, {}, reg.inputs);
        if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        return { portLineMs: host.startMs, firstCheckMs: now() - t0 };
    } finally {
        client.close();
        await host.close();
    }
}

export async function benchPluginStart(repetitions: number) {
    const fixtureDir = path.join(REPO_ROOT, "harness", "pluginHost");
    const { Echo } = loadProgramModule<{ Echo: new (name: string, args: { name: string }) => unknown }>(path.join(fixtureDir, "echoFixture.js"), "./echoFixture.js");
    const [echo] = await registerWithMocks(() => new Echo("a", { name: "a" }), { project: PROJECT, stack: STACK });
    const [hw] = await registerWithMocks(() => new huawei.Resource("a", { name: "a", ...huawei.baseArgs("a") }), { project: PROJECT, stack: STACK });
    const [aw] = await registerWithMocks(() => new aws.Resource("a", { name: "a", ...aws.baseArgs("a") }), { project: PROJECT, stack: STACK });
    const emulators = { huawei: await huawei.startEmulator({}), aws: await aws.startEmulator({}) };
    const samples = {
        plugin: { HuaweiAccount: [] as Sample[], AwsAccount: [] as Sample[] },
        pluginWithoutCredentialsCheck: { HuaweiAccount: [] as Sample[], AwsAccount: [] as Sample[] },
        dynamicHost: { HuaweiAccount: [] as Sample[], AwsAccount: [] as Sample[] },
        echoFixture: [] as Sample[],
    };
    progress(`plugin start ×${repetitions} (the plugin with and without the credentials check, the dynamic host, the echo fixture; interleaved)`);
    try {
        for (let i = 0; i < repetitions; i++) {
            samples.plugin.HuaweiAccount.push(await pluginStart(huawei, emulators.huawei, false));
            samples.plugin.AwsAccount.push(await pluginStart(aws, emulators.aws, false));
            samples.pluginWithoutCredentialsCheck.HuaweiAccount.push(await pluginStart(huawei, emulators.huawei, true));
            samples.pluginWithoutCredentialsCheck.AwsAccount.push(await pluginStart(aws, emulators.aws, true));
            samples.dynamicHost.HuaweiAccount.push(await hostStart(REPO_ROOT, hw, huawei.env(emulators.huawei)));
            samples.dynamicHost.AwsAccount.push(await hostStart(REPO_ROOT, aw, aws.env(emulators.aws)));
            samples.echoFixture.push(await hostStart(fixtureDir, echo, {}));
        }
    } finally {
        await emulators.huawei.close();
        await emulators.aws.close();
    }
    const fixture = summary(samples.echoFixture);
    const row = (xs: Sample[]) => {
        const s = summary(xs);
        return { ...s, overFixture: r2(s.firstCheckMs / fixture.firstCheckMs) };
    };
    const group = (g: { HuaweiAccount: Sample[]; AwsAccount: Sample[] }) => ({ HuaweiAccount: row(g.HuaweiAccount), AwsAccount: row(g.AwsAccount) });
    const plugin = group(samples.plugin);
    return {
        repetitions,
        /** Whether the plugin ran from its bundle (dist/provider/plugin/bundle.js, made by `npm run build`) rather than from tsc's modules. */
        bundled: fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "plugin", "bundle.js")),
        plugin,
        pluginWithoutCredentialsCheck: group(samples.pluginWithoutCredentialsCheck),
        dynamicHost: group(samples.dynamicHost),
        echoFixture: fixture,
        goal: PLUGIN_START_GOAL,
        /** Judged on the plugin as a user runs it (the credentials check on). */
        goalMet: plugin.HuaweiAccount.overFixture <= PLUGIN_START_GOAL && plugin.AwsAccount.overFixture <= PLUGIN_START_GOAL,
    };
}

export type PluginStart = Awaited<ReturnType<typeof benchPluginStart>>;

if (process.argv[1] && /pluginStart\.ts$/.test(process.argv[1])) {
    benchPluginStart(Number(process.argv[2] ?? 5)).then(
        (result) => console.log(JSON.stringify(result, null, 2)),
        (error: unknown) => {
            console.error(error);
            process.exit(1);
        },
    );
}
