// AwsAccount inputs: the single source of truth for their types and for `check`, with the
// AWS Organizations API's own constraints. Each rule's message says the rule and what is wrong
// with the value.
import { z } from "zod";
import { describeValue, emailProblem, firstRefused, lengthOf, lifecycleInputs, tagsSchema, textSchema } from "./inputs";
import { OWNER_TAG_KEY } from "../../program/owner";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

export const awsInputsSchema = z
    .object({
        // CreateAccount takes any printable ASCII, but a rename (PutAccountName) only [ -;=?-~]:
        // the name must stay renamable (reference, "Renames").
        name: textSchema({ min: 1, max: 50, allowed: /[\x20-\x7e]/, described: "must be printable ASCII (letters, digits, spaces and punctuation)" }).refine(
            (name) => !/[<>]/.test(name),
            { error: (issue) => `must not contain < or > (AWS refuses them in a rename); it has ${firstRefused(String(issue.input), /[^<>]/)}` },
        ),
        email: z
            .string()
            .min(6, { error: (issue) => `must be 6-64 characters; ${lengthOf(issue.input)}` })
            .max(64, { error: (issue) => `must be 6-64 characters; ${lengthOf(issue.input)}` })
            .regex(EMAIL, { error: (issue) => `must be an email address with exactly one @ and a dot in the domain; ${emailProblem(String(issue.input))}` }),
        roleName: textSchema({ min: 1, max: 64, allowed: /[\w+=,.@-]/, described: "must use only letters, digits and + = , . @ _ -" }).optional(),
        iamUserAccessToBilling: z.enum(["ALLOW", "DENY"]).optional(),
        tags: tagsSchema({
            maxTags: 49,
            keyMax: 128,
            valueMax: 256,
            keyCharacter: /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u,
            keyCharacters: "letters, digits, spaces and _ . : / = + - @",
            valueCharacter: /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u,
            valueCharacters: "letters, digits, spaces and _ . : / = + - @",
            reservedKey: OWNER_TAG_KEY,
            forbiddenKeyPrefixes: ["aws:"],
        }).optional(),
        parentId: z
            .string()
            .regex(PARENT_ID, {
                error: (issue) =>
                    `must be a root id ("r-" and 4-32 lower-case letters or digits) or an organizational unit id ("ou-", 4-32, "-", 8-32 of them); it is ${describeValue(issue.input)}`,
            })
            .optional(),
        ...lifecycleInputs,
    })
    .strict();

export type AwsAccountInputs = z.infer<typeof awsInputsSchema>;
