// The credentials check at `check`, through the real plugin host: one cheap read of the
// organization per plugin host, shared by every resource, so that a missing, wrong or expired
// credential or a dead endpoint fails `preview` with a message naming the setting to fix; and
// orgaccounts:skipCredentialsValidation turns it off. Each message is asserted as the user sees it.
import { describe, expect, test } from "vitest";
import { clouds, type Cloud } from "../../harness/pluginHost/clouds";
import { worldPerTest } from "../support/perTest";
import type { World } from "../../harness/pluginHost/world";
import { closedPort } from "../support/ports";

/** Settings that point the host at `url` for this cloud, by environment variable. */
function endpointEnv(cloud: Cloud, url: string): Record<string, string> {
    return cloud.name === "huawei" ? { HW_ORGANIZATIONS_ENDPOINT: url } : { AWS_ENDPOINT_URL_ORGANIZATIONS: url, AWS_ENDPOINT_URL_ACCOUNT: url };
}

/** The AWS SDK's chain must find nothing on this machine either (no files, no instance metadata). */
const NO_AMBIENT_AWS = { AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials" };

async function previewError(w: World, names: string[] = ["acct"]): Promise<string[]> {
    const registered = (await Promise.all(names.map((name) => w.account(name)))).flat();
    const steps = await w.session.preview(registered);
    return steps.map((s) => s.error?.message ?? "(no error)");
}

describe.each(clouds)("$name credentials check at preview", (cloud: Cloud) => {
    const start = worldPerTest(cloud);
    const huawei = cloud.name === "huawei";

    test("one read for a whole fleet of checks, and none for the second preview", async () => {
        const w = await start();
        const names = Array.from({ length: 12 }, (_, i) => `fleet-${i}`);
        const steps = await w.session.preview((await Promise.all(names.map((name) => w.account(name)))).flat());
        expect(steps.map((s) => s.error?.message ?? s.failures ?? "ok")).toEqual(names.map(() => "ok"));
        expect(w.emulator.requests.all().map((r) => r.operation)).toEqual([cloud.op.credentialsCheck]);
        await w.session.preview(await w.account("fleet-0"));
        expect(w.emulator.requests.all()).toHaveLength(1);
    });

    test("missing credentials fail preview naming the variables and config keys to set", async () => {
        const w = await start({
            credentialsFrom: "config",
            config: huawei ? { "orgaccounts:huaweiAccessKey": "", "orgaccounts:huaweiSecretKey": "" } : { "orgaccounts:awsAccessKeyId": "", "orgaccounts:awsSecretAccessKey": "" },
            env: huawei ? {} : NO_AMBIENT_AWS,
        });
        const [message] = await previewError(w);
        expect(message).toContain(
            huawei
                ? "Huawei Cloud credentials are missing (access key and secret key): set HW_ACCESS_KEY and HW_SECRET_KEY (plus HW_SECURITY_TOKEN for temporary credentials), " +
                      "or the stack config orgaccounts:huaweiAccessKey / orgaccounts:huaweiSecretKey (as secrets)."
                : "DescribeOrganization: no AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), " +
                      "or a profile with AWS_PROFILE or orgaccounts:awsProfile, or the stack config orgaccounts:awsAccessKeyId and orgaccounts:awsSecretAccessKey (as secrets).",
        );
        expect(message).not.toMatch(/Could not load credentials from any providers/);
        expect(w.emulator.requests.all()).toEqual([]);
    });

    test("a wrong secret fails preview: refused, with the settings that gave the credentials, and never the secret", async () => {
        const wrong = huawei ? "wrong-huawei-secret-0001" : "wrong/aws+secret-0001";
        const w = await start({ env: huawei ? { HW_SECRET_KEY: wrong } : { AWS_SECRET_ACCESS_KEY: wrong } });
        const messages = await previewError(w, ["one", "two", "three"]);
        const expected = huawei
            ? /^Huawei Cloud refused the credentials: ShowOrganization failed: HTTP 401 APIGW\.0301: .*The access key is unknown, the secret key does not match it, .* Credentials in use: the access key from HW_ACCESS_KEY, the secret key from HW_SECRET_KEY, no security token\./
            : /^AWS refused the credentials: DescribeOrganization failed: HTTP 400 InvalidSignatureException: .*the secret key does not match it.* Credentials in use: the access key from AWS_ACCESS_KEY_ID and the secret key from AWS_SECRET_ACCESS_KEY\./;
        for (const message of messages) {
            expect(message).toMatch(expected);
            expect(message).not.toContain(wrong);
        }
        // The failure is shared too: one refused read for the three resources.
        expect(w.emulator.requests.all().map((r) => [r.operation, r.status])).toEqual([[cloud.op.credentialsCheck, huawei ? 401 : 400]]);
    });

    test("a stopped endpoint fails preview naming the operation, the endpoint and the setting that sets it", async () => {
        const port = await closedPort();
        const w = await start({ env: endpointEnv(cloud, `http://127.0.0.1:${port}`) });
        const [message] = await previewError(w);
        const setting = huawei ? "HW_ORGANIZATIONS_ENDPOINT" : "AWS_ENDPOINT_URL_ORGANIZATIONS";
        const api = huawei ? "Huawei Cloud Organizations cannot be reached" : "AWS Organizations cannot be reached";
        const endpoint = huawei ? "the Huawei Organizations endpoint" : "the AWS Organizations endpoint";
        expect(message).toMatch(
            new RegExp(
                `^${api}: ${cloud.op.credentialsCheck} failed after \\d attempt\\(s\\) to reach ${endpoint} http://127\\.0\\.0\\.1:${port} \\(set by ${setting}\\): ECONNREFUSED: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\. Correct that setting, or the network\\.$`,
            ),
        );
    });

    test("an endpoint without a scheme fails preview saying how to write it", async () => {
        const w = await start({ env: endpointEnv(cloud, "localhost:1234") });
        const [message] = await previewError(w);
        const setting = huawei ? "HW_ORGANIZATIONS_ENDPOINT" : "AWS_ENDPOINT_URL_ORGANIZATIONS";
        expect(message).toContain(
            `${setting} is "localhost:1234", which is not an endpoint URL: it has no http:// or https:// scheme; write it as "https://localhost:1234" (or "http://localhost:1234" for a local emulator).`,
        );
        expect(message).not.toContain("Invalid URL");
    });

    test("skipCredentialsValidation turns the check off: a wrong secret passes preview with no API call", async () => {
        const w = await start({ env: { ...(huawei ? { HW_SECRET_KEY: "wrong" } : { AWS_SECRET_ACCESS_KEY: "wrong" }), ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "true" } });
        expect(await previewError(w)).toEqual(["(no error)"]);
        expect(w.emulator.requests.all()).toEqual([]);
    });

    test("a malformed numeric setting fails the first call, naming the setting and the value's problem", async () => {
        const w = await start({ env: { ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "abc" } });
        const [message] = await previewError(w);
        expect(message).toContain('ORG_ACCOUNTS_HTTP_TIMEOUT_MS is "abc", which is not a number: it must be a whole number of milliseconds');
        expect(w.emulator.requests.all()).toEqual([]);
    });
});
