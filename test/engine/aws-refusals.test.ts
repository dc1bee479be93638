// AwsAccount through the real plugin host against an emulator that refuses what AWS refuses
// (emulator/aws/model.ts, AwsRefusalOptions): each refusal arrives from the emulator, and
// the user sees either success or the documented message with the way out.
import { afterEach, describe, expect, test } from "vitest";
import { assertOk, ProviderCallError, stringProp } from "../../harness/pluginHost/engine";
import type { AwsEmulator } from "../../emulator/aws/server";
import type { AwsRefusalOptions } from "../../emulator/aws/model";
import { aws, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, writesSince, type World, type WorldOptions } from "../../harness/pluginHost/world";

let world: World<AwsEmulator> | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

async function start(refusals: Partial<AwsRefusalOptions> = {}, options: WorldOptions = {}): Promise<World<AwsEmulator>> {
    world = (await startWorld(aws as unknown as Cloud, { ...options, emulator: { refusals } })) as unknown as World<AwsEmulator>;
    return world;
}

const statuses = (w: World<AwsEmulator>, operation: string) => w.emulator.requests.byOperation(operation).map((r) => r.status);
const accountOf = (w: World<AwsEmulator>, id: string) => w.emulator.state.accounts().find((a) => a.id === id);

describe('destroy of an account this provider created (default onDelete "remove")', () => {
    test("right after up: refused with WAIT_PERIOD_ACTIVE and the way out; following it closes the account", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("fresh")));
        const [refused] = await w.session.destroy();
        const message = (refused.error as ProviderCallError).message;
        expect(message).toContain("RemoveAccountFromOrganization was refused: ConstraintViolationException (WAIT_PERIOD_ACTIVE)");
        expect(message).toContain('onDelete is "remove" (the default)');
        const urn = w.session.state.values().next().value!.urn;
        expect(message).toContain(`set onDelete to "close" or "retain" on this resource in the program, run \`pulumi up --target '${urn}'\``);
        expect(message).toContain(`\`pulumi state delete '${urn}'\``);
        expect(message).not.toContain("`pulumi up`");
        expect(w.session.state.size).toBe(1);
        expect(accountOf(w, stringProp(created.outputs, "accountId"))?.state).toBe("ACTIVE");

        const mark = w.emulator.requests.all().length;
        const [recorded] = assertOk(await w.session.up(await w.account("fresh", { onDelete: "close" })));
        expect(recorded.op).toBe("update");
        expect(writesSince(w, mark)).toEqual([]);
        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
        expect(["PENDING_CLOSURE", "CLOSED"]).toContain(accountOf(w, stringProp(created.outputs, "accountId"))?.state);
    });

    test("after the waiting period: refused until the account stands alone, each reason named", async () => {
        const w = await start();
        const [created] = assertOk(await w.session.up(await w.account("alone")));
        const id = stringProp(created.outputs, "accountId");
        w.emulator.state.endWaitPeriod(id);
        const [refused] = await w.session.destroy();
        expect(refused.error?.message).toContain("MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED");
        expect(refused.error?.message).toContain("payment method of its own");
        w.emulator.state.makeStandalone(id, { paymentInstrument: true, eula: true });
        const [again] = await w.session.destroy();
        expect(again.error?.message).toContain("ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION");
        w.emulator.state.makeStandalone(id);
        assertOk(await w.session.destroy());
        expect(accountOf(w, id)).toBeUndefined();
    });

    test('a replacement under onDelete "remove" is refused before any API call; with onDelete recorded first it replaces', async () => {
        const w = await start();
        const [first] = assertOk(await w.session.up(await w.account("swap")));
        const mark = w.emulator.requests.all().length;
        const [refused] = await w.session.up(await w.account("swap", { email: "swap-2@example.com" }));
        expect(refused.error?.message).toContain(
            'email: changing it replaces the account, and the old account would then be deleted by its recorded onDelete "remove", which AWS refuses',
        );
        expect(refused.error?.message).toContain('First set onDelete to "close" or "retain"');
        expect(w.emulator.requests.all().length).toBe(mark);

        assertOk(await w.session.up(await w.account("swap", { onDelete: "close" })));
        const [replaced] = assertOk(await w.session.up(await w.account("swap", { email: "swap-2@example.com", onDelete: "close" })));
        expect(replaced.op).toBe("replace");
        expect(["PENDING_CLOSURE", "CLOSED"]).toContain(accountOf(w, stringProp(first.outputs, "accountId"))?.state);
    });

    test("the management account (adopted): MasterCannotLeaveOrganizationException, with the way out", async () => {
        const w = await start();
        assertOk(await w.session.up(await w.account("mgmt", { name: "emulator-management", email: "management@example.com", adopt: true })));
        const [refused] = await w.session.destroy();
        expect(refused.error?.message).toContain("MasterCannotLeaveOrganizationException");
        expect(refused.error?.message).toContain('Set onDelete to "retain"');
    });
});

