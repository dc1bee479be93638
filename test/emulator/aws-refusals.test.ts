// What the real AWS Organizations service refuses, as the emulator refuses it (the sources are listed
// on AwsRefusalOptions in emulator/aws/model.ts): each refusal
// through the official SDK, with its HTTP status, error name and Reason, and the options that relax it.
import {
    CloseAccountCommand,
    CreateAccountCommand,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeOrganizationalUnitCommand,
    ListAccountsCommand,
    ListCreateAccountStatusCommand,
    ListParentsCommand,
    ListTagsForResourceCommand,
    MoveAccountCommand,
    OrganizationsClient,
    RemoveAccountFromOrganizationCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-organizations";
import { AccountClient, PutAccountNameCommand } from "@aws-sdk/client-account";
import { describe, expect, it } from "vitest";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { emulatorPool, orgs, awsRejection, type AwsSdkError, sleep } from "../support/emulatorClients";

const { start } = emulatorPool(startAwsEmulator, { creationDelayMs: 30, closeDelayMs: 30 });

function expectRefusal(err: AwsSdkError, name: string, reason?: string, status = 400): void {
    expect(err.name).toBe(name);
    expect(err.$metadata.httpStatusCode).toBe(status);
    if (reason) expect(err.Reason).toBe(reason);
    expect(err.message.length).toBeGreaterThan(10);
}

/** Creates an account and waits until reads see it (the consistency lag over). */
async function created(emu: AwsEmulator, c: OrganizationsClient, name: string): Promise<string> {
    const id = (await c.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.Id!;
    for (;;) {
        await sleep(20);
        const status = await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })).catch(() => undefined);
        if (status?.CreateAccountStatus?.State !== "SUCCEEDED") continue;
        const accountId = status.CreateAccountStatus.AccountId!;
        if (await c.send(new DescribeAccountCommand({ AccountId: accountId })).catch(() => undefined)) return accountId;
    }
}

const account = (emu: AwsEmulator) => new AccountClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1 });

describe("AWS emulator refuses removal of an account made by CreateAccount", () => {
    it("waiting period, then payment method, EULA and phone verification, each its own Reason; then it leaves", async () => {
        const emu = await start({ refusals: { concurrentModificationMs: 0 } });
        const c = orgs(emu);
        const id = await created(emu, c, "leaver");
        const remove = () => awsRejection(c.send(new RemoveAccountFromOrganizationCommand({ AccountId: id })));
        expectRefusal(await remove(), "ConstraintViolationException", "WAIT_PERIOD_ACTIVE");
        emu.state.endWaitPeriod(id);
        expectRefusal(await remove(), "ConstraintViolationException", "MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED");
        emu.state.makeStandalone(id, { paymentInstrument: true });
        expectRefusal(await remove(), "ConstraintViolationException", "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA");
        emu.state.makeStandalone(id, { eula: true });
        expectRefusal(await remove(), "ConstraintViolationException", "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION");
        emu.state.makeStandalone(id, { phoneVerified: true });
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: id }));
        expect(emu.state.accounts().map((a) => a.id)).not.toContain(id);
    });

    it("an invited account leaves at once; the management account never (MasterCannotLeaveOrganizationException)", async () => {
        const emu = await start();
        const c = orgs(emu);
        const invited = emu.state.addAccount({ name: "invited", email: "invited@example.com" });
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: invited }));
        expectRefusal(await awsRejection(c.send(new RemoveAccountFromOrganizationCommand({ AccountId: emu.managementAccountId }))), "MasterCannotLeaveOrganizationException");
    });

    it("relaxed: removalWaitPeriodMs 0 and removalRequiresStandalone false let a new account leave", async () => {
        const emu = await start({ refusals: { removalWaitPeriodMs: 0, removalRequiresStandalone: false } });
        const c = orgs(emu);
        const id = await created(emu, c, "relaxed");
        await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: id }));
        expect(emu.state.accounts().map((a) => a.id)).not.toContain(id);
    });
});

