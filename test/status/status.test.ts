// The create-account status functions and the `status` / `list` commands against the emulators:
// every page read, every state filter, `since`, failed requests with their mapped reasons.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator } from "../../emulator/huawei/server";
import { getCreateAccountStatus, listCreateAccountStatuses } from "../../provider/program/status";
import { parseSince } from "../../provider/host/statusQueries";
import { parseStatusArgs, StatusUsageError } from "../../provider/cli/status";
import { runPackageCommand } from "../../harness/packageCommand";
import { clouds } from "../../harness/pluginHost/clouds";

const [huaweiCloud, awsCloud] = clouds;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// More than one page each: the Huawei client reads 200 per page, the AWS SDK paginator 20.
const HUAWEI = { succeeded: 203, failed: 3, inProgress: 2 };
const AWS = { succeeded: 22, failed: 2, inProgress: 1 };

let huawei: HuaweiEmulator;
let aws: AwsEmulator;
let huaweiEnv: Record<string, string>;
let awsEnv: Record<string, string>;
/** What a program's stack config would hold (the AWS SDK reads credentials from the process's own environment, not from `env`). */
let awsSource: { config: { get(key: string): string | undefined }; env: Record<string, string> };

beforeAll(async () => {
    huawei = await startHuaweiEmulator({ creationDelayMs: 0, rules: { maxCreationsInProgress: 1_000 } });
    aws = await startAwsEmulator({ creationDelayMs: 0, maxInProgress: 1_000, refusals: "permissive" });
    huaweiEnv = huaweiCloud.env(huawei);
    awsEnv = awsCloud.env(aws);
    const awsConfig = awsCloud.config(aws);
    awsSource = { config: { get: (key) => awsConfig[key] }, env: {} };
    for (let i = 0; i < HUAWEI.failed; i++) huawei.state.scriptFailure({ name: `hw-bad-${i}`, reason: "error.2001", detail: "name taken" });
    for (let i = 0; i < AWS.failed; i++) aws.state.scriptFailure({ name: `aws-bad-${i}`, reason: "INVALID_ADDRESS" });
    for (let i = 0; i < HUAWEI.succeeded; i++) huawei.state.createAccount({ name: `hw-${i}`, email: `hw-${i}@example.com` });
    for (let i = 0; i < HUAWEI.failed; i++) huawei.state.createAccount({ name: `hw-bad-${i}`, email: `hw-bad-${i}@example.com` });
    for (let i = 0; i < AWS.succeeded; i++) aws.state.createAccount({ accountName: `aws-${i}`, email: `aws-${i}@example.com` });
    for (let i = 0; i < AWS.failed; i++) aws.state.createAccount({ accountName: `aws-bad-${i}`, email: `aws-bad-${i}@example.com` });
    await sleep(50);
    huawei.state.setDelays({ creationDelayMs: 600_000 });
    aws.state.setDelays({ creationDelayMs: 600_000 });
    for (let i = 0; i < HUAWEI.inProgress; i++) huawei.state.createAccount({ name: `hw-wait-${i}`, email: `hw-wait-${i}@example.com` });
    for (let i = 0; i < AWS.inProgress; i++) aws.state.createAccount({ accountName: `aws-wait-${i}`, email: `aws-wait-${i}@example.com` });
}, 60_000);

afterAll(async () => {
    await huawei?.close();
    await aws?.close();
});

