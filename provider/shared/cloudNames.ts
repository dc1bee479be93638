// The clouds this package declares accounts in, by the one name each goes by everywhere: the
// resource kinds, `"cloud"` in orgaccounts:organizations, the status command's --cloud and the
// emulators' --clouds. No import: the emulator and the program side may use it too.
export const CLOUD_NAMES = ["huawei", "aws"] as const;

/** A cloud: `huawei` (Huawei Cloud Organizations) or `aws` (AWS Organizations). */
export type CloudName = (typeof CLOUD_NAMES)[number];

/** Whether a string (a command-line value, a config entry) names a cloud. */
export function isCloudName(value: unknown): value is CloudName {
    return (CLOUD_NAMES as readonly unknown[]).includes(value);
}
