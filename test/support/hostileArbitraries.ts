// fast-check arbitraries for hostile-input evidence: valid inputs of each resource, and invalid
// ones that break exactly ONE rule of a valid base, labelled with the field they break.
// The rules are written here from the README's input tables, independently of the zod schemas,
// so the tests check the schemas against the documented rules rather than against themselves.
import fc from "fast-check";
import type { CloudName } from "../../provider/shared/cloudNames";
import { UNKNOWN } from "../../provider/host/validation/inputs";

export type Inputs = Record<string, unknown>;
/** An invalid input: `field` is the input the check must name; `rule` says which rule was broken. */
export interface Broken {
    field: string;
    rule: string;
    inputs: Inputs;
}

/** A documented limit of valid inputs: `measure` gives its values in one input set (none if absent). */
export interface Bound {
    what: string;
    min: number;
    max: number;
    measure: (inputs: Inputs) => number[];
}

export interface ResourceSpec {
    cloud: CloudName;
    /** Input names of the resource (besides `owner`, set by the resource class). */
    fields: string[];
    base: Inputs;
    valid: fc.Arbitrary<Inputs>;
    /** Every limit `valid` must reach, and come within one of, at both ends. */
    bounds: Bound[];
    invalid: fc.Arbitrary<Broken>;
}

const OWNER_TAG = "pulumi-org-accounts:owner";
const OWNER = "vending/dev/acct";

// ---------- building blocks ----------

/**
 * A length in min..max: each bound and its neighbour as often as any length between. fast-check's
 * default size keeps lengths near the minimum (about 10), so without this no upper bound is ever
 * reached and a limit tightened by one passes.
 */
const lengthIn = (min: number, max: number) => fc.oneof(fc.constantFrom(...new Set([min, min + 1, max - 1, max].filter((n) => n >= min && n <= max))), fc.integer({ min, max }));
const chars = (alphabet: string) => fc.constantFrom(...[...alphabet]);
const str = (alphabet: string, minLength: number, maxLength: number) =>
    lengthIn(minLength, maxLength).chain((n) => fc.string({ unit: chars(alphabet), minLength: n, maxLength: n }));
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = LOWER + LOWER.toUpperCase() + DIGITS;
/** C0 and C1 control characters (Unicode category Cc). */
const CONTROL = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), ...Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i))];
const control = fc.constantFrom(...CONTROL);

/** Any Unicode text without control characters, of `min`..`max` code points (zod counts code points, as the APIs do). */
const printableUnicode = (min: number, max: number) =>
    lengthIn(min, max).chain((n) =>
        fc.array(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), { minLength: n, maxLength: n }).map((cps) => cps.map((c) => c.replace(/\p{Cc}/gu, "x")).join("")),
    );
/** AWS account names: printable ASCII without < and > (PutAccountName's [ -;=?-~]). */
const asciiUnit = (exclude: number[] = []) =>
    fc
        .integer({ min: 0x20, max: 0x7e })
        .filter((c) => !exclude.includes(c))
        .map((c) => String.fromCharCode(c));
const renamable = (min: number, max: number) => lengthIn(min, max).chain((n) => fc.string({ unit: asciiUnit([0x3c, 0x3e]), minLength: n, maxLength: n }));
const printableAscii = (min: number, max: number) => lengthIn(min, max).chain((n) => fc.string({ unit: asciiUnit(), minLength: n, maxLength: n }));

/** `s` with `insert` placed at a generated position. */
const withInserted = (s: fc.Arbitrary<string>, insert: fc.Arbitrary<string>) =>
    fc.tuple(s, insert, fc.nat()).map(([text, x, at]) => {
        const i = text.length === 0 ? 0 : at % (text.length + 1);
        return text.slice(0, i) + x + text.slice(i);
    });

/** JSON values of a type other than string (numbers, booleans, null, arrays, objects). */
const nonString = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(str(LOWER, 1, 6), fc.string(), { maxKeys: 3 }),
);
const nonBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.boolean(), { maxLength: 2 }), fc.constant({}), fc.constantFrom("true", "false", 0, 1));
/** Not an object (record) at all. */
const nonObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));