describe("AWS emulator closes as the service does", () => {
    it("PENDING_CLOSURE then CLOSED, no Status field; reads answer ACTIVE for closeVisibilityLagMs", async () => {
        const emu = await start({ closeDelayMs: 150, refusals: { closeVisibilityLagMs: 100 } });
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "closer", email: "closer@example.com" });
        await c.send(new CloseAccountCommand({ AccountId: id }));
        const early = (await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!;
        expect(early.State).toBe("ACTIVE");
        expect(early).not.toHaveProperty("Status");
        expect((await c.send(new ListAccountsCommand({}))).Accounts!.find((a) => a.Id === id)!.State).toBe("ACTIVE");
        await sleep(110);
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State).toBe("PENDING_CLOSURE");
        expectRefusal(await awsRejection(c.send(new CloseAccountCommand({ AccountId: id }))), "ConflictException");
        await sleep(100);
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State).toBe("CLOSED");
        expectRefusal(await awsRejection(c.send(new CloseAccountCommand({ AccountId: id }))), "AccountAlreadyClosedException");
    });

    it("closeFlapping: after the lag, answers flip between the real state and ACTIVE, then settle", async () => {
        const emu = await start({ closeDelayMs: 5_000, refusals: { closeVisibilityLagMs: 150, closeFlapping: true } });
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "flapper", email: "flapper@example.com" });
        await c.send(new CloseAccountCommand({ AccountId: id }));
        await sleep(160);
        const seen: string[] = [];
        for (let i = 0; i < 4; i++) seen.push((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State!);
        expect(seen).toEqual(["PENDING_CLOSURE", "ACTIVE", "PENDING_CLOSURE", "ACTIVE"]);
        await sleep(160);
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State).toBe("PENDING_CLOSURE");
    });

    it("limits: the management account, too many at once, the 30-day quota", async () => {
        const emu = await start({ closeDelayMs: 5_000, refusals: { maxConcurrentClosures: 1, closeQuota30Days: 2 } });
        const c = orgs(emu);
        const [a, b, d] = ["a", "b", "d"].map((n) => emu.state.addAccount({ name: n, email: `${n}@example.com` }));
        expectRefusal(
            await awsRejection(c.send(new CloseAccountCommand({ AccountId: emu.managementAccountId }))),
            "ConstraintViolationException",
            "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
        );
        await c.send(new CloseAccountCommand({ AccountId: a }));
        expectRefusal(await awsRejection(c.send(new CloseAccountCommand({ AccountId: b }))), "ConstraintViolationException", "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED");
        emu.state.completeAll();
        await c.send(new CloseAccountCommand({ AccountId: b }));
        emu.state.completeAll();
        expectRefusal(await awsRejection(c.send(new CloseAccountCommand({ AccountId: d }))), "ConstraintViolationException", "CLOSE_ACCOUNT_QUOTA_EXCEEDED");
    });
});

