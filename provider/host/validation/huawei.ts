// HuaweiAccount inputs: the single source of truth for their types and for `check`. Each rule's
// message says the rule and what is wrong with the value.
import { z } from "zod";
import { describeValue, emailProblem, firstRefused, lengthOf, lifecycleInputs, tagsSchema, textSchema } from "./inputs";
import { OWNER_TAG_KEY } from "../../program/owner";

const NOT_CONTROL = /\P{Cc}/u;
const printable = (max: number, min = 1) => textSchema({ min, max, allowed: NOT_CONTROL, described: "must not contain control characters" });

const PHONE = /^\+?[0-9][0-9 -]{0,31}$/;
const PARENT_ID = /^(r-[0-9a-z]{1,62}|ou-[0-9a-z]{1,61})$/;

export const huaweiInputsSchema = z
    .object({
        name: printable(64),
        email: z
            .email({ error: (issue) => (typeof issue.input === "string" ? `must be an email address; ${emailProblem(issue.input)}` : undefined) })
            .max(64, { error: (issue) => `must be at most 64 characters; ${lengthOf(issue.input)}` })
            .optional(),
        phone: z
            .string()
            .regex(PHONE, {
                error: (issue) => `must be a phone number of at most 32 digits (spaces and - allowed), optionally starting with +; ${phoneProblem(String(issue.input))}`,
            })
            .optional(),
        agencyName: printable(32).optional(),
        description: printable(1024, 0).optional(),
        tags: tagsSchema({
            maxTags: 19,
            keyMax: 128,
            valueMax: 255,
            keyCharacter: /[\p{L}\p{N} _.:=+\-@]/u,
            keyCharacters: "letters, digits, spaces and _ . : = + - @",
            valueCharacter: /[\p{L}\p{N} _.:/=+\-@]/u,
            valueCharacters: "letters, digits, spaces and _ . : / = + - @",
            reservedKey: OWNER_TAG_KEY,
            forbiddenKeyPrefixes: ["_sys_"],
        }).optional(),
        parentId: z
            .string()
            .regex(PARENT_ID, {
                error: (issue) =>
                    `must be a root id ("r-...") or an organizational unit id ("ou-..."): lower-case letters and digits after the prefix, at most 64 characters; it is ${describeValue(issue.input)}`,
            })
            .optional(),
        ...lifecycleInputs,
    })
    .strict();

export type HuaweiAccountInputs = z.infer<typeof huaweiInputsSchema>;

function phoneProblem(text: string): string {
    if (text === "") return "it is empty";
    const odd = firstRefused(text.replace(/^\+/, ""), /[0-9 -]/);
    if (odd) return `it has ${odd}${text.startsWith("+") ? " after the +" : ""}`;
    if (!/^\+?[0-9]/.test(text)) return "it must start with a digit (or + and a digit)";
    return `it has ${text.replace(/^\+/, "").length} characters after any +`;
}

export const huaweiSites = ["international", "china"] as const;
export type HuaweiSite = (typeof huaweiSites)[number];

/**
 * The inputs for an organization on a known site. 003: the v1 create needs `email` on the
 * international site and `phone` on the Chinese mainland site; with neither, the v2 create is used
 * (as terraform-provider-huaweicloud does), so only the other contact alone is refused.
 */
export function huaweiInputsSchemaFor(site: HuaweiSite | undefined) {
    if (!site) return huaweiInputsSchema;
    const [required, other, where] = site === "international" ? (["email", "phone", "International"] as const) : (["phone", "email", "Chinese Mainland"] as const);
    return huaweiInputsSchema.superRefine((inputs, ctx) => {
        if (inputs[other] !== undefined && inputs[required] === undefined) {
            ctx.addIssue({
                code: "custom",
                path: [required],
                message: `is required on the Huawei Cloud ${where} site when ${other} is given (orgaccounts:huaweiSite is "${site}"); or give neither`,
            });
        }
    });
}