/** `user@domain.io` of a total length in min..max (at least 6, the shortest such address). */
const emailOfLength = (min: number, max: number) =>
    lengthIn(Math.max(min, 6), max).chain((n) => {
        const letters = n - "@.io".length;
        return fc
            .integer({ min: 1, max: letters - 1 })
            .chain((user) => fc.tuple(str(LOWER + DIGITS, user, user), str(LOWER, letters - user, letters - user)))
            .map(([u, d]) => `${u}@${d}.io`);
    });
/** Both clouds take an email of at most 64 characters. */
const email = emailOfLength(6, 64);
const badEmail = fc.oneof(
    str(ALNUM, 1, 20), // no @
    fc.tuple(str(LOWER, 1, 8), str(LOWER, 1, 8)).map(([a, b]) => `${a}@@${b}.com`),
    fc.tuple(str(LOWER, 1, 8), str(LOWER, 1, 8)).map(([a, b]) => `${a}@${b}@example.com`),
    fc.tuple(str(LOWER, 1, 8), str(LOWER, 1, 8)).map(([a, b]) => `${a} ${b}@example.com`),
    str(LOWER, 1, 8).map((d) => `@${d}.com`),
    str(LOWER, 1, 8).map((u) => `${u}@`),
    str(LOWER, 1, 8).map((u) => `${u}@example.com\n`),
    str(LOWER, 1, 8).map((u) => `${u}@exa mple.com`),
    emailOfLength(65, 80), // longer than 64
    fc.constant(""),
);

const DURATION = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const duration = fc
    .tuple(fc.option(fc.integer({ min: 0, max: 99 })), fc.option(fc.integer({ min: 0, max: 99 })), fc.option(fc.integer({ min: 0, max: 9999 })))
    .filter(([h, m, s]) => (h ?? 0) + (m ?? 0) + (s ?? 0) > 0)
    .map(([h, m, s]) => `${h === null ? "" : `${h}h`}${m === null ? "" : `${m}m`}${s === null ? "" : `${s}s`}`);
const badDuration = fc.oneof(
    fc.constantFrom("", "0s", "0m", "0h", "0h0m0s", "00m", "20", "m", "1d", "-5m", "5 m", "1.5h", "20M", "1h 30m", "30s1m", "PT20M", " 20m", "20m "),
    fc.string().filter((s) => !DURATION.test(s)),
);
const timeouts = fc.record({ create: duration, delete: duration }, { requiredKeys: [] });

// ---------- tags ----------

interface TagRules {
    max: number;
    keyChars: string;
    valueChars: string;
    keyMax: number;
    valueMax: number;
    forbiddenPrefix: string;
    /** Characters outside the documented alphabets. */
    badKeyChars: string;
    badValueChars: string;
}

const tagKey = (r: TagRules) =>
    str(r.keyChars, 1, r.keyMax)
        .filter((k) => k !== OWNER_TAG && !k.toLowerCase().startsWith(r.forbiddenPrefix) && k !== "__proto__")
        .chain((k) => fc.constantFrom(k, k, k, "constructor", "toString", "hasOwnProperty"));
const tagValue = (r: TagRules) => str(r.valueChars, 0, r.valueMax);
/** 0 to `max` tags, at and around both counts. */
const validTags = (r: TagRules) =>
    lengthIn(0, r.max).chain((n) =>
        fc.uniqueArray(fc.tuple(tagKey(r), tagValue(r)), { minLength: n, maxLength: n, selector: ([key]) => key }).map((entries) => Object.fromEntries(entries)),
    );

