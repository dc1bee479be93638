// What the real Huawei service refuses, arriving from the emulator at its documented limits, and
// what the provider makes of it through the real plugin host: queued, waited out, treated as done,
// or shown to the user with the reason and the way out.
import { afterEach, describe, expect, test } from "vitest";
import { assertOk, type Registered, stringProp } from "../../harness/pluginHost/engine";
import type { HuaweiEmulator } from "../../emulator/huawei/server";
import { huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, writesSince, type World, type WorldOptions } from "../../harness/pluginHost/world";

const cloud = huawei as unknown as Cloud;
let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

async function start(options?: WorldOptions): Promise<World & { emulator: HuaweiEmulator }> {
    world = await startWorld(cloud, options);
    return world as World & { emulator: HuaweiEmulator };
}

function fleet(w: World, count: number): Promise<Registered[]> {
    return w.program(() => {
        for (let i = 0; i < count; i++) new w.cloud.Resource(`fleet-${i}`, { name: `fleet-${i}`, email: `fleet-${i}@example.com` });
    });
}

/** As the engine does with its default parallelism: every create sent at once to one plugin host. */
function createConcurrently(w: World, resources: Registered[]) {
    return Promise.allSettled(
        resources.map(async (r) => {
            const checked = await w.client.check(r.urn, {}, r.inputs);
            expect(checked.failures).toEqual([]);
            return w.client.create(r.urn, checked.inputs);
        }),
    );
}

function rejections(results: PromiseSettledResult<unknown>[]): string[] {
    return results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => reasonText(r.reason));
}

/** A rejection's message (its reason itself when it has none). */
function reasonText(reason: unknown): string {
    const message = typeof reason === "object" && reason !== null && "message" in reason ? reason.message : undefined;
    return String(message ?? reason);
}

describe("HuaweiAccount against the 5-creations-in-progress limit", () => {
    test("30 accounts in one up: queued in the host (5 at a time), all succeed, no refusal, no duplicate", async () => {
        const w = await start({ creationDelayMs: 300 });
        const results = await createConcurrently(w, await fleet(w, 30));
        expect(rejections(results)).toEqual([]);
        const ids = results.map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
        expect(new Set(ids).size).toBe(30);
        const creates = w.emulator.requests.byOperation("CreateAccount");
        expect(creates).toHaveLength(30);
        expect(creates.filter((r) => r.status !== 202)).toEqual([]); // the host never reached the limit
        const accounts = w.cloud.accounts(w.emulator).filter((a) => a.name.startsWith("fleet-"));
        expect(accounts).toHaveLength(30);
        expect(new Set(accounts.map((a) => a.name)).size).toBe(30);
        expect(w.host.stderr().filter((line) => /refused/.test(line))).toEqual([]);
    });

    test("the limit reached anyway (a host allowed 12): refusals are waited out, never shown as errors", async () => {
        const w = await start({ creationDelayMs: 400, env: { ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS: "12" } });
        const results = await createConcurrently(w, await fleet(w, 12));
        expect(rejections(results)).toEqual([]);
        const creates = w.emulator.requests.byOperation("CreateAccount");
        const refused = creates.filter((r) => r.status === 400);
        expect(refused.length).toBeGreaterThan(0);
        expect(creates.filter((r) => r.status === 202)).toHaveLength(12);
        expect(w.cloud.accounts(w.emulator).filter((a) => a.name.startsWith("fleet-"))).toHaveLength(12);
        expect(w.host.stderr().some((line) => /Organizations\.1300.*again in/.test(line))).toBe(true);
    });
});

describe("HuaweiAccount creation refusals reach the user with what to do", () => {
    test("an email used by another account (closed ones too): failed creation with the advice", async () => {
        const w = await start();
        w.emulator.state.addAccount({ name: "someone-else", email: "taken@example.com" });
        const [step] = await w.session.up(await w.account("mine", { email: "taken@example.com" }));
        expect(step.error?.message).toMatch(/error\.2000 \(Failed to create the account\)\. Detail: The email address taken@example\.com is already used/);
        expect(step.error?.message).toMatch(/emails are never reused, not even those of closed accounts, so choose another email/);
        expect(w.session.state.size).toBe(0);
    });

    test("more than 19 user tags are refused at check, naming the field and the rule, with no API call", async () => {
        const w = await start();
        const mark = w.emulator.requests.all().length;
        const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"]));
        const [step] = await w.session.up(await w.account("tagged", { tags }));
        expect(step.failures).toEqual([{ property: "tags", reason: "tags: at most 19 tags (one more is reserved for the ownership marker); it has 20" }]);
        expect(w.emulator.requests.all().length).toBe(mark);
    });

    test("with the site known (china), an email without a phone is refused at check; neither uses the v2 create", async () => {
        const w = await start({ env: { ORG_ACCOUNTS_HUAWEI_SITE: "china" }, rules: { site: "china" } });
        const mark = w.emulator.requests.all().length;
        const [refused] = await w.session.up(await w.account("mainland"));
        expect(refused.failures).toEqual([
            { property: "phone", reason: expect.stringMatching(/^phone: is required on the Huawei Cloud Chinese Mainland site when email is given/) as unknown },
        ]);
        expect(w.emulator.requests.all().length).toBe(mark);

        const [created] = assertOk(await w.session.up(await w.account("mainland", { email: undefined })));
        expect(created.outputs!.accountId).toMatch(/^[0-9a-f]{32}$/);
        const creates = w.emulator.requests.byOperation("CreateAccount");
        expect(creates.map((r) => r.path)).toEqual(["/v2/organizations/accounts"]);
    });

    test("a status and an account not found right after submission and success (eventual consistency) are read again", async () => {
        const w = await start({ creationDelayMs: 900, rules: { consistencyDelayMs: 700 } });
        const [step] = assertOk(await w.session.up(await w.account("lagging")));
        expect(step.outputs!.accountId).toMatch(/^[0-9a-f]{32}$/);
        const statusReads = w.emulator.requests.byOperation("ShowCreateAccountStatus");
        expect(statusReads.some((r) => r.status === 404)).toBe(true);
        expect(w.emulator.requests.byOperation("ShowAccount").some((r) => r.status === 404)).toBe(true);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });
});

