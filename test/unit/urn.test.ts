// The URN the advice names, rebuilt from the ownership marker: exact when the marker is, and a
// pointer to `pulumi stack --show-urns` when the marker was shortened (its name is not recoverable).
import { describe, expect, test } from "vitest";
import { urnArgument, urnNote, urnOf } from "../../provider/host/lifecycle/urn";
import { ownerMarker } from "../../provider/program/owner";

describe("urnOf", () => {
    test("a marker kept whole gives the URN of a resource without a parent, names with a slash included", () => {
        expect(urnOf("AwsAccount", { owner: ownerMarker("vending", "dev", "team/a") })).toBe("urn:pulumi:dev::vending::pulumi-nodejs:dynamic/orgaccounts:AwsAccount::team/a");
    });

    test("a shortened marker (characters replaced or too long) gives none: the advice says where to find it", () => {
        for (const name of ["acct#1", "x".repeat(300)]) {
            const urn = urnOf("HuaweiAccount", { owner: ownerMarker("vending", "dev", name) });
            expect(urn).toBeUndefined();
            expect(urnArgument(urn)).toBe("'<its URN>'");
            expect(urnNote(urn)).toContain("pulumi stack --show-urns");
        }
        expect(urnOf("AwsAccount", {})).toBeUndefined();
    });

    test("a quote in the name is escaped for the shell", () => {
        expect(urnArgument("urn:pulumi:dev::p::t::it's")).toBe(`'urn:pulumi:dev::p::t::it'\\''s'`);
    });
});
