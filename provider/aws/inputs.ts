// AwsAccount inputs: the single source of truth for their types and for `check`, with the
// AWS Organizations API's own constraints.
import { z } from "zod";
import { lifecycleInputs, tagsSchema } from "../resources/inputs";
import { OWNER_TAG_KEY } from "../resources/owner";

export const awsInputsSchema = z
    .object({
        name: z
            .string()
            .min(1, "must be 1-50 characters")
            .max(50, "must be 1-50 characters")
            // CreateAccount takes any printable ASCII, but a rename (PutAccountName) only [ -;=?-~]:
            // the name must stay renamable (reference, "Renames").
            .regex(/^[\x20-\x7e]+$/, "must be printable ASCII")
            .regex(/^[^<>]*$/, "must not contain < or > (AWS refuses them in a rename)"),
        email: z
            .string()
            .min(6, "must be 6-64 characters")
            .max(64, "must be 6-64 characters")
            .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address with exactly one @ and a dot in the domain"),
        roleName: z
            .string()
            .max(64, "must be at most 64 characters")
            .regex(/^[\w+=,.@-]{1,64}$/, "must use only letters, digits and + = , . @ _ -")
            .optional(),
        iamUserAccessToBilling: z.enum(["ALLOW", "DENY"]).optional(),
        tags: tagsSchema({
            maxTags: 49,
            keyMax: 128,
            valueMax: 256,
            keyPattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
            valuePattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
            reservedKey: OWNER_TAG_KEY,
            forbiddenKeyPrefixes: ["aws:"],
        }).optional(),
        parentId: z
            .string()
            .regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'must be a root id ("r-...") or an organizational unit id ("ou-...-...")')
            .optional(),
        ...lifecycleInputs,
    })
    .strict();

export type AwsAccountInputs = z.infer<typeof awsInputsSchema>;