/** Valid tags plus one broken entry (or too many entries). */
function badTags(r: TagRules): fc.Arbitrary<{ rule: string; tags: unknown }> {
    const plus = (rule: string, key: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) =>
        fc.tuple(validTags({ ...r, max: Math.min(r.max - 1, 4) }), key, value).map(([tags, k, v]) => ({ rule, tags: { ...tags, [k]: v } }));
    const goodKey = tagKey(r);
    const goodValue = tagValue(r);
    return fc.oneof(
        plus("empty key", fc.constant(""), goodValue),
        plus("key too long", str(r.keyChars, r.keyMax + 1, r.keyMax + 40), goodValue),
        plus("key with a character outside the alphabet", withInserted(str(r.keyChars, 0, 10), chars(r.badKeyChars)), goodValue),
        plus("key with a control character", withInserted(str(r.keyChars, 0, 10), control), goodValue),
        plus("reserved ownership key", fc.constant(OWNER_TAG), goodValue),
        plus(
            "reserved prefix",
            fc.tuple(fc.constantFrom(r.forbiddenPrefix, r.forbiddenPrefix.toUpperCase()), str(r.keyChars, 0, 10)).map(([p, k]) => p + k),
            goodValue,
        ),
        plus("__proto__ key", fc.constant("__proto__"), fc.oneof(goodValue, nonString)),
        plus("value too long", goodKey, str(r.valueChars, r.valueMax + 1, r.valueMax + 40)),
        plus("value with a character outside the alphabet", goodKey, withInserted(str(r.valueChars, 0, 10), chars(r.badValueChars))),
        plus("value with a control character", goodKey, withInserted(str(r.valueChars, 0, 10), control)),
        plus("value not a string", goodKey, nonString),
        lengthIn(r.max + 1, r.max + 6)
            .chain((n) => fc.uniqueArray(str(ALNUM, 1, 12), { minLength: n, maxLength: n }))
            .map((keys) => ({ rule: "too many tags", tags: Object.fromEntries(keys.map((k) => [k, "v"])) })),
        nonObject.map((tags) => ({ rule: "tags not an object", tags })),
    );
}

// ---------- per resource ----------

const onDelete = fc.constantFrom("close", "remove", "retain");
const badOnDelete = fc.oneof(
    fc.constantFrom("", "Close", "REMOVE", " retain", "delete", "keep"),
    fc.string().filter((s) => !["close", "remove", "retain"].includes(s)),
    nonString,
);
const badTimeouts = fc.oneof(
    fc.tuple(fc.constantFrom("create", "delete"), badDuration).map(([k, v]) => ({ rule: `bad ${k} duration`, value: { [k]: v } })),
    fc.tuple(fc.constantFrom("create", "delete"), nonString).map(([k, v]) => ({ rule: `${k} not a string`, value: { [k]: v } })),
    fc
        .tuple(
            str(LOWER, 1, 8).filter((k) => k !== "create" && k !== "delete"),
            duration,
        )
        .map(([k, v]) => ({ rule: "unknown timeouts key", value: { create: "20m", [k]: v } })),
    nonObject.map((value) => ({ rule: "timeouts not an object", value })),
);

function extraField(fields: string[]) {
    return fc
        .oneof(str(ALNUM + "_", 1, 16), fc.constantFrom("__proto__", "constructor", "accountId", "customTimeouts", "Name", "e-mail", "tags ", "id"))
        .filter((k) => !fields.includes(k) && k !== "owner" && k !== "__provider");
}

/** Combines the single-field breakers into one arbitrary of `Broken`. */
function breakers(base: Inputs, parts: [string, string, fc.Arbitrary<unknown>][], fields: string[], required: string[], tagRules: TagRules): fc.Arbitrary<Broken> {
    const set = (field: string, rule: string, value: fc.Arbitrary<unknown>) => value.map((v) => ({ field, rule, inputs: { ...base, [field]: v } }));
    return fc.oneof(
        ...parts.map(([field, rule, value]) => set(field, rule, value)),
        badTags(tagRules).map((t) => ({ field: "tags", rule: t.rule, inputs: { ...base, tags: t.tags } })),
        // a wrong type for every field
        ...[...fields, "owner"].filter((f) => f !== "tags" && f !== "timeouts" && f !== "adopt").map((f) => set(f, "not a string", nonString)),
        set("adopt", "not a boolean", nonBoolean),
        set("owner", "empty owner", fc.constant("")),
        // a required input missing
        fc.constantFrom(...required).map((field) => {
            const { [field]: _gone, ...rest } = base;
            return { field, rule: "missing", inputs: rest };
        }),
        // an input the resource does not have
        fc
            .tuple(extraField(fields), fc.oneof(fc.string(), nonString, fc.constant(UNKNOWN)))
            .map(([field, v]) => ({ field, rule: "unknown input", inputs: { ...base, [field]: v } })),
    );
}

