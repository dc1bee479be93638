import { defineConfig } from "vitest/config";

// The fast tier: the provider logic in-process, the emulators, the clients and the pure modules.
// No Pulumi CLI, no plugin host process, no process kills (`npm run test:fast`).
export default defineConfig({
    test: {
        include: ["test/{unit,lifecycle,status,emulator,huawei,aws}/**/*.test.ts"],
        // Most of these tests wait on timers (polls against a plan), not on the CPU: more files at once.
        maxWorkers: 2,
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