describe("AWS emulator right after a creation", () => {
    it("a new request is not found (nor listed) for consistencyLagMs", async () => {
        const emu = await start({ creationDelayMs: 10, refusals: { consistencyLagMs: 150 } });
        const c = orgs(emu);
        const requestId = (await c.send(new CreateAccountCommand({ AccountName: "fresh", Email: "fresh@example.com" }))).CreateAccountStatus!.Id!;
        expectRefusal(await awsRejection(c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))), "CreateAccountStatusNotFoundException");
        expect((await c.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses).toEqual([]);
        await sleep(160);
        const status = (await c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))).CreateAccountStatus!;
        expect(status.State).toBe("SUCCEEDED");
        const accountId = status.AccountId!;
        await sleep(160);
        expect((await c.send(new DescribeAccountCommand({ AccountId: accountId }))).Account!.State).toBe("ACTIVE");
    });

    it("a just-succeeded account is not found by DescribeAccount, ListParents, ListAccounts", async () => {
        const emu = await start({ creationDelayMs: 10, refusals: { consistencyLagMs: 300 } });
        const c = orgs(emu);
        await c.send(new CreateAccountCommand({ AccountName: "lagging", Email: "lagging@example.com" }));
        await sleep(40);
        const accountId = emu.state.accounts().find((a) => a.name === "lagging")!.id;
        expectRefusal(await awsRejection(c.send(new DescribeAccountCommand({ AccountId: accountId }))), "AccountNotFoundException");
        expectRefusal(await awsRejection(c.send(new ListParentsCommand({ ChildId: accountId }))), "ChildNotFoundException");
        expect((await c.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id)).not.toContain(accountId);
    });

    it("moves and tags are ConcurrentModificationException for concurrentModificationMs, then succeed", async () => {
        const emu = await start({ creationDelayMs: 10, refusals: { consistencyLagMs: 0, concurrentModificationMs: 300 } });
        const c = orgs(emu);
        await c.send(new CreateAccountCommand({ AccountName: "busy", Email: "busy@example.com" }));
        await sleep(40);
        const id = emu.state.accounts().find((a) => a.name === "busy")!.id;
        const move = () => c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: emu.rootId, DestinationParentId: emu.defaultOuId }));
        expectRefusal(await awsRejection(move()), "ConcurrentModificationException");
        expectRefusal(await awsRejection(c.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: "a", Value: "1" }] }))), "ConcurrentModificationException");
        expectRefusal(await awsRejection(c.send(new UntagResourceCommand({ ResourceId: id, TagKeys: ["a"] }))), "ConcurrentModificationException");
        await sleep(300);
        await move();
        expect(emu.state.accounts().find((a) => a.id === id)!.parentId).toBe(emu.defaultOuId);
    });

    it("a change outside the API (changeOutOfBand) is not refused: it renames, moves and untags a just-created account", async () => {
        const emu = await start({ creationDelayMs: 10, refusals: { consistencyLagMs: 0, concurrentModificationMs: 60_000 } });
        const c = orgs(emu);
        await c.send(
            new CreateAccountCommand({
                AccountName: "drifting",
                Email: "drifting@example.com",
                Tags: [
                    { Key: "team", Value: "a" },
                    { Key: "keep", Value: "b" },
                ],
            }),
        );
        await sleep(40);
        const id = emu.state.accounts().find((a) => a.name === "drifting")!.id;
        emu.state.changeOutOfBand(id, { name: "drifted", parentId: emu.defaultOuId, removeTags: ["team"] });
        expect((await c.send(new DescribeAccountCommand({ AccountId: id }))).Account!.Name).toBe("drifted");
        expect((await c.send(new ListParentsCommand({ ChildId: id }))).Parents).toEqual([{ Id: emu.defaultOuId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect((await c.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags).toEqual([{ Key: "keep", Value: "b" }]);
        expect(() => emu.state.setAccountState(id, "GONE" as never)).toThrow(
            "unknown account state GONE; use one of PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED",
        );
    });
});

describe("AWS emulator: moves, parents and renames", () => {
    it("DuplicateAccountException, SourceParentNotFoundException, DestinationParentNotFoundException; DescribeOrganizationalUnit", async () => {
        const emu = await start();
        const c = orgs(emu);
        const id = emu.state.addAccount({ name: "m", email: "m@example.com" });
        const move = (from: string, to: string) => awsRejection(c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: from, DestinationParentId: to })));
        expectRefusal(await move(emu.rootId, emu.rootId), "DuplicateAccountException");
        expectRefusal(await move(emu.defaultOuId, emu.rootId), "SourceParentNotFoundException");
        expectRefusal(await move(emu.rootId, "ou-abcd-doesnotexist"), "DestinationParentNotFoundException");
        expect((await c.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: emu.defaultOuId }))).OrganizationalUnit!.Id).toBe(emu.defaultOuId);
        expectRefusal(await awsRejection(c.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "ou-abcd-doesnotexist" }))), "OrganizationalUnitNotFoundException");
    });

    it("PutAccountName: [ -;=?-~] only; the management account without AccountId; trusted access required", async () => {
        const emu = await start();
        const a = account(emu);
        const id = emu.state.addAccount({ name: "r", email: "r@example.com" });
        expectRefusal(await awsRejection(a.send(new PutAccountNameCommand({ AccountId: id, AccountName: "team <a>" }))), "ValidationException");
        await a.send(new PutAccountNameCommand({ AccountId: id, AccountName: "team {a} ~ok" }));
        expectRefusal(await awsRejection(a.send(new PutAccountNameCommand({ AccountId: emu.managementAccountId, AccountName: "mgmt" }))), "ValidationException");
        await a.send(new PutAccountNameCommand({ AccountName: "mgmt" }));
        expect(emu.state.accounts().find((x) => x.id === emu.managementAccountId)!.name).toBe("mgmt");

        const closed = await start({ refusals: { accountManagementTrustedAccess: false } });
        const other = closed.state.addAccount({ name: "r", email: "r@example.com" });
        expectRefusal(await awsRejection(account(closed).send(new PutAccountNameCommand({ AccountId: other, AccountName: "x" }))), "AccessDeniedException", undefined, 403);
    });
});
