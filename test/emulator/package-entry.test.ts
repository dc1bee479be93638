// The emulators as a user's own test suite gets them: `pulumi-org-accounts/emulator`, resolved by
// the package's name through its `exports` (the built package, linked into node_modules).
import { createRequire } from "node:module";
import { expect, test } from "vitest";
import type * as EmulatorEntry from "../../emulator";

const requireFromRepo = createRequire(import.meta.url);

test("pulumi-org-accounts/emulator starts both emulators, each answering on loopback with its organization", async () => {
    const entry = requireFromRepo("pulumi-org-accounts/emulator") as typeof EmulatorEntry;
    const [aws, huawei] = await Promise.all([entry.startAwsEmulator(), entry.startHuaweiEmulator()]);
    try {
        for (const emulator of [aws, huawei]) {
            expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(emulator.rootId).toMatch(/^r-/);
            expect(emulator.defaultOuId).toMatch(/^ou-/);
        }
        // An unsigned request is refused as the cloud refuses it: the emulator is really serving.
        expect((await fetch(`${huawei.url}/v1/organizations/accounts`)).status).toBe(401);
        expect(huawei.requests.all()).toHaveLength(1);
    } finally {
        await Promise.all([aws.close(), huawei.close()]);
    }
});
