// Taking over this resource's own request from an earlier run, in-process: the request is found
// in the organization's listing, and its account may not be visible yet.
import { afterEach, describe, expect, test } from "vitest";
import { CLOUDS, consistencyLag, InProcessWorld, OPERATIONS, ownerOf } from "../support/inProcess";

let world: InProcessWorld | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

describe.each(CLOUDS)("%s: an own request found already succeeded", (cloud) => {
    test("whose account is not visible yet is taken over: nothing submitted, the account found once visible", async () => {
        const w = (world = await InProcessWorld.start(cloud, { emulator: consistencyLag(cloud, 1_000), config: { consistencyGraceMs: "5000" } }));
        // Made by an earlier run, long enough ago to be listed; it succeeds now, so its new
        // account is not found for the next second.
        const own = w.seedRequest("early", { agoMs: 5_000, owner: ownerOf("early") });
        w.emulator.state.completeAll();

        const { id, outs } = await w.create("early");

        expect(id).toBe(own);
        expect(w.requests("CreateAccount")).toHaveLength(0);
        expect(w.accountsNamed("early")).toHaveLength(1);
        expect(outs.accountId).toBe(w.accountsNamed("early")[0].id);
        // The provider did meet the account not visible yet, and waited for it.
        expect(w.requests(OPERATIONS[cloud].describe).some((r) => r.status === 404 || r.status === 400)).toBe(true);
    });
});
