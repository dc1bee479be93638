// Types as documentation: every input and output of both resource classes carries a doc comment
// with an example in the published declarations (dist/*.d.ts), which is what a program's editor shows.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const DIST = path.resolve(__dirname, "..", "..", "dist", "provider", "program");

/** Each member of the named interface or class in a .d.ts, with its doc comment text. */
function membersOf(file: string, name: string): Map<string, string> {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(DIST, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const found = new Map<string, string>();
    const visit = (node: ts.Node) => {
        if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name) {
            for (const member of node.members) {
                if (!member.name || !ts.isIdentifier(member.name)) continue;
                const docs = ts.getJSDocCommentsAndTags(member).map((d) => d.getText());
                found.set(member.name.text, docs.join("\n"));
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

const INPUTS = {
    HuaweiAccountArgs: ["name", "email", "phone", "agencyName", "description", "tags", "parentId", "organization", "onDelete", "adopt", "timeouts"],
    AwsAccountArgs: ["name", "email", "roleName", "iamUserAccessToBilling", "tags", "parentId", "organization", "onDelete", "adopt", "timeouts"],
};
const OUTPUTS = {
    HuaweiAccount: [
        "accountId",
        "accountName",
        "accountUrn",
        "status",
        "parentId",
        "createAccountStatusId",
        "createdAt",
        "completedAt",
        "joinedAt",
        "tagsAll",
        ...INPUTS.HuaweiAccountArgs,
    ],
    AwsAccount: ["accountId", "arn", "state", "parentId", "createAccountStatusId", "requestedAt", "completedAt", "joinedAt", "joinedMethod", "tagsAll", ...INPUTS.AwsAccountArgs],
};

describe.each([
    ["huaweiAccount.d.ts", "HuaweiAccountArgs", INPUTS.HuaweiAccountArgs],
    ["awsAccount.d.ts", "AwsAccountArgs", INPUTS.AwsAccountArgs],
    ["huaweiAccount.d.ts", "HuaweiAccount", OUTPUTS.HuaweiAccount],
    ["awsAccount.d.ts", "AwsAccount", OUTPUTS.AwsAccount],
])("%s %s", (file, name, expected) => {
    test("every input and output has a doc comment with an @example", () => {
        const members = membersOf(file, name);
        expect([...members.keys()].filter((m) => m !== "constructor").sort()).toEqual([...new Set(expected)].sort());
        for (const member of expected) {
            const doc = members.get(member) ?? "";
            expect(doc, `${name}.${member}`).toMatch(/\/\*\*[\s\S]*\w[\s\S]*@example/);
        }
    });
});

test("onDelete's three values are explained in the published type, and the classes have an example", () => {
    const types = fs.readFileSync(path.join(DIST, "types.d.ts"), "utf8");
    // The values are spelled once, in the list the plugin host validates against; the type is that list's.
    expect(types).toContain('export declare const ON_DELETE_POLICIES: readonly ["close", "remove", "retain"];');
    expect(types).toContain("export type OnDeletePolicy = (typeof ON_DELETE_POLICIES)[number];");
    for (const value of ["close", "remove", "retain"]) expect(types).toMatch(new RegExp(`- \`"${value}"\`: \\w`));
    for (const file of ["huaweiAccount.d.ts", "awsAccount.d.ts"]) {
        const text = fs.readFileSync(path.join(DIST, file), "utf8");
        expect(text).toMatch(/@example\s+\* ```ts\s+\* const \w+ = new (HuaweiAccount|AwsAccount)\(/);
        expect(text).toMatch(/onDelete\?: pulumi\.Input<OnDeletePolicy>/);
    }
    expect(fs.readFileSync(path.join(DIST, "..", "index.d.ts"), "utf8")).toContain("OnDeletePolicy");
});
