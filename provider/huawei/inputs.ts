// HuaweiAccount inputs: the single source of truth for their types and for `check`.
import { z } from "zod";
import { lifecycleInputs, tagsSchema } from "../resources/inputs";
import { OWNER_TAG_KEY } from "../resources/owner";

const printable = (max: number, min = 1) =>
    z
        .string()
        .min(min, `must be ${min}-${max} characters`)
        .max(max, `must be ${min}-${max} characters`)
        .regex(/^[^\p{Cc}]*$/u, "must not contain control characters");

export const huaweiInputsSchema = z
    .object({
        name: printable(64),
        email: z.email("must be an email address").max(64, "must be at most 64 characters").optional(),
        phone: z
            .string()
            .regex(/^\+?[0-9][0-9 -]{0,31}$/, "must be a phone number of at most 32 digits (spaces and - allowed), optionally starting with +")
            .optional(),
        agencyName: printable(32).optional(),
        description: printable(1024, 0).optional(),
        tags: tagsSchema({
            maxTags: 19,
            keyMax: 128,
            valueMax: 255,
            keyPattern: /^[\p{L}\p{N} _.:=+\-@]+$/u,
            valuePattern: /^[\p{L}\p{N} _.:/=+\-@]*$/u,
            reservedKey: OWNER_TAG_KEY,
            forbiddenKeyPrefixes: ["_sys_"],
        }).optional(),
        parentId: z
            .string()
            .regex(/^(r-[0-9a-z]{1,62}|ou-[0-9a-z]{1,61})$/, 'must be a root id ("r-...") or an organizational unit id ("ou-..."), at most 64 characters')
            .optional(),
        ...lifecycleInputs,
    })
    .strict();

export type HuaweiAccountInputs = z.infer<typeof huaweiInputsSchema>;

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
