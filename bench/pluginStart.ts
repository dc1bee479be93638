// The native plugin's start as every `pulumi preview` and `up` pays it, once per provider instance:
// spawn → port line, and spawn → first Check answered (Configure sent first, as the engine does),
// beside the dynamic-provider plugin host running the echo fixture (harness/pluginHost/echoFixture.js),
// measured the same way in the same run, interleaved. Goal: the plugin's first Check at most 0.5 × the
// fixture's. `npx tsx bench/pluginStart.ts [repetitions]`; `benchPluginStart` for bench/run.ts.
import * as path from "node:path";
import { ProviderClient, registerWithMocks, startPluginHost } from "../harness/pluginHost/engine";
import { loadProgramModule } from "../harness/pluginHost/deps";
import { aws, huawei, type Cloud, type Emulator } from "../harness/pluginHost/clouds";
import { PROJECT, REPO_ROOT, STACK } from "../harness/pluginHost/world";
import { NativeClient, startNativePlugin } from "../harness/plugin/nativePlugin";
import { now, r0, r2 } from "./util";

interface Sample {
    portLineMs: number;
    firstCheckMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs: Sample[]) => ({
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

export async function benchPluginStart(repetitions: number) {
    const fixtureDir = path.join(REPO_ROOT, "harness", "pluginHost");
    const { Echo } = loadProgramModule<{ Echo: new (name: string, args: { name: string }) => unknown }>(path.join(fixtureDir, "echoFixture.js"), "./echoFixture.js");
    const [echo] = await registerWithMocks(() => new Echo("a", { name: "a" }), { project: PROJECT, stack: STACK });
    const fixtureStart = async (): Promise<Sample> => {
        const t0 = now();
        const host = await startPluginHost({ cwd: fixtureDir, project: PROJECT, stack: STACK });
        const client = new ProviderClient(host.address, { deadlineMs: 60_000 });
        try {
            await client.configure({});
            await client.check(echo.urn, {}, echo.inputs);
            return { portLineMs: host.startMs, firstCheckMs: now() - t0 };
        } finally {
            client.close();
            await host.close();
        }
    };
    const emulators = { huawei: await huawei.startEmulator({}), aws: await aws.startEmulator({}) };
    const samples: Record<string, Sample[]> = { HuaweiAccount: [], AwsAccount: [], HuaweiAccountSkip: [], AwsAccountSkip: [], echoFixture: [] };
    try {
        for (let i = 0; i < repetitions; i++) {
            samples.HuaweiAccount.push(await pluginStart(huawei, emulators.huawei, false));
            samples.AwsAccount.push(await pluginStart(aws, emulators.aws, false));
            samples.HuaweiAccountSkip.push(await pluginStart(huawei, emulators.huawei, true));
            samples.AwsAccountSkip.push(await pluginStart(aws, emulators.aws, true));
            samples.echoFixture.push(await fixtureStart());
        }
    } finally {
        await emulators.huawei.close();
        await emulators.aws.close();
    }
    const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)]));
    const fixture = result.echoFixture.firstCheckMs;
    const ratios = Object.fromEntries(
        Object.keys(samples)
            .filter((k) => k !== "echoFixture")
            .map((k) => [k, r2(result[k].firstCheckMs / fixture)]),
    );
    return { repetitions, ...result, overFixture: ratios, goal: 0.5, goalMet: Object.values(ratios).every((r) => r <= 0.5) };
}

if (process.argv[1] && /pluginStart\.ts$/.test(process.argv[1])) {
    benchPluginStart(Number(process.argv[2] ?? 5)).then(
        (result) => console.log(JSON.stringify(result, null, 2)),
        (error: unknown) => {
            console.error(error);
            process.exit(1);
        },
    );
}
