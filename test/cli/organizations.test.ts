// Several organizations of each cloud in one program, through the real CLI: the default one from
// the environment, a named one from `orgaccounts:organizations` in the stack config (credentials
// as secrets), each a separate emulator accepting only its own credentials.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { clouds, type Cloud, type Emulator } from "../../harness/pluginHost/clouds";
import { expectSuccess, PulumiProgram, type CliResult } from "../../harness/cli/workspace";
import { DELETABLE } from "../support/cliWorld";

const [huawei, aws] = clouds;

interface Org {
    cloud: Cloud;
    emulator: Emulator;
    secrets: string[];
}

const started: Emulator[] = [];

async function startOrg(cloud: Cloud, tag: string): Promise<Org> {
    const credentials =
        cloud.name === "huawei"
            ? { accessKey: `HWKEY${tag.toUpperCase()}0000000000`, secretKey: `hw-secret-${tag}-only-for-this-test-0000` }
            : { accessKeyId: `AKIA${tag.toUpperCase()}000000000000`.slice(0, 20), secretAccessKey: `aws-secret-${tag}-only-for-this-test-0000` };
    const emulator = await cloud.startEmulator({
        creationDelayMs: 300,
        closeDelayMs: 100,
        credentials,
        ...(DELETABLE[cloud.name].rules && { rules: DELETABLE[cloud.name].rules }),
        ...DELETABLE[cloud.name].emulator,
    });
    started.push(emulator);
    return { cloud, emulator, secrets: cloud.secrets(emulator) };
}

/** The named organization's settings, set as `pulumi config set --path` would (credentials with --secret). */
function namedOrgConfig(org: Org, name: string): { path: string; value: string; secret: boolean }[] {
    const e = org.emulator as Emulator & { credentials: Record<string, string>; region?: string };
    const base = `orgaccounts:organizations.${name}`;
    const own: Record<string, string> =
        org.cloud.name === "huawei"
            ? { endpoint: e.url, accessKey: e.credentials.accessKey, secretKey: e.credentials.secretKey }
            : { endpoint: e.url, region: e.region!, accessKeyId: e.credentials.accessKeyId, secretAccessKey: e.credentials.secretAccessKey };
    return [
        { path: `${base}.cloud`, value: org.cloud.name, secret: false },
        ...Object.entries(own).map(([key, value]) => ({ path: `${base}.${key}`, value, secret: /key/i.test(key) })),
        { path: `${base}.maxConcurrentCreations`, value: "1", secret: false },
        { path: `${base}.defaultTags.env`, value: "sandbox", secret: false },
        { path: `${base}.pollInitialMs`, value: "50", secret: false },
        { path: `${base}.pollMaxMs`, value: "200", secret: false },
    ];
}

/** The most creations the emulator had in progress at once while `work` ran. */
async function peakInProgress<T>(emulators: Emulator[], work: () => Promise<T>): Promise<{ result: T; peaks: number[] }> {
    const peaks = emulators.map(() => 0);
    const inProgress = (e: Emulator) =>
        (e as unknown as { state: { createAccountStatuses(): { state?: string; State?: string }[] } }).state
            .createAccountStatuses()
            .filter((s) => (s.state ?? s.State)?.toLowerCase() === "in_progress").length;
    const timer = setInterval(() => emulators.forEach((e, i) => (peaks[i] = Math.max(peaks[i], inProgress(e)))), 10);
    try {
        return { result: await work(), peaks };
    } finally {
        clearInterval(timer);
    }
}

let orgs: Record<"hwDefault" | "hwSandbox" | "awsDefault" | "awsSandbox", Org>;
let program: PulumiProgram;

beforeAll(async () => {
    orgs = {
        hwDefault: await startOrg(huawei, "hwprod"),
        hwSandbox: await startOrg(huawei, "hwsbx"),
        awsDefault: await startOrg(aws, "awsprod"),
        awsSandbox: await startOrg(aws, "awssbx"),
    };
    program = await PulumiProgram.create({
        cliDir: inject("pulumiCliDir"),
        env: {
            ORG_ACCOUNTS_POLL_INITIAL_MS: "50",
            ORG_ACCOUNTS_POLL_MAX_MS: "200",
            ...huawei.env(orgs.hwDefault.emulator),
            ...aws.env(orgs.awsDefault.emulator),
        },
    });
    for (const [org, name] of [
        [orgs.hwSandbox, "hw-sandbox"],
        [orgs.awsSandbox, "aws-sandbox"],
    ] as const) {
        for (const { path, value, secret } of namedOrgConfig(org, name)) {
            expectSuccess(await program.cli(["config", "set", "--path", ...(secret ? ["--secret"] : []), path, value]));
        }
    }
    // The default organizations' default tags (a number, as `config set --path` stores 1234).
    expectSuccess(await program.cli(["config", "set", "--path", "orgaccounts:defaultTags.cost-center", "1234"]));
}, 120_000);

afterAll(async () => {
    program?.remove();
    for (const emulator of started) await emulator.close();
});

const names = (org: Org) => org.cloud.accounts(org.emulator).map((a) => a.name);

