"use strict";
// Both emulators in a process of their own (for bench/run.ts's throughput measurement), so the
// client that loads them and the emulator do not share one event loop. No request logging to
// stdout/stderr. Prints one JSON line, then runs until SIGTERM.
const path = require("node:path");
const { startHuaweiEmulator, startAwsEmulator } = require(path.join(__dirname, "..", "dist", "emulator"));

async function main() {
    const huawei = await startHuaweiEmulator({ creationDelayMs: 0 });
    const aws = await startAwsEmulator({ creationDelayMs: 0 });
    process.stdout.write(
        JSON.stringify({
            huawei: { url: huawei.url, credentials: huawei.credentials },
            aws: { url: aws.url, region: aws.region, credentials: aws.credentials },
        }) + "\n",
    );
    const stop = async () => {
        await huawei.close();
        await aws.close();
        process.exit(0);
    };
    process.on("SIGTERM", () => void stop());
    process.on("SIGINT", () => void stop());
}

main().catch((error) => {
    process.stderr.write(`emulator-child: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
});