// ---------- bounds ----------

const codePoints = (value: unknown) => [...String(value)].length;
/** The length of a string input, in code points, if present. */
const lengthOf =
    (field: string, prefix = ""): Bound["measure"] =>
    (inputs) =>
        typeof inputs[field] === "string" && String(inputs[field]).startsWith(prefix) ? [codePoints(inputs[field])] : [];
const tagsOf = (inputs: Inputs) => Object.entries((inputs.tags ?? {}) as Record<string, string>);
const tagBounds = (r: TagRules): Bound[] => [
    { what: "tag count", min: 0, max: r.max, measure: (inputs) => (inputs.tags === undefined ? [] : [tagsOf(inputs).length]) },
    { what: "tag key length", min: 1, max: r.keyMax, measure: (inputs) => tagsOf(inputs).map(([k]) => codePoints(k)) },
    { what: "tag value length", min: 0, max: r.valueMax, measure: (inputs) => tagsOf(inputs).map(([, v]) => codePoints(v)) },
];

// ---------- HuaweiAccount ----------

const HUAWEI_TAGS: TagRules = {
    max: 19,
    keyChars: ALNUM + "éñ中文 _.:=+-@",
    valueChars: ALNUM + "éñ中文 _.:/=+-@",
    keyMax: 128,
    valueMax: 255,
    forbiddenPrefix: "_sys_",
    badKeyChars: "/#!*?&%$,;<>\"'()[]{}|\\^`~😀",
    badValueChars: "#!*?&%$,;<>\"'()[]{}|\\^`~😀",
};
const HUAWEI_FIELDS = ["name", "email", "phone", "agencyName", "description", "tags", "parentId", "onDelete", "adopt", "timeouts"];
const huaweiBase: Inputs = { name: "acct", email: "acct@example.com", owner: OWNER };
/** `r-` or `ou-`, then lower-case letters and digits: at most 64 characters in all. */
const huaweiParent = /^(r-[0-9a-z]{1,62}|ou-[0-9a-z]{1,61})$/;
const huaweiParentOf = (prefix: "r-" | "ou-", min: number, max: number) => str(LOWER + DIGITS, min - prefix.length, max - prefix.length).map((s) => prefix + s);
/** An optional +, then at most 32 digits, spaces and -, the first a digit. */
const phone = fc.tuple(fc.boolean(), str(DIGITS, 1, 1), str(DIGITS + " -", 0, 31)).map(([plus, first, rest]) => `${plus ? "+" : ""}${first}${rest}`);