describe("two organizations per cloud in one stack", () => {
    const outputs: CliResult[] = [];

    test("up creates each account in its own organization, each organization's queue on its own; refresh and destroy reach both", async () => {
        program.write(`
const hw = [1, 2, 3].map((i) => new HuaweiAccount("hw-prod-" + i, { name: "hw-prod-" + i, email: "hw-prod-" + i + "@example.com", onDelete: "close" }));
const hwSandbox = [1, 2, 3].map((i) => new HuaweiAccount("hw-sbx-" + i, { name: "hw-sbx-" + i, email: "hw-sbx-" + i + "@example.com", organization: "hw-sandbox", onDelete: "close" }));
const awsProd = [1, 2].map((i) => new AwsAccount("aws-prod-" + i, { name: "aws-prod-" + i, email: "aws-prod-" + i + "@example.com", onDelete: "close" }));
const awsSandbox = [1, 2].map((i) => new AwsAccount("aws-sbx-" + i, { name: "aws-sbx-" + i, email: "aws-sbx-" + i + "@example.com", organization: "aws-sandbox", onDelete: "close", tags: { team: "t" + i } }));
exports.sbxTags = awsSandbox[0].tags;
exports.sbxTagsAll = awsSandbox[0].tagsAll;
exports.prodTagsAll = hw[0].tagsAll;
exports.sandboxIds = hwSandbox.map((a) => a.accountId);
exports.awsSandboxIds = awsSandbox.map((a) => a.accountId);
exports.awsJoined = awsSandbox[0].joinedMethod;
`);
        outputs.push(expectSuccess(await program.preview()));
        const { result: up, peaks } = await peakInProgress([orgs.hwDefault.emulator, orgs.hwSandbox.emulator, orgs.awsSandbox.emulator], () => program.up());
        outputs.push(expectSuccess(up));
        expect(names(orgs.hwDefault)).toEqual(expect.arrayContaining(["hw-prod-1", "hw-prod-2", "hw-prod-3"]));
        expect(names(orgs.hwDefault).filter((n) => n.startsWith("hw-sbx"))).toEqual([]);
        expect(names(orgs.hwSandbox)).toEqual(expect.arrayContaining(["hw-sbx-1", "hw-sbx-2", "hw-sbx-3"]));
        expect(names(orgs.hwSandbox).filter((n) => n.startsWith("hw-prod"))).toEqual([]);
        expect(names(orgs.awsDefault)).toEqual(expect.arrayContaining(["aws-prod-1", "aws-prod-2"]));
        expect(names(orgs.awsSandbox)).toEqual(expect.arrayContaining(["aws-sbx-1", "aws-sbx-2"]));
        // The sandboxes queue one creation at a time (their maxConcurrentCreations); the default Huawei organization did not wait for them.
        expect(peaks[1]).toBe(1);
        expect(peaks[2]).toBe(1);
        expect(peaks[0]).toBeGreaterThan(1);
        const stack = await program.outputs();
        expect(stack.sandboxIds).toEqual(
            orgs.hwSandbox.cloud
                .accounts(orgs.hwSandbox.emulator)
                .filter((a) => a.name.startsWith("hw-sbx"))
                .map((a) => a.id)
                .sort((a, b) => (stack.sandboxIds as string[]).indexOf(a) - (stack.sandboxIds as string[]).indexOf(b)),
        );
        expect(stack.awsJoined).toBe("CREATED");
        // Default tags: each organization's own, under the resource's tags; `tags` stays what the program set.
        expect(stack.sbxTags).toEqual({ team: "t1" });
        expect(stack.sbxTagsAll).toEqual({ team: "t1", env: "sandbox" });
        expect(stack.prodTagsAll).toEqual({ "cost-center": "1234" });
        const sbx1 = orgs.awsSandbox.cloud.accounts(orgs.awsSandbox.emulator).find((a) => a.name === "aws-sbx-1")!;
        expect(sbx1.tags).toMatchObject({ team: "t1", env: "sandbox" });
        expect(sbx1.tags).not.toHaveProperty("cost-center");
        // Each organization was called with its own credentials only (the emulators refuse any other).
        for (const org of Object.values(orgs)) expect(org.emulator.requests.all().filter((r) => r.status === 401 || r.status === 403)).toEqual([]);

        const refresh = expectSuccess(await program.refresh());
        outputs.push(refresh);
        expect(refresh.output).toMatch(/Resources:\s+11 unchanged/);
        outputs.push(expectSuccess(await program.destroy()));
        for (const org of Object.values(orgs)) {
            const left = org.cloud.accounts(org.emulator).filter((a) => /-(prod|sbx)-/.test(a.name));
            expect(
                left.every((a) => /closed|pending_closure|suspended/.test(a.state)),
                org.cloud.name,
            ).toBe(true);
        }
    }, 300_000);

    test("no organization's credentials in any output, stored file or export", async () => {
        const exported = expectSuccess(await program.cli(["stack", "export"]));
        const texts = [...outputs.map((r) => r.output), exported.stdout, ...program.storedTexts().map((t) => t.text)];
        const secrets = Object.values(orgs).flatMap((o) => o.secrets);
        expect(secrets.length).toBe(8);
        expect(secrets.filter((s) => texts.some((t) => t.includes(s))).map((s) => s.slice(0, 6))).toEqual([]);
    });

    test("an organization not declared for the resource's cloud fails preview, naming the declared ones; no API call", async () => {
        const before = Object.values(orgs).map((o) => o.emulator.requests.all().length);
        program.write(`new HuaweiAccount("lost", { name: "lost", email: "lost@example.com", organization: "aws-sandbox" });\n`);
        const preview = await program.preview();
        expect(preview.status).not.toBe(0);
        expect(preview.output).toContain(
            `organization: "aws-sandbox" is not declared in orgaccounts:organizations (the huawei organizations declared there are "hw-sandbox"). Declare it with \`pulumi config set --path 'orgaccounts:organizations.aws-sandbox.cloud' huawei\` and its settings, or correct the name`,
        );
        expect(Object.values(orgs).map((o) => o.emulator.requests.all().length)).toEqual(before);
    });
});
