// The wait for a closed account to show as closing, at `pulumi destroy`: its deadline says the last
// state seen and the way out, and that way out (destroy again later) finishes the deletion.
import { afterEach, describe, expect, test } from "vitest";
import { AccountLifecycle } from "../../provider/host/lifecycle/accountLifecycle";
import { AwsBackend } from "../../provider/clouds/aws/backend";
import { awsAccountKind } from "../../provider/host/kinds/aws";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator } from "../../emulator/huawei/server";
import { HuaweiBackend } from "../../provider/clouds/huawei/backend";
import { huaweiAccountKind } from "../../provider/host/kinds/huawei";
import { readSettings } from "../../provider/host/config/settings";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
    while (closers.length) await closers.pop()!();
});

const settings = readSettings({ get: () => undefined }, {});
const options = { poll: { initialMs: 50, maxMs: 100, factor: 1.5 }, log: () => undefined };
/** The account's close is accepted at once but shows only after this long (as AWS's reads lag). */
const CLOSE_SHOWS_AFTER_MS = 2_500;

async function aws() {
    const emulator: AwsEmulator = await startAwsEmulator({ closeAcceptDelayMs: CLOSE_SHOWS_AFTER_MS, closeDelayMs: 60_000 });
    closers.push(() => emulator.close());
    const backend = new AwsBackend({ endpoint: emulator.url, region: emulator.region, ...emulator.credentials }, {});
    const accountId = emulator.state.addAccount({ name: "slow-close", email: "slow-close@example.com" });
    const lifecycle = new AccountLifecycle(awsAccountKind, settings, options, backend);
    return { lifecycle, accountId, closes: () => emulator.requests.byOperation("CloseAccount").length, gone: '"pending_closure" or "closed"' };
}

async function huawei() {
    const emulator: HuaweiEmulator = await startHuaweiEmulator({ closeAcceptDelayMs: CLOSE_SHOWS_AFTER_MS, closeDelayMs: 60_000 });
    closers.push(() => emulator.close());
    const backend = HuaweiBackend.fromOptions({ endpoint: emulator.url, accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey, env: {} });
    const accountId = emulator.state.addAccount({ name: "slow-close", email: "slow-close@example.com", parentId: emulator.rootId });
    const lifecycle = new AccountLifecycle(huaweiAccountKind, settings, options, backend);
    return { lifecycle, accountId, closes: () => emulator.requests.byOperation("CloseAccount").length, gone: '"pending_closure", "suspended" or "closed"' };
}

describe.each([
    { cloud: "aws", start: aws },
    { cloud: "huawei", start: huawei },
])("$cloud: the close wait's deadline", ({ start }) => {
    test("names the last state seen and the way out; following it finishes the deletion", async () => {
        const { lifecycle, accountId, closes, gone } = await start();
        const props = { name: "slow-close", email: "slow-close@example.com", owner: "p/s/r", onDelete: "close", timeouts: { delete: "1s" }, accountId };
        const error = await lifecycle.delete("the-id", props).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(
            new RegExp(
                `^timed out after 1s waiting for account ${accountId} to close; the last state seen was "active"\\. The close was accepted and goes on without Pulumi: ` +
                    `run \`pulumi destroy\` again in a few minutes \\(the close it sends meets the one under way, and the deletion ends once the account shows ${gone}\\)$`,
            ),
        );
        expect(closes()).toBe(1);
        // The way out, once the close shows.
        await new Promise((resolve) => setTimeout(resolve, CLOSE_SHOWS_AFTER_MS));
        await lifecycle.delete("the-id", props);
        expect(closes()).toBe(2);
    });
});
