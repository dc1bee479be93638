// The package schema of the native provider is generated from the zod input schemas, the provider
// settings table and the doc comments: the checked-in file must be what the generator writes today,
// and a change to those sources must change it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { PROVIDER_CONFIG_KEYS } from "../../provider/host/config/keys";
import { awsInputsSchema } from "../../provider/host/validation/aws";
import { huaweiInputsSchema } from "../../provider/host/validation/huawei";
import { buildSchema, formatSchema, SCHEMA_FILE } from "../../provider/plugin/schema/generate";

const ROOT = path.resolve(__dirname, "../..");
const checkedIn = () => readFileSync(path.join(ROOT, SCHEMA_FILE), "utf8");

type Spec = Record<string, unknown>;
interface Resource {
    description: string;
    inputProperties: Record<string, Spec>;
    requiredInputs: string[];
    properties: Record<string, Spec>;
    required: string[];
}

const schema = buildSchema() as {
    version: string;
    config: { variables: Record<string, Spec> };
    provider: { description: string; inputProperties: Record<string, Spec> };
    resources: Record<string, Resource>;
    functions: Record<string, { description: string; inputs: { properties: Record<string, Spec> }; outputs: { properties: Record<string, Spec> } }>;
    types: Record<string, Spec & { properties?: Record<string, Spec>; enum?: Spec[] }>;
};
const aws = schema.resources["orgaccounts:index:AwsAccount"];
const huawei = schema.resources["orgaccounts:index:HuaweiAccount"];

describe("the checked-in schema", () => {
    test("is what the generator writes from today's sources", async () => {
        const file = path.join(ROOT, SCHEMA_FILE);
        const expected = await formatSchema(schema, file);
        if (checkedIn() !== expected) {
            expect.fail(`${SCHEMA_FILE} differs from the schema generated from the zod input schemas, the settings and the doc comments: run \`npm run schema\` and commit it`);
        }
    });

    test("its version is the package's", () => {
        const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        expect((JSON.parse(checkedIn()) as { version: string }).version).toBe(pkg.version);
    });
});

