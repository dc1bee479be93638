// The Pulumi package schema of the native provider `orgaccounts`, built from the sources users
// already see: the zod input schemas (names, types, which inputs are required), the replacement
// rules of the lifecycle, the provider settings table, and the doc comments of the program classes,
// the status functions and the settings (descriptions). Nothing here repeats them: an input added to
// a zod schema appears in the schema, and one without a doc comment fails the generation.
// Schema format: https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import { PROVIDER_CONFIG_KEYS } from "../../host/config/keys";
import { awsAccountKind } from "../../host/kinds/aws";
import { huaweiAccountKind } from "../../host/kinds/huawei";
import { CREATION_STATES } from "../../host/statusQueries";
import { ON_DELETE_POLICIES } from "../../program/types";
import { CLOUD_NAMES } from "../../shared/cloudNames";

export const PACKAGE = "orgaccounts";
/** The checked-in schema, relative to the package root; the plugin serves it from GetSchema. */
export const SCHEMA_FILE = "schema/orgaccounts.json";

/** Inputs of the dynamic resources that the native ones do not have, and why. */
const NOT_NATIVE_INPUTS: Record<string, string> = {
    organization: "a provider instance is the organization",
    owner: "the ownership marker, set by the provider from the resource's URN",
};

/** The files whose doc comments become descriptions (relative to the package root). */
const SOURCES = {
    aws: "provider/program/awsAccount.ts",
    huawei: "provider/program/huaweiAccount.ts",
    types: "provider/program/types.ts",
    status: "provider/program/status.ts",
    backend: "provider/clouds/backend.ts",
    cloudNames: "provider/shared/cloudNames.ts",
    keys: "provider/host/config/keys.ts",
} as const;

/** Named TypeScript types whose values a schema enum lists, and the constant holding those values. */
const NAMED_ENUMS: Record<string, { file: keyof typeof SOURCES; values: readonly string[] }> = {
    OnDeletePolicy: { file: "types", values: ON_DELETE_POLICIES },
    CloudName: { file: "cloudNames", values: CLOUD_NAMES },
    CreationState: { file: "backend", values: CREATION_STATES },
};

export interface SchemaSources {
    /** The package root (default: found from this file). */
    root?: string;
    /** Source texts that replace files' contents, by path relative to the root (for tests). */
    files?: Partial<Record<string, string>>;
    /** Input schemas that replace the resources' own (for tests). */
    inputs?: Partial<Record<"AwsAccount" | "HuaweiAccount", z.ZodType>>;
}

export type PropertySpec = Record<string, unknown> & { description?: string };
export type PulumiPackageSchema = Record<string, unknown>;

interface JsonSchema {
    type?: string;
    enum?: unknown[];
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: JsonSchema | boolean;
    propertyNames?: JsonSchema;
    items?: JsonSchema;
}

export function buildSchema(sources: SchemaSources = {}): PulumiPackageSchema {
    const root = sources.root ?? packageRoot();
    const docs = new Docs(root, sources.files ?? {});
    const types = new TypeRegistry(docs);
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;

    const resources = {
        [token("AwsAccount")]: accountResource("AwsAccount", sources.inputs?.AwsAccount ?? awsAccountKind.schema, awsAccountKind.replaceOnChange, docs, types, "aws"),
        [token("HuaweiAccount")]: accountResource(
            "HuaweiAccount",
            sources.inputs?.HuaweiAccount ?? huaweiAccountKind.schema,
            huaweiAccountKind.replaceOnChange,
            docs,
            types,
            "huawei",
        ),
    };
    const functions = statusFunctions(docs, types);
    const settings = providerSettings(docs);
    const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    const peer = pkg.peerDependencies["@pulumi/pulumi"];
    return {
        name: PACKAGE,
        displayName: "Organization Accounts",
        version: pkg.version,
        description: pkg.description,
        keywords: pkg.keywords,
        homepage: repository,
        repository,
        license: pkg.license,
        publisher: pkg.author,
        meta: { moduleFormat: "(.*)" },
        config: { variables: settings },
        provider: { description: docs.declaration("keys", "PROVIDER_CONFIG_KEYS"), inputProperties: settings },
        resources,
        functions,
        types: types.all(),
        language: {
            nodejs: {
                packageName: `@pulumi-org-accounts/${PACKAGE}`,
                packageDescription: pkg.description,
                dependencies: { "@pulumi/pulumi": peer },
                respectSchemaVersion: true,
            },
            python: {
                packageName: `pulumi_${PACKAGE}`,
                requires: { pulumi: `>=${peer.replace(/^\^/, "")},<4.0.0` },
                pyproject: { enabled: true },
                respectSchemaVersion: true,
            },
            go: {
                importBasePath: `${repository.replace(/^https:\/\//, "")}/sdk/go/${PACKAGE}`,
                generateResourceContainerTypes: true,
                respectSchemaVersion: true,
            },
        },
    };
}

