// Secret audit: worlds (emulator + real plugin host) for both clouds whose credentials are
// distinctive values, passed via environment variables in one world and via stack config (secrets)
// in another, run every kind of scenario: preview, up, update, refresh, a failed creation
// (scripted), an interrupted creation recorded with its id (ErrorResourceInitFailed), a check
// failure, destroy, and a run whose host holds a WRONG secret (signature refused).
// Everything the engine, the user or the API could see is collected: `__provider`, every input,
// output and state property, every error message (with init-failed properties and reasons), every
// plugin-host log line (stdout+stderr), and the emulator's request log (headers and bodies).
//
// What is searched, and where:
//   - secret keys (and the wrong secret): in EVERY text, including the headers sent to the
//     emulator (a signature never carries the secret itself);
//   - access key ids: everywhere EXCEPT the `Authorization` header sent to the emulator, where the
//     signing schemes put it by design (`Access=<AK>` / `Credential=<AKID>/...`);
//   - security/session tokens (temporary credentials): everywhere EXCEPT the token header sent to
//     the emulator (`X-Security-Token` / `X-Amz-Security-Token`), which is how the APIs take them.
//   The audit asserts those headers are the only places the access key and the token appear.
// Each value is searched as-is, base64-encoded, and percent-encoded.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import type { AwsEmulatorCredentials } from "../../emulator/aws/server";
import type { HuaweiEmulatorCredentials } from "../../emulator/huawei/server";
import { ProviderCallError, UNKNOWN, type Step, stringProp } from "../../harness/pluginHost/engine";
import { aws, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { pulumi, startWorld, type World } from "../../harness/pluginHost/world";

interface Text {
    where: string;
    text: string;
}

interface Secrets {
    /** Must appear nowhere. */
    secret: string[];
    /** May appear only in the Authorization header sent to the emulator. */
    accessKeys: string[];
    /** May appear only in the token header sent to the emulator. */
    tokens: string[];
}

const TOKEN_HEADERS = ["x-security-token", "x-amz-security-token"];

const tag = () => randomBytes(6).toString("hex");

function huaweiCredentials(): HuaweiEmulatorCredentials {
    return { accessKey: `AUDITHWAK${tag().toUpperCase()}`, secretKey: `audit-hw-SECRET-${tag()}-${tag()}`, securityToken: `audit-hw-TOKEN-${tag()}${tag()}` };
}
function awsCredentials(): AwsEmulatorCredentials {
    return { accessKeyId: `AKIAAUDIT${tag().toUpperCase()}`, secretAccessKey: `audit/aws+SECRET-${tag()}-${tag()}`, sessionToken: `audit-aws-TOKEN-${tag()}${tag()}` };
}

function secretsOf(cloud: Cloud, credentials: HuaweiEmulatorCredentials | AwsEmulatorCredentials): Secrets {
    if (cloud.name === "huawei") {
        const c = credentials as HuaweiEmulatorCredentials;
        return { secret: [c.secretKey], accessKeys: [c.accessKey], tokens: [c.securityToken!] };
    }
    const c = credentials as AwsEmulatorCredentials;
    return { secret: [c.secretAccessKey], accessKeys: [c.accessKeyId], tokens: [c.sessionToken!] };
}

function forms(value: string): string[] {
    return [value, Buffer.from(value).toString("base64"), encodeURIComponent(value)].filter((v, i, all) => all.indexOf(v) === i);
}

const audit = { texts: 0, hits: [] as string[], worlds: 0, scenarios: 0, authorizationHeadersWithAccessKey: 0, tokenHeaders: 0 };

function search(texts: Text[], secrets: Secrets): void {
    audit.texts += texts.length;
    audit.hits.push(...findHits(texts, secrets));
}

function findHits(texts: Text[], secrets: Secrets): string[] {
    const hits: string[] = [];
    for (const { where, text } of texts) {
        for (const value of secrets.secret) for (const form of forms(value)) if (text.includes(form)) hits.push(`${where}: secret ${value.slice(0, 12)}…`);
        if (!TOKEN_HEADERS.some((h) => where.endsWith(`header ${h}`))) {
            for (const value of secrets.tokens) for (const form of forms(value)) if (text.includes(form)) hits.push(`${where}: token ${value.slice(0, 12)}…`);
        }
        if (!where.endsWith("header authorization")) {
            for (const value of secrets.accessKeys) for (const form of forms(value)) if (text.includes(form)) hits.push(`${where}: access key ${value}`);
        }
    }
    return hits;
}

/** Texts the engine and the user see from a list of steps. */
function stepTexts(label: string, steps: Step[]): Text[] {
    const out: Text[] = [];
    for (const s of steps) {
        const where = `${label} ${s.op} ${s.urn.split("::").pop()}`;
        out.push({ where: `${where} inputs`, text: JSON.stringify(s.inputs ?? {}) });
        out.push({ where: `${where} outputs`, text: JSON.stringify(s.outputs ?? {}) });
        out.push({ where: `${where} failures`, text: JSON.stringify(s.failures ?? []) });
        out.push({ where: `${where} diff`, text: JSON.stringify(s.diff ?? {}) });
        if (s.error) {
            out.push({ where: `${where} error message`, text: `${s.error.name}: ${s.error.message}\n${s.error.stack ?? ""}` });
            if (s.error instanceof ProviderCallError) {
                out.push({ where: `${where} error statusMessage`, text: s.error.statusMessage ?? "" });
                out.push({ where: `${where} error initFailed`, text: JSON.stringify(s.error.initFailed ?? {}) });
            }
        }
    }
    return out;
}

function worldTexts(label: string, w: World): Text[] {
    const out: Text[] = [];
    out.push({ where: `${label} state`, text: JSON.stringify([...w.session.state.values()]) });
    out.push({ where: `${label} plugin host output`, text: w.host.output().join("\n") });
    for (const r of w.emulator.requests.all()) {
        const where = `${label} request #${r.seq} ${r.method} ${r.operation}`;
        out.push({ where: `${where} path+query`, text: `${r.path} ${JSON.stringify(r.query)}` });
        out.push({ where: `${where} body`, text: typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? null) });
        for (const [name, value] of Object.entries(r.headers)) {
            const text = Array.isArray(value) ? value.join("\n") : value;
            out.push({ where: `${where} header ${name}`, text });
            if (name === "authorization" && w.cloud.secrets(w.emulator).some((s) => text.includes(s))) audit.authorizationHeadersWithAccessKey++;
            if (TOKEN_HEADERS.includes(name)) audit.tokenHeaders++;
        }
    }
    return out;
}

