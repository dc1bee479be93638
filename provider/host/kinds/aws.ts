// AwsAccount as the provider logic sees it: inputs, replacement rules, outputs, backend.
import type { AccountKind } from "../lifecycle/accountLifecycle";
import type { ProviderSettings } from "../config/settings";
import { lazyBackend } from "./lazyBackend";
import { AwsAccountInputs, awsInputsSchema } from "../validation/aws";

export const awsAccountKind: AccountKind<AwsAccountInputs, ProviderSettings> = {
    typeName: "AwsAccount",
    schema: awsInputsSchema,
    replaceOnChange: ["organization", "email", "roleName", "iamUserAccessToBilling"],
    uniqueInputs: ["email"],
    // As aws.organizations.Account and terraform-provider-aws do (close_on_deletion = false).
    defaultOnDelete: "remove",
    // Closing waits until AWS reports PENDING_CLOSURE, which can lag the close by minutes (TF
    // contributors propose 30-minute close waits: reference, "Closing").
    defaultTimeouts: { create: "20m", delete: "30m" },
    // SUSPENDED is AWS suspending the account, not a closure (reference, "Closing"): not gone.
    goneStates: ["pending_closure", "closed"],
    // An account neither adopted nor recorded as invited (an import's joinedMethod output) is one made by CreateAccount.
    removalRefusal: (olds) =>
        olds.adopt !== true && olds.joinedMethod !== "INVITED"
            ? "AWS refuses for an account made by CreateAccount until its waiting period has passed and it has its own payment method, EULA and verified phone (WAIT_PERIOD_ACTIVE, MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED, ...)"
            : undefined,
    backend: (settings) => lazyBackend(async () => new (await import("../../clouds/aws/backend")).AwsBackend(settings.aws)),
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
        joinedMethod: record?.attributes.joinedMethod,
    }),
    // The forms the AWS Organizations API reference gives (CreateAccountStatus.Id, Account.Id):
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccountStatus.html
    importIds: {
        cloud: "AWS",
        request: { pattern: /^car-[a-z0-9]{8,32}$/, described: 'a create-account request id ("car-" and 8-32 lower-case letters or digits)' },
        account: { pattern: /^\d{12}$/, described: "a 12-digit account id" },
    },
};