export const huaweiSpec: ResourceSpec = {
    cloud: "huawei",
    fields: HUAWEI_FIELDS,
    base: huaweiBase,
    bounds: [
        { what: "name length", min: 1, max: 64, measure: lengthOf("name") },
        { what: "email length", min: 6, max: 64, measure: lengthOf("email") },
        { what: "phone length (without +)", min: 1, max: 32, measure: (inputs) => (typeof inputs.phone === "string" ? [inputs.phone.replace(/^\+/, "").length] : []) },
        { what: "agencyName length", min: 1, max: 32, measure: lengthOf("agencyName") },
        { what: "description length", min: 0, max: 1024, measure: lengthOf("description") },
        ...tagBounds(HUAWEI_TAGS),
        { what: "root id length", min: 3, max: 64, measure: lengthOf("parentId", "r-") },
        { what: "organizational unit id length", min: 4, max: 64, measure: lengthOf("parentId", "ou-") },
    ],
    valid: fc.record(
        {
            name: printableUnicode(1, 64),
            email,
            phone,
            agencyName: printableUnicode(1, 32),
            description: printableUnicode(0, 1024),
            tags: validTags(HUAWEI_TAGS),
            parentId: fc.oneof(huaweiParentOf("r-", 3, 64), huaweiParentOf("ou-", 4, 64)),
            onDelete,
            adopt: fc.boolean(),
            timeouts,
            owner: fc.constant(OWNER),
        },
        { requiredKeys: ["name", "owner"] },
    ),
    invalid: breakers(
        huaweiBase,
        [
            ["name", "empty", fc.constant("")],
            ["name", "too long", printableUnicode(65, 100)],
            ["name", "control character", withInserted(printableUnicode(0, 63), control)],
            ["email", "not an email", badEmail],
            ["phone", "not a phone number", fc.oneof(fc.constantFrom("", "+", "++1", " 1", "1a", "+-1", "phone", "1\n"), withInserted(phone, chars(LOWER + "+#()/")))],
            ["phone", "too long", fc.tuple(str(DIGITS, 1, 1), str(DIGITS, 32, 40)).map(([a, b]) => a + b)],
            ["agencyName", "empty", fc.constant("")],
            ["agencyName", "too long", printableUnicode(33, 60)],
            ["agencyName", "control character", withInserted(printableUnicode(0, 31), control)],
            ["description", "too long", printableUnicode(1025, 1100)],
            ["description", "control character", withInserted(printableUnicode(0, 100), control)],
            [
                "parentId",
                "not a parent id",
                fc.oneof(
                    fc.constantFrom("", "r-", "ou-", "OU-abc", "r-ABC", "x-123", "ou-a_b", " r-1", "r-1 ", "ou-1/2"),
                    huaweiParentOf("r-", 65, 80),
                    huaweiParentOf("ou-", 65, 80),
                    fc.string().filter((s) => !huaweiParent.test(s)),
                ),
            ],
            ["onDelete", "not a policy", badOnDelete],
            ["timeouts", "bad timeouts", badTimeouts.map((t) => t.value)],
        ],
        HUAWEI_FIELDS,
        ["name", "owner"],
        HUAWEI_TAGS,
    ),
};

// ---------- AwsAccount ----------

const AWS_TAGS: TagRules = {
    max: 49,
    keyChars: ALNUM + "éñ中文 _.:/=+-@\u00a0",
    valueChars: ALNUM + "éñ中文 _.:/=+-@\u00a0",
    keyMax: 128,
    valueMax: 256,
    forbiddenPrefix: "aws:",
    badKeyChars: "#!*?&%$,;<>\"'()[]{}|\\^`~😀",
    badValueChars: "#!*?&%$,;<>\"'()[]{}|\\^`~😀",
};
const AWS_FIELDS = ["name", "email", "roleName", "iamUserAccessToBilling", "tags", "parentId", "onDelete", "adopt", "timeouts"];
const awsBase: Inputs = { name: "acct", email: "acct@example.com", owner: OWNER };
const awsParent = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** The two parts after `ou-` of an organizational unit id. */
const ouParts = (inputs: Inputs) => /^ou-([^-]+)-([^-]+)$/.exec(typeof inputs.parentId === "string" ? inputs.parentId : "");

