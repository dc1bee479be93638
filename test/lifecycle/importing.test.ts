// Import by id (`pulumi import`, the `import` resource option), in-process: the engine's Read
// with an id alone gets the state create would have written and the inputs the account has, from
// a request id or an account id, for accounts the stack never created and requests the cloud has
// forgotten; an id that names nothing, or of another form, fails saying why; nothing is written.
import { afterEach, describe, expect, test } from "vitest";
import type { AwsEmulator } from "../../emulator/aws/server";
import type { HuaweiEmulator } from "../../emulator/huawei/server";
import type { CloudName } from "../../provider/shared/cloudNames";
import { CLOUDS, InProcessWorld, OWNER_TAG, ownerOf } from "../support/inProcess";

let world: InProcessWorld | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

const DEFAULT_ON_DELETE: Record<CloudName, string> = { aws: "remove", huawei: "close" };
const OTHER_FORMS: Record<CloudName, string> = { aws: "h-abc123", huawei: "car-abcdefgh1" };

/** Requests that change the organization: AWS sends every call as a POST, Huawei reads with GET. */
function writes(w: InProcessWorld): string[] {
    const all = w.emulator.requests.all();
    const isWrite = w.cloud === "aws" ? (operation: string) => !/^(Describe|List)/.test(operation) : undefined;
    return all.filter((r) => (isWrite ? isWrite(r.operation) : r.method !== "GET")).map((r) => `${r.method} ${r.operation}`);
}

/** An account added straight to the organization (invited, or made by another tool), in a new OU, with a tag, another stack's marker and a default tag. */
function outsider(w: InProcessWorld): { accountId: string; parentId: string } {
    const tags = { cost: "42", [OWNER_TAG]: "other/prod/legacy", env: "dev" };
    if (w.cloud === "huawei") {
        const state = (w.emulator as HuaweiEmulator).state;
        const parentId = state.createOrganizationalUnit("legacy-ou");
        return { accountId: state.addAccount({ name: "legacy", email: "legacy@example.com", description: "old text", parentId, tags }), parentId };
    }
    const state = (w.emulator as AwsEmulator).state;
    const parentId = state.createOrganizationalUnit("legacy-ou");
    return { accountId: state.addAccount({ name: "legacy", email: "legacy@example.com", parentId, tags }), parentId };
}

/** The error an import fails with (an import that succeeds fails the test). */
async function importError(w: InProcessWorld, id: string): Promise<Error> {
    const imported = await w.accountLifecycle.importAccount(id).then(
        (result) => result,
        (error: unknown) => error,
    );
    if (!(imported instanceof Error)) throw new Error(`the import of "${id}" succeeded: ${JSON.stringify(imported)}`);
    return imported;
}

function endpointOf(w: InProcessWorld): string {
    return w.emulator.url.replace(/\/$/, "");
}

function secretOf(w: InProcessWorld): string {
    return w.cloud === "huawei" ? (w.emulator as HuaweiEmulator).credentials.secretKey : (w.emulator as AwsEmulator).credentials.secretAccessKey;
}

describe("aws: an imported account's replacement under onDelete remove", () => {
    test("is refused for an account made by CreateAccount, and allowed for an invited one (AWS removes it)", async () => {
        const w = (world = await InProcessWorld.start("aws"));
        const created = await w.create("made");
        const { accountId } = outsider(w);
        const made = await w.accountLifecycle.importAccount(created.id, ownerOf("made"));
        const invited = await w.accountLifecycle.importAccount(accountId, ownerOf("legacy"));

        await expect(w.provider.diff(made.props, { ...made.inputs, email: "made2@example.com" })).rejects.toThrow(/email: changing it replaces the account.*WAIT_PERIOD_ACTIVE/);
        expect(await w.provider.diff(invited.props, { ...invited.inputs, email: "legacy2@example.com" })).toMatchObject({ changes: true, replaces: ["email"] });
    });
});

