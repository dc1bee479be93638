// Errors of the calls themselves (in any step, not only the credentials check at preview): an
// unreachable endpoint names the operation, the endpoint and the setting that sets it; a refusal of
// the credentials names the settings that gave them; missing AWS credentials say what to set; an
// endpoint or a key pair that cannot work is refused naming the setting. Never a credential.
import { afterEach, describe, expect, test, vi } from "vitest";
import { AwsBackend } from "../../provider/clouds/aws/backend";
import { awsClientConfig } from "../../provider/clouds/aws/config";
import { startAwsEmulator } from "../../emulator/aws/server";
import { startHuaweiEmulator } from "../../emulator/huawei/server";
import { ApiError, ConfigurationError, TransportError } from "../../provider/shared/errors";
import { HuaweiBackend } from "../../provider/clouds/huawei/backend";
import { HuaweiOrganizationsClient } from "../../provider/clouds/huawei/client";
import { resolveHuaweiConnection } from "../../provider/clouds/huawei/config";
import { closedPort } from "../support/ports";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
    while (closers.length) await closers.pop()!();
    vi.unstubAllEnvs();
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected a rejection");
}

const noRetry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1_000 };

describe("Huawei client", () => {
    test("an unreachable endpoint: the operation, the endpoint and the setting that gave it", async () => {
        const port = await closedPort();
        const client = new HuaweiOrganizationsClient({ env: { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_ORGANIZATIONS_ENDPOINT: `http://127.0.0.1:${port}` }, retry: noRetry });
        closers.push(() => client.close());
        const error = await rejection(client.showAccount("0a6d25d23900d45c0faac010e0fb4de0"));
        expect(error).toBeInstanceOf(TransportError);
        expect(error.message).toBe(
            `ShowAccount failed after 2 attempt(s) to reach the Huawei Organizations endpoint http://127.0.0.1:${port} (set by HW_ORGANIZATIONS_ENDPOINT): ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`,
        );
    });

    test("the default endpoint is named as the default, with the settings that change it", () => {
        const client = new HuaweiOrganizationsClient({ env: { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" } });
        closers.push(() => client.close());
        expect(client.describeEndpoint()).toBe(
            "the Huawei Organizations endpoint https://organizations.myhuaweicloud.com (the default; orgaccounts:huaweiEndpoint or HW_ORGANIZATIONS_ENDPOINT sets another)",
        );
    });

    test("a refused signature at any call names where the keys came from, never the keys", async () => {
        const emulator = await startHuaweiEmulator();
        closers.push(() => emulator.close());
        const client = new HuaweiOrganizationsClient({ endpoint: emulator.url, accessKey: emulator.credentials.accessKey, secretKey: "wrong-secret-42", env: {} });
        closers.push(() => client.close());
        const error = await rejection(client.listAccounts());
        expect(error).toBeInstanceOf(ApiError);
        expect(error.message).toMatch(
            /^ListAccounts failed: HTTP 401 APIGW\.0301: .* Credentials in use: the access key from orgaccounts:huaweiAccessKey, the secret key from orgaccounts:huaweiSecretKey, no security token\./,
        );
        expect(error.message).not.toContain("wrong-secret-42");
    });

    test("an endpoint that is not a URL names the setting it came from and says what is wrong", () => {
        const message = (options: object, env: NodeJS.ProcessEnv) => {
            try {
                resolveHuaweiConnection({ accessKey: "a", secretKey: "b", ...options }, env);
            } catch (error) {
                expect(error).toBeInstanceOf(ConfigurationError);
                return (error as Error).message;
            }
            return "(accepted)";
        };
        expect(message({ endpoint: "localhost:1234" }, {})).toBe(
            'orgaccounts:huaweiEndpoint is "localhost:1234", which is not an endpoint URL: it has no http:// or https:// scheme; write it as "https://localhost:1234" (or "http://localhost:1234" for a local emulator).',
        );
        expect(message({}, { HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4: "ftp://organizations.example.com" })).toBe(
            'HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4 is "ftp://organizations.example.com", which is not an endpoint URL: its scheme is ftp, and only https and http are allowed.',
        );
        expect(message({ endpoint: "https://exa mple.com" }, {})).toMatch(
            /^orgaccounts:huaweiEndpoint is "https:\/\/exa mple.com", which is not an endpoint URL: it cannot be read as a URL/,
        );
    });
});

describe("AWS backend", () => {
    test("an unreachable endpoint: the operation, the endpoint and the setting that gave it", async () => {
        const port = await closedPort();
        const backend = new AwsBackend({ endpoint: `http://127.0.0.1:${port}`, accessKeyId: "AKID", secretAccessKey: "SECRET", maxAttempts: 2 }, {});
        const error = await rejection(backend.describeAccount("111111111111"));
        expect(error).toBeInstanceOf(TransportError);
        expect(error.message).toBe(
            `DescribeAccount failed after 2 attempt(s) to reach the AWS Organizations endpoint http://127.0.0.1:${port} (set by orgaccounts:awsEndpoint): ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`,
        );
    });

    test("a CreateAccount that never connected is not ambiguous: it was not sent", async () => {
        const port = await closedPort();
        const backend = new AwsBackend({ endpoint: `http://127.0.0.1:${port}`, accessKeyId: "AKID", secretAccessKey: "SECRET" }, {});
        const error = await rejection(backend.submitCreation({ name: "n", email: "n@example.com", owner: "p/s/r" }, {}));
        expect(error).toBeInstanceOf(TransportError);
        expect(error.message).toMatch(/^CreateAccount failed after 1 attempt\(s\) to reach the AWS Organizations endpoint /);
    });

    test("no credentials anywhere: what to set, instead of 'Could not load credentials from any providers'", async () => {
        for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) vi.stubEnv(name, undefined);
        vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
        vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/config");
        vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
        const port = await closedPort();
        const error = await rejection(new AwsBackend({ endpoint: `http://127.0.0.1:${port}` }, {}).listAccounts());
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toMatch(
            /^ListAccounts: no AWS credentials were found\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .* or the stack config orgaccounts:awsAccessKeyId and orgaccounts:awsSecretAccessKey \(as secrets\)\./,
        );

        const withProfile = await rejection(new AwsBackend({ endpoint: `http://127.0.0.1:${port}`, profile: "vending" }, {}).listAccounts());
        expect(withProfile.message).toMatch(
            /^ListAccounts: the AWS credentials of profile "vending" \(from orgaccounts:awsProfile\) could not be loaded: .*aws sso login --profile vending/,
        );
    });

    test("a refused key at any call names where the keys came from, never the secret", async () => {
        const emulator = await startAwsEmulator();
        closers.push(() => emulator.close());
        const backend = new AwsBackend({ endpoint: emulator.url, region: emulator.region, accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: "wrong-secret-42" }, {});
        const error = await rejection(backend.listAccounts());
        expect(error.message).toMatch(
            /^ListAccounts failed: HTTP 400 InvalidSignatureException: .* Credentials in use: the access key from orgaccounts:awsAccessKeyId and the secret key from orgaccounts:awsSecretAccessKey\./,
        );
        expect(error.message).not.toContain("wrong-secret-42");
    });

    test("half a key pair in stack config, or an endpoint without a scheme, is refused naming the settings", () => {
        expect(() => awsClientConfig({ accessKeyId: "AKID" }, {})).toThrow(
            "orgaccounts:awsAccessKeyId is set but orgaccounts:awsSecretAccessKey is not: set both (as secrets), or neither to use the AWS SDK's credential chain.",
        );
        expect(() => awsClientConfig({ sessionToken: "t" }, {})).toThrow(
            /^orgaccounts:awsSessionToken is set without orgaccounts:awsAccessKeyId and orgaccounts:awsSecretAccessKey/,
        );
        expect(() => awsClientConfig({ endpoint: "localhost:4566" }, {})).toThrow(
            'orgaccounts:awsEndpoint is "localhost:4566", which is not an endpoint URL: it has no http:// or https:// scheme; write it as "https://localhost:4566" (or "http://localhost:4566" for a local emulator).',
        );
        expect(() => awsClientConfig({}, { AWS_ENDPOINT_URL: "localhost:4566" })).toThrow(/^AWS_ENDPOINT_URL is "localhost:4566", which is not an endpoint URL/);
    });
});

describe("an endpoint that answers a web page (a misdirected endpoint, a proxy's page)", () => {
    const PAGE = "<html><body>Welcome to nginx!</body></html>";
    async function webServer(status: number): Promise<string> {
        const { createServer } = await import("node:http");
        const server = createServer((_req, res) => res.writeHead(status, { "Content-Type": "text/html" }).end(PAGE));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        closers.push(() => new Promise((resolve) => server.close(resolve)));
        return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    }

    test.each([200, 404])("AWS, HTTP %i: the operation, the endpoint and the setting that chose it, not the SDK's deserialization text", async (status) => {
        const url = await webServer(status);
        const backend = new AwsBackend({ endpoint: url, region: "us-east-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" }, {});
        const error = await rejection(backend.describeAccount("123456789012"));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe(
            `DescribeAccount failed: the AWS Organizations endpoint ${url} (set by orgaccounts:awsEndpoint) answered HTTP ${status} with a body that is not JSON ` +
                `(Unexpected token '<', "<html><bod"... is not valid JSON), so it is not the Organizations API: correct that setting, or the proxy in between`,
        );
        expect(error.message).not.toContain("Deserialization error");
        // At preview, the credentials check says the same.
        expect((await rejection(backend.verifyCredentials())).message).toMatch(
            /^DescribeOrganization failed: the AWS Organizations endpoint .* answered HTTP \d+ with a body that is not JSON/,
        );
    });

    test("Huawei, HTTP 404: the endpoint and the setting, and never 'the account is gone'", async () => {
        const url = await webServer(404);
        const backend = HuaweiBackend.fromOptions({ env: { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_ORGANIZATIONS_ENDPOINT: url }, retry: noRetry });
        closers.push(() => backend.client.close());
        const error = await rejection(backend.describeAccount("0a6d25d23900d45c0faac010e0fb4de0"));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe(
            `ShowAccount failed: the Huawei Organizations endpoint ${url} (set by HW_ORGANIZATIONS_ENDPOINT) answered HTTP 404 with a body that is not JSON ("${PAGE}"), so it is not the Organizations API: correct that setting, or the proxy in between`,
        );
    });

    test("Huawei, HTTP 200: the endpoint and the setting", async () => {
        const url = await webServer(200);
        const client = new HuaweiOrganizationsClient({ env: { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_ORGANIZATIONS_ENDPOINT: url }, retry: noRetry });
        closers.push(() => client.close());
        const error = await rejection(client.listAccounts());
        expect(error.message).toBe(
            `ListAccounts failed after 2 attempt(s) to reach the Huawei Organizations endpoint ${url} (set by HW_ORGANIZATIONS_ENDPOINT): MALFORMED_BODY: HTTP 200 with a body that is not JSON`,
        );
    });

    test("JSON cut short (the service's answer damaged on the way) is not taken for a misdirected endpoint", async () => {
        const emulator = await startAwsEmulator();
        closers.push(() => emulator.close());
        emulator.faults.inject({ operation: "ListAccounts", times: 5, fault: { kind: "malformed" } });
        const backend = new AwsBackend({ endpoint: emulator.url, region: emulator.region, ...emulator.credentials, maxAttempts: 1 }, {});
        const error = await rejection(backend.listAccounts());
        expect(error).not.toBeInstanceOf(ConfigurationError);
        expect(error.message).not.toContain("not the Organizations API");
    });
});
