// The promises of README and docs/reliability.md, each guarded through the engine path (the real plugin host over gRPC,
// against the emulators), asserting what a user would see: a duplicate account, an error without
// the request id, a credential in the stored state, a missed check failure. Each scenario builds
// the situation that would expose one way of breaking the promise: a foreign request in
// progress for the same name, more than one page of requests, a listing that lags behind a
// submission, an email in another case, a close that takes effect later.
import { afterEach, describe, expect, test } from "vitest";
import { assertOk, ProviderCallError, type Registered, stringProp } from "../../harness/pluginHost/engine";
import type { AwsEmulator } from "../../emulator/aws/server";
import type { HuaweiEmulator } from "../../emulator/huawei/server";
import { aws, clouds, type Cloud, type Emulator } from "../../harness/pluginHost/clouds";
import { pulumi, PROJECT, STACK, startWorld, writesSince, type World, type WorldOptions } from "../../harness/pluginHost/world";
import { worldPerTest } from "../support/perTest";
import { TestClock } from "../support/inProcess";

const OWNER_TAG = "pulumi-org-accounts:owner";
const ownerOf = (name: string) => `${PROJECT}/${STACK}/${name}`;

/** The emulators' clock, shifted while a request is seeded in the past. */
const clock = new TestClock();

/**
 * A create-account request made straight in the emulator's organization by another tool or an
 * earlier run. An earlier run ended before this one began (the stack lock), so the request is
 * seeded a second in the past: long enough to be listed, as the cloud lists a request made then.
 */
/** Every world of this file runs its emulator on that clock. */
const onClock = (options: WorldOptions = {}): WorldOptions => ({ ...options, emulator: { ...options.emulator, clock: clock.now } });

function seedRequest(cloud: Cloud, emulator: Emulator, input: { name: string; email: string; tags?: Record<string, string> }): string {
    clock.offsetMs = -1_000;
    try {
        if (cloud.name === "huawei") {
            const tags = Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value }));
            return (emulator as HuaweiEmulator).state.createAccount({ name: input.name, email: input.email, tags }).id;
        }
        const Tags = Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
        return (emulator as AwsEmulator).state.createAccount({ accountName: input.name, email: input.email, tags: Tags }).Id;
    } finally {
        clock.offsetMs = 0;
    }
}

/** Finishes every creation and closure the emulator has pending. */
function completeAll(cloud: Cloud, emulator: Emulator): void {
    (emulator as unknown as HuaweiEmulator | AwsEmulator).state.completeAll();
}

const listOperation = (cloud: Cloud) => (cloud.name === "huawei" ? "ListCreateAccountStatuses" : "ListCreateAccountStatus");
/** The provider's page size for the request listing (Huawei asks limit 200; AWS at most 20 a page). */
const pageSize = (cloud: Cloud) => (cloud.name === "huawei" ? 200 : 20);

