#!/usr/bin/env node
// `pulumi-resource-orgaccounts`: the plugin the Pulumi CLI starts, one process per provider
// instance, with the engine's address as its first argument. Its first stdout line is the port it
// listens on, as every plugin's (https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/plugin.go).
import * as nodeModule from "node:module";
import { ProviderServer } from "./server";
import { sendProgressTo } from "../host/progress";

/**
 * Node writes the compile cache that bin/pulumi-resource-orgaccounts enables when the process exits
 * normally (https://nodejs.org/api/module.html#moduleflushcompilecache); a plugin stopped by a
 * signal never gets there, and its next start would compile every module again. Written here once
 * the first calls have loaded their modules, then now and again for modules loaded later.
 */
function keepCompileCache(): void {
    const flush = () => (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
    setTimeout(flush, 1_000).unref();
    setInterval(flush, 15_000).unref();
}

async function main(): Promise<void> {
    const engineAddress = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
    const server = new ProviderServer({ engineAddress });
    sendProgressTo((line) => server.engineLog.write(line));
    const { port } = await server.listen();
    process.stdout.write(`${port}\n`);
    // The engine's first calls (CheckConfig, Configure, Check) need the settings and the lifecycle: loaded
    // now, while the engine starts its other plugins, rather than within its first call.
    setImmediate(() => void import("./instance"));
    keepCompileCache();
}

main().catch((error: unknown) => {
    console.error(`pulumi-resource-orgaccounts: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
