// A service that hands back the same page token again: every listing the provider and the status
// command make ends with an error naming the call, after a bounded number of requests (never a loop).
import { describe, expect, test } from "vitest";
import { AwsBackend } from "../../provider/clouds/aws/backend";
import { startAwsEmulator, type AwsEmulator } from "../../emulator/aws/server";
import { startHuaweiEmulator, type HuaweiEmulator } from "../../emulator/huawei/server";
import { ResponseShapeError } from "../../provider/shared/errors";
import { HuaweiBackend } from "../../provider/clouds/huawei/backend";
import { pagedItems } from "../../provider/clouds/paging";
import { listCreateAccountStatuses } from "../../provider/program/status";
import { runPackageCommand } from "../../harness/packageCommand";
import { clouds } from "../../harness/pluginHost/clouds";
import { emulatorPool, orgs } from "../support/emulatorClients";

const [huaweiCloud, awsCloud] = clouds;
const REPEAT = { kind: "repeat-token" as const, token: "same-token" };

const huaweiPool = emulatorPool(startHuaweiEmulator, { creationDelayMs: 0, closeDelayMs: 0 });
const awsPool = emulatorPool(startAwsEmulator, { creationDelayMs: 0, closeDelayMs: 0 });

function huaweiBackend(emu: HuaweiEmulator): HuaweiBackend {
    return HuaweiBackend.fromOptions({ accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey, endpoint: emu.url, env: {} });
}

function awsBackend(emu: AwsEmulator): AwsBackend {
    return new AwsBackend({ endpoint: emu.url, region: emu.region, ...emu.credentials }, {});
}

const repeated = (call: string) =>
    new RegExp(`^${call} returned an unexpected response: page 2 handed back the (NextToken|page_info\\.next_marker) "same-token" it had already given`);

describe("the emulators' repeat-token fault", () => {
    test("AWS: a listing answers its first page with the scripted NextToken, whatever token it was sent", async () => {
        const emu = await awsPool.start();
        emu.state.addAccount({ name: "one", email: "one@example.com" });
        emu.faults.inject({ operation: "ListAccounts", times: 2, fault: REPEAT });
        const client = orgs(emu);
        const { ListAccountsCommand } = await import("@aws-sdk/client-organizations");
        const first = await client.send(new ListAccountsCommand({}));
        expect(first.NextToken).toBe("same-token");
        const again = await client.send(new ListAccountsCommand({ NextToken: first.NextToken }));
        expect(again.NextToken).toBe("same-token");
        expect(again.Accounts?.map((a) => a.Id)).toEqual(first.Accounts?.map((a) => a.Id));
        // Used up: the service pages normally again.
        expect((await client.send(new ListAccountsCommand({}))).NextToken).toBeUndefined();
    });

    test("Huawei: a listing answers its first page with the scripted page_info.next_marker, whatever marker it was sent", async () => {
        const emu = await huaweiPool.start();
        emu.faults.inject({ operation: "ListAccounts", times: 2, fault: REPEAT });
        const client = huaweiBackend(emu).client;
        const first = await client.listAccounts();
        expect(first.nextMarker).toBe("same-token");
        const again = await client.listAccounts({ marker: "same-token" });
        expect(again).toEqual(first);
        expect((await client.listAccounts()).nextMarker).toBeNull();
    });
});

