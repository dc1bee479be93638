// A test world per test, closed after each: for suites whose every test starts its own.
import { afterEach } from "vitest";
import type { Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, type World, type WorldOptions } from "../../harness/pluginHost/world";

/** Call in a describe block; the returned function starts the test's world. */
export function worldPerTest(cloud: Cloud): (options?: WorldOptions) => Promise<World> {
    let world: World | undefined;
    afterEach(async () => {
        await world?.close();
        world = undefined;
    });
    return async (options) => (world = await startWorld(cloud, options));
}
