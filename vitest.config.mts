import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The real Pulumi CLI, found or built once before any test (test/support/globalSetup.ts).
        globalSetup: ["test/support/globalSetup.ts"],
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