interface PackageJson {
    version: string;
    description: string;
    keywords: string[];
    license: string;
    author: string;
    repository: { url: string };
    peerDependencies: Record<string, string>;
}

function token(name: string): string {
    return `${PACKAGE}:index:${name}`;
}

function packageRoot(): string {
    // This file runs from provider/plugin/schema/ (tsx) or dist/provider/plugin/schema/ (compiled).
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        try {
            if ((JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name === "pulumi-org-accounts") return dir;
        } catch {
            // not here: look higher
        }
        if (path.dirname(dir) === dir) throw new Error(`cannot find the package root (package.json of pulumi-org-accounts) above ${__dirname}`);
    }
}

// --- resources ---

function accountResource(
    name: "AwsAccount" | "HuaweiAccount",
    schema: z.ZodType,
    replaceOnChange: readonly string[],
    docs: Docs,
    types: TypeRegistry,
    file: "aws" | "huawei",
): Record<string, unknown> {
    const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
    const args = docs.members(file, `${name}Args`);
    const outputs = docs.members(file, name);
    const inputNames = Object.keys(json.properties ?? {}).filter((key) => !(key in NOT_NATIVE_INPUTS));
    for (const key of inputNames) {
        if (!args.has(key)) throw new Error(`${name} input "${key}" (in its zod schema) has no doc comment in ${name}Args (${SOURCES[file]}): document it there`);
    }
    for (const key of args.keys()) {
        if (!(key in (json.properties ?? {}))) throw new Error(`${name}Args declares "${key}" (${SOURCES[file]}), which the zod input schema does not have`);
    }
    for (const key of replaceOnChange) {
        if (!(key in NOT_NATIVE_INPUTS) && !inputNames.includes(key)) throw new Error(`${name} replaces on a change of "${key}", which is not an input`);
    }
    const replaces = (key: string) => (replaceOnChange.includes(key) ? { replaceOnChanges: true } : {});

    const inputProperties: Record<string, PropertySpec> = {};
    for (const key of inputNames) {
        const member = args.get(key)!;
        inputProperties[key] = { ...types.fromJson(json.properties![key], key, member.type), description: member.doc, ...replaces(key) };
    }
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [key, member] of outputs) {
        if (key in NOT_NATIVE_INPUTS) continue;
        if (!member.doc) throw new Error(`${name}.${key} has no doc comment (${SOURCES[file]}): document it there`);
        const declared = unwrapGeneric(member.type, "Output");
        // An output that echoes an input has the input's type; the others, their declared one.
        const type = inputNames.includes(key) ? withoutDocs(inputProperties[key]) : types.fromTypeNode(declared, key).type;
        properties[key] = { ...type, description: member.doc, ...replaces(key) };
        if (!mayBeUndefined(declared)) required.push(key);
    }
    return {
        description: docs.declaration(file, name),
        properties,
        required,
        inputProperties,
        requiredInputs: (json.required ?? []).filter((key) => inputNames.includes(key)),
    };
}

function withoutDocs(spec: PropertySpec): PropertySpec {
    const { description: _description, replaceOnChanges: _replaces, ...type } = spec;
    return type;
}

// --- functions ---