/** Asserts that, in the request log, the access key is only in Authorization and the token only in its header. */
function accessKeyOnlyInAuthorization(w: World, secrets: Secrets): void {
    let signed = 0;
    for (const r of w.emulator.requests.all()) {
        for (const [name, value] of Object.entries(r.headers)) {
            const text = Array.isArray(value) ? value.join("\n") : value;
            for (const ak of secrets.accessKeys) if (text.includes(ak)) expect(name, `request #${r.seq}`).toBe("authorization");
            for (const token of secrets.tokens) if (text.includes(token)) expect(TOKEN_HEADERS, `request #${r.seq}`).toContain(name);
        }
        if (String(r.headers.authorization ?? "").includes(secrets.accessKeys[0])) signed++;
    }
    expect(signed).toBe(w.emulator.requests.all().length); // every request was signed with these credentials
}

const clouds = [huawei as unknown as Cloud, aws as unknown as Cloud];

test("the search finds a planted secret, token or access key in any of its forms (positive control)", () => {
    const s: Secrets = { secret: ["audit/sk+1"], accessKeys: ["AKIAAUDITX"], tokens: ["audit-token-1"] };
    const planted = (text: string, where = "planted") => findHits([{ where, text }], s).length;
    expect(planted("…audit/sk+1…")).toBe(1);
    expect(planted(Buffer.from("audit/sk+1").toString("base64"))).toBe(1);
    expect(planted(encodeURIComponent("audit/sk+1"))).toBe(1);
    expect(planted("audit-token-1")).toBe(1);
    expect(planted("audit-token-1", "x header x-security-token")).toBe(0);
    expect(planted("audit/sk+1", "x header x-security-token")).toBe(1);
    expect(planted("AKIAAUDITX")).toBe(1);
    expect(planted("Credential=AKIAAUDITX/…", "x header authorization")).toBe(0);
    expect(planted("nothing here")).toBe(0);
});

