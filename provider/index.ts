// pulumi-org-accounts: cloud organization member accounts as Pulumi resources.
import "./program/nodeVersion";
export { AwsAccount } from "./program/awsAccount";
export type { AwsAccountArgs } from "./program/awsAccount";
export { HuaweiAccount } from "./program/huaweiAccount";
export type { HuaweiAccountArgs } from "./program/huaweiAccount";
export type { AccountTimeouts, OnDeletePolicy } from "./program/types";
export { getCreateAccountStatus, listCreateAccountStatuses } from "./program/status";
export type { CreateAccountStatusInfo, GetCreateAccountStatusArgs, ListCreateAccountStatusesArgs } from "./program/status";
