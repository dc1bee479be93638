// Request and response bodies of the Huawei Cloud Organizations API, named as in its documents.
// Responses are parsed leniently where the service may send null for an absent field.
import { z } from "zod";

export const createAccountStates = ["in_progress", "succeeded", "failed"] as const;
export type CreateAccountState = (typeof createAccountStates)[number];

export const accountStatuses = ["active", "suspended", "pending_closure"] as const;

const optionalString = z
    .string()
    .nullish()
    .transform((v) => v ?? undefined);

export const TagDto = z.object({
    key: z.string().min(1).max(128),
    value: z.string().max(255),
});
export type TagDto = z.infer<typeof TagDto>;

export const CreateAccountReqBody = z.object({
    name: z.string().min(1).max(64),
    email: z.string().min(1).max(64).optional(),
    phone: z.string().min(1).max(32).optional(),
    agency_name: z.string().min(1).max(32).optional(),
    description: z.string().max(1024).optional(),
    tags: z.array(TagDto).max(50).optional(),
});
export type CreateAccountReqBody = z.infer<typeof CreateAccountReqBody>;
export const CreateAccountV2ReqBody = CreateAccountReqBody.omit({ email: true, phone: true });
export type CreateAccountV2ReqBody = z.infer<typeof CreateAccountV2ReqBody>;

export const failure_detail_msg = z.object({
    error_msg: optionalString,
    encoded_authorization_message: optionalString,
});

export const CreateAccountStatusDto = z.object({
    id: z.string().min(1),
    account_id: optionalString,
    account_name: optionalString,
    created_at: optionalString,
    completed_at: optionalString,
    state: z.enum(createAccountStates),
    failure_reason: optionalString,
    failure_detail_msg: failure_detail_msg.nullish().transform((v) => v ?? undefined),
});
export type CreateAccountStatusDto = z.infer<typeof CreateAccountStatusDto>;

export const page_info = z.object({
    next_marker: z
        .string()
        .nullish()
        .transform((v) => v ?? null),
    current_count: z.number().int().nonnegative(),
});
export type PageInfo = z.infer<typeof page_info>;

export const CreateAccountResponse = z.object({ create_account_status: CreateAccountStatusDto });
export const ShowCreateAccountStatusResponse = z.object({ create_account_status: CreateAccountStatusDto });
export const ListCreateAccountStatusesResponse = z.object({
    create_account_statuses: z.array(CreateAccountStatusDto),
    page_info,
});

export const AccountDto = z.object({
    id: z.string().min(1),
    urn: optionalString,
    join_method: optionalString,
    status: z.enum(accountStatuses),
    joined_at: optionalString,
    name: z.string(),
    email: optionalString,
    mobile_phone: optionalString,
    intl_number_prefix: optionalString,
    description: optionalString,
});
export type AccountDto = z.infer<typeof AccountDto>;

export const ShowAccountResponse = z.object({ account: AccountDto });
export const UpdateAccountResponse = z.object({ account: AccountDto });
export const ListAccountsResponse = z.object({ accounts: z.array(AccountDto), page_info });

export const EntityDto = z.object({
    id: z.string().min(1),
    name: optionalString,
    type: z.enum(["account", "organizational_unit", "root"]),
});
export type EntityDto = z.infer<typeof EntityDto>;
export const ListEntitiesResponse = z.object({ entities: z.array(EntityDto), page_info: page_info.optional() });

export const RootDto = z.object({ id: z.string().min(1), urn: optionalString, name: optionalString });
export const ListRootsResponse = z.object({ roots: z.array(RootDto), page_info: page_info.optional() });
export const OrganizationalUnitDto = z.object({ id: z.string().min(1), urn: optionalString, name: optionalString, created_at: optionalString });
export const ShowOrganizationalUnitResponse = z.object({ organizational_unit: OrganizationalUnitDto });

export const ListTagsResponse = z.object({ tags: z.array(TagDto), page_info: page_info.optional() });

/**
 * ShowOrganization, `GET /v1/organizations` (support.huaweicloud.com/api-organizations/ShowOrganization.html):
 * any account of the organization may call it; permission `organizations:organizations:get`.
 */
export const OrganizationDto = z.object({
    id: z.string().min(1),
    urn: optionalString,
    management_account_id: optionalString,
    management_account_name: optionalString,
    created_at: optionalString,
});
export type OrganizationDto = z.infer<typeof OrganizationDto>;
export const ShowOrganizationResponse = z.object({ organization: OrganizationDto });

/** Service and API gateway error body. */
export const ErrorBody = z.object({
    error_code: z.string(),
    error_msg: z.string().optional().default(""),
    request_id: z.string().optional(),
});
