// One set of CI credentials reaching several AWS organizations through a role in each
// (orgaccounts:awsRoleArn, or roleArn of a named organization), with the AWS SDK's
// fromTemporaryCredentials against the STS emulator.
import { afterAll, beforeAll, expect, test } from "vitest";
import { AwsBackend } from "../../provider/clouds/aws/backend";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { roleArnFor, startStsEmulator, type StsEmulator } from "../../emulator/aws/sts";
import { readOrganizations } from "../../provider/host/config/organizations";

const CI = { accessKeyId: "AKIACICREDENTIALS000", secretAccessKey: "ci-secret-access-key-for-tests-only-0000" };

let prod: AwsEmulator;
let sandbox: AwsEmulator;
let sts: StsEmulator;

beforeAll(async () => {
    prod = await startAwsEmulator({ refusals: "permissive" });
    sandbox = await startAwsEmulator({ refusals: "permissive" });
    sts = await startStsEmulator({
        credentials: CI,
        roles: [
            { arn: roleArnFor(prod), organization: prod },
            { arn: roleArnFor(sandbox), organization: sandbox, externalId: "vending-42" },
        ],
    });
});

afterAll(async () => {
    await Promise.all([prod?.close(), sandbox?.close(), sts?.close()]);
});

const backend = (organization: AwsEmulator, extra: Record<string, string> = {}) =>
    new AwsBackend({ endpoint: organization.url, region: organization.region, ...CI, stsEndpoint: sts.url, ...extra }, {});

test("the CI keys alone reach neither organization; through each one's role they reach it", async () => {
    await expect(backend(prod).verifyCredentials()).rejects.toThrow(/UnrecognizedClientException/);
    await backend(prod, { roleArn: roleArnFor(prod) }).verifyCredentials();
    await backend(sandbox, { roleArn: roleArnFor(sandbox), externalId: "vending-42" }).verifyCredentials();
    expect((await backend(sandbox, { roleArn: roleArnFor(sandbox), externalId: "vending-42" }).listAccounts()).map((a) => a.accountId)).toEqual([sandbox.managementAccountId]);
    expect(sts.calls.filter((c) => c.status === 200).map((c) => [c.roleArn, c.sessionName])).toEqual([
        [roleArnFor(prod), "pulumi-org-accounts"],
        [roleArnFor(sandbox), "pulumi-org-accounts"],
        [roleArnFor(sandbox), "pulumi-org-accounts"],
    ]);
});

test("a role that refuses the caller: the error names the role and the credentials that assumed it", async () => {
    const refused = backend(sandbox, { roleArn: roleArnFor(sandbox) }); // no ExternalId
    const error = await refused.verifyCredentials().then(
        () => undefined,
        (e: Error) => e,
    );
    expect(error?.message).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${roleArnFor(sandbox)}`);
    expect(error?.message).toContain(`role ${roleArnFor(sandbox)} (from orgaccounts:awsRoleArn), assumed with the access key from orgaccounts:awsAccessKeyId`);
    expect(error?.message).not.toContain(CI.secretAccessKey);
});

test("a named organization's roleArn, externalId and stsEndpoint reach the SDK", async () => {
    const declared = JSON.stringify({
        sandbox: { cloud: "aws", endpoint: sandbox.url, region: sandbox.region, ...CI, roleArn: roleArnFor(sandbox), externalId: "vending-42", stsEndpoint: sts.url },
    });
    const org = readOrganizations({ get: (key) => (key === "orgaccounts:organizations" ? declared : undefined) }).get("sandbox")!;
    expect(org.settings.aws).toMatchObject({ roleArn: roleArnFor(sandbox), externalId: "vending-42", stsEndpoint: sts.url });
    await new AwsBackend(org.settings.aws, {}).verifyCredentials();
});