export const awsSpec: ResourceSpec = {
    cloud: "aws",
    fields: AWS_FIELDS,
    base: awsBase,
    bounds: [
        { what: "name length", min: 1, max: 50, measure: lengthOf("name") },
        { what: "email length", min: 6, max: 64, measure: lengthOf("email") },
        { what: "roleName length", min: 1, max: 64, measure: lengthOf("roleName") },
        ...tagBounds(AWS_TAGS),
        { what: "root id length", min: 6, max: 34, measure: lengthOf("parentId", "r-") },
        { what: "organizational unit id, root part", min: 4, max: 32, measure: (inputs) => (ouParts(inputs) ? [ouParts(inputs)![1].length] : []) },
        { what: "organizational unit id, own part", min: 8, max: 32, measure: (inputs) => (ouParts(inputs) ? [ouParts(inputs)![2].length] : []) },
    ],
    valid: fc.record(
        {
            name: renamable(1, 50),
            email,
            roleName: str(ALNUM + "_+=,.@-", 1, 64),
            iamUserAccessToBilling: fc.constantFrom("ALLOW", "DENY"),
            tags: validTags(AWS_TAGS),
            parentId: fc.oneof(
                str(LOWER + DIGITS, 4, 32).map((s) => `r-${s}`),
                fc.tuple(str(LOWER + DIGITS, 4, 32), str(LOWER + DIGITS, 8, 32)).map(([a, b]) => `ou-${a}-${b}`),
            ),
            onDelete,
            adopt: fc.boolean(),
            timeouts,
            owner: fc.constant(OWNER),
        },
        { requiredKeys: ["name", "email", "owner"] },
    ),
    invalid: breakers(
        awsBase,
        [
            ["name", "empty", fc.constant("")],
            ["name", "too long", printableAscii(51, 80)],
            ["name", "not printable ASCII", withInserted(printableAscii(0, 49), fc.oneof(control, chars("éñ中😀\u00a0\u2028")))],
            ["name", "< or >", withInserted(renamable(0, 49), chars("<>"))],
            ["email", "not an email", fc.oneof(badEmail, fc.constantFrom("a@b.c", "a@bc", "a@b", "ab@cd"))],
            ["roleName", "bad characters", withInserted(str(ALNUM, 0, 20), chars(" /!#*?&%$;<>\"'()[]{}|\\^`~é"))],
            ["roleName", "empty or too long", fc.oneof(fc.constant(""), str(ALNUM, 65, 90))],
            [
                "iamUserAccessToBilling",
                "not ALLOW or DENY",
                fc.oneof(
                    fc.constantFrom("allow", "deny", "Allow", "YES", "", " ALLOW"),
                    fc.string().filter((s) => s !== "ALLOW" && s !== "DENY"),
                ),
            ],
            [
                "parentId",
                "not a parent id",
                fc.oneof(
                    fc.constantFrom("", "r-abc", "r-ABCD", "ou-abcd", "ou-abcd-1234567", "ou-ab-12345678", "OU-abcd-12345678"),
                    str(LOWER + DIGITS, 33, 40).map((s) => `r-${s}`),
                    fc.tuple(str(LOWER + DIGITS, 33, 40), str(LOWER + DIGITS, 8, 32)).map(([a, b]) => `ou-${a}-${b}`),
                    fc.tuple(str(LOWER + DIGITS, 4, 32), str(LOWER + DIGITS, 33, 40)).map(([a, b]) => `ou-${a}-${b}`),
                    fc.string().filter((s) => !awsParent.test(s)),
                ),
            ],
            ["onDelete", "not a policy", badOnDelete],
            ["timeouts", "bad timeouts", badTimeouts.map((t) => t.value)],
        ],
        AWS_FIELDS,
        ["name", "email", "owner"],
        AWS_TAGS,
    ),
};

export const specs: ResourceSpec[] = [huaweiSpec, awsSpec];

/** Every input set to the engine's unknown value, one at a time and all at once, on a valid base. */
export function unknownVariants(spec: ResourceSpec, valid: Inputs): { label: string; inputs: Inputs }[] {
    const out = spec.fields.map((field) => ({ label: field, inputs: { ...valid, [field]: UNKNOWN } }));
    out.push({ label: "tags.<key>", inputs: { ...valid, tags: { team: UNKNOWN, env: "dev" } } });
    out.push({ label: "timeouts.create", inputs: { ...valid, timeouts: { create: UNKNOWN } } });
    out.push({ label: "every input", inputs: { ...Object.fromEntries(spec.fields.map((f) => [f, UNKNOWN])), owner: OWNER } });
    return out;
}