describe.each(clouds)("$name: promises through the plugin host", (cloud: Cloud) => {
    const startPerTest = worldPerTest(cloud);
    const start = (options?: WorldOptions) => startPerTest(onClock(options));

    const named = (w: World, name: string) => cloud.accounts(w.emulator).filter((a) => a.name === name);
    /** Every create-account request the service processed (failed ones included). */
    const processedCreates = (w: World) => (w.emulator as unknown as HuaweiEmulator | AwsEmulator).state.createAccountStatuses();

    test("a foreign request in progress for what the cloud keeps unique is never taken over: the error names the account and the attribute that matched", async () => {
        const w = await start({ creationDelayMs: 1_500 });
        const foreignOwner = "someone-else/prod/contested";
        // What the cloud keeps unique: Huawei the name (whatever the email), AWS the email.
        const matched = cloud.name === "huawei" ? 'name "contested"' : 'email "contested@example.com" (named "contested")';
        const email = cloud.name === "huawei" ? "someone-else@example.com" : "contested@example.com";
        seedRequest(cloud, w.emulator, { name: "contested", email, tags: { [OWNER_TAG]: foreignOwner } });
        const [step] = await w.session.up(await w.account("contested"));
        expect(step.error).toBeInstanceOf(ProviderCallError);
        expect(step.error!.message).toContain(`with ${matched}, which this stack did not create`);
        expect(step.error!.message).toContain("adopt: true");
        expect(w.session.state.size).toBe(0);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        // The foreign account keeps its owner: nothing of this stack was written on it.
        const [foreign] = named(w, "contested");
        expect(foreign.tags[OWNER_TAG]).toBe(foreignOwner);
        expect(writesSince(w, 0)).toEqual([]);
    });

    test("a failure of any kind while waiting for a known request keeps the request id: recorded, then finished", async () => {
        const w = await start({ creationDelayMs: 300, env: { ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "2000" } });
        // Every status read fails at the network level (the AWS SDK's own error, not the provider's).
        w.emulator.faults.inject({ operation: cloud.op.status, times: 50, fault: { kind: "reset-before" } });
        const [failed] = await w.session.up(await w.account("unreachable"));
        const error = failed.error as ProviderCallError;
        expect(error).toBeInstanceOf(ProviderCallError);
        const requestId = seededIdFromLog(w);
        expect(error.initFailed?.id).toBe(requestId);
        expect(error.message).toContain(requestId);
        expect(w.session.get(failed.urn)?.id).toBe(requestId);

        w.emulator.faults.clear();
        const [resumed] = assertOk(await w.session.up(await w.account("unreachable")));
        expect(resumed.op).toBe("update");
        expect(resumed.outputs!.createAccountStatusId).toBe(requestId);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(named(w, "unreachable")).toHaveLength(1);
    });

    test("the takeover look-up sees every request: this resource's own request beyond the first page is taken over", async () => {
        const w = await start({ creationDelayMs: 2_000 });
        for (let i = 0; i <= pageSize(cloud); i++) {
            seedRequest(cloud, w.emulator, { name: `other-${i}`, email: `other-${i}@example.com` });
            completeAll(cloud, w.emulator); // (AWS allows 5 in progress)
        }
        // This resource's own request from an earlier run that was interrupted: still in progress, on page 2.
        const own = seedRequest(cloud, w.emulator, { name: "paged", email: "paged@example.com", tags: { [OWNER_TAG]: ownerOf("paged") } });
        const [step] = assertOk(await w.session.up(await w.account("paged")));
        expect(step.id).toBe(own);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(named(w, "paged")).toHaveLength(1);
        expect(step.outputs!.accountId).toBe(named(w, "paged")[0].id);
        expect(w.emulator.requests.byOperation(listOperation(cloud)).length).toBeGreaterThan(1); // it did read page 2
    });

    test("an account beyond the first page of the organization's accounts is still found: refused naming it, or adopted", async () => {
        const w = await start();
        // Huawei's provider lists accounts 200 a page, AWS 20.
        for (let i = 0; i <= pageSize(cloud); i++) cloud.addAccount(w.emulator, { name: `member-${i}`, tags: {} });
        const legacyId = cloud.addAccount(w.emulator, { name: "legacy", tags: { cost: "42" } });

        const [refused] = await w.session.up(await w.account("legacy"));
        expect(refused.error?.message).toContain(legacyId);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(w.session.state.size).toBe(0);

        const [adopted] = assertOk(await w.session.up(await w.account("legacy", { adopt: true, tags: { cost: "42" } })));
        expect(adopted.outputs!.accountId).toBe(legacyId);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
    });

    test("no hang: a status read that never answers times out (orgaccounts httpTimeoutMs) and the up completes", async () => {
        const w = await start({ env: { ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "1000" } });
        w.emulator.faults.inject({ operation: cloud.op.status, fault: { kind: "hang" } });
        const started = Date.now();
        const [step] = assertOk(await w.session.up(await w.account("patient")));
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(w.emulator.requests.byOperation(cloud.op.status)[0].status).toBe("hang");
        expect(step.outputs!.accountId).toBe(named(w, "patient")[0].id);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    }, 30_000);

    test("a server error after the submission was processed is looked up, not resent, and the up succeeds", async () => {
        const w = await start();
        w.emulator.faults.inject({ operation: "CreateAccount", fault: { kind: "status-after", status: 500 } });
        const [step] = assertOk(await w.session.up(await w.account("errored")));
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(processedCreates(w)).toHaveLength(1);
        expect(step.outputs!.accountId).toBe(named(w, "errored")[0].id);
    });

    test("a resource recorded before its account existed is never lost: refresh keeps it, and destroy waits for the account and closes it", async () => {
        const w = await start({ creationDelayMs: 2_000 });
        const [late] = await w.session.up(await w.account("unborn", { timeouts: { create: "1s" }, onDelete: "close" }));
        const id = (late.error as ProviderCallError).initFailed?.id;
        expect(id).toMatch(cloud.idPattern);

        const [refreshed] = assertOk(await w.session.refresh());
        expect(refreshed.op).toBe("refresh");
        expect(w.session.get(late.urn)?.id).toBe(id);

        assertOk(await w.session.destroy());
        expect(w.session.state.size).toBe(0);
        const [account] = named(w, "unborn");
        expect(["pending_closure", "suspended"]).toContain(account?.state);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
    });

    test("bad input in an update is refused at check too, before any API call", async () => {
        const w = await start();
        assertOk(await w.session.up(await w.account("steady", { tags: { team: "a" } })));
        const mark = w.emulator.requests.all().length;
        const [step] = await w.session.up(await w.account("steady", { tags: { "": "empty key" }, parentId: "folder-1" }));
        expect((step.failures ?? []).map((f) => f.property).sort()).toEqual(["parentId", "tags"]);
        expect(w.emulator.requests.all().length).toBe(mark);
    });

    test("only what differs is written: a parentId the account already has makes no move", async () => {
        const w = await start();
        const root = w.emulator.rootId;
        assertOk(await w.session.up(await w.account("stay", { parentId: root, tags: { a: "1" } })));
        expect(writesSince(w, 0)).toEqual(["CreateAccount"]);

        let mark = w.emulator.requests.all().length;
        const [tagged] = assertOk(await w.session.up(await w.account("stay", { parentId: root, tags: { a: "2" } })));
        expect(tagged.op).toBe("update");
        expect(writesSince(w, mark)).toEqual(["TagResource"]);

        const ou = w.emulator.defaultOuId;
        assertOk(await w.session.up(await w.account("stay", { parentId: ou, tags: { a: "2" } })));
        mark = w.emulator.requests.all().length;
        assertOk(await w.session.up(await w.account("stay", { parentId: ou, tags: { a: "3" } })));
        expect(writesSince(w, mark)).toEqual(["TagResource"]);
        expect(named(w, "stay")[0].parentId).toBe(ou);
    });

    test('destroy with onDelete "close" waits until the account is closing, even when the close takes effect later', async () => {
        const w = await start({ closeAcceptDelayMs: 1_000, closeDelayMs: 5_000 });
        const [created] = assertOk(await w.session.up(await w.account("closer", { onDelete: "close" })));
        assertOk(await w.session.destroy());
        // At the moment destroy returns, the account is closing.
        const account = cloud.accounts(w.emulator).find((a) => a.id === created.outputs!.accountId);
        expect(["pending_closure", "suspended"]).toContain(account?.state);
        expect(w.session.state.size).toBe(0);
    });

    test("a lost answer is reconciled by a look begun after the submission; a slow look begun within the grace is not taken for not found", async () => {
        // The submission is processed but its answer lost. The host's own listing (made before the
        // submission) says nothing of it; the first look after it lags past the consistency grace
        // (3 s here) and reflects the organization right after the submission (AWS: before the
        // request is listed). The creation outlasts that look, so no account answers in its place.
        const w = await start({ creationDelayMs: 6_000 });
        w.emulator.faults.inject({ operation: "CreateAccount", fault: { kind: "reset-after" } });
        w.emulator.faults.inject({ operation: listOperation(cloud), fault: { kind: "delay", ms: 0 } });
        w.emulator.faults.inject({ operation: listOperation(cloud), fault: { kind: "delay-after", ms: 4_000 } });

        const [lost] = await w.program(() => new cloud.Resource("lost", { name: "lost", ...cloud.baseArgs("lost") }));
        const checked = await w.client.check(lost.urn, {}, lost.inputs);
        expect(checked.failures).toEqual([]);
        const created = await w.client.create(lost.urn, checked.inputs);

        expect(w.emulator.faults.pending()).toEqual([]); // both looks were made
        expect(named(w, "lost")).toHaveLength(1);
        // One processed submission: it was looked up, not sent again.
        expect(processedCreates(w)).toHaveLength(1);
        expect(created.properties.accountId).toBe(named(w, "lost")[0].id);
    });

    test("preview reports the known invalid inputs even when other inputs are unknown", async () => {
        const w = await start();
        const unknown = pulumi.output(pulumi.unknown);
        const resources = await w.program(
            () =>
                new cloud.Resource("half-known", {
                    name: "x".repeat(65),
                    email: "not-an-email",
                    tags: { team: unknown },
                    parentId: unknown,
                    onDelete: "shred",
                }),
            { preview: true },
        );
        const [step] = await w.session.preview(resources);
        expect((step.failures ?? []).map((f) => f.property).sort()).toEqual(["email", "name", "onDelete"]);
        expect(w.emulator.requests.all()).toHaveLength(0);
    });

    test("no credential of the program's environment reaches __provider or the state", async () => {
        const planted: Record<string, string> = {
            HW_ACCESS_KEY: "PLANTEDHWAK0000000001",
            HW_SECRET_KEY: "planted-hw-secret-key-0001",
            HW_SECURITY_TOKEN: "planted-hw-security-token-0001",
            HUAWEICLOUD_SDK_AK: "PLANTEDSDKAK000000001",
            HUAWEICLOUD_SDK_SK: "planted-hw-sdk-secret-0001",
            AWS_ACCESS_KEY_ID: "AKIAPLANTED000000001",
            AWS_SECRET_ACCESS_KEY: "planted/aws+secret-access-key-0001",
            AWS_SESSION_TOKEN: "planted-aws-session-token-0001",
        };
        const saved = Object.fromEntries(Object.keys(planted).map((k) => [k, process.env[k]]));
        const w = await start();
        let resources: Registered[];
        try {
            Object.assign(process.env, planted);
            resources = await w.account("clean");
        } finally {
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
        }
        const provider: string = stringProp(resources[0].inputs, "__provider");
        expect(provider).toBeTruthy();
        const [step] = assertOk(await w.session.up(resources));
        const stored = JSON.stringify([...w.session.state.values()]) + JSON.stringify(step.outputs);
        for (const value of [...Object.values(planted), ...cloud.secrets(w.emulator)]) {
            expect(provider).not.toContain(value);
            expect(stored).not.toContain(value);
        }
    });

    /** The id the emulator gave the one processed CreateAccount. */
    function seededIdFromLog(w: World): string {
        const ids =
            cloud.name === "huawei"
                ? (w.emulator as HuaweiEmulator).state.createAccountStatuses().map((s) => s.id)
                : (w.emulator as AwsEmulator).state.createAccountStatuses().map((s) => s.Id);
        expect(ids).toHaveLength(1);
        return ids[0];
    }
});