describe.each([
    { cloud: "huawei" as const, counts: HUAWEI, source: () => ({ env: huaweiEnv }), listed: "ListCreateAccountStatuses", failure: "error.2001 (", idPattern: /^h-/ },
    { cloud: "aws" as const, counts: AWS, source: () => awsSource, listed: "ListCreateAccountStatus", failure: "INVALID_ADDRESS", idPattern: /^car-/ },
])("$cloud create-account requests for programs", ({ cloud, counts, source, listed, failure, idPattern }) => {
    const emulator = () => (cloud === "huawei" ? huawei : aws);
    const total = counts.succeeded + counts.failed + counts.inProgress;

    test("every request, over more than one page, newest first", async () => {
        const before = emulator().requests.byOperation(listed).length;
        const all = await listCreateAccountStatuses({ cloud }, source());
        expect(all).toHaveLength(total);
        expect(emulator().requests.byOperation(listed).length - before).toBeGreaterThan(1);
        expect(all.every((s) => s.cloud === cloud && idPattern.test(s.id) && s.requestedAt)).toBe(true);
        const times = all.map((s) => Date.parse(s.requestedAt!));
        expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    test("each state filter, alone and together", async () => {
        const list = (states: ("in_progress" | "succeeded" | "failed")[]) => listCreateAccountStatuses({ cloud, states }, source());
        const succeeded = await list(["succeeded"]);
        expect(succeeded).toHaveLength(counts.succeeded);
        expect(succeeded.every((s) => s.state === "succeeded" && s.accountId && s.completedAt && !s.failureReason)).toBe(true);
        const inProgress = await list(["in_progress"]);
        expect(inProgress.map((s) => [s.state, s.accountId])).toEqual(Array(counts.inProgress).fill(["in_progress", undefined]));
        const failed = await list(["failed"]);
        expect(failed).toHaveLength(counts.failed);
        for (const s of failed) {
            expect(s.state).toBe("failed");
            expect(s.failureMessage).toContain(failure);
        }
        expect(await list(["failed", "in_progress"])).toHaveLength(counts.failed + counts.inProgress);
    });

    test("since: an age, an ISO time; a bad one names the input", async () => {
        expect(await listCreateAccountStatuses({ cloud, since: "1h" }, source())).toHaveLength(total);
        expect(await listCreateAccountStatuses({ cloud, since: new Date(Date.now() + 60_000).toISOString() }, source())).toEqual([]);
        await expect(listCreateAccountStatuses({ cloud, since: "last week" }, source())).rejects.toThrow(
            'since: "last week" is neither an age with its unit, such as "7d", "24h", "30m" or "90s", nor an ISO 8601 time such as "2026-11-30T00:00:00Z"',
        );
    });

    test("one request by id, with its mapped reason; an unknown id says what to check", async () => {
        const [failedOne] = await listCreateAccountStatuses({ cloud, states: ["failed"] }, source());
        const got = await getCreateAccountStatus({ cloud, id: failedOne.id }, source());
        expect(got).toEqual(failedOne);
        const unknown = cloud === "aws" ? "car-00000000000000" : "h-00000000000000000000000000000000";
        await expect(getCreateAccountStatus({ cloud, id: unknown }, source())).rejects.toThrow(`has no create-account request "${unknown}": check the id and the organization`);
    });
});

test("parseSince reads ages in s, m, h and d", () => {
    const now = new Date("2026-12-02T00:00:00Z");
    expect(parseSince("7d", now).toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(parseSince("90s", now).toISOString()).toBe("2026-12-01T23:58:30.000Z");
    expect(parseSince("2026-11-30T12:00:00Z", now).toISOString()).toBe("2026-11-30T12:00:00.000Z");
    expect(parseSince("2026-11-30", now).toISOString()).toBe("2026-11-30T00:00:00.000Z");
});

test("a number without a unit, or a time Date.parse guesses at, is refused naming the setting and the accepted forms", () => {
    expect(() => parseSince("7")).toThrow(
        'since: "7" has no unit: write an age with its unit, such as "7d", "24h", "30m" or "90s", or an ISO 8601 time such as "2026-11-30T00:00:00Z"',
    );
    expect(() => parseSince("Dec 1")).toThrow('since: "Dec 1" is neither an age with its unit');
    expect(() => parseStatusArgs(["--cloud", "aws", "--since", "7"])).toThrow(StatusUsageError);
    expect(() => parseStatusArgs(["--cloud", "aws", "--since=7"])).toThrow(/^--since: "7" has no unit: write an age with its unit, such as "7d"/);
});

describe("the status and list commands", () => {
    const run = runPackageCommand;

    test("list --since 7 (no unit) is refused with exit 2, naming the flag and the accepted forms, before any request", async () => {
        const before = huawei.requests.all().length;
        const out = await run(["list", "--cloud", "huawei", "--since", "7"], huaweiEnv);
        expect(out.status).toBe(2);
        expect(out.stderr.split("\n")[0]).toBe(
            'pulumi-org-accounts list: --since: "7" has no unit: write an age with its unit, such as "7d", "24h", "30m" or "90s", or an ISO 8601 time such as "2026-11-30T00:00:00Z"',
        );
        expect(huawei.requests.all().length).toBe(before);
    });

    test("with --config FILE, the credentials errors name the file's keys, never orgaccounts:… stack keys", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "status-keys-"));
        const awsFile = path.join(dir, "aws.json");
        writeFileSync(awsFile, JSON.stringify({ awsEndpoint: aws.url, awsRegion: aws.region }));
        // HOME without ~/.aws: the SDK's chain finds nothing.
        const awsOut = await run(["list", "--cloud", "aws", "--config", awsFile], { HOME: dir });
        expect(awsOut.status).toBe(1);
        expect(awsOut.stderr).toContain(`or a profile with AWS_PROFILE or "awsProfile" in ${awsFile}, or "awsAccessKeyId" and "awsSecretAccessKey" in ${awsFile}.`);
        expect(awsOut.stderr).not.toContain("orgaccounts:");

        const huaweiFile = path.join(dir, "huawei.json");
        writeFileSync(huaweiFile, JSON.stringify({ huaweiEndpoint: huawei.url, huaweiAccessKey: "wrong-key", huaweiSecretKey: "wrong-secret" }));
        const refused = await run(["list", "--cloud", "huawei", "--config", huaweiFile], { HOME: dir });
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain(`Credentials in use: the access key from "huaweiAccessKey" in ${huaweiFile}, the secret key from "huaweiSecretKey" in ${huaweiFile}`);
        expect(refused.stderr).not.toContain("orgaccounts:");
        expect(refused.stderr).not.toContain("wrong-secret");
    });

    test("list --state failed: a table, then each failure's meaning and what to do", async () => {
        const out = await run(["list", "--cloud", "huawei", "--state", "failed"], huaweiEnv);
        expect(out.status, out.stderr).toBe(0);
        const lines = out.stdout.trim().split("\n");
        expect(lines[0]).toMatch(/^REQUEST +STATE +ACCOUNT NAME +ACCOUNT ID +REQUESTED +COMPLETED +REASON$/);
        expect(lines.filter((l) => / failed /.test(l))).toHaveLength(HUAWEI.failed);
        expect(lines.filter((l) => /^h-\w+: error\.2001 \(/.test(l))).toHaveLength(HUAWEI.failed);
        expect(out.stdout).toContain("Detail: name taken.");
    });

    test("list --json --since, AWS credentials from a --config file; status infers the cloud from the id", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "status-config-"));
        const file = path.join(dir, "settings.json");
        writeFileSync(
            file,
            JSON.stringify({
                awsEndpoint: aws.url,
                "orgaccounts:awsRegion": aws.region,
                awsAccessKeyId: aws.credentials.accessKeyId,
                awsSecretAccessKey: aws.credentials.secretAccessKey,
            }),
        );
        const out = await run(["list", "--cloud", "aws", "--since", "1d", "--json", "--config", file], {});
        expect(out.status, out.stderr).toBe(0);
        const listed = JSON.parse(out.stdout) as { id: string; state: string }[];
        expect(listed).toHaveLength(AWS.succeeded + AWS.failed + AWS.inProgress);
        const failed = listed.find((s) => s.state === "failed");
        const one = await run(["status", String(failed?.id), "--json"], awsEnv);
        expect(one.status, one.stderr).toBe(0);
        expect(JSON.parse(one.stdout)).toEqual(failed);
    });

    test("--organization reads a named organization of the config file; the function takes it too", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "status-orgs-"));
        const file = path.join(dir, "settings.json");
        const named = { cloud: "huawei", endpoint: huawei.url, accessKey: huawei.credentials.accessKey, secretKey: huawei.credentials.secretKey };
        writeFileSync(file, JSON.stringify({ organizations: { "hw-other": named } }));
        const out = await run(["list", "--cloud", "huawei", "--organization", "hw-other", "--state", "in_progress", "--json", "--config", file], {});
        expect(out.status, out.stderr).toBe(0);
        expect(JSON.parse(out.stdout)).toHaveLength(HUAWEI.inProgress);
        const wrong = await run(["list", "--cloud", "aws", "--organization", "hw-other", "--config", file], {});
        expect(wrong.status).toBe(1);
        expect(wrong.stderr).toContain(`organization: "hw-other" is not an organization of aws declared in "organizations" in ${file}`);
        const config = { get: (key: string) => (key === "orgaccounts:organizations" ? JSON.stringify({ "hw-other": named }) : undefined) };
        expect(await listCreateAccountStatuses({ cloud: "huawei", organization: "hw-other", states: ["failed"] }, { config, env: {} })).toHaveLength(HUAWEI.failed);
    });

    test("a wrong command line exits 2 with one sentence and the usage", async () => {
        const cases: [string[], string][] = [
            [["list"], "pulumi-org-accounts list: list needs --cloud huawei or --cloud aws"],
            [["list", "--cloud", "aws", "--state", "done"], '--state must be in_progress, succeeded, failed; got "done"'],
            [["status", "abc"], 'cannot tell the cloud of "abc" from its form: add --cloud huawei or --cloud aws'],
            [["status", "car-00000000", "--config", "/nonexistent.json"], "--config /nonexistent.json: cannot read settings: it does not exist"],
        ];
        for (const [args, message] of cases) {
            const out = await run(args, {});
            expect(out.status, args.join(" ")).toBe(2);
            expect(out.stderr).toContain(message);
            expect(out.stderr).toContain("usage: pulumi-org-accounts status <request-id>");
        }
    });
});
