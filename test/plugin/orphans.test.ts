// No orphans: the plugin exits when its engine goes away. A SIGKILLed `pulumi up` (mid-creation)
// leaves no `pulumi-resource-orgaccounts` process behind; nor does an engine whose gRPC address
// stops answering.
import { afterAll, expect, inject, test } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import { aws } from "../../harness/pluginHost/clouds";
import { PulumiProgram } from "../../harness/cli/workspace";
import { PLUGIN_PATH, startNativePlugin, usePlugin } from "../../harness/plugin/nativePlugin";

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
});

/** Live processes running the plugin, with their parent pid. */
function pluginProcesses(): Array<{ pid: number; ppid: number }> {
    const found: Array<{ pid: number; ppid: number }> = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes(PLUGIN_PATH)) continue;
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            if (state !== "Z") found.push({ pid: Number(entry), ppid: Number(ppid) });
        } catch {
            // ended meanwhile
        }
    }
    return found;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (condition()) return true;
        await new Promise((r) => setTimeout(r, 100));
    }
    return condition();
}

test("a SIGKILLed `pulumi up` leaves no plugin process", async () => {
    const emulator = await aws.startEmulator({ creationDelayMs: 60_000 });
    cleanup.push(() => emulator.close());
    const program = await PulumiProgram.create({
        cliDir: inject("pulumiCliDir"),
        env: { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200", ...aws.env(emulator) },
        source: `new pulumi.CustomResource("orgaccounts:index:AwsAccount", "slow", { name: "acct-slow", email: "acct-slow@example.com", accountId: undefined });\n`,
    });
    cleanup.push(() => program.remove());
    usePlugin(program);
    const running = await program.start(["up", "--yes", "--skip-preview"]);
    await running.waitForOutput(/slow\s+creating/, 60_000);
    const cli = running.child.pid!;
    const plugins = pluginProcesses().filter((p) => p.ppid === cli);
    expect(plugins.length).toBeGreaterThan(0);

    running.child.kill("SIGKILL");
    await running.done;
    const gone = await until(() => pluginProcesses().every((p) => !plugins.some((q) => q.pid === p.pid)), 5_000);
    expect(gone, `plugin processes still running 5 s after the CLI was killed: ${JSON.stringify(pluginProcesses())}`).toBe(true);
});

test("the plugin exits when its engine's address stops answering", async () => {
    const sockets = new Set<net.Socket>();
    const engine = net.createServer((socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    const port = (engine.address() as net.AddressInfo).port;
    const plugin = await startNativePlugin({ engineAddress: `127.0.0.1:${port}` });
    cleanup.push(() => plugin.close());
    // It has seen its engine answer; then the engine goes away.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(plugin.child.exitCode).toBeNull();
    await new Promise<void>((resolve) => {
        engine.close(() => resolve());
        for (const socket of sockets) socket.destroy();
    });
    const exited = await Promise.race([plugin.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 8_000))]);
    expect(exited).toBe(true);
});