describe.each(CLOUDS)("%s: import by id", (cloud) => {
    test("by request id and by account id: the state create wrote (onDelete's default made explicit), no change at the next up, nothing written", async () => {
        const w = (world = await InProcessWorld.start(cloud));
        const created = await w.create("made");
        const accountId = created.outs.accountId as string;
        w.emulator.requests.clear();

        const lifecycle = w.accountLifecycle;
        const byRequest = await lifecycle.importAccount(created.id, ownerOf("made"));
        const byAccount = await lifecycle.importAccount(accountId, ownerOf("made"));

        const expected = { ...created.outs, onDelete: DEFAULT_ON_DELETE[cloud] };
        expect(byRequest).toEqual({ id: created.id, props: expected, inputs: { ...w.inputs("made"), onDelete: DEFAULT_ON_DELETE[cloud], parentId: created.outs.parentId } });
        // The account's request is still listed: the resource keeps the request id, as create stores it.
        expect(byAccount).toEqual(byRequest);
        expect(await w.provider.diff(byRequest.props, byRequest.inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
        // The program of the import, without the default onDelete, is no change either.
        const { onDelete: _default, ...program } = byRequest.inputs;
        expect(await w.provider.diff(byRequest.props, program)).toMatchObject({ changes: false });
        expect(writes(w)).toEqual([]);
    });

    test("an account the stack never created: its inputs are what it has, without the marker and the default tags; id = account id; later read, update and delete work", async () => {
        const w = (world = await InProcessWorld.start(cloud, { config: { defaultTags: JSON.stringify({ env: "dev" }) } }));
        const { accountId, parentId } = outsider(w);
        w.emulator.requests.clear();

        const imported = await w.accountLifecycle.importAccount(accountId, ownerOf("legacy"));

        const own = cloud === "huawei" ? { description: "old text" } : {};
        expect(imported.id).toBe(accountId);
        expect(imported.inputs).toEqual({
            name: "legacy",
            email: "legacy@example.com",
            parentId,
            tags: { cost: "42" },
            onDelete: DEFAULT_ON_DELETE[cloud],
            owner: ownerOf("legacy"),
            ...own,
        });
        expect(imported.props).toMatchObject({ accountId, parentId, tags: { cost: "42" }, tagsAll: { cost: "42", env: "dev" } });
        expect(imported.props.createAccountStatusId).toBeUndefined();
        expect(await w.provider.diff(imported.props, imported.inputs)).toMatchObject({ changes: false, replaces: [] });
        expect(await w.provider.check({}, imported.inputs)).toMatchObject({ failures: [] });
        expect(writes(w)).toEqual([]);

        // A refresh reads the same state back; the first update (a tag added) also writes the marker.
        const read = (await w.provider.read(imported.id, imported.props)) as { id: string; props: Record<string, unknown> };
        expect(read).toMatchObject({ id: accountId, props: imported.props });
        const news = { ...imported.inputs, tags: { cost: "42", team: "a" } };
        const { outs } = (await w.provider.update(imported.id, imported.props, news)) as { outs: Record<string, unknown> };
        const account = () => (cloud === "huawei" ? (w.emulator as HuaweiEmulator).state.accounts() : (w.emulator as AwsEmulator).state.accounts()).find((a) => a.id === accountId);
        const tags = Object.fromEntries(account()!.tags.map((t) => ("Key" in t ? [t.Key, t.Value] : [t.key, t.value])));
        expect(tags).toEqual({ cost: "42", team: "a", env: "dev", [OWNER_TAG]: ownerOf("legacy") });
        // Destroy applies the default onDelete: AWS removes the account from the organization, Huawei Cloud closes it.
        await w.provider.delete(imported.id, outs);
        if (cloud === "aws") expect(account()).toBeUndefined();
        else expect((w.emulator as HuaweiEmulator).state.accounts().find((a) => a.id === accountId)?.status).not.toBe("active");
    });

    test("a request the cloud no longer keeps: by account id the resource keeps the account id; by request id it fails saying what was looked up", async () => {
        const w = (world = await InProcessWorld.start(cloud));
        const created = await w.create("old");
        const accountId = created.outs.accountId as string;
        w.emulator.state.expireCreateAccountStatus(created.id);
        w.emulator.requests.clear();

        const imported = await w.accountLifecycle.importAccount(accountId, ownerOf("old"));
        expect(imported.id).toBe(accountId);
        expect(imported.props.createAccountStatusId).toBeUndefined();
        expect(imported.props.accountId).toBe(accountId);
        expect(await w.provider.diff(imported.props, imported.inputs)).toMatchObject({ changes: false });

        const error = await importError(w, created.id);
        expect(error.name).toBe("OrgAccountsError");
        expect(error.message).toContain(`no create-account request "${created.id}"`);
        expect(error.message).toContain(endpointOf(w));
        expect(error.message).toContain("import the account by its account id");
        expect(writes(w)).toEqual([]);
    });

    test("an id that names nothing fails naming the cloud, the id and the endpoint, no credential; an id of another form names the accepted forms", async () => {
        const w = (world = await InProcessWorld.start(cloud));
        const unknownRequest = cloud === "aws" ? "car-00000000aaaa" : "h-00000000aaaa";
        const unknownAccount = cloud === "aws" ? "999999999999" : "0".repeat(32);
        const fail = (id: string) => importError(w, id);
        const cloudName = cloud === "aws" ? "AWS" : "Huawei Cloud";

        for (const [id, what] of [
            [unknownRequest, "create-account request"],
            [unknownAccount, "account"],
        ]) {
            const error = await fail(id);
            expect(error.name).toBe("OrgAccountsError");
            expect(error.message).toContain(`the ${cloudName} organization at`);
            expect(error.message).toContain(`no ${what} "${id}"`);
            expect(error.message).toContain(endpointOf(w));
            expect(error.message).not.toContain(secretOf(w));
        }
        for (const id of ["12345", OTHER_FORMS[cloud], ""]) {
            const error = await fail(id);
            expect(error.name).toBe("OrgAccountsError");
            expect(error.message).toContain(cloud === "aws" ? '"car-" and 8-32 lower-case letters or digits' : '"h-" and lower-case letters or digits');
            expect(error.message).toContain(cloud === "aws" ? "a 12-digit account id" : "a 32-character account id");
        }
        expect(writes(w)).toEqual([]);
        expect(w.accountsNamed("made")).toHaveLength(0);
    });

    test("a request still in progress, or one that ended failed, is refused saying why; nothing created nor written", async () => {
        const w = (world = await InProcessWorld.start(cloud, { emulator: { creationDelayMs: 60_000 } }));
        const reason = cloud === "aws" ? "MISSING_PAYMENT_INSTRUMENT" : "error.3001";
        if (cloud === "aws") (w.emulator as AwsEmulator).state.scriptFailure({ name: "unlucky", reason: "MISSING_PAYMENT_INSTRUMENT" });
        else (w.emulator as HuaweiEmulator).state.scriptFailure({ name: "unlucky", reason: "error.3001" });
        const failed = w.seedRequest("unlucky", { agoMs: 5_000 });
        w.emulator.state.finishCreation(failed);
        const slow = w.seedRequest("slow", { agoMs: 5_000 });
        w.emulator.requests.clear();

        expect((await importError(w, slow)).message).toContain(
            `create-account request "${slow}" is still in progress, so no account exists yet: import it once the request has succeeded`,
        );
        const error = await importError(w, failed);
        expect(error.message).toContain(`create-account request "${failed}" ended failed (`);
        expect(error.message).toContain(reason);
        expect(writes(w)).toEqual([]);
        expect(w.accountsNamed("slow")).toHaveLength(0);
    });
});
