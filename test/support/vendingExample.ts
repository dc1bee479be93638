// The account vending example (examples/nodejs, examples/python, examples/go: the same program in
// each language) through the real CLI against two AWS Organizations emulators: one account in
// the default provider's organization, one in a second organization through an explicit provider,
// a value built from an account id, and the status function's answer. Each language's test file
// supplies how its program is made and what it checks before the first preview.
import { afterEach, expect } from "vitest";
import { aws, writesSince } from "../../harness/pluginHost/clouds";
import type { AwsEmulator } from "../../emulator/aws/server";
import { DELETABLE } from "../../harness/cli/worldAt";
import { expectSuccess, type PulumiProgram } from "../../harness/cli/workspace";

export const ACCOUNT_TOKEN = "orgaccounts:index:AwsAccount";
const POLL = { ORG_ACCOUNTS_POLL_INITIAL_MS: "50", ORG_ACCOUNTS_POLL_MAX_MS: "200" };

/** Emulators and programs for one test file, closed and removed after each test. */
export function exampleFixtures<P extends PulumiProgram>(create: (env: Record<string, string>) => Promise<P>) {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    return {
        emulator: async (more: Record<string, unknown> = {}): Promise<AwsEmulator> => {
            const e = await aws.startEmulator({ creationDelayMs: 300, closeDelayMs: 100, ...DELETABLE.aws.emulator, ...more });
            cleanups.push(() => e.close());
            return e;
        },
        /** A program whose default provider reaches `env`'s organization, with a fast poll schedule. */
        program: async (env: Record<string, string>): Promise<P> => {
            const p = await create({ ...POLL, ...env });
            cleanups.push(() => p.remove());
            return p;
        },
    };
}

/**
 * `pulumi plugin install` of the plugin from `source` (a release tarball or a folder), as a user
 * would, then `pulumi install`, which installs the plugins the SDK's pulumi-plugin.json names
 * (GetRequiredPackages; else the CLI tries to download it) and whose output must match `installSays`.
 */
export async function installPlugin(p: PulumiProgram, source: string, installSays: RegExp): Promise<void> {
    expectSuccess(await p.cli(["plugin", "install", "resource", "orgaccounts", "0.1.0", "--file", source]));
    expect(expectSuccess(await p.cli(["install"])).output).toMatch(installSays);
}

export interface VendingScenario<P extends PulumiProgram> {
    fixtures: ReturnType<typeof exampleFixtures<P>>;
    /** The example's account names start with it: `acct-ts-`, `acct-py-`, `acct-go-`. */
    prefix: string;
    /** The second organization's credentials (each file its own, so that a leak is traced to it). */
    secondOrg: { accessKeyId: string; secretAccessKey: string };
    /** The language's own checks and steps once the stack is configured (`pulumi about`, installing the plugin). */
    prepare: (p: P) => Promise<void>;
    /** The language's own checks once `up` has run. */
    afterUp?: (p: P) => Promise<void>;
}

/**
 * preview (nothing written), up (an account in each organization, the outputs built from them,
 * no credential in the state or output), refresh and an up with no changes, `pulumi import
 * --generate-code=false` of an account the stack never created (nothing written), destroy (both
 * closed, the stack empty).
 */
export async function runVendingExample<P extends PulumiProgram>({ fixtures, prefix, secondOrg, prepare, afterUp }: VendingScenario<P>): Promise<void> {
    const ours = (e: AwsEmulator) => aws.accounts(e).filter((a) => a.name.startsWith(prefix));
    const orgA = await fixtures.emulator();
    const orgB = await fixtures.emulator({ credentials: secondOrg });
    const p = await fixtures.program(aws.env(orgA));
    await p.setConfig("secondOrgEndpoint", orgB.url);
    await p.setConfig("secondOrgRegion", orgB.region);
    await p.setConfig("secondOrgAccessKeyId", secondOrg.accessKeyId, { secret: true });
    await p.setConfig("secondOrgSecretAccessKey", secondOrg.secretAccessKey, { secret: true });
    await prepare(p);

    const preview = expectSuccess(await p.preview());
    expect(preview.stdout).toMatch(new RegExp(`\\+\\s+${ACCOUNT_TOKEN}\\s+sandbox\\s+create`));
    expect(writesSince(aws, orgA)).toEqual([]);

    const up = expectSuccess(await p.up());
    expect(up.stdout).toMatch(/\+\s+pulumi:providers:orgaccounts\s+second-org\s+created/);
    expect(up.stdout).toMatch(new RegExp(`\\+\\s+${ACCOUNT_TOKEN}\\s+sandbox\\s+created`));
    expect(up.stdout).toMatch(new RegExp(`\\+\\s+${ACCOUNT_TOKEN}\\s+billing\\s+created`));
    expect(ours(orgA).map((a) => [a.name, a.state, a.tags.team])).toEqual([[`${prefix}sandbox`, "active", "platform"]]);
    expect(ours(orgB).map((a) => [a.name, a.state])).toEqual([[`${prefix}billing`, "active"]]);

    const outputs = await p.outputs();
    const sandbox = ours(orgA)[0];
    expect(outputs.sandboxAccountId).toBe(sandbox.id);
    expect(outputs.billingAccountId).toBe(ours(orgB)[0].id);
    expect(outputs.sandboxAdminRoleArn).toBe(`arn:aws:iam::${sandbox.id}:role/OrganizationAccountAccessRole`);
    expect(outputs.sandboxRequestState).toBe("succeeded");
    expect(JSON.stringify(await p.exportState())).not.toContain(secondOrg.secretAccessKey);
    expect(up.output).not.toContain(secondOrg.secretAccessKey);
    await afterUp?.(p);

    const refresh = expectSuccess(await p.refresh());
    expect(refresh.stdout).toMatch(/Resources:[\s\S]*unchanged/);
    expectSuccess(await p.up("--expect-no-changes"));

    // An account the stack never created, imported by its account id (no code generated).
    const foundId = aws.addAccount(orgA, { name: `${prefix}found`, tags: { team: "found" } });
    const mark = orgA.requests.all().length;
    const imported = expectSuccess(await p.import(ACCOUNT_TOKEN, "found", foundId, "--generate-code=false", "--protect=false"));
    expect(imported.stdout).toMatch(new RegExp(`=\\s+${ACCOUNT_TOKEN}\\s+found\\s+imported`));
    expect(writesSince(aws, orgA, mark)).toEqual([]);
    expect((await p.resources("AwsAccount")).find((r) => r.urn.endsWith("::found"))?.id).toBe(foundId);

    const destroy = expectSuccess(await p.destroy());
    expect(destroy.stdout).toMatch(new RegExp(`-\\s+${ACCOUNT_TOKEN}\\s+sandbox\\s+deleted`));
    expect(destroy.stdout).toMatch(new RegExp(`-\\s+${ACCOUNT_TOKEN}\\s+billing\\s+deleted`));
    expect(await p.resources("AwsAccount")).toEqual([]);
    // onDelete "close": closed and still listed by their organizations.
    expect(ours(orgA).find((a) => a.name === `${prefix}sandbox`)?.state).not.toBe("active");
    expect(ours(orgB).map((a) => a.state)).not.toContain("active");
}