function statusFunctions(docs: Docs, types: TypeRegistry): Record<string, unknown> {
    const info = new Map([...docs.members("backend", "CreationStatus"), ...docs.members("status", "CreateAccountStatusInfo")]);
    const statusType = token("CreateAccountStatus");
    const statusObject = types.object("CreateAccountStatus", docs.declaration("status", "CreateAccountStatusInfo"), info);
    types.define(statusType, statusObject);
    const inputs = (name: string) => {
        const members = docs.members("status", name);
        const properties: Record<string, PropertySpec> = {};
        const required: string[] = [];
        for (const [key, member] of members) {
            if (key in NOT_NATIVE_INPUTS) continue;
            if (!member.doc) throw new Error(`${name}.${key} has no doc comment (${SOURCES.status}): document it there`);
            const { type, optional } = types.fromTypeNode(member.type, key);
            properties[key] = { ...type, description: member.doc };
            if (!optional) required.push(key);
        }
        return { properties, required };
    };
    return {
        [token("getCreateAccountStatus")]: {
            description: docs.declaration("status", "getCreateAccountStatus"),
            inputs: inputs("GetCreateAccountStatusArgs"),
            outputs: { properties: statusObject.properties, required: statusObject.required },
        },
        [token("listCreateAccountStatuses")]: {
            description: docs.declaration("status", "listCreateAccountStatuses"),
            inputs: inputs("ListCreateAccountStatusesArgs"),
            outputs: {
                properties: {
                    statuses: {
                        type: "array",
                        items: { $ref: `#/types/${statusType}` },
                        description: docs.declaration("status", "listCreateAccountStatuses"),
                    },
                },
                required: ["statuses"],
            },
        },
    };
}

// --- provider settings ---

function providerSettings(docs: Docs): Record<string, PropertySpec> {
    const documented = docs.objectMembers("keys", "PROVIDER_CONFIG_KEYS");
    const settings: Record<string, PropertySpec> = {};
    for (const [key, spec] of Object.entries(PROVIDER_CONFIG_KEYS) as [string, { type: string; secret?: true }][]) {
        const description = documented.get(key);
        if (!description) throw new Error(`setting "${key}" has no doc comment in PROVIDER_CONFIG_KEYS (${SOURCES.keys}): document it there`);
        const type = spec.type === "tags" ? { type: "object", additionalProperties: { type: "string" } } : { type: spec.type };
        settings[key] = { ...type, description, ...(spec.secret ? { secret: true } : {}) };
    }
    return settings;
}

// --- types ---

class TypeRegistry {
    private readonly types = new Map<string, Record<string, unknown>>();

    constructor(private readonly docs: Docs) {}

    all(): Record<string, unknown> {
        return Object.fromEntries([...this.types].sort(([a], [b]) => a.localeCompare(b)));
    }

    define(name: string, spec: Record<string, unknown>): { $ref: string } {
        const known = this.types.get(name);
        if (known && JSON.stringify(known) !== JSON.stringify(spec)) throw new Error(`type ${name} is defined twice, differently`);
        this.types.set(name, spec);
        return { $ref: `#/types/${name}` };
    }

    /** An object type from documented members (an interface's), typed by their TypeScript types. */
    object(name: string, description: string, members: Map<string, Member>): { type: "object"; description: string; properties: Record<string, PropertySpec>; required: string[] } {
        const properties: Record<string, PropertySpec> = {};
        const required: string[] = [];
        for (const [key, member] of members) {
            if (!member.doc) throw new Error(`${name}.${key} has no doc comment: document it at its declaration`);
            const { type, optional } = this.fromTypeNode(member.type, key);
            properties[key] = { ...type, description: member.doc };
            if (!optional) required.push(key);
        }
        return { type: "object", description, properties, required };
    }

