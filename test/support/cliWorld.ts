// A CLI test world: one cloud's emulator and a generated program pointed at it through the
// environment (or stack config), run by the real Pulumi CLI the global setup found or built
// (test/support/globalSetup.ts). The world itself is harness/cli/worldAt.ts, free of vitest.
import { inject } from "vitest";
import type { Cloud, Emulator } from "../../harness/pluginHost/clouds";
import { startCliWorldAt, type CliWorld, type CliWorldOptions } from "../../harness/cli/worldAt";

export { DELETABLE, type CliWorld, type CliWorldOptions } from "../../harness/cli/worldAt";

export function startCliWorld<E extends Emulator>(cloud: Cloud<E>, options: CliWorldOptions = {}): Promise<CliWorld<E>> {
    return startCliWorldAt(inject("pulumiCliDir"), cloud, options);
}
