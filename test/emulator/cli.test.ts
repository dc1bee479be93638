// `pulumi-org-accounts emulator`, run as a user runs it: the built bin in a child process, its
// first stdout line, its env file, its control endpoint, and how it stops.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, test } from "vitest";
import { CreateAccountCommand, DescribeCreateAccountStatusCommand, DescribeOrganizationalUnitCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { parseArgs, USAGE } from "../../emulator/cli";
import { HuaweiOrganizationsClient } from "../../provider/clouds/huawei/client";
import { readSettings } from "../../provider/host/config/settings";
import { sleep } from "../support/emulatorClients";

const BIN = path.resolve(__dirname, "../../dist/provider/cli/main.js");
const children: ChildProcess[] = [];

afterEach(() => {
    for (const child of children.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
});

interface Banner {
    huawei?: { url: string; accessKey: string; secretKey: string; rootId: string; defaultOuId: string; rules: Record<string, unknown> };
    aws?: { url: string; accessKeyId: string; secretAccessKey: string; region: string; rootId: string; defaultOuId: string };
    control: string;
    env: Record<string, string>;
}

async function startBin(args: string[]): Promise<{ child: ChildProcess; banner: Banner; stderr: () => string }> {
    const child = spawn(process.execPath, [BIN, "emulator", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
    });
    return { child, banner: JSON.parse(line) as Banner, stderr: () => stderr };
}

function exited(child: ChildProcess, withinMs: number): Promise<number | null> {
    return new Promise((resolve, reject) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => reject(new Error(`still running after ${withinMs} ms`)), withinMs);
        child.once("exit", (code) => (clearTimeout(timer), resolve(code)));
    });
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * The control endpoint's answers as these tests read them: each reads the members of the route it
 * called (after checking the status); a member the answer lacks reads as undefined and fails its expect.
 */
interface ControlBody {
    roots: { id: string; name: string }[];
    routes: string[];
    accounts: { name: string }[];
    error: string;
}

async function control(banner: Banner, method: string, route: string, body?: unknown): Promise<{ status: number; json: ControlBody }> {
    const res = await fetch(`${banner.control}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as ControlBody };
}

function huaweiClient(banner: Banner): HuaweiOrganizationsClient {
    return new HuaweiOrganizationsClient({ env: banner.env, maxAttempts: 1 } as never);
}

function awsClient(banner: Banner): OrganizationsClient {
    return new OrganizationsClient({
        endpoint: banner.aws!.url,
        region: banner.aws!.region,
        credentials: { accessKeyId: banner.aws!.accessKeyId, secretAccessKey: banner.aws!.secretAccessKey },
        maxAttempts: 1,
    });
}

async function huaweiCreation(banner: Banner, name: string, timeoutMs = 5_000) {
    const client = huaweiClient(banner);
    const { id } = await client.createAccount({ name, email: `${name}@example.com` });
    for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(50)) {
        const status = await client.getCreateAccountStatus(id);
        if (status.state !== "in_progress") return status;
    }
    throw new Error(`creation ${id} still in progress`);
}

describe("emulator flags", () => {
    test("defaults: both clouds on any free loopback port, the documented rules and refusals", () => {
        expect(parseArgs([])).toMatchObject({ clouds: ["huawei", "aws"], port: 0, host: "127.0.0.1", controlPort: 0, awsPermissive: false, awsRefusals: {}, failCreations: [] });
    });

    test("each flag sets what it names (the refusal rules included)", () => {
        const options = parseArgs([
            "--cloud=aws",
            "--port",
            "8080",
            "--creation-delay-ms",
            "2000",
            "--close-delay-ms=10",
            "--aws-consistency-lag-ms",
            "0",
            "--aws-removal-wait-period-ms",
            "5",
            "--aws-removal-standalone",
            "--aws-close-flapping",
            "--fail-creation",
            "team=a=EMAIL_ALREADY_EXISTS",
            "--write-env",
            "emu.env",
            "--stop-with",
            "42",
            "--quiet",
        ]);
        expect(options).toMatchObject({
            clouds: ["aws"],
            port: 8080,
            creationDelayMs: 2000,
            closeDelayMs: 10,
            awsRefusals: { consistencyLagMs: 0, removalWaitPeriodMs: 5, removalRequiresStandalone: false, closeFlapping: true },
            failCreations: [{ name: "team=a", reason: "EMAIL_ALREADY_EXISTS" }],
            envFile: "emu.env",
            follow: { kind: "pid", pid: 42 },
            quiet: true,
        });
        expect(parseArgs(["--huawei-rules", '{"maxCreationsInProgress":10,"site":"china"}']).huaweiRules).toEqual({ maxCreationsInProgress: 10, site: "china" });
        expect(parseArgs(["--aws-permissive"]).awsPermissive).toBe(true);
    });

    test("a bad flag fails with one sentence naming it and what was wrong, with a suggestion when it is close to a flag", () => {
        const cases: [string[], string][] = [
            [["--port", "abc"], '--port needs a non-negative whole number; got "abc"'],
            [["--cloud", "gcp"], '--cloud must be huawei, aws or both; got "gcp"'],
            [["--huawei-rules", "{nope"], "--huawei-rules needs a JSON object"],
            [["--huawei-rules", '{"maxTags":3}'], "--huawei-rules: unknown rule maxTags; known: maxCreationsInProgress, site,"],
            [["--huawei-rules", '{"site":"mars"}'], "--huawei-rules: site must be international or china"],
            [["--fail-creation", "noreason"], '--fail-creation needs NAME=REASON, e.g. --fail-creation team-a=error.2001; got "noreason"'],
            [["--cloud", "aws", "--fail-creation", "a=error.2001"], "--fail-creation: error.2001 is a huawei failure reason, and --cloud does not run huawei"],
            [["--frobnicate"], "unknown flag --frobnicate"],
            [["--prot", "8080"], "unknown flag --prot: did you mean --port?"],
            [["--creation-delay=5"], "unknown flag --creation-delay: did you mean --creation-delay-ms?"],
            [["--aws-permisive"], "unknown flag --aws-permisive: did you mean --aws-permissive?"],
            [["aws"], 'unexpected argument "aws": the emulator takes flags only'],
        ];
        for (const [argv, message] of cases) {
            let thrown = "";
            try {
                parseArgs(argv);
            } catch (error) {
                thrown = (error as Error).message;
            }
            expect(thrown.startsWith(message), `${thrown} starts with ${message}`).toBe(true);
            expect(thrown.endsWith(" (`pulumi-org-accounts emulator --help` lists every flag)"), thrown).toBe(true);
            expect(thrown.split("\n"), argv.join(" ")).toHaveLength(1);
            expect(thrown).not.toContain(USAGE.split("\n")[0]);
        }
    });

    test("through the bin: exit code 2 and the message on stderr, nothing on stdout", () => {
        const run = spawnSync(process.execPath, [BIN, "emulator", "--cloud", "gcp"], { encoding: "utf8" });
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe('pulumi-org-accounts emulator: --cloud must be huawei, aws or both; got "gcp" (`pulumi-org-accounts emulator --help` lists every flag)\n');
        const typo = spawnSync(process.execPath, [BIN, "emulator", "--quite"], { encoding: "utf8" });
        expect(typo.status).toBe(2);
        expect(typo.stderr).toBe("pulumi-org-accounts emulator: unknown flag --quite: did you mean --quiet? (`pulumi-org-accounts emulator --help` lists every flag)\n");
        const emulatorHelp = spawnSync(process.execPath, [BIN, "emulator", "--help"], { encoding: "utf8" });
        expect(emulatorHelp.status).toBe(0);
        expect(emulatorHelp.stdout).toContain(USAGE);
        const none = spawnSync(process.execPath, [BIN], { encoding: "utf8" });
        expect(none.status).toBe(2);
        expect(none.stdout).toBe("");
        expect(none.stderr).toMatch(/^pulumi-org-accounts: a command is needed\n\nusage: pulumi-org-accounts <command> \[flags\]\n/);
        const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
        expect(help.status).toBe(0);
        expect(help.stdout).toMatch(/^usage: pulumi-org-accounts <command> \[flags\]\n/);
        const unknown = spawnSync(process.execPath, [BIN, "emulatr"], { encoding: "utf8" });
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain('pulumi-org-accounts: unknown command "emulatr"');
        expect(unknown.stderr).toContain("emulator    run the Huawei Cloud and AWS Organizations emulators");
    });
});

test("in this repository npm shows its own errors (no silent loglevel): a mistyped script is named", () => {
    const npm = spawnSync("npm", ["run", "emulatr"], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" });
    expect(npm.status).not.toBe(0);
    expect(npm.stderr).toContain('npm error Missing script: "emulatr"');
});

describe("emulator bin", () => {
    test("the first stdout line is the banner: both clouds, the control endpoint, and an env that reaches them", async () => {
        const { banner } = await startBin([]);
        expect(banner.huawei!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(banner.aws!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(banner.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(banner.env).toEqual({
            HW_ACCESS_KEY: banner.huawei!.accessKey,
            HW_SECRET_KEY: banner.huawei!.secretKey,
            HW_ORGANIZATIONS_ENDPOINT: banner.huawei!.url,
            AWS_ACCESS_KEY_ID: banner.aws!.accessKeyId,
            AWS_SECRET_ACCESS_KEY: banner.aws!.secretAccessKey,
            AWS_REGION: banner.aws!.region,
            AWS_ENDPOINT_URL_ORGANIZATIONS: banner.aws!.url,
            AWS_ENDPOINT_URL_ACCOUNT: banner.aws!.url,
            ORG_ACCOUNTS_POLL_INITIAL_MS: "200",
            ORG_ACCOUNTS_POLL_MAX_MS: "1000",
        });
        expect((await huaweiClient(banner).listRoots()).map((r) => r.id)).toEqual([banner.huawei!.rootId]);
        expect((await huaweiClient(banner).showOrganizationalUnit(banner.huawei!.defaultOuId)).id).toBe(banner.huawei!.defaultOuId);
        expect((await awsClient(banner).send(new ListRootsCommand({}))).Roots!.map((r) => r.Id)).toEqual([banner.aws!.rootId]);
        expect((await awsClient(banner).send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: banner.aws!.defaultOuId }))).OrganizationalUnit!.Id).toBe(
            banner.aws!.defaultOuId,
        );
    });

    test("its env sets a poll schedule for 300 ms creations: the provider follows it (200 ms, backing off to 1 s) instead of a first read at 10 s", async () => {
        const { banner } = await startBin(["--quiet"]);
        const settings = readSettings(undefined, banner.env);
        expect([settings.pollExplicit, settings.poll.initialMs, settings.poll.maxMs]).toEqual([true, 200, 1000]);
    });

    test("--fail-creation and the delays reach the emulated service; --huawei-rules sets its limits", async () => {
        const { banner } = await startBin(["--creation-delay-ms", "100", "--fail-creation", "doomed=error.2001", "--huawei-rules", '{"maxCreationsInProgress":1}']);
        expect(banner.huawei!.rules.maxCreationsInProgress).toBe(1);
        const doomed = await huaweiCreation(banner, "doomed");
        expect([doomed.state, doomed.failure_reason]).toEqual(["failed", "error.2001"]);
        const client = huaweiClient(banner);
        await client.createAccount({ name: "first", email: "first@example.com" });
        await expect(client.createAccount({ name: "second", email: "second@example.com" })).rejects.toThrow(/CreateAccount failed: HTTP 4\d\d/);
    });

    test("--write-env writes the env as shell exports a shell can source, and removes the file on SIGTERM", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "emu-env-"));
        const file = path.join(dir, "emulator.env");
        const { child, banner } = await startBin(["--write-env", file, "--quiet"]);
        const sourced = spawnSync("sh", ["-c", `. "${file}" && env`], { encoding: "utf8", env: {} });
        const seen = Object.fromEntries(
            sourced.stdout
                .trim()
                .split("\n")
                .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
        );
        expect(seen).toMatchObject({
            ...banner.env,
            ORG_ACCOUNTS_EMULATOR_HUAWEI_ROOT_ID: banner.huawei!.rootId,
            ORG_ACCOUNTS_EMULATOR_HUAWEI_OU_ID: banner.huawei!.defaultOuId,
            ORG_ACCOUNTS_EMULATOR_AWS_ROOT_ID: banner.aws!.rootId,
            ORG_ACCOUNTS_EMULATOR_AWS_OU_ID: banner.aws!.defaultOuId,
            ORG_ACCOUNTS_EMULATOR_CONTROL: banner.control,
            ORG_ACCOUNTS_EMULATOR_PID: String(child.pid),
        });
        child.kill("SIGTERM");
        expect(await exited(child, 5_000)).toBe(0);
        expect(existsSync(file)).toBe(false);
    });

    test("stops when its parent dies, even by SIGKILL (as when the pid `npm run emulator &` recorded is killed)", async () => {
        const parent = spawn(
            process.execPath,
            [
                "-e",
                `require("child_process").spawn(process.execPath, [${JSON.stringify(BIN)}, "emulator", "--quiet"], { stdio: ["ignore", "inherit", "inherit"] }); setInterval(() => {}, 1000);`,
            ],
            {
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        children.push(parent);
        await new Promise((resolve) => createInterface({ input: parent.stdout }).once("line", resolve));
        const emulatorPid = Number(spawnSync("pgrep", ["-P", String(parent.pid)], { encoding: "utf8" }).stdout.trim());
        expect(isRunning(emulatorPid)).toBe(true);
        parent.kill("SIGKILL");
        for (const until = Date.now() + 5_000; isRunning(emulatorPid) && Date.now() < until;) await sleep(100);
        expect(isRunning(emulatorPid)).toBe(false);
    });

    test("--background returns once ready, printing exports; the emulator runs on until killed by the printed pid", async () => {
        const run = spawnSync(process.execPath, [BIN, "emulator", "--background", "--cloud", "aws"], { encoding: "utf8", timeout: 30_000 });
        expect(run.status).toBe(0);
        const exports = Object.fromEntries([...run.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
        const pid = Number(exports.ORG_ACCOUNTS_EMULATOR_PID);
        try {
            expect(exports.AWS_ENDPOINT_URL_ORGANIZATIONS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(exports.HW_ORGANIZATIONS_ENDPOINT).toBeUndefined();
            // the ids a program's parentId can name, as the control endpoint lists them; none for the cloud not run
            expect(exports.ORG_ACCOUNTS_EMULATOR_AWS_ROOT_ID).toMatch(/^r-[0-9a-z]{4}$/);
            expect(exports.ORG_ACCOUNTS_EMULATOR_AWS_OU_ID).toMatch(/^ou-[0-9a-z]{4}-[0-9a-z]{8}$/);
            expect(exports.ORG_ACCOUNTS_EMULATOR_HUAWEI_ROOT_ID).toBeUndefined();
            const organization = (await (await fetch(`${exports.ORG_ACCOUNTS_EMULATOR_CONTROL}/aws/organization`)).json()) as {
                roots: { id: string }[];
                organizationalUnits: { id: string }[];
            };
            expect(organization.roots.map((r: { id: string }) => r.id)).toEqual([exports.ORG_ACCOUNTS_EMULATOR_AWS_ROOT_ID]);
            expect(organization.organizationalUnits.map((o: { id: string }) => o.id)).toEqual([exports.ORG_ACCOUNTS_EMULATOR_AWS_OU_ID]);
            expect([exports.ORG_ACCOUNTS_POLL_INITIAL_MS, exports.ORG_ACCOUNTS_POLL_MAX_MS]).toEqual(["200", "1000"]);
            await sleep(1_200); // longer than its parent-watch interval: the launcher exiting did not stop it
            expect(isRunning(pid)).toBe(true);
            const res = await fetch(`${exports.ORG_ACCOUNTS_EMULATOR_CONTROL}/aws/accounts`);
            expect(((await res.json()) as { accounts: unknown[] }).accounts).toHaveLength(1);
        } finally {
            if (isRunning(pid)) process.kill(pid, "SIGTERM");
        }
        for (const until = Date.now() + 5_000; isRunning(pid) && Date.now() < until;) await sleep(100);
        expect(isRunning(pid)).toBe(false);
    });
});

describe("control endpoint", () => {
    test("fail-creation: the next creation of that name fails with the reason and detail given", async () => {
        const { banner } = await startBin(["--quiet", "--creation-delay-ms", "20"]);
        expect(await control(banner, "POST", "/huawei/fail-creation", { name: "team-x", reason: "error.6001", detail: "scripted" })).toEqual({ status: 200, json: { ok: true } });
        const failed = await huaweiCreation(banner, "team-x");
        expect([failed.state, failed.failure_reason, failed.failure_detail_msg]).toEqual(["failed", "error.6001", { error_msg: "scripted" }]);
        expect((await huaweiCreation(banner, "team-y")).state).toBe("succeeded");

        await control(banner, "POST", "/aws/fail-creation", { name: "aws-x", reason: "INVALID_ADDRESS" });
        const aws = awsClient(banner);
        const { CreateAccountStatus } = await aws.send(new CreateAccountCommand({ AccountName: "aws-x", Email: "aws-x@example.com" }));
        let state;
        for (let i = 0; i < 100 && state?.State !== "FAILED"; i++, await sleep(50)) {
            // not found for a moment after the submission: the emulator's eventual consistency
            state = (await aws.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id })).catch(() => undefined))?.CreateAccountStatus;
        }
        expect(state).toMatchObject({ State: "FAILED", FailureReason: "INVALID_ADDRESS" });
    });

    test("delays: creations started afterwards take the new time", async () => {
        const { banner } = await startBin(["--quiet", "--creation-delay-ms", "20"]);
        await control(banner, "POST", "/huawei/delays", { creationDelayMs: 1_500 });
        const client = huaweiClient(banner);
        const { id } = await client.createAccount({ name: "slow", email: "slow@example.com" });
        await sleep(700);
        expect((await client.getCreateAccountStatus(id)).state).toBe("in_progress");
    });

    test("drift: tags, parent, description and name change outside the API, as a console user would", async () => {
        const { banner } = await startBin(["--quiet", "--creation-delay-ms", "0"]);
        const created = await huaweiCreation(banner, "drifting");
        const drift = { account: "drifting", tags: { team: "b" }, parentId: banner.huawei!.defaultOuId, description: "changed", name: "drifted" };
        expect((await control(banner, "POST", "/huawei/drift", drift)).status).toBe(200);
        const client = huaweiClient(banner);
        const account = await client.showAccount(created.account_id!);
        expect([account.name, account.description]).toEqual(["drifted", "changed"]);
        expect((await client.getParent(created.account_id!))?.id).toBe(banner.huawei!.defaultOuId);
        expect(await client.listAccountTags(created.account_id!)).toContainEqual({ key: "team", value: "b" });
        await control(banner, "POST", "/huawei/drift", { account: created.account_id, removeTags: ["team"] });
        expect(await client.listAccountTags(created.account_id!)).not.toContainEqual({ key: "team", value: "b" });
    });

    test("organization: each cloud's organization, roots and organizational units, the ids the API answers with", async () => {
        const { banner } = await startBin(["--quiet"]);
        const huawei = (await control(banner, "GET", "/huawei/organization")).json;
        expect(huawei).toEqual({
            id: expect.stringMatching(/^o-/) as unknown,
            managementAccountId: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
            roots: [{ id: banner.huawei!.rootId, name: "Root" }],
            organizationalUnits: [{ id: banner.huawei!.defaultOuId, name: "emulator-default-ou", parentId: banner.huawei!.rootId }],
        });
        expect((await huaweiClient(banner).listRoots()).map((r) => r.id)).toEqual([huawei.roots[0].id]);
        const aws = (await control(banner, "GET", "/aws/organization")).json;
        expect(aws).toEqual({
            id: expect.stringMatching(/^o-[0-9a-z]{10}$/) as unknown,
            managementAccountId: expect.stringMatching(/^\d{12}$/) as unknown,
            roots: [{ id: banner.aws!.rootId, name: "Root" }],
            organizationalUnits: [{ id: banner.aws!.defaultOuId, name: "emulator-default-ou", parentId: banner.aws!.rootId }],
        });
        expect((await awsClient(banner).send(new ListRootsCommand({}))).Roots!.map((r) => r.Id)).toEqual([aws.roots[0].id]);
        expect((await control(banner, "GET", "/")).json.routes).toContain("GET /{cloud}/organization");
    });

    test("reset: back to the organization as it started, with the same ids", async () => {
        const { banner } = await startBin(["--quiet", "--creation-delay-ms", "0"]);
        await huaweiCreation(banner, "forgotten");
        expect((await control(banner, "GET", "/huawei/accounts")).json.accounts).toHaveLength(2);
        await control(banner, "POST", "/huawei/reset");
        const { accounts } = (await control(banner, "GET", "/huawei/accounts")).json;
        expect(accounts.map((a) => a.name)).toEqual(["emulator-management"]);
        expect((await huaweiClient(banner).listRoots()).map((r) => r.id)).toEqual([banner.huawei!.rootId]);
        // the name is free again: a reset organization remembers nothing
        expect((await huaweiCreation(banner, "forgotten")).state).toBe("succeeded");
    });

    test("what it refuses, it says in a sentence naming the field", async () => {
        const { banner } = await startBin(["--quiet", "--cloud", "aws"]);
        expect(await control(banner, "POST", "/aws/fail-creation", { name: "x", reason: "NOPE" })).toMatchObject({
            status: 400,
            json: { error: expect.stringContaining('reason: "NOPE" is not an AWS FailureReason; use one of ACCOUNT_LIMIT_EXCEEDED, EMAIL_ALREADY_EXISTS') as unknown },
        });
        expect(await control(banner, "POST", "/aws/delays", { creationDelayMs: -1 })).toEqual({ status: 400, json: { error: "creationDelayMs: must not be negative" } });
        expect(await control(banner, "POST", "/aws/delays", { creationDelay: 5 })).toEqual({ status: 400, json: { error: "unknown field creationDelay" } });
        expect(await control(banner, "POST", "/aws/drift", { account: "nobody", name: "x" })).toEqual({
            status: 404,
            json: { error: 'no AWS account has the id or name "nobody"' },
        });
        expect(await control(banner, "POST", "/aws/drift", { account: "emulator-management", description: "x" })).toEqual({
            status: 400,
            json: { error: "description: AWS accounts have no description" },
        });
        expect(await control(banner, "POST", "/huawei/reset")).toEqual({ status: 404, json: { error: 'this emulator serves aws, not "huawei"' } });
    });
});

test("docs/emulators.md documents every flag the usage lists", () => {
    const doc = readFileSync(path.resolve(__dirname, "../../docs/emulators.md"), "utf8");
    for (const flag of USAGE.match(/--[a-z-]+/g)!) expect(doc, flag).toContain(flag);
});
