// Input validation shared by every account resource: zod schemas, the engine's unknown values,
// and the translation of zod issues into the check failures `pulumi preview` shows.
import { z } from "zod";

/** What the engine sends for a value not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const onDeletePolicies = ["close", "remove", "retain"] as const;

const DURATION = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** "90s", "20m", "1h30m" to milliseconds. */
export function parseDuration(text: string): number {
    const m = DURATION.exec(text);
    if (!m || text === "") throw new Error(`"${text}" is not a duration like "20m", "1h30m" or "90s"`);
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

export const durationSchema = z
    .string()
    .regex(DURATION, 'must be a duration such as "20m", "1h30m" or "90s"')
    .refine((t) => !DURATION.test(t) || parseDuration(t) > 0, "must be longer than zero");

export const timeoutsSchema = z
    .object({ create: durationSchema.optional(), delete: durationSchema.optional() })
    .strict();

/** The inputs every account resource has besides its cloud's own: what Pulumi does with it. */
export const lifecycleInputs = {
    onDelete: z.enum(onDeletePolicies).optional(),
    adopt: z.boolean().optional(),
    timeouts: timeoutsSchema.optional(),
    owner: z.string().min(1, "is set by the resource class"),
};

export interface TagRules {
    maxTags: number;
    keyMax: number;
    valueMax: number;
    keyPattern: RegExp;
    valuePattern: RegExp;
    reservedKey: string;
    /** Extra rule on keys, e.g. a reserved prefix. */
    forbiddenKeyPrefixes: string[];
}

export function tagsSchema(rules: TagRules) {
    // zod's record silently drops an own "__proto__" key (and so never checks its value): refuse it
    // first, so such a tag is neither lost without a word nor let through unchecked.
    const noProtoKey = z.custom<Record<string, string>>().superRefine((raw, ctx) => {
        if (raw !== null && typeof raw === "object" && Object.prototype.hasOwnProperty.call(raw, "__proto__")) {
            ctx.addIssue({ code: "custom", path: ["__proto__"], message: 'tag key "__proto__" is not allowed' });
        }
    });
    return noProtoKey.pipe(z
        .record(z.string(), z.string())
        .superRefine((tags, ctx) => {
            const entries = Object.entries(tags);
            if (entries.length > rules.maxTags) {
                ctx.addIssue({ code: "custom", message: `at most ${rules.maxTags} tags (one more is reserved for the ownership marker)` });
            }
            for (const [key, value] of entries) {
                const keyProblem =
                    key.length < 1 || key.length > rules.keyMax
                        ? `must be 1-${rules.keyMax} characters`
                        : !rules.keyPattern.test(key)
                          ? `has characters outside ${rules.keyPattern.source}`
                          : key === rules.reservedKey
                            ? "is reserved for the ownership marker"
                            : rules.forbiddenKeyPrefixes.find((p) => key.toLowerCase().startsWith(p))
                              ? `must not start with ${rules.forbiddenKeyPrefixes.join(" or ")}`
                              : undefined;
                if (keyProblem) ctx.addIssue({ code: "custom", path: [key], message: `tag key "${key}" ${keyProblem}` });
                const valueProblem =
                    value.length > rules.valueMax
                        ? `must be at most ${rules.valueMax} characters`
                        : !rules.valuePattern.test(value)
                          ? `has characters outside ${rules.valuePattern.source}`
                          : undefined;
                if (valueProblem) ctx.addIssue({ code: "custom", path: [key], message: `value of tag "${key}" ${valueProblem}` });
            }
        }));
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
    const result = schema.safeParse(raw);
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
        return [{ property: String(issue.path[0] ?? ""), reason: `${issue.path.map(String).join(".") || "inputs"}: ${issue.message}` }];
    });
    return { failures };
}

export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}
