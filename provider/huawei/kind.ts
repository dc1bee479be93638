// HuaweiAccount as the provider logic sees it: inputs, replacement rules, outputs, backend.
import type { AccountKind } from "../accountProvider";
import type { ProviderSettings } from "../settings";
import { HuaweiBackend } from "./backend";
import { HUAWEI_OWNER_TAG, HuaweiAccountInputs, huaweiInputsSchema } from "./inputs";

export const huaweiAccountKind: AccountKind<HuaweiAccountInputs, ProviderSettings> = {
    typeName: "HuaweiAccount",
    schema: huaweiInputsSchema,
    replaceOnChange: ["name", "email", "phone", "agencyName"],
    uniqueInputs: ["name"],
    // As terraform-provider-huaweicloud does: destroying the resource closes the account.
    defaultOnDelete: "close",
    defaultTimeouts: { create: "20m", delete: "10m" },
    ownerTagKey: HUAWEI_OWNER_TAG,
    backend: (settings) => HuaweiBackend.fromOptions(settings.huawei),
    isSameAccount: (account, inputs) => account.name === inputs.name,
    currentInputs: (record, olds) => {
        const { [HUAWEI_OWNER_TAG]: _owner, ...tags } = record.tags;
        return {
            ...olds,
            tags,
            parentId: record.parentId ?? olds.parentId,
            description: record.attributes.description ?? olds.description,
        };
    },
    outputs: (creation, record) => ({
        accountId: record?.accountId ?? creation?.accountId,
        accountName: record?.name ?? creation?.accountName,
        urn: record?.attributes.urn,
        status: record?.state ?? creation?.state,
        parentId: record?.parentId,
        createAccountStatusId: creation?.id,
        createdAt: creation?.requestedAt,
        completedAt: creation?.completedAt,
        joinedAt: record?.joinedAt,
    }),
};
