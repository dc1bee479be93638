import { expect, test } from "vitest";
import { MINIMUM_NODE_VERSION, unsupportedNodeMessage } from "../../provider/program/nodeVersion";

test("Node.js below 22.19.0 (what undici 8 declares) gets one sentence naming both versions; 22.19.0 and newer none", () => {
    expect(MINIMUM_NODE_VERSION).toBe("22.19.0");
    for (const old of ["v20.20.2", "22.18.0", "v22.0.0", "18.19.1"]) {
        expect(unsupportedNodeMessage(old)).toBe(
            `pulumi-org-accounts needs Node.js 22.19.0 or newer, and this program runs on Node.js ${old.replace(/^v/, "")} (undici 8, which it uses, needs 22.19.0). ` +
                "Install Node.js 22.19 or newer and make it the `node` on PATH: the Pulumi CLI runs both the program and the provider with it.",
        );
    }
    for (const fine of ["22.19.0", "v22.23.3", "23.0.0", "24.11.1", "30.1.0"]) expect(unsupportedNodeMessage(fine)).toBeUndefined();
});