describe("HuaweiAccount destroy against the close and removal rules", () => {
    test("closing 5 at once: the 3-at-a-time refusal is waited out within the delete deadline", async () => {
        const w = await start({ closeDelayMs: 1_500, rules: { closeQuotaPercent: 0 } }); // only the 3-at-a-time rule
        const resources = await fleet(w, 5);
        const created = await createConcurrently(w, resources);
        expect(rejections(created)).toEqual([]);
        const deletes = await Promise.allSettled(
            created.map((c, i) => {
                const { id, properties } = (c as PromiseFulfilledResult<{ id: string; properties: Record<string, unknown> }>).value;
                return w.client.delete(resources[i].urn, id, properties);
            }),
        );
        expect(rejections(deletes)).toEqual([]);
        const closes = w.emulator.requests.byOperation("CloseAccount");
        expect(closes.some((r) => r.status === 400)).toBe(true); // refused: 3 closing already
        expect(closes.filter((r) => r.status === 200)).toHaveLength(5);
        expect(w.cloud.accounts(w.emulator).filter((a) => a.state === "active" && a.name.startsWith("fleet-"))).toEqual([]);
    });

    test("an account already being closed (Organizations.1325) is a successful close", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("closing")));
        w.emulator.state.setAccountState(stringProp(created.outputs, "accountId"), "pending_closure");
        const mark = w.emulator.requests.all().length;
        assertOk(await w.session.destroy());
        const closes = w.emulator.requests
            .all()
            .slice(mark)
            .filter((r) => r.operation === "CloseAccount");
        expect(closes.map((r) => r.status)).toEqual([400]);
        expect(w.session.state.size).toBe(0);
    });

    test("the 30-day close quota is shown with the way out", async () => {
        const w = await start({ rules: { closeQuotaPercent: 10, closeQuotaMax: 200 } });
        const [first] = assertOk(await w.session.up(await w.account("quota-a")));
        w.emulator.state.closeAccount(stringProp(first.outputs, "accountId")); // the one close 10% of 1 member allows
        const [second] = assertOk(await w.session.up(await w.account("quota-b")));
        const [step] = await w.session.destroy();
        expect(step.error?.message).toMatch(/Organizations\.1327/);
        expect(step.error?.message).toMatch(/set `onDelete: "retain"` on the resource; close the account later in the console/);
        expect(step.error?.message).toContain(`set onDelete to "retain" on this resource in the program, run \`pulumi up --target '${step.urn}'\``);
        expect(w.cloud.accounts(w.emulator).find((a) => a.id === second.outputs!.accountId)?.state).toBe("active");
    });

    test('removing an account created in the organization is refused (2024 guide) with the reason and the way out; onDelete "close" then works', async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("leaver", { onDelete: "remove" })));
        const [refused] = await w.session.destroy();
        expect(refused.error?.message).toMatch(/Organizations\.1330/);
        expect(refused.error?.message).toMatch(/an account created in it cannot/);
        expect(refused.error?.message).toMatch(/Set `onDelete: "close"` \(or `"retain"` to keep it in the organization\) on the resource\./);
        expect(refused.error?.message).toContain(`set onDelete to "close" or "retain" on this resource in the program, run \`pulumi up --target '${refused.urn}'\``);
        expect(refused.error?.message).not.toContain("`pulumi up`");
        expect(w.session.state.size).toBe(1);

        const mark = w.emulator.requests.all().length;
        assertOk(await w.session.up(await w.account("leaver", { onDelete: "close" })));
        expect(writesSince(w, mark)).toEqual([]);
        assertOk(await w.session.destroy());
        expect(w.cloud.accounts(w.emulator).find((a) => a.id === created.outputs!.accountId)?.state).not.toBe("active");
    });
});
