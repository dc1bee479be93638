// Facts the code defines once and uses in several places: each use says the same thing, and the
// one definition agrees with where the fact comes from (the Pulumi SDK, the published type).
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { CLOUD_NAMES } from "../../provider/shared/cloudNames";
import { parseArgs } from "../../emulator/cli";
import { huaweiInputsSchema } from "../../provider/host/validation/huawei";
import { readOrganizations } from "../../provider/host/config/organizations";
import { ORGANIZATION_NAME_RULE, UNKNOWN, validateInputs } from "../../provider/host/validation/inputs";
import { ON_DELETE_POLICIES } from "../../provider/program/types";
import { parseStatusArgs } from "../../provider/cli/status";

const inputFailures = (inputs: Record<string, unknown>) => validateInputs(huaweiInputsSchema, { name: "acct", owner: "vending/dev/acct", ...inputs }).failures.map((f) => f.reason);
const declaring = (organizations: object) => () => readOrganizations({ get: (key) => (key === "orgaccounts:organizations" ? JSON.stringify(organizations) : undefined) });

test("the engine's unknown value is the Pulumi SDK's", () => {
    const sdk = createRequire(import.meta.url)("@pulumi/pulumi/runtime/rpc") as { unknownValue: string };
    expect(UNKNOWN).toBe(sdk.unknownValue);
});

describe("the organization-name rule: the same for the organization input and orgaccounts:organizations", () => {
    test.each(["sandbox", "a", "Prod_eu.1-b", "x".repeat(64)])("%s is a name for both", (name) => {
        expect(inputFailures({ organization: name })).toEqual([]);
        expect(declaring({ [name]: { cloud: "aws" } })()).toHaveProperty("size", 1);
    });

    test.each(["-lead", "has space", "x".repeat(65), "ünï"])("%s is refused by both, with the same rule", (name) => {
        expect(inputFailures({ organization: name })).toEqual([expect.stringContaining(`organization: must be an organization name: ${ORGANIZATION_NAME_RULE}`)]);
        expect(declaring({ [name]: { cloud: "aws" } })).toThrow(`orgaccounts:organizations.${name}: an organization name is ${ORGANIZATION_NAME_RULE}`);
    });
});

test("onDelete: the check names exactly the values of the published type", () => {
    const quoted = ON_DELETE_POLICIES.map((value) => `"${value}"`);
    expect(inputFailures({ onDelete: "shred" })).toEqual([`onDelete: must be ${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}, not "shred"`]);
    for (const value of ON_DELETE_POLICIES) expect(inputFailures({ onDelete: value })).toEqual([]);
});

test("the clouds: every place that takes a cloud's name takes each, and names them when refusing one", () => {
    for (const cloud of CLOUD_NAMES) {
        expect(parseStatusArgs(["list", "--cloud", cloud])).toMatchObject({ cloud });
        expect(parseArgs(["--cloud", cloud]).clouds).toEqual([cloud]);
        expect(declaring({ org: { cloud } })().get("org")?.cloud).toBe(cloud);
    }
    expect(parseArgs([]).clouds).toEqual(CLOUD_NAMES);
    expect(() => parseStatusArgs(["list", "--cloud", "gcp"])).toThrow(`--cloud must be ${CLOUD_NAMES.join(" or ")}; got "gcp"`);
    expect(() => parseArgs(["--cloud", "gcp"])).toThrow(`--cloud must be ${CLOUD_NAMES.join(", ")} or both; got "gcp"`);
    expect(declaring({ org: { cloud: "gcp" } })).toThrow(`needs "cloud": ${CLOUD_NAMES.map((c) => `"${c}"`).join(" or ")}`);
});
