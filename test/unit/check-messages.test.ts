// The messages a failed `check` shows, as the user reads them in `pulumi preview`: the input, the
// rule in words, and what is wrong with the value; never a regular expression or zod's own wording.
import { describe, expect, test } from "vitest";
import { awsInputsSchema } from "../../provider/host/validation/aws";
import { huaweiInputsSchema } from "../../provider/host/validation/huawei";
import { validateInputs } from "../../provider/host/validation/inputs";

const owner = "vending/dev/acct";
const reasons = (schema: Parameters<typeof validateInputs>[0], inputs: Record<string, unknown>) => validateInputs(schema, { owner, ...inputs }).failures.map((f) => f.reason);
const huawei = (inputs: Record<string, unknown>) => reasons(huaweiInputsSchema, { name: "acct", ...inputs });
const aws = (inputs: Record<string, unknown>) => reasons(awsInputsSchema, { name: "acct", email: "acct@example.com", ...inputs });

describe("both resources", () => {
    test.each([
        ["a missing required input", { name: undefined }, ["name: is required"]],
        ["a wrong type", { name: 5 }, ["name: must be a string, not the number 5"]],
        ["an onDelete that is not one of the three", { onDelete: "shred" }, ['onDelete: must be "close", "remove" or "retain", not "shred"']],
        ["adopt as a string", { adopt: "yes" }, ['adopt: must be true or false, not "yes"']],
        ["timeouts as a string", { timeouts: "5m" }, ['timeouts: must be an object such as { create: "20m", delete: "10m" }, not "5m"']],
        ["a duration that is not one", { timeouts: { create: "soon" } }, ['timeouts.create: must be a duration such as "20m", "1h30m" or "90s", not "soon"']],
        ["a zero duration", { timeouts: { delete: "0s" } }, ['timeouts.delete: must be longer than zero, not "0s"']],
        ["tags as a list", { tags: ["a"] }, ['tags: must be an object such as { team: "a" } (tag keys to string values), not a list']],
        ["a tag value of another type", { tags: { team: 5 } }, ["tags.team: the value must be a string, not the number 5"]],
        ["an empty tag key", { tags: { "": "x" } }, ['tags.: tag key "" must be 1-128 characters; it is empty']],
        [
            "a tag key with a character outside the rule",
            { tags: { "team*": "x" } },
            [expect.stringMatching(/^tags\.team\*: tag key "team\*" may use only letters, digits, spaces and _ \. : .*= \+ - @; it has "\*" at character 5$/)],
        ],
        [
            "the ownership marker's key",
            { tags: { "pulumi-org-accounts:owner": "x" } },
            ['tags.pulumi-org-accounts:owner: tag key "pulumi-org-accounts:owner" is reserved for the ownership marker'],
        ],
        ["an input the resource does not have", { colour: "blue" }, ["colour: is not an input of this resource"]],
        ["no owner (the class sets it)", { owner: undefined }, ["owner: is set by the resource class (declare the account with new HuaweiAccount(...) or new AwsAccount(...))"]],
    ])("%s", (_label, inputs, expected) => {
        expect(huawei(inputs)).toEqual(expected);
        expect(aws(inputs)).toEqual(expected);
    });
});

describe("HuaweiAccount", () => {
    test.each([
        ["a name too long", { name: "x".repeat(65) }, ["name: must be 1-64 characters; it has 65"]],
        ["a control character", { name: "team\u0007a" }, ["name: must not contain control characters; it has U+0007 at character 5"]],
        ["an email without @", { email: "team-a.example.com" }, ["email: must be an email address; it has no @"]],
        ["an email with a space", { email: "team a@example.com" }, ["email: must be an email address; it has a space at character 5"]],
        [
            "a phone with a letter",
            { phone: "+86 138 x" },
            ['phone: must be a phone number of at most 32 digits (spaces and - allowed), optionally starting with +; it has "x" at character 8 after the +'],
        ],
        ["an empty agency name", { agencyName: "" }, ["agencyName: must be 1-32 characters; it is empty"]],
        ["a description too long", { description: "d".repeat(1025) }, ["description: must be at most 1024 characters; it has 1025"]],
        [
            "20 tags",
            { tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"])) },
            ["tags: at most 19 tags (one more is reserved for the ownership marker); it has 20"],
        ],
        ["a reserved tag prefix", { tags: { _sys_x: "1" } }, ['tags._sys_x: tag key "_sys_x" must not start with _sys_']],
        ["a tag value too long", { tags: { team: "v".repeat(256) } }, ["tags.team: the value must be at most 255 characters; it has 256"]],
        [
            "a parent that is no id",
            { parentId: "folder-1" },
            [
                'parentId: must be a root id ("r-...") or an organizational unit id ("ou-..."): lower-case letters and digits after the prefix, at most 64 characters; it is "folder-1"',
            ],
        ],
    ])("%s", (_label, inputs, expected) => {
        expect(huawei(inputs)).toEqual(expected);
    });
});

describe("AwsAccount", () => {
    test.each([
        ["a name too long", { name: "x".repeat(51) }, ["name: must be 1-50 characters; it has 51"]],
        ["a name that is not ASCII", { name: "équipe" }, ['name: must be printable ASCII (letters, digits, spaces and punctuation); it has "é" at character 1']],
        ["a name with <", { name: "team <a>" }, ['name: must not contain < or > (AWS refuses them in a rename); it has "<" at character 6']],
        ["a missing email", { email: undefined }, ["email: is required"]],
        [
            "an email without a dot in its domain",
            { email: "team@example" },
            ["email: must be an email address with exactly one @ and a dot in the domain; the domain after the @ has no dot"],
        ],
        ["an email with two @", { email: "team@a@example.com" }, ["email: must be an email address with exactly one @ and a dot in the domain; it has 2 @"]],
        ["a role name with a space", { roleName: "Admin Role" }, ["roleName: must use only letters, digits and + = , . @ _ -; it has a space at character 6"]],
        ["a billing access that is neither", { iamUserAccessToBilling: "MAYBE" }, ['iamUserAccessToBilling: must be "ALLOW" or "DENY", not "MAYBE"']],
        ["an aws: tag", { tags: { "aws:x": "1" } }, ['tags.aws:x: tag key "aws:x" must not start with aws:']],
        [
            "a parent that is no id",
            { parentId: "ou-abc" },
            ['parentId: must be a root id ("r-" and 4-32 lower-case letters or digits) or an organizational unit id ("ou-", 4-32, "-", 8-32 of them); it is "ou-abc"'],
        ],
    ])("%s", (_label, inputs, expected) => {
        expect(aws(inputs)).toEqual(expected);
    });

    test("a long value is not repeated in the message, only described", () => {
        expect(aws({ parentId: "x".repeat(80) })[0]).toMatch(/; it is a string of 80 characters$/);
    });
});