describe("AwsAccount: promises only AWS has", () => {
    let world: World | undefined;
    afterEach(async () => {
        await world?.close();
        world = undefined;
    });
    const cloud = aws as unknown as Cloud;
    const emulatorOf = (w: World) => w.emulator as unknown as AwsEmulator;

    test("state is read from State, the field AWS returns, not the retired Status", async () => {
        const w = (world = await startWorld(cloud, onClock()));
        const [created] = assertOk(await w.session.up(await w.account("activating")));
        emulatorOf(w).state.setAccountState(stringProp(created.outputs, "accountId"), "PENDING_ACTIVATION");
        const [refreshed] = assertOk(await w.session.refresh());
        expect(refreshed.op).toBe("refresh");
        expect(refreshed.outputs!.state).toBe("PENDING_ACTIVATION");
    });

    test("an account the stack created is recognised whatever the case of its email", async () => {
        const w = (world = await startWorld(cloud, onClock()));
        // An earlier, interrupted run created it as Casey@Example.COM; the program now says casey@example.com.
        const own = seedRequest(cloud, w.emulator, { name: "casey", email: "Casey@Example.COM", tags: { [OWNER_TAG]: ownerOf("casey") } });
        emulatorOf(w).state.completeAll();
        const [step] = assertOk(await w.session.up(await w.account("casey", { email: "casey@example.com" })));
        expect(step.id).toBe(own);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(cloud.accounts(w.emulator).filter((a) => a.name === "casey")).toHaveLength(1);
    });

    test("an own request still in progress is taken over whatever the case of its email", async () => {
        const w = (world = await startWorld(cloud, onClock({ creationDelayMs: 1_000 })));
        const own = seedRequest(cloud, w.emulator, { name: "casey2", email: "Casey2@Example.COM", tags: { [OWNER_TAG]: ownerOf("casey2") } });
        const [step] = assertOk(await w.session.up(await w.account("casey2", { email: "casey2@example.com" })));
        expect(step.id).toBe(own);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
    });

    test("a foreign request in progress with the same name but another email does not block the creation", async () => {
        // AWS names are not unique, and a request in progress shows its name, not its email.
        const w = (world = await startWorld(cloud, onClock({ creationDelayMs: 1_000 })));
        const foreignOwner = "someone-else/prod/namesake";
        seedRequest(cloud, w.emulator, { name: "namesake", email: "someone-else@example.com", tags: { [OWNER_TAG]: foreignOwner } });
        const [step] = assertOk(await w.session.up(await w.account("namesake")));
        expect(step.op).toBe("create");
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        const accounts = cloud.accounts(w.emulator).filter((a) => a.name === "namesake");
        const ours = accounts.find((a) => a.email === "namesake@example.com");
        expect(step.outputs!.accountId).toBe(ours?.id);
        expect(ours?.tags[OWNER_TAG]).toBe(ownerOf("namesake"));
        expect(accounts.find((a) => a.email === "someone-else@example.com")?.tags).toEqual({ [OWNER_TAG]: foreignOwner });
    });

    test("a namesake request still in progress at the create deadline: nothing recorded or sent; the next up goes on", async () => {
        const w = (world = await startWorld(cloud, onClock({ creationDelayMs: 3_000 })));
        seedRequest(cloud, w.emulator, { name: "patient", email: "someone-else@example.com", tags: { [OWNER_TAG]: "someone-else/prod/patient" } });
        const [late] = await w.session.up(await w.account("patient", { timeouts: { create: "1s" } }));
        expect(late.error?.message).toMatch(/request car-\w+ for an account of the same name was still in progress at the deadline/);
        expect((late.error as ProviderCallError).initFailed).toBeUndefined();
        expect(w.session.state.size).toBe(0);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);

        const [created] = assertOk(await w.session.up(await w.account("patient")));
        expect(created.op).toBe("create");
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(1);
        expect(created.outputs!.accountId).toBe(cloud.accounts(w.emulator).find((a) => a.email === "patient@example.com")?.id);
    });

    test("this resource's own request in progress beside a foreign one of the same name is taken over, nothing submitted", async () => {
        const w = (world = await startWorld(cloud, onClock({ creationDelayMs: 1_000 })));
        seedRequest(cloud, w.emulator, { name: "twin", email: "someone-else@example.com", tags: { [OWNER_TAG]: "someone-else/prod/twin" } });
        const own = seedRequest(cloud, w.emulator, { name: "twin", email: "twin@example.com", tags: { [OWNER_TAG]: ownerOf("twin") } });
        const [step] = assertOk(await w.session.up(await w.account("twin")));
        expect(step.id).toBe(own);
        expect(w.emulator.requests.byOperation("CreateAccount")).toHaveLength(0);
        expect(step.outputs!.accountId).toBe(cloud.accounts(w.emulator).find((a) => a.email === "twin@example.com")?.id);
    });

    test.each([
        ["EMAIL_ALREADY_EXISTS", /already uses this email address/, /not valid/],
        ["INVALID_EMAIL", /email address is not valid/, /already uses/],
    ] as const)("a creation failing %s shows its own advice", async (reason, advice, other) => {
        const w = (world = await startWorld(cloud, onClock()));
        emulatorOf(w).state.scriptFailure({ name: "advised", reason });
        const [step] = await w.session.up(await w.account("advised"));
        const message = step.error?.message ?? "";
        expect(message).toContain(reason);
        expect(message).toMatch(advice);
        expect(message).not.toMatch(other);
        expect(w.session.state.size).toBe(0);
    });
});
