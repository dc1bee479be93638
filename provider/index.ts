// pulumi-org-accounts: cloud organization member accounts as Pulumi resources.
import "./nodeVersion";
export { AwsAccount } from "./resources/awsAccount";
export type { AwsAccountArgs } from "./resources/awsAccount";
export { HuaweiAccount } from "./resources/huaweiAccount";
export type { HuaweiAccountArgs } from "./resources/huaweiAccount";
export type { AccountTimeouts, OnDeletePolicy } from "./resources/types";
export { getCreateAccountStatus, listCreateAccountStatuses } from "./status";
export type { CreateAccountStatusInfo, GetCreateAccountStatusArgs, ListCreateAccountStatusesArgs } from "./status";
