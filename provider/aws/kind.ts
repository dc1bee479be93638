// AwsAccount as the provider logic sees it: inputs, replacement rules, outputs, backend.
import type { AccountKind } from "../accountProvider";
import type { ProviderSettings } from "../settings";
import { AwsBackend } from "./backend";
import { AwsAccountInputs, awsInputsSchema } from "./inputs";

export const awsAccountKind: AccountKind<AwsAccountInputs, ProviderSettings> = {
    typeName: "AwsAccount",
    schema: awsInputsSchema,
    replaceOnChange: ["email", "roleName", "iamUserAccessToBilling"],
    uniqueInputs: ["email"],
    // As aws.organizations.Account and terraform-provider-aws do (close_on_deletion = false).
    defaultOnDelete: "remove",
    defaultTimeouts: { create: "20m", delete: "10m" },
    backend: (settings) => new AwsBackend(settings.aws),
    maxConcurrentCreations: (settings) => settings.awsMaxConcurrentCreations,
    isSameAccount: (account, inputs) => account.email?.toLowerCase() === inputs.email.toLowerCase(),
    currentInputs: (record, base) => ({ ...base, name: record.name || base.name }),
    outputs: (creation, record) => ({
        accountId: record?.accountId ?? creation?.accountId,
        arn: record?.attributes.arn,
        state: record?.state.toUpperCase() ?? creation?.state.toUpperCase(),
        parentId: record?.parentId,
        createAccountStatusId: creation?.id,
        requestedAt: creation?.requestedAt,
        completedAt: creation?.completedAt,
        joinedAt: record?.joinedAt,
    }),
};