    /** A zod input's JSON schema as a Pulumi type; `typeNode` is its declaration in the program class's args (names enums and objects). */
    fromJson(json: JsonSchema, key: string, typeNode: ts.TypeNode | undefined): PropertySpec {
        const named = typeNode ? namedType(unwrapGeneric(typeNode, "Input")) : undefined;
        if (json.enum) {
            const values = json.enum.map(String);
            if (named && NAMED_ENUMS[named]) return this.namedEnum(named, values);
            return this.define(token(pascal(key)), {
                type: "string",
                description: this.docs.memberDoc(typeNode) ?? `The values of \`${key}\`.`,
                enum: values.map((value) => ({ value })),
            });
        }
        switch (json.type) {
            case "string":
            case "boolean":
            case "integer":
            case "number":
                return { type: json.type };
            case "array":
                return { type: "array", items: this.fromJson(json.items ?? {}, key, undefined) };
            case "object": {
                if (json.properties) {
                    if (!named) throw new Error(`input "${key}" is an object: declare its type as a named interface in ${SOURCES.types}`);
                    const members = this.docs.members("types", named);
                    const properties: Record<string, PropertySpec> = {};
                    for (const [name, property] of Object.entries(json.properties)) {
                        const member = members.get(name);
                        if (!member?.doc) throw new Error(`${named}.${name} has no doc comment (${SOURCES.types}): document it there`);
                        properties[name] = { ...this.fromJson(property, name, member.type), description: member.doc };
                    }
                    return this.define(token(named), {
                        type: "object",
                        description: this.docs.declaration("types", named),
                        properties,
                        ...(json.required?.length ? { required: json.required } : {}),
                    });
                }
                const values = typeof json.additionalProperties === "object" ? json.additionalProperties : {};
                return { type: "object", additionalProperties: this.fromJson(values, key, undefined) };
            }
            default:
                if (Object.keys(json).length === 0) throw new Error(`input "${key}": its zod schema has no JSON Schema type`);
                throw new Error(`input "${key}": no Pulumi type for JSON Schema ${JSON.stringify(json)}`);
        }
    }

    /** A TypeScript type (an output's, a function argument's) as a Pulumi type, and whether it may be undefined. */
    fromTypeNode(node: ts.TypeNode | undefined, key: string): { type: PropertySpec; optional: boolean } {
        if (!node) throw new Error(`"${key}" has no declared type`);
        const defined = (ts.isUnionTypeNode(node) ? [...node.types] : [node]).filter((member) => member.kind !== ts.SyntaxKind.UndefinedKeyword);
        const optional = mayBeUndefined(node);
        const isText = (member: ts.TypeNode) =>
            member.kind === ts.SyntaxKind.StringKeyword || (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)) || namedType(member) === "Date";
        if (defined.length > 0 && defined.every(isText)) return { type: { type: "string" }, optional };
        if (defined.length !== 1) throw new Error(`"${key}": no Pulumi type for ${node.getText()}`);
        const only = defined[0];
        if (only.kind === ts.SyntaxKind.BooleanKeyword) return { type: { type: "boolean" }, optional };
        if (only.kind === ts.SyntaxKind.NumberKeyword) return { type: { type: "number" }, optional };
        if (ts.isArrayTypeNode(only)) return { type: { type: "array", items: this.fromTypeNode(only.elementType, key).type }, optional };
        const named = namedType(only);
        if (named && NAMED_ENUMS[named]) return { type: this.namedEnum(named, NAMED_ENUMS[named].values), optional };
        if (named === "Record" && ts.isTypeReferenceNode(only) && only.typeArguments?.length === 2) {
            return { type: { type: "object", additionalProperties: this.fromTypeNode(only.typeArguments[1], key).type }, optional };
        }
        throw new Error(`"${key}": no Pulumi type for ${only.getText()}`);
    }

    private namedEnum(name: string, values: readonly string[]): { $ref: string } {
        const { file, values: expected } = NAMED_ENUMS[name];
        if (JSON.stringify([...values]) !== JSON.stringify([...expected]))
            throw new Error(`${name}: the input schema allows ${values.join(", ")} but ${name} is ${expected.join(", ")}`);
        const description = this.docs.declaration(file, name);
        return this.define(token(name), {
            type: "string",
            description,
            enum: values.map((value) => ({ value, ...(valueDoc(description, value) ? { description: valueDoc(description, value) } : {}) })),
        });
    }
}

/** The text of a bullet `` - `"value"`: text `` in a type's doc comment, if it has one for the value. */
function valueDoc(doc: string, value: string): string | undefined {
    const bullet = new RegExp(`^- \`"${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\`: ([\\s\\S]*?)(?=\\n- |\\n\\n|$)`, "m").exec(doc);
    return bullet?.[1].replace(/\s*\n\s*/g, " ").trim();
}

/** Whether a declared type admits undefined (`T | undefined`, or an optional member `key?: T`). */
function mayBeUndefined(node: ts.TypeNode | undefined): boolean {
    if (!node) return true;
    if (ts.isUnionTypeNode(node) && node.types.some((member) => member.kind === ts.SyntaxKind.UndefinedKeyword)) return true;
    return ts.isPropertySignature(node.parent) && node.parent.questionToken !== undefined;
}