describe("generated from the sources", () => {
    test("an input added to a zod schema, with its doc comment, is an input of the generated schema: the checked-in one then differs", () => {
        const argsFile = "provider/program/awsAccount.ts";
        const args = readFileSync(path.join(ROOT, argsFile), "utf8").replace(
            "export interface AwsAccountArgs {",
            "export interface AwsAccountArgs {\n    /** The account's cost center. */\n    costCenter?: pulumi.Input<string>;",
        );
        const changed = buildSchema({ inputs: { AwsAccount: awsInputsSchema.extend({ costCenter: z.string().optional() }) }, files: { [argsFile]: args } }) as typeof schema;
        expect(changed.resources["orgaccounts:index:AwsAccount"].inputProperties.costCenter).toEqual({ type: "string", description: "The account's cost center." });
        expect(changed).not.toEqual(JSON.parse(checkedIn()));
    });

    test("an input added to a zod schema without a doc comment fails the generation, naming where to document it", () => {
        expect(() => buildSchema({ inputs: { HuaweiAccount: huaweiInputsSchema.extend({ costCenter: z.string().optional() }) } })).toThrow(
            'HuaweiAccount input "costCenter" (in its zod schema) has no doc comment in HuaweiAccountArgs (provider/program/huaweiAccount.ts): document it there',
        );
    });

    test("an input made required in the zod schema is required in the schema", () => {
        const changed = buildSchema({ inputs: { AwsAccount: awsInputsSchema.extend({ parentId: z.string() }) } }) as typeof schema;
        expect(changed.resources["orgaccounts:index:AwsAccount"].requiredInputs).toEqual(["name", "email", "parentId"]);
    });

    test("the resources have the zod inputs but organization (a provider instance chooses it) and owner (the provider sets it)", () => {
        const inputsOf = (zod: z.ZodObject) => Object.keys(zod.shape).filter((key) => key !== "organization" && key !== "owner");
        expect(Object.keys(aws.inputProperties)).toEqual(inputsOf(awsInputsSchema));
        expect(Object.keys(huawei.inputProperties)).toEqual(inputsOf(huaweiInputsSchema));
        expect(aws.requiredInputs).toEqual(["name", "email"]);
        expect(huawei.requiredInputs).toEqual(["name"]);
        for (const resource of [aws, huawei]) {
            expect(resource.properties).not.toHaveProperty("organization");
            expect(resource.properties).not.toHaveProperty("__provider");
        }
    });

    test("inputs whose change replaces the account say replaceOnChanges", () => {
        const replacing = (resource: Resource) =>
            Object.entries(resource.properties)
                .filter(([, spec]) => spec.replaceOnChanges)
                .map(([key]) => key);
        expect(replacing(aws)).toEqual(["email", "roleName", "iamUserAccessToBilling"]);
        expect(replacing(huawei)).toEqual(["name", "email", "phone", "agencyName"]);
    });

    test("the types: the timeouts object, the onDelete enum with each value's doc, maps of strings", () => {
        expect(aws.inputProperties.timeouts.$ref).toBe("#/types/orgaccounts:index:AccountTimeouts");
        expect(Object.keys(schema.types["orgaccounts:index:AccountTimeouts"].properties!)).toEqual(["create", "delete"]);
        expect(huawei.inputProperties.onDelete.$ref).toBe("#/types/orgaccounts:index:OnDeletePolicy");
        const onDelete = schema.types["orgaccounts:index:OnDeletePolicy"].enum!;
        expect(onDelete.map((value) => value.value)).toEqual(["close", "remove", "retain"]);
        expect(onDelete[2].description).toBe("leaves the account in the organization as it is; the stack only forgets it.");
        expect(aws.inputProperties.tags).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
        expect(schema.config.variables.pollInitialMs.type).toBe("integer");
        expect(schema.config.variables.skipCredentialsValidation.type).toBe("boolean");
    });

    test("every setting is a config variable and a provider input; credentials are secret", () => {
        expect(Object.keys(schema.config.variables)).toEqual(Object.keys(PROVIDER_CONFIG_KEYS));
        expect(schema.provider.inputProperties).toEqual(schema.config.variables);
        const secret = Object.entries(schema.config.variables)
            .filter(([, spec]) => spec.secret)
            .map(([key]) => key);
        expect(secret).toEqual(["huaweiAccessKey", "huaweiSecretKey", "huaweiSecurityToken", "awsAccessKeyId", "awsSecretAccessKey", "awsSessionToken"]);
    });

    test("the status functions take no organization argument", () => {
        expect(Object.keys(schema.functions["orgaccounts:index:getCreateAccountStatus"].inputs.properties)).toEqual(["cloud", "id"]);
        expect(Object.keys(schema.functions["orgaccounts:index:listCreateAccountStatuses"].inputs.properties)).toEqual(["cloud", "states", "since"]);
    });

    test("every resource, input, output, config key, type and function has a description", () => {
        const missing: string[] = [];
        const walk = (where: string, value: object) => {
            const description = (value as { description?: unknown }).description;
            if (typeof description !== "string" || description === "") missing.push(where);
        };
        walk("provider", schema.provider);
        for (const [key, spec] of Object.entries(schema.config.variables)) walk(`config ${key}`, spec);
        for (const [name, resource] of Object.entries(schema.resources)) {
            walk(name, resource);
            for (const [key, spec] of Object.entries(resource.inputProperties)) walk(`${name} input ${key}`, spec);
            for (const [key, spec] of Object.entries(resource.properties)) walk(`${name} output ${key}`, spec);
        }
        for (const [name, fn] of Object.entries(schema.functions)) {
            walk(name, fn);
            for (const [key, spec] of Object.entries(fn.inputs.properties)) walk(`${name} input ${key}`, spec);
            for (const [key, spec] of Object.entries(fn.outputs.properties)) walk(`${name} output ${key}`, spec);
        }
        for (const [name, type] of Object.entries(schema.types)) {
            walk(name, type);
            for (const [key, spec] of Object.entries(type.properties ?? {})) walk(`${name}.${key}`, spec);
        }
        expect(missing).toEqual([]);
    });

    test("descriptions are the doc comments users read, without their tags", () => {
        expect(aws.inputProperties.adopt.description).toMatch(/^Take over the organization's existing account with this `email`/);
        expect(aws.properties.accountId.description).toBe("The account's id (12 digits): use it downstream.");
        expect(JSON.stringify(schema)).not.toMatch(/@example|@param|\{@link/);
    });
});
