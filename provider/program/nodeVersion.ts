// The Node.js versions this package runs on, checked when it loads (in the program, in the plugin
// host and in its command line), so that an older Node fails with one clear sentence instead of a
// crash deep inside a dependency. undici 8 declares `node >= 22.19.0`, @pulumi/pulumi `>= 22`.
import { inDynamicProviderHost, OrgAccountsError, reportedOnceByPluginHost } from "../shared/errors";

export const MINIMUM_NODE_VERSION = "22.19.0";

export function unsupportedNodeMessage(version: string): string | undefined {
    if (!isOlder(version, MINIMUM_NODE_VERSION)) return undefined;
    return (
        `pulumi-org-accounts needs Node.js ${MINIMUM_NODE_VERSION} or newer, and this program runs on Node.js ${version.replace(/^v/, "")} ` +
        `(undici 8, which it uses, needs ${MINIMUM_NODE_VERSION}). Install Node.js 22.19 or newer and make it the \`node\` on PATH: ` +
        `the Pulumi CLI runs both the program and the provider with it.`
    );
}

function isOlder(version: string, minimum: string): boolean {
    const parts = (v: string) =>
        v
            .replace(/^v/, "")
            .split(".")
            .map((n) => Number.parseInt(n, 10) || 0);
    const [have, need] = [parts(version), parts(minimum)];
    for (let i = 0; i < need.length; i++) if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) < need[i];
    return false;
}

const message = unsupportedNodeMessage(process.versions.node);
if (message) throw unsupportedNodeError(message);

/**
 * The error to throw: in a program a `pulumi.RunError` (the program runner prints its message
 * alone, with no stack; @pulumi/pulumi is loaded there already), in the plugin host an error the
 * host's stderr does not repeat, elsewhere (the command line prints the message) a plain one.
 */
function unsupportedNodeError(message: string): Error {
    if (inDynamicProviderHost()) return reportedOnceByPluginHost(new OrgAccountsError(message));
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only here, when the check fails, and only if installed
        const { RunError } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        return new RunError(message);
    } catch {
        return new Error(message);
    }
}