function pascal(name: string): string {
    return name[0].toUpperCase() + name.slice(1);
}

/** `pulumi.Input<T>` / `pulumi.Output<T>` to T. */
function unwrapGeneric(node: ts.TypeNode | undefined, name: "Input" | "Output"): ts.TypeNode | undefined {
    if (node && ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1 && ts.isQualifiedName(node.typeName) && node.typeName.right.text === name) {
        return node.typeArguments[0];
    }
    return node;
}

function namedType(node: ts.TypeNode | undefined): string | undefined {
    if (!node || !ts.isTypeReferenceNode(node)) return undefined;
    return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}

// --- doc comments ---

interface Member {
    doc: string | undefined;
    type: ts.TypeNode | undefined;
}

class Docs {
    private readonly files = new Map<string, ts.SourceFile>();

    constructor(
        private readonly root: string,
        private readonly overrides: Partial<Record<string, string>>,
    ) {}

    /** The doc comment of a top-level declaration (class, interface, type, function, const). */
    declaration(file: keyof typeof SOURCES, name: string): string {
        const node = this.find(file, name);
        const doc = node && docText(node);
        if (!doc) throw new Error(`${name} has no doc comment (${SOURCES[file]}): document it there`);
        return doc;
    }

    /** The properties of an interface or class, in declaration order, with their doc comments and types. */
    members(file: keyof typeof SOURCES, name: string): Map<string, Member> {
        const node = this.find(file, name);
        if (!node || !(ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node))) throw new Error(`${SOURCES[file]} declares no interface or class ${name}`);
        const members = new Map<string, Member>();
        for (const member of node.members) {
            if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.name || !ts.isIdentifier(member.name)) continue;
            members.set(member.name.text, { doc: docText(member), type: member.type });
        }
        return members;
    }

    /** The doc comments of the properties of a const object literal (`{ key: ... } as const`). */
    objectMembers(file: keyof typeof SOURCES, name: string): Map<string, string | undefined> {
        const node = this.find(file, name);
        let init = node && ts.isVariableStatement(node) ? node.declarationList.declarations[0].initializer : undefined;
        while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (!init || !ts.isObjectLiteralExpression(init)) throw new Error(`${SOURCES[file]}: ${name} is not a const object`);
        const members = new Map<string, string | undefined>();
        for (const property of init.properties) if (property.name && ts.isIdentifier(property.name)) members.set(property.name.text, docText(property));
        return members;
    }

    /** The doc comment of the interface member a type node belongs to. */
    memberDoc(node: ts.TypeNode | undefined): string | undefined {
        let parent: ts.Node | undefined = node;
        while (parent && !ts.isPropertySignature(parent)) parent = parent.parent;
        return parent && docText(parent);
    }

    private find(file: keyof typeof SOURCES, name: string): ts.Node | undefined {
        const source = this.source(SOURCES[file]);
        return source.statements.find((statement) => {
            if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
            const named = statement as ts.Node & { name?: ts.Node };
            return named.name !== undefined && ts.isIdentifier(named.name) && named.name.text === name;
        });
    }

    private source(relative: string): ts.SourceFile {
        let source = this.files.get(relative);
        if (!source) {
            const text = this.overrides[relative] ?? readFileSync(path.join(this.root, relative), "utf8");
            source = ts.createSourceFile(relative, text, ts.ScriptTarget.ES2022, true);
            this.files.set(relative, source);
        }
        return source;
    }
}

/** A node's doc comment as Markdown: its text without the tags (`@example`, `@param`), `{@link X}` as `X`. */
function docText(node: ts.Node): string | undefined {
    const comments = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const comment = comments[comments.length - 1]?.comment;
    if (comment === undefined) return undefined;
    const text = ts
        .getTextOfJSDocComment(comment)
        ?.replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, "`$1`")
        .trim();
    return text || undefined;
}

/** The schema as the checked-in file holds it: JSON in the house format (prettier, as `npm run format` writes it). */
export async function formatSchema(schema: PulumiPackageSchema, file: string): Promise<string> {
    const prettier = await import("prettier");
    const options = await prettier.resolveConfig(file);
    return prettier.format(JSON.stringify(schema), { ...options, filepath: file });
}
