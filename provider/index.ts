// pulumi-org-accounts: cloud organization member accounts as Pulumi resources.
export { HuaweiAccount } from "./resources/huaweiAccount";
export type { HuaweiAccountArgs } from "./resources/huaweiAccount";
