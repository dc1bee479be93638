// The Node.js versions this package runs on, checked when it loads (in the program and in the
// plugin host), so that an older Node fails with one clear sentence instead of a syntax error
// deep inside a dependency.
export const MINIMUM_NODE_MAJOR = 22;

export function unsupportedNodeMessage(version: string): string | undefined {
    const major = Number(/^v?(\d+)/.exec(version)?.[1]);
    if (major >= MINIMUM_NODE_MAJOR) return undefined;
    return (
        `pulumi-org-accounts needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this program runs on Node.js ${version} ` +
        `(so do @pulumi/pulumi 3.249+ and undici 8, which it uses). Install Node.js ${MINIMUM_NODE_MAJOR} and make it the \`node\` on PATH: ` +
        `the Pulumi CLI runs both the program and the provider with it.`
    );
}

const message = unsupportedNodeMessage(process.versions.node);
if (message) throw new Error(message);