describe('closing (onDelete "close")', () => {
    test("reads answer ACTIVE for a while after the close and flap: destroy waits until it is seen closing", async () => {
        const w = await start({ closeVisibilityLagMs: 700, closeFlapping: true }, { closeDelayMs: 5_000 });
        const [created] = assertOk(await w.session.up(await w.account("lagged", { onDelete: "close" })));
        const mark = w.emulator.requests.all().length;
        assertOk(await w.session.destroy());
        const reads = w.emulator.requests
            .all()
            .slice(mark)
            .filter((r) => r.operation === "DescribeAccount");
        expect(reads.length).toBeGreaterThan(2); // it went on reading through the ACTIVE answers
        expect(statuses(w, "CloseAccount")).toEqual([200]);
        expect(accountOf(w, stringProp(created.outputs, "accountId"))?.state).toBe("PENDING_CLOSURE");
    });

    test("too many closures at once: CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED is waited out", async () => {
        const w = await start({ maxConcurrentClosures: 1 }, { closeDelayMs: 1_500 });
        assertOk(await w.session.up(await w.account("queued", { onDelete: "close" })));
        const busy = w.emulator.state.addAccount({ name: "busy", email: "busy@example.com" });
        w.emulator.state.closeAccount(busy);
        assertOk(await w.session.destroy());
        expect(statuses(w, "CloseAccount")[0]).toBe(400);
        expect(statuses(w, "CloseAccount").at(-1)).toBe(200);
    });

    test("the 30-day quota used up: refused with CLOSE_ACCOUNT_QUOTA_EXCEEDED and the way out", async () => {
        const w = await start({ closeQuota30Days: 0 });
        assertOk(await w.session.up(await w.account("quota", { onDelete: "close" })));
        const [refused] = await w.session.destroy();
        expect(refused.error?.message).toContain("CLOSE_ACCOUNT_QUOTA_EXCEEDED");
        expect(refused.error?.message).toContain('set onDelete to "retain" on this resource in the program, run `pulumi up --target \'urn:pulumi:');
        expect(w.session.state.size).toBe(1);
    });
});

describe("right after a creation", () => {
    test("not found after the submission and after SUCCEEDED, then moves and tags refused for a while: the up succeeds", async () => {
        const w = await start({ consistencyLagMs: 600, concurrentModificationMs: 1_500 });
        const [step] = assertOk(await w.session.up(await w.account("settling", { parentId: w.emulator.defaultOuId, tags: { team: "a" } })));
        expect(step.outputs).toMatchObject({ parentId: w.emulator.defaultOuId, tags: { team: "a" }, state: "ACTIVE" });
        expect(statuses(w, "DescribeCreateAccountStatus")).toContain(400); // CreateAccountStatusNotFoundException
        expect(statuses(w, "DescribeAccount")).toContain(400); // AccountNotFoundException
        expect(statuses(w, "MoveAccount")).toContain(400); // ConcurrentModificationException
        expect(statuses(w, "MoveAccount").at(-1)).toBe(200);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("a new account not found at first teaches the host the window: the next new accounts of the up are read once, after it", async () => {
        // One creation at a time, each taking longer than the window: the first is seen to
        // succeed, looked for every 100 ms until found, and only then does the second succeed.
        // Each creation ends 50 ms before a status poll (polls every 100 ms from the submission),
        // so that each is seen as long after it ended as the first was.
        const w = await start(
            { consistencyLagMs: 400 },
            { creationDelayMs: 750, env: { ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS: "1", ORG_ACCOUNTS_POLL_INITIAL_MS: "100", ORG_ACCOUNTS_POLL_MAX_MS: "100" } },
        );
        const resources = (await Promise.all(["first", "second", "third"].map((name) => w.account(name)))).flat();
        const steps = assertOk(await w.session.up(resources));
        expect(new Set(steps.map((s) => s.outputs!.accountId)).size).toBe(3);
        const described = statuses(w, "DescribeAccount");
        // Only the first new account was looked for too soon (AccountNotFoundException, HTTP 400).
        expect(described.slice(0, described.indexOf(200))).not.toHaveLength(0);
        expect(described.slice(described.indexOf(200))).toEqual([200, 200, 200]);
    });
});

describe("inputs AWS would refuse", () => {
    test("a name with < or > is refused at check (PutAccountName would refuse the rename)", async () => {
        const w = await start();
        const [step] = await w.session.preview(await w.account("angle", { name: "team <a>" }));
        expect(step.failures).toEqual([{ property: "name", reason: 'name: must not contain < or > (AWS refuses them in a rename); it has "<" at character 6' }]);
        expect(w.emulator.requests.all()).toHaveLength(0);
    });

    test("an account with this email that the stack did not create: the error names the email", async () => {
        const w = await start();
        const id = w.emulator.state.addAccount({ name: "someone else", email: "taken@example.com" });
        const [step] = await w.session.up(await w.account("taken", { email: "taken@example.com" }));
        expect(step.error?.message).toContain(`account ${id} with email "taken@example.com" (named "someone else")`);
        expect(step.error?.message).toContain("otherwise choose another email");
    });

    test("the adopted management account is renamed by a PutAccountName without AccountId", async () => {
        const w = await start();
        assertOk(await w.session.up(await w.account("mgmt", { name: "emulator-management", email: "management@example.com", adopt: true, onDelete: "retain" })));
        assertOk(await w.session.up(await w.account("mgmt", { name: "main", email: "management@example.com", adopt: true, onDelete: "retain" })));
        const [rename] = w.emulator.requests.byOperation("PutAccountName");
        expect(rename.status).toBe(200);
        expect(rename.body).toEqual({ AccountName: "main" });
        expect(accountOf(w, w.emulator.managementAccountId)?.name).toBe("main");
    });
});
