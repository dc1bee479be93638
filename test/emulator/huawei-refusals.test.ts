// The Huawei emulator refuses what the real service refuses (the Organizations API reference:
// https://support.huaweicloud.com/intl/en-us/api-organizations/CreateAccount.html and ShowCreateAccountStatus.html;
// terraform-provider-huaweicloud), at the documented limits by default, and
// each rule can be relaxed.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../provider/shared/errors";
import { HUAWEI_REFUSALS } from "../../provider/clouds/huawei/errorCodes";
import { HuaweiOrganizationsClient } from "../../provider/clouds/huawei/client";
import { startHuaweiEmulator, type HuaweiEmulator, type HuaweiEmulatorOptions } from "../../emulator/huawei/server";
import { emulatorPool, rejection, sleep } from "../support/emulatorClients";

const { start } = emulatorPool(startHuaweiEmulator, { creationDelayMs: 50, closeDelayMs: 50 });
const clients: HuaweiOrganizationsClient[] = [];
afterEach(async () => {
    while (clients.length) await clients.pop()!.close();
});

async function setup(options: HuaweiEmulatorOptions = {}): Promise<{ emu: HuaweiEmulator; api: HuaweiOrganizationsClient }> {
    const emu = await start(options);
    const api = new HuaweiOrganizationsClient({ endpoint: emu.url, ...emu.credentials, env: {} });
    clients.push(api);
    return { emu, api };
}

async function terminal(api: HuaweiOrganizationsClient, id: string) {
    for (;;) {
        const s = await api.getCreateAccountStatus(id);
        if (s.state !== "in_progress") return s;
        await sleep(20);
    }
}

async function created(api: HuaweiOrganizationsClient, name: string, extra: object = {}): Promise<string> {
    const s = await terminal(api, (await api.createAccount({ name, email: `${name}@example.com`, ...extra })).id);
    expect(s.state).toBe("succeeded");
    return s.account_id!;
}

