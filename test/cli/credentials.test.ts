// The credentials check through the real CLI: `pulumi preview` fails, before any change, with the
// message naming what to fix: a stopped endpoint (Huawei, from the environment), a wrong secret
// key (AWS, from stack config). The wrong secret appears in no output.
import { afterEach, describe, expect, test } from "vitest";
import { aws, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { startCliWorld, type CliWorld } from "../support/cliWorld";
import { closedPort } from "../support/ports";

/** The CLI's output on one line (it wraps and indents the provider's message). */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("pulumi preview fails on the credentials check", () => {
    let world: CliWorld;
    afterEach(async () => world?.close());

    test("HuaweiAccount, a stopped endpoint: the operation, the endpoint and the variable that set it", async () => {
        const port = await closedPort();
        world = await startCliWorld(huawei as unknown as Cloud, { env: { HW_ORGANIZATIONS_ENDPOINT: `http://127.0.0.1:${port}` } });
        world.program.write(world.declare("a", "acct-a") + world.declare("b", "acct-b"));
        const preview = await world.program.preview();
        expect(preview.status).not.toBe(0);
        expect(flat(preview.output)).toContain(
            `Huawei Cloud Organizations cannot be reached: ShowOrganization failed after 6 attempt(s) to reach the Huawei Organizations endpoint http://127.0.0.1:${port} (set by HW_ORGANIZATIONS_ENDPOINT): ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}. Correct that setting, or the network.`,
        );
        expect(world.emulator.requests.all()).toEqual([]);
    });

    test("AwsAccount, a wrong secret key in stack config: refused, naming the config keys, never the secret", async () => {
        world = await startCliWorld(aws as unknown as Cloud, { credentialsFrom: "config" });
        const wrong = "wrong/secret+key-0042";
        await world.program.setConfig("orgaccounts:awsSecretAccessKey", wrong, { secret: true });
        world.program.write(world.declare("a", "acct-a"));
        const preview = await world.program.preview();
        expect(preview.status).not.toBe(0);
        expect(flat(preview.output)).toMatch(
            /AWS refused the credentials: DescribeOrganization failed: HTTP 400 InvalidSignatureException: .* Credentials in use: the access key from orgaccounts:awsAccessKeyId and the secret key from orgaccounts:awsSecretAccessKey\./,
        );
        expect(preview.output).not.toContain(wrong);
        expect(world.emulator.requests.all().map((r) => [r.operation, r.status])).toEqual([["DescribeOrganization", 400]]);
    });
});