describe.each([
    {
        cloud: "aws" as const,
        start: () => awsPool.start(),
        backend: (emu: AwsEmulator | HuaweiEmulator) => awsBackend(emu as AwsEmulator),
        calls: { creations: "ListCreateAccountStatus", accounts: "ListAccounts", tags: "ListTagsForResource" },
        addAccount: (emu: AwsEmulator | HuaweiEmulator) => (emu as AwsEmulator).state.addAccount({ name: "tagged", email: "tagged@example.com", tags: { team: "a" } }),
    },
    {
        cloud: "huawei" as const,
        start: () => huaweiPool.start(),
        backend: (emu: AwsEmulator | HuaweiEmulator) => huaweiBackend(emu as HuaweiEmulator),
        calls: { creations: "ListCreateAccountStatuses", accounts: "ListAccounts", tags: "ListTags" },
        addAccount: (emu: AwsEmulator | HuaweiEmulator) =>
            (emu as HuaweiEmulator).state.addAccount({ name: "tagged", email: "tagged@example.com", parentId: (emu as HuaweiEmulator).rootId, tags: { team: "a" } }),
    },
])("$cloud listings against a repeated page token", ({ start, backend, calls, addAccount, cloud }) => {
    test("the create-account requests (the provider's recovery, the status command): an error naming the call after 2 requests", async () => {
        const emu = await start();
        emu.faults.inject({ operation: calls.creations, times: Infinity, fault: REPEAT });
        const error = await backend(emu)
            .listCreations()
            .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ResponseShapeError);
        expect((error as Error).message).toMatch(repeated(calls.creations));
        expect(emu.requests.byOperation(calls.creations)).toHaveLength(2);
    });

    test("the organization's accounts: an error naming the call after 2 requests", async () => {
        const emu = await start();
        emu.faults.inject({ operation: calls.accounts, times: Infinity, fault: REPEAT });
        const error = await backend(emu)
            .listAccounts()
            .catch((e: unknown) => e);
        expect((error as Error).message).toMatch(repeated(calls.accounts));
        expect(emu.requests.byOperation(calls.accounts)).toHaveLength(2);
    });

    test("an account's tags (every read of an account): an error naming the call after 2 requests", async () => {
        const emu = await start();
        const id = addAccount(emu);
        emu.faults.inject({ operation: calls.tags, times: Infinity, fault: REPEAT });
        const error = await backend(emu)
            .describeAccount(id)
            .catch((e: unknown) => e);
        expect((error as Error).message).toMatch(repeated(calls.tags));
        expect(emu.requests.byOperation(calls.tags)).toHaveLength(2);
    });

    test("the status function and the list command end with the same error", async () => {
        const emu = await start();
        emu.faults.inject({ operation: calls.creations, times: Infinity, fault: REPEAT });
        const source = cloud === "aws" ? { config: { get: (key: string) => awsCloud.config(emu)[key] }, env: {} } : { env: huaweiCloud.env(emu) };
        await expect(listCreateAccountStatuses({ cloud }, source)).rejects.toThrow(repeated(calls.creations));
        expect(emu.requests.byOperation(calls.creations)).toHaveLength(2);

        emu.requests.clear();
        const out = await runPackageCommand(["list", "--cloud", cloud], cloud === "aws" ? awsCloud.env(emu) : huaweiCloud.env(emu));
        expect(out.status).toBe(1);
        expect(out.stderr).toMatch(new RegExp(`^pulumi-org-accounts list: ${calls.creations} returned an unexpected response: page 2 handed back`));
        expect(emu.requests.byOperation(calls.creations)).toHaveLength(2);
    });
});

describe("pagedItems", () => {
    test("a token never seen before each time still ends, after the bound on pages", async () => {
        let requests = 0;
        const pages = pagedItems("ListThings", () => Promise.resolve({ items: [++requests], next: `token-${requests}` }), { maxPages: 5 });
        const seen: number[] = [];
        const error = await (async () => {
            for await (const item of pages) seen.push(item);
        })().catch((e: unknown) => e);
        expect((error as Error).message).toBe(
            "ListThings returned an unexpected response: still handing out a page token after 5 pages; the listing was stopped instead of paging forever",
        );
        expect(requests).toBe(5);
        expect(seen).toEqual([1, 2, 3, 4, 5]);
    });

    test("a token given twice, not in a row, is caught too", async () => {
        const tokens = ["a", "b", "a"];
        let requests = 0;
        const pages = pagedItems("ListThings", () => Promise.resolve({ items: [], next: tokens[requests++] }));
        await expect(
            (async () => {
                for await (const _ of pages);
            })(),
        ).rejects.toThrow('ListThings returned an unexpected response: page 3 handed back the page token "a" it had already given');
        expect(requests).toBe(3);
    });
});
