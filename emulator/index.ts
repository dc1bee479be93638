// The emulators for a user's own test suite: `import { startAwsEmulator, startHuaweiEmulator } from
// "pulumi-org-accounts/emulator"`. Each starts on a free loopback port in the test's process, with
// the credentials it accepts, its organization's root and organizational unit, a request log, fault
// injection, and its state's test controls (drift, scripted failures, delays).
export { startAwsEmulator } from "./aws/server";
export type { AwsEmulator, AwsEmulatorCredentials, AwsEmulatorOptions } from "./aws/server";
export type { AwsOrganizationState } from "./aws/controls";
export type { AwsRefusalOptions } from "./aws/model";
export { startHuaweiEmulator } from "./huawei/server";
export type { HuaweiEmulator, HuaweiEmulatorCredentials, HuaweiEmulatorOptions } from "./huawei/server";
export type { HuaweiOrganizationState } from "./huawei/controls";
export type { HuaweiRules } from "./huawei/model";
export type { Fault, FaultRule } from "./core/faults";
export type { LoggedRequest } from "./core/requestLog";
