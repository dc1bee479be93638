// HuaweiAccount as the provider logic sees it: inputs, replacement rules, outputs, backend.
import type { AccountKind } from "../lifecycle/accountLifecycle";
import type { ProviderSettings } from "../config/settings";
import { lazyBackend } from "./lazyBackend";
import { HuaweiAccountInputs, huaweiInputsSchema, huaweiInputsSchemaFor } from "../validation/huawei";

export const huaweiAccountKind: AccountKind<HuaweiAccountInputs, ProviderSettings> = {
    typeName: "HuaweiAccount",
    schema: huaweiInputsSchema,
    replaceOnChange: ["organization", "name", "email", "phone", "agencyName"],
    uniqueInputs: ["name"],
    // As terraform-provider-huaweicloud does: destroying the resource closes the account.
    defaultOnDelete: "close",
    defaultTimeouts: { create: "20m", delete: "10m" },
    backend: (settings) => lazyBackend(async () => (await import("../../clouds/huawei/backend")).HuaweiBackend.fromOptions(settings.huawei)),
    maxConcurrentCreations: (settings) => settings.huaweiMaxConcurrentCreations,
    isSameAccount: (account, inputs) => account.name === inputs.name,
    currentInputs: (record, base) => ({ ...base, description: record.attributes.description ?? base.description }),
    outputs: (creation, record) => ({
        accountId: record?.accountId ?? creation?.accountId,
        accountName: record?.name ?? creation?.accountName,
        // Not `urn`: the Node SDK drops an output of that name (it is the resource's Pulumi URN).
        accountUrn: record?.attributes.urn,
        status: record?.state ?? creation?.state,
        parentId: record?.parentId,
        createAccountStatusId: creation?.id,
        createdAt: creation?.requestedAt,
        completedAt: creation?.completedAt,
        joinedAt: record?.joinedAt,
    }),
    // As the Organizations API's examples give them: a request "h-" and 32 letters or digits, an account 32 hex digits.
    importIds: {
        cloud: "Huawei Cloud",
        request: { pattern: /^h-[0-9a-z]+$/, described: 'a create-account request id ("h-" and lower-case letters or digits)' },
        account: { pattern: /^[0-9a-f]{32}$/, described: "a 32-character account id (hexadecimal digits)" },
    },
};

/** The kind for these settings: with the site known, check applies its email/phone rule. */
export function huaweiAccountKindFor(settings: ProviderSettings): AccountKind<HuaweiAccountInputs, ProviderSettings> {
    return settings.huaweiSite ? { ...huaweiAccountKind, schema: huaweiInputsSchemaFor(settings.huaweiSite) } : huaweiAccountKind;
}