describe.each(clouds)("$name: no secret anywhere the engine, the user or the API can see", (cloud) => {
    let worlds: World[] = [];
    afterEach(async () => {
        for (const w of worlds) await w.close();
        worlds = [];
    });

    async function start(credentialsFrom: "env" | "config", extra: { env?: Record<string, string>; config?: Record<string, string> } = {}) {
        const credentials = cloud.name === "huawei" ? huaweiCredentials() : awsCredentials();
        // Huawei: destroy closes 2 of 2 members, beyond the 30-day quota (10%, rounded up); not this suite's subject.
        const w = await startWorld(cloud, { credentialsFrom, credentials, creationDelayMs: 60, closeDelayMs: 40, rules: { closeQuotaPercent: 0 }, ...extra });
        worlds.push(w);
        audit.worlds++;
        return { w, secrets: secretsOf(cloud, credentials) };
    }

    test.each(["env", "config"] as const)("every scenario, credentials from %s", async (from) => {
        const { w, secrets } = await start(from);
        const texts: Text[] = [];
        const run = (label: string, steps: Step[]) => {
            audit.scenarios++;
            texts.push(...stepTexts(`${from} ${label}`, steps));
            return steps;
        };
        const registered = await w.account("audit-a", { tags: { team: "a" } });
        texts.push({ where: `${from} __provider`, text: stringProp(registered[0].inputs, "__provider") });
        texts.push({ where: `${from} registered inputs`, text: JSON.stringify(registered.map((r) => r.inputs)) });

        // preview with unknowns: Check and Diff only
        const unknown = pulumi.output(pulumi.unknown);
        const previewed = run("preview", await w.session.preview(await w.account("audit-a", { tags: { team: unknown } }, { preview: true })));
        expect(previewed[0].op).toBe("create");
        expect(previewed[0].inputs).toHaveProperty(["tags", "team"], UNKNOWN);
        // up: create
        const [created] = run("up", await w.session.up(registered));
        expect(created.error).toBeUndefined();
        expect(created.outputs?.accountId).toMatch(cloud.accountIdPattern);
        // refresh after drift (a tag added, a move to the OU)
        cloud.drift(w.emulator, stringProp(created.outputs, "accountId"));
        const [refreshed] = run("refresh", await w.session.refresh());
        expect(refreshed.error).toBeUndefined();
        expect(refreshed.outputs?.parentId).toBe(w.emulator.defaultOuId);
        // update in place: tags, and the parent back to the root
        const [updated] = run("update", await w.session.up(await w.account("audit-a", { tags: { team: "b" }, parentId: w.emulator.rootId })));
        expect(updated.op).toBe("update");
        expect(updated.error).toBeUndefined();
        // a failed creation (scripted by the emulator)
        const { expected } = cloud.scriptFailure(w.emulator, "audit-failed");
        const failedSteps = run(
            "failed creation",
            await w.session.up([...(await w.account("audit-a", { tags: { team: "b" }, parentId: w.emulator.rootId })), ...(await w.account("audit-failed"))]),
        );
        const failed = failedSteps.find((s) => s.urn.endsWith("audit-failed"))!;
        expect(failed.error?.message).toContain(expected[0]);
        // an interrupted creation: the status call refused, the request recorded with its id
        w.emulator.faults.inject({ operation: cloud.op.status, times: 50, fault: { kind: "status", status: 403 } });
        const initSteps = run(
            "init failed",
            await w.session.up([...(await w.account("audit-a", { tags: { team: "b" }, parentId: w.emulator.rootId })), ...(await w.account("audit-init"))]),
        );
        const init = initSteps.find((s) => s.urn.endsWith("audit-init"))!;
        expect(init.error).toBeInstanceOf(ProviderCallError);
        expect((init.error as ProviderCallError).initFailed?.id).toMatch(cloud.idPattern);
        w.emulator.faults.clear();
        // the next up finishes it
        const resumed = run(
            "resume",
            await w.session.up([...(await w.account("audit-a", { tags: { team: "b" }, parentId: w.emulator.rootId })), ...(await w.account("audit-init"))]),
        );
        expect(resumed.every((s) => !s.error)).toBe(true);
        // a check failure
        const checkFailed = run("check failure", await w.session.up(await w.account("audit-bad", { name: "", tags: { _sys_x: "1", "aws:x": "2" }, timeouts: { create: "0s" } })));
        expect(checkFailed[0].failures?.length).toBeGreaterThan(0);
        // destroy: first refused as AWS refuses removing a new account (its message audited too), then allowed
        const refused = run("destroy refused", await w.session.destroy());
        if (cloud.name === "aws") expect(refused.some((s) => s.error?.message.includes("WAIT_PERIOD_ACTIVE"))).toBe(true);
        for (const entry of w.session.state.values()) if (entry.outputs.accountId) cloud.makeRemovable(w.emulator, stringProp(entry.outputs, "accountId"));
        const destroyed = run("destroy", await w.session.destroy());
        expect(destroyed.every((s) => !s.error)).toBe(true);

        texts.push(...worldTexts(from, w));
        accessKeyOnlyInAuthorization(w, secrets);
        expect(w.emulator.requests.all().length).toBeGreaterThan(10);
        const before = audit.hits.length;
        search(texts, secrets);
        expect(audit.hits.slice(before), audit.hits.slice(before).join("\n")).toEqual([]);
        console.log(`${cloud.name}/${from}: ${texts.length} texts searched (${w.emulator.requests.all().length} API requests, ${w.host.output().length} host lines), 0 hits`);
    });

    test.each(["env", "config"] as const)("a host holding a wrong secret (credentials from %s): signature refused, the wrong secret shown nowhere", async (from) => {
        const wrong = cloud.name === "huawei" ? `audit-hw-WRONG-${tag()}` : `audit/aws+WRONG-${tag()}`;
        const extra: { env?: Record<string, string>; config?: Record<string, string> } =
            from === "env"
                ? { env: cloud.name === "huawei" ? { HW_SECRET_KEY: wrong } : { AWS_SECRET_ACCESS_KEY: wrong } }
                : { config: cloud.name === "huawei" ? { "orgaccounts:huaweiSecretKey": wrong } : { "orgaccounts:awsSecretAccessKey": wrong } };
        const { w, secrets } = await start(from, extra);
        const texts: Text[] = [];
        const registered = await w.account("audit-wrong");
        texts.push({ where: `${from} wrong __provider`, text: stringProp(registered[0].inputs, "__provider") });
        audit.scenarios += 3;
        texts.push(...stepTexts(`${from} wrong preview`, await w.session.preview(registered)));
        const steps = await w.session.up(registered);
        texts.push(...stepTexts(`${from} wrong up`, steps));
        expect(steps[0].error?.message).toMatch(/signature|APIGW\.0301|InvalidSignatureException|does not match/i);
        texts.push(...stepTexts(`${from} wrong destroy`, await w.session.destroy()));
        texts.push(...worldTexts(`${from} wrong`, w));
        expect(w.emulator.requests.all().length).toBeGreaterThan(0);
        expect(w.emulator.requests.all().every((r) => r.status === 401 || r.status === 400 || r.status === 403)).toBe(true);
        accessKeyOnlyInAuthorization(w, secrets);
        const before = audit.hits.length;
        search(texts, { ...secrets, secret: [...secrets.secret, wrong] });
        expect(audit.hits.slice(before), audit.hits.slice(before).join("\n")).toEqual([]);
        console.log(`${cloud.name}/${from} wrong secret: "${steps[0].error?.message.slice(0, 160)}"; ${texts.length} texts searched, 0 hits`);
    });
});

afterAll(() => {
    console.log(
        `SECRET AUDIT: ${audit.texts} texts searched, ${audit.hits.length} hits ` +
            `(${audit.worlds} worlds, ${audit.scenarios} scenario runs; access keys seen only in ${audit.authorizationHeadersWithAccessKey} signed Authorization headers, tokens only in ${audit.tokenHeaders} token headers)`,
    );
    if (audit.hits.length > 0) console.log(audit.hits.join("\n"));
});