describe("Huawei emulator: creation rules", () => {
    it("at most 5 creations in progress: the 6th is refused at once, and accepted once one completes", async () => {
        const { emu, api } = await setup({ creationDelayMs: 60_000 });
        for (let i = 0; i < 5; i++) await api.createAccountV2({ name: `p${i}` });
        const err = await rejection(api.createAccountV2({ name: "p5" }));
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({ status: 400, errorCode: HUAWEI_REFUSALS.creationsInProgress.code });
        expect(emu.state.createAccountStatuses()).toHaveLength(5);
        emu.state.completeAll();
        expect((await api.createAccountV2({ name: "p5" })).state).toBe("in_progress");
    });

    it("maxCreationsInProgress relaxes the limit", async () => {
        const { api } = await setup({ creationDelayMs: 60_000, rules: { maxCreationsInProgress: 6 } });
        for (let i = 0; i < 6; i++) await api.createAccountV2({ name: `p${i}` });
    });

    it("international site: v1 without email is a 400 naming email; china: v1 without phone names phone; v2 takes neither", async () => {
        const intl = await setup();
        const noEmail = await rejection(intl.api.createAccount({ name: "a", phone: "+8613800000000" }));
        expect(noEmail).toMatchObject({
            status: 400,
            errorCode: "Organizations.0002",
            errorMessage: expect.stringMatching(/email is required .* International website/) as unknown,
        });
        const china = await setup({ rules: { site: "china" } });
        const noPhone = await rejection(china.api.createAccount({ name: "b", email: "b@example.com" }));
        expect(noPhone).toMatchObject({ status: 400, errorMessage: expect.stringMatching(/phone is required .* Chinese Mainland website/) as unknown });
        expect((await terminal(china.api, (await china.api.createAccountV2({ name: "c" })).id)).state).toBe("succeeded");
        const v2WithEmail = await rejection(china.api.createAccountV2({ name: "d", email: "d@example.com" } as never));
        expect(v2WithEmail).toMatchObject({ status: 400, errorMessage: expect.stringMatching(/email and phone are not accepted/) as unknown });
    });

    it("an email already used (in flight, active, closed or removed) fails asynchronously with error.2000 and a detail", async () => {
        const { emu, api } = await setup({ rules: { removal: "any" } });
        const first = await created(api, "first", { email: "Same@Example.com" });
        const again = await terminal(api, (await api.createAccount({ name: "second", email: "same@example.com" })).id);
        expect(again).toMatchObject({ state: "failed", failure_reason: "error.2000", failure_detail_msg: { error_msg: expect.stringMatching(/already used/) as unknown } });
        await api.removeAccount(first);
        const afterRemoval = await terminal(api, (await api.createAccount({ name: "third", email: "same@example.com" })).id);
        expect(afterRemoval.failure_reason).toBe("error.2000");
        expect(emu.state.accounts().filter((a) => a.email?.toLowerCase() === "same@example.com")).toHaveLength(0);
    });

    it("the phone of a closed account cannot be reused: error.3001", async () => {
        const { api } = await setup();
        const id = await created(api, "phoned", { phone: "+8613800000001" });
        await api.closeAccount(id);
        const s = await terminal(api, (await api.createAccount({ name: "phoned-2", email: "p2@example.com", phone: "+8613800000001" })).id);
        expect(s).toMatchObject({ state: "failed", failure_reason: "error.3001" });
    });

    it("at most 20 tags per account, at creation and by tagging", async () => {
        const { api } = await setup();
        const tags = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: "v" }));
        const err = await rejection(api.createAccount({ name: "many", email: "many@example.com", tags: tags(21) }));
        expect(err).toMatchObject({ status: 400, errorMessage: expect.stringMatching(/at most 20 tags/) as unknown });
        const id = await created(api, "twenty", { tags: tags(20) });
        const more = await rejection(api.tagAccount(id, tags(1, "extra")));
        expect(more).toMatchObject({ status: 400, errorMessage: expect.stringMatching(/at most 20 tags/) as unknown });
        await api.tagAccount(id, tags(1)); // re-tagging an existing key is no new tag
    });

    it("consistencyDelayMs: a new status, then its new account, answer 404 for a while", async () => {
        const { api } = await setup({ creationDelayMs: 200, rules: { consistencyDelayMs: 300 } });
        const s0 = await api.createAccountV2({ name: "lag" });
        expect(await rejection(api.getCreateAccountStatus(s0.id))).toMatchObject({ status: 404 });
        await sleep(320);
        const s = await api.getCreateAccountStatus(s0.id);
        expect(s.state).toBe("succeeded");
        expect(await rejection(api.showAccount(s.account_id!))).toMatchObject({ status: 404 });
        await sleep(320);
        expect((await api.showAccount(s.account_id!)).id).toBe(s.account_id);
    });
});

describe("Huawei emulator: close and removal rules", () => {
    it("at most 3 closing at a time; Organizations.1325 for one already closing", async () => {
        const { api } = await setup({ closeDelayMs: 60_000, rules: { closeQuotaPercent: 0 } });
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) ids.push(await created(api, `c${i}`));
        for (const id of ids.slice(0, 3)) await api.closeAccount(id);
        expect(await rejection(api.closeAccount(ids[3]))).toMatchObject({ status: 400, errorCode: HUAWEI_REFUSALS.closingInProgress.code });
        expect(await rejection(api.closeAccount(ids[0]))).toMatchObject({ status: 400, errorCode: "Organizations.1325" });
    });

    it("at most 10% of the members (rounded up) per 30 days", async () => {
        const { emu, api } = await setup();
        const ids: string[] = [];
        for (let i = 0; i < 11; i++) ids.push(await created(api, `q${i}`));
        await api.closeAccount(ids[0]);
        await api.closeAccount(ids[1]); // ceil(11 * 10%) = 2
        emu.state.completeAll();
        expect(await rejection(api.closeAccount(ids[2]))).toMatchObject({ status: 400, errorCode: HUAWEI_REFUSALS.closeQuota.code });
    });

    it("an account created in the organization cannot be removed (2024 guide); an invited one can; removal: any relaxes it", async () => {
        const { emu, api } = await setup();
        const made = await created(api, "made");
        expect(await rejection(api.removeAccount(made))).toMatchObject({ status: 400, errorCode: HUAWEI_REFUSALS.cannotLeave.code });
        const invited = emu.state.addAccount({ name: "invited", email: "invited@example.com" });
        await api.removeAccount(invited);
        const relaxed = await setup({ rules: { removal: "any" } });
        await relaxed.api.removeAccount(await created(relaxed.api, "made"));
    });
});
