// Input validation shared by every account resource: zod schemas, the engine's unknown values,
// and the translation of zod issues into the check failures `pulumi preview` shows.
import { z } from "zod";
import { ON_DELETE_POLICIES } from "../../program/types";

/** What the engine sends for a value not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const DURATION = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** "90s", "20m", "1h30m" to milliseconds. */
export function parseDuration(text: string): number {
    const m = DURATION.exec(text);
    if (!m || text === "") throw new Error(`"${text}" is not a duration like "20m", "1h30m" or "90s"`);
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

export const durationSchema = z
    .string()
    .regex(DURATION, { error: (issue) => `must be a duration such as "20m", "1h30m" or "90s", not ${describeValue(issue.input)}`, abort: true })
    .refine((t) => parseDuration(t) > 0, { error: (issue) => `must be longer than zero, not ${describeValue(issue.input)}` });

export const timeoutsSchema = z.object({ create: durationSchema.optional(), delete: durationSchema.optional() }, { error: objectOf('{ create: "20m", delete: "10m" }') }).strict();

/** Organization names: what `organization` inputs and the keys of `orgaccounts:organizations` spell. */
export const ORGANIZATION_NAME_RULE = '1-64 letters, digits, "_", "." or "-", starting with a letter or digit';
export const organizationNameSchema = z
    .string({ error: "must be the name of an organization declared in orgaccounts:organizations (a string)" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, `must be an organization name: ${ORGANIZATION_NAME_RULE}`);

/** The inputs every account resource has besides its cloud's own: what Pulumi does with it. */
export const lifecycleInputs = {
    // Which organization declared in `orgaccounts:organizations` (host/config/organizations.ts); unset: the default one.
    organization: organizationNameSchema.optional(),
    onDelete: z.enum(ON_DELETE_POLICIES).optional(),
    adopt: z.boolean().optional(),
    timeouts: timeoutsSchema.optional(),
    owner: z
        .string({ error: "is set by the resource class (declare the account with new HuaweiAccount(...) or new AwsAccount(...))" })
        .min(1, "is set by the resource class (declare the account with new HuaweiAccount(...) or new AwsAccount(...))"),
};

// --- messages: the rule, and what is wrong with the value ---

/** The issue fields the messages use (zod gives every error function the issue with its input). */
interface Issue {
    code?: string;
    input?: unknown;
    expected?: string;
    values?: readonly unknown[];
}

const MAX_SHOWN = 40;

/** A value as a message shows it: a short string quoted, anything else by its type. */
export function describeValue(value: unknown): string {
    if (typeof value === "string") return value.length > MAX_SHOWN ? `a string of ${value.length} characters` : JSON.stringify(value);
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "an object";
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean" || typeof value === "symbol") return `the ${typeof value} ${String(value)}`;
    return typeof value === "function" ? "a function" : "undefined";
}

/** "it has 65", "it is empty": the value's length, for a length rule. */
export function lengthOf(value: unknown): string {
    const length = String(value).length;
    return length === 0 ? "it is empty" : `it has ${length}`;
}

/** The first character outside `allowed` (a one-character pattern), e.g. `"*" at character 4`, or undefined. */
export function firstRefused(text: string, allowed: RegExp): string | undefined {
    let position = 0;
    for (const char of text) {
        position++;
        if (!allowed.test(char)) {
            const shown =
                char === " " ? "a space" : /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) ? JSON.stringify(char) : `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
            return `${shown} at character ${position}`;
        }
    }
    return undefined;
}

/** What is wrong with a text that is not an email address, without repeating it. */
export function emailProblem(text: string): string {
    const ats = text.split("@").length - 1;
    if (text === "") return "it is empty";
    if (ats === 0) return "it has no @";
    if (ats > 1) return `it has ${ats} @`;
    const [local, domain] = text.split("@");
    if (local === "") return "nothing comes before the @";
    if (!domain.includes(".")) return "the domain after the @ has no dot";
    if (domain.startsWith(".") || domain.endsWith(".")) return "the domain after the @ starts or ends with a dot";
    const odd = firstRefused(text, /[^\s<>()[\]\\,;:"]/u);
    return odd ? `it has ${odd}` : "it is not of the form name@domain.tld";
}

/** The error function of an object-typed input: its shape, and what was given instead. */
export function objectOf(example: string) {
    return (issue: Issue) => (issue.code === "invalid_type" ? `must be an object such as ${example}, not ${describeValue(issue.input)}` : undefined);
}

/** A string of `min`-`max` characters, each matching `allowed` (described for the message). */
export function textSchema(rules: { min: number; max: number; allowed?: RegExp; described?: string; subject?: string }) {
    const subject = rules.subject ? `${rules.subject} ` : "";
    const range = rules.min === 0 ? `at most ${rules.max}` : `${rules.min}-${rules.max}`;
    let schema = z
        .string({ error: (issue) => (issue.input === undefined ? undefined : `${subject}must be a string, not ${describeValue(issue.input)}`) })
        .min(rules.min, { error: (issue) => `${subject}must be ${range} characters; ${lengthOf(issue.input)}` })
        .max(rules.max, { error: (issue) => `${subject}must be ${range} characters; ${lengthOf(issue.input)}` });
    const allowed = rules.allowed;
    if (allowed) {
        schema = schema.refine((text) => firstRefused(text, allowed) === undefined, {
            error: (issue) => `${subject}${rules.described}; it has ${firstRefused(String(issue.input), allowed)}`,
        });
    }
    return schema;
}

/** Messages for what the schemas leave to zod: a missing input, a wrong type, a value not in a list. */
function plainIssue(issue: Issue): string | undefined {
    switch (issue.code) {
        case "invalid_type":
            if (issue.input === undefined) return "is required";
            return `must be ${EXPECTED[issue.expected ?? ""] ?? issue.expected}, not ${describeValue(issue.input)}`;
        case "invalid_value":
            return `must be ${orList((issue.values ?? []).map((v) => JSON.stringify(v)))}, not ${describeValue(issue.input)}`;
        default:
            return undefined;
    }
}

const EXPECTED: Record<string, string> = { string: "a string", boolean: "true or false", object: "an object", record: "an object", number: "a number", array: "a list" };

function orList(items: string[]): string {
    return items.length <= 1 ? (items[0] ?? "nothing") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

// --- tags ---

export interface TagRules {
    maxTags: number;
    keyMax: number;
    valueMax: number;
    /** One character a key may have (e.g. a character class), and the same in words. */
    keyCharacter: RegExp;
    keyCharacters: string;
    valueCharacter: RegExp;
    valueCharacters: string;
    reservedKey: string;
    /** Extra rule on keys, e.g. a reserved prefix. */
    forbiddenKeyPrefixes: string[];
}

export function tagsSchema(rules: TagRules) {
    const key = textSchema({ min: 1, max: rules.keyMax, allowed: rules.keyCharacter, described: `may use only ${rules.keyCharacters}` })
        .refine((k) => k !== rules.reservedKey, { error: "is reserved for the ownership marker" })
        .refine((k) => !rules.forbiddenKeyPrefixes.some((p) => k.toLowerCase().startsWith(p)), {
            error: `must not start with ${rules.forbiddenKeyPrefixes.join(" or ")}`,
        });
    const value = textSchema({ min: 0, max: rules.valueMax, allowed: rules.valueCharacter, described: `may use only ${rules.valueCharacters}`, subject: "the value" });
    // zod's record silently drops an own "__proto__" key (and so never checks its value): refuse it
    // first, so such a tag is neither lost without a word nor let through unchecked.
    const noProtoKey = z.custom<Record<string, string>>().superRefine((raw, ctx) => {
        if (raw !== null && typeof raw === "object" && Object.prototype.hasOwnProperty.call(raw, "__proto__")) {
            ctx.addIssue({ code: "custom", path: ["__proto__"], message: 'tag key "__proto__" is not allowed' });
        }
    });
    return noProtoKey.pipe(
        z.record(key, value, { error: objectOf('{ team: "a" } (tag keys to string values)') }).refine((tags) => Object.keys(tags).length <= rules.maxTags, {
            error: (issue) => `at most ${rules.maxTags} tags (one more is reserved for the ownership marker); it has ${Object.keys(issue.input as object).length}`,
        }),
    );
}

export interface CheckFailure {
    property: string;
    reason: string;
}

/** True when the value at `path` (or one of its ancestors) is the engine's unknown placeholder. */
function isUnknownAt(root: unknown, path: PropertyKey[]): boolean {
    let value: unknown = root;
    for (const key of path) {
        if (value === UNKNOWN) return true;
        if (value === null || typeof value !== "object") return false;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value === UNKNOWN;
}

/**
 * Validates raw inputs. Issues about values that are unknown at preview are dropped: they are
 * checked again at apply time, when the values are known.
 */
export function validateInputs<T>(schema: z.ZodType<T>, raw: Record<string, unknown>): { value?: T; failures: CheckFailure[] } {
    const result = schema.safeParse(raw, { error: plainIssue });
    if (result.success) return { value: result.data, failures: [] };
    const failures = result.error.issues.flatMap((issue): CheckFailure[] => {
        // An input the resource does not have: name each one (zod reports them on the parent object),
        // whatever its value, unknown included.
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => {
                const path = [...issue.path, key].map(String);
                return { property: path[0], reason: `${path.join(".")}: ${issue.path.length === 0 ? "is not an input of this resource" : "is not a known key"}` };
            });
        }
        if (isUnknownAt(raw, issue.path)) return [];
        const failure = (message: string) => ({ property: String(issue.path[0] ?? ""), reason: `${issue.path.map(String).join(".") || "inputs"}: ${message}` });
        // A record key's own rules (zod nests them): one failure each, naming the key.
        if (issue.code === "invalid_key") return issue.issues.map((inner) => failure(`tag key ${describeValue(issue.path[issue.path.length - 1])} ${inner.message}`));
        return [failure(issue.message)];
    });
    return { failures };
}

export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}
