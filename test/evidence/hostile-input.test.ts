// Hostile input at `check`, for HuaweiAccount and AwsAccount, property-based (fast-check):
//   - unit level: thousands of generated inputs, each breaking exactly one documented rule of a
//     valid base, are rejected with a failure naming the broken input; thousands of generated valid
//     inputs are never rejected; the lifecycle's backend throws on any call, so check provably
//     makes no API call (the credentials check is off here; it has its own tests);
//   - engine level: a sample of the same inputs through the real plugin host over gRPC, against an
//     emulator that must see one request only: the credentials check, shared by every check;
//   - the engine's unknown value in any input passes check.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AccountLifecycle, type AccountKind } from "../../provider/host/lifecycle/accountLifecycle";
import type { AccountBackend, CommonAccountInputs } from "../../provider/clouds/backend";
import { awsAccountKind } from "../../provider/host/kinds/aws";
import { huaweiAccountKind } from "../../provider/host/kinds/huawei";
import { UNKNOWN } from "../../provider/host/validation/inputs";
import { readSettings, type ProviderSettings } from "../../provider/host/config/settings";
import { aws, huawei, type Cloud } from "../../harness/pluginHost/clouds";
import { startWorld, type World } from "../../harness/pluginHost/world";
import { specs, unknownVariants, type Broken, type Inputs, type ResourceSpec } from "../support/hostileArbitraries";
import { stringProp } from "../../harness/pluginHost/engine";

const UNIT_INVALID_RUNS = 1_500;
const UNIT_VALID_RUNS = 1_200;
const ENGINE_INVALID_RUNS = 50;
const ENGINE_VALID_RUNS = 15;
const SEED = Number(process.env.HOSTILE_SEED ?? 20240607);

const kinds: Record<ResourceSpec["cloud"], AccountKind<CommonAccountInputs, ProviderSettings>> = { huawei: huaweiAccountKind, aws: awsAccountKind };
const clouds: Record<ResourceSpec["cloud"], Cloud> = { huawei: huawei, aws: aws };
/** The one read check makes per plugin host, to prove the credentials and the endpoint. */
const credentialsCheck: Record<ResourceSpec["cloud"], string> = { huawei: "ShowOrganization", aws: "DescribeOrganization" };
/** The one read of a parent organizational unit that check makes for a valid parentId. */
const ouLookup: Record<ResourceSpec["cloud"], string> = { huawei: "ShowOrganizationalUnit", aws: "DescribeOrganizationalUnit" };

/** A backend whose every method records the call and throws: any API call fails the test. */
function forbiddenBackend(calls: string[]): AccountBackend<never> {
    return new Proxy({} as AccountBackend<never>, {
        get(_target, property) {
            if (property === "then") return undefined; // not a thenable
            return (..._args: unknown[]) => {
                calls.push(String(property));
                throw new Error(`check must make no API call, but called backend.${String(property)}`);
            };
        },
    });
}

function lifecycleFor(spec: ResourceSpec, calls: string[]) {
    const kind = { ...kinds[spec.cloud], backend: () => forbiddenBackend(calls) };
    const settings = readSettings({ get: () => undefined }, {});
    return new AccountLifecycle(kind, settings, { poll: settings.poll, log: (line) => calls.push(`log: ${line}`) }, forbiddenBackend(calls));
}

/** zod's own wording and regular expressions: a check failure says the rule in words instead. */
const NOT_PLAIN = /Invalid (input|option|key|string|email)|expected \w+, received|received undefined|\\p\{|\^\[|\]\+\$|\/u\b/;

/** The failures must name the broken input, each reason must start with its path and be plain. */
function expectNamesField(broken: Broken, failures: { property: string; reason: string }[]): void {
    const context = `${broken.field} (${broken.rule}) ${safeJson(broken.inputs)}`;
    expect(failures.length, `not rejected: ${context}`).toBeGreaterThan(0);
    for (const f of failures) {
        expect(f.property, context).toBe(broken.field);
        expect(f.reason.startsWith(`${broken.field}:`) || f.reason.startsWith(`${broken.field}.`), `${context}: ${f.reason}`).toBe(true);
        expect(f.reason, context).not.toMatch(NOT_PLAIN);
    }
}

function safeJson(value: unknown): string {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function hasProtoKey(value: unknown): boolean {
    if (value === null || typeof value !== "object") return false;
    return Object.keys(value).some((k) => k === "__proto__" || hasProtoKey((value as Record<string, unknown>)[k]));
}

const totals = { generated: 0, rejected: 0, validAccepted: 0, engineChecks: 0, engineRejected: 0 };

describe.each(specs)("$cloud: check at unit level (no backend call possible)", (spec) => {
    test(`${UNIT_INVALID_RUNS} generated invalid inputs, each breaking one rule, are rejected naming the field`, async () => {
        const calls: string[] = [];
        const lifecycle = lifecycleFor(spec, calls);
        const byField = new Map<string, number>();
        const byRule = new Set<string>();
        let generated = 0;
        let rejected = 0;
        await fc.assert(
            fc.asyncProperty(spec.invalid, fc.boolean(), async (broken, asUpdate) => {
                generated++;
                // As a new resource, and as an update of an existing one (olds = the valid base).
                const olds = asUpdate ? { ...spec.base, __provider: "p" } : {};
                const { failures, inputs } = await lifecycle.check(olds, { ...broken.inputs, __provider: "p" });
                expectNamesField(broken, failures);
                expect(inputs).toEqual({ ...broken.inputs, __provider: "p" });
                rejected++;
                const label = spec.fields.includes(broken.field) || broken.field === "owner" ? broken.field : "<unknown input>";
                byField.set(label, (byField.get(label) ?? 0) + 1);
                byRule.add(`${broken.field}: ${broken.rule}`);
            }),
            { numRuns: UNIT_INVALID_RUNS, seed: SEED },
        );
        expect(calls).toEqual([]);
        expect(generated).toBe(UNIT_INVALID_RUNS);
        totals.generated += generated;
        totals.rejected += rejected;
        console.log(
            `${spec.cloud}: ${generated} invalid inputs generated, ${rejected} rejected naming the broken field; ` +
                `${byRule.size} distinct rules; by field: ${[...byField]
                    .sort()
                    .map(([f, n]) => `${f}=${n}`)
                    .join(" ")}`,
        );
        // Every input of the resource was broken at least once, and at least one unknown extra input.
        for (const field of [...spec.fields, "owner"]) expect(byField.get(field) ?? 0, field).toBeGreaterThan(0);
        expect(byField.get("<unknown input>") ?? 0).toBeGreaterThan(0);
    });

    test(`${UNIT_VALID_RUNS} generated valid inputs are never rejected`, async () => {
        const calls: string[] = [];
        const lifecycle = lifecycleFor(spec, calls);
        let accepted = 0;
        await fc.assert(
            fc.asyncProperty(spec.valid, async (inputs) => {
                const news = { ...inputs, __provider: "p" };
                expect((await lifecycle.check({}, news)).failures, safeJson(inputs)).toEqual([]);
                // The same inputs as an update with no change.
                expect((await lifecycle.check(news, news)).failures, safeJson(inputs)).toEqual([]);
                accepted++;
            }),
            { numRuns: UNIT_VALID_RUNS, seed: SEED },
        );
        expect(calls).toEqual([]);
        totals.validAccepted += accepted;
        totals.generated += accepted;
        console.log(`${spec.cloud}: ${accepted} valid inputs generated, ${accepted} accepted (as a creation and as an unchanged update)`);
    });

    test("the valid inputs reach every documented limit, and come within one of it, at both ends", () => {
        const samples = fc.sample(spec.valid, { numRuns: UNIT_VALID_RUNS, seed: SEED });
        const missed = spec.bounds.flatMap((bound) => {
            const seen = new Set(samples.flatMap(bound.measure));
            const outside = [...seen].filter((n) => n < bound.min || n > bound.max);
            const unreached = [bound.min, bound.min + 1, bound.max - 1, bound.max].filter((n) => !seen.has(n));
            return [...outside.map((n) => `${bound.what}: ${n} is outside ${bound.min}-${bound.max}`), ...unreached.map((n) => `${bound.what}: never ${n}`)];
        });
        expect(missed).toEqual([]);
    });

    test("the engine's unknown value in any input (one at a time, nested, or all at once) passes check", async () => {
        const calls: string[] = [];
        const lifecycle = lifecycleFor(spec, calls);
        const samples = fc.sample(spec.valid, { numRuns: 20, seed: SEED });
        let n = 0;
        for (const valid of [spec.base, ...samples]) {
            for (const { label, inputs } of unknownVariants(spec, valid)) {
                expect((await lifecycle.check({}, inputs)).failures, `${label}: ${safeJson(inputs)}`).toEqual([]);
                expect((await lifecycle.check(valid, inputs)).failures, `update, ${label}`).toEqual([]);
                n++;
            }
        }
        // An unknown value does not excuse an input the resource does not have.
        expect((await lifecycle.check({}, { ...spec.base, bogus: UNKNOWN })).failures).toEqual([{ property: "bogus", reason: "bogus: is not an input of this resource" }]);
        expect(calls).toEqual([]);
        console.log(`${spec.cloud}: ${n} inputs with unknown values passed check`);
    });

    test("a tag keyed __proto__ is refused, not silently dropped (zod's record skips that key)", async () => {
        const lifecycle = lifecycleFor(spec, []);
        const tags = JSON.parse('{"team":"a","__proto__":"x"}') as Record<string, string>;
        expect(Object.keys(tags)).toContain("__proto__");
        expect((await lifecycle.check({}, { ...spec.base, tags })).failures).toEqual([{ property: "tags", reason: 'tags.__proto__: tag key "__proto__" is not allowed' }]);
        // Its value is not left unchecked either.
        const badValue: unknown = JSON.parse('{"__proto__":{"length":1}}');
        expect((await lifecycle.check({}, { ...spec.base, tags: badValue })).failures.map((f) => f.property)).toEqual(["tags"]);
    });

    test("an input the resource does not have is named, not reported on the whole object", async () => {
        const lifecycle = lifecycleFor(spec, []);
        expect((await lifecycle.check({}, { ...spec.base, bogus: "x", other: 1 })).failures).toEqual([
            { property: "bogus", reason: "bogus: is not an input of this resource" },
            { property: "other", reason: "other: is not an input of this resource" },
        ]);
        expect((await lifecycle.check({}, { ...spec.base, timeouts: { create: "5m", destroy: "5m" } })).failures).toEqual([
            { property: "timeouts", reason: "timeouts.destroy: is not a known key" },
        ]);
    });
});

describe.each(specs)("$cloud: check through the real plugin host", (spec) => {
    let world: World;
    let urn: string;
    let providerText: string;

    beforeAll(async () => {
        world = await startWorld(clouds[spec.cloud]);
        const [registered] = await world.account("acct");
        urn = registered.urn;
        providerText = stringProp(registered.inputs, "__provider");
    });
    afterAll(async () => {
        await world?.close();
    });

    test(`${ENGINE_INVALID_RUNS} invalid inputs are rejected naming the field; the only request is the one credentials check`, async () => {
        // "__proto__" keys cannot be sent through the harness (a JS object assignment drops them).
        const invalid = fc.sample(
            spec.invalid.filter((b) => !hasProtoKey(b.inputs)),
            { numRuns: ENGINE_INVALID_RUNS, seed: SEED },
        );
        let rejected = 0;
        for (const broken of invalid) {
            const { failures } = await world.client.check(urn, {}, { ...broken.inputs, __provider: providerText });
            expectNamesField(broken, failures);
            rejected++;
        }
        // A valid parentId must also name a root or OU of the organization (checked at preview):
        // the generated ones are well-formed but name nothing, so valid inputs use the emulator's OU.
        const valid = fc
            .sample(spec.valid, { numRuns: ENGINE_VALID_RUNS, seed: SEED })
            .map((inputs) => ("parentId" in inputs ? { ...inputs, parentId: world.emulator.defaultOuId } : inputs));
        for (const inputs of valid) {
            expect((await world.client.check(urn, {}, { ...inputs, __provider: providerText })).failures, safeJson(inputs)).toEqual([]);
        }
        const unknowns = unknownVariants(spec, spec.base);
        for (const { label, inputs } of unknowns) {
            expect((await world.client.check(urn, {}, { ...inputs, __provider: providerText })).failures, label).toEqual([]);
        }
        // The first valid check read the organization once (the credentials check), and the OU once
        // (the host keeps what exists); nothing else.
        expect(world.emulator.requests.all().map((r) => r.operation)).toEqual([credentialsCheck[spec.cloud], ouLookup[spec.cloud]]);
        totals.engineChecks += invalid.length + valid.length + unknowns.length;
        totals.engineRejected += rejected;
        console.log(
            `${spec.cloud} via plugin host: ${invalid.length} invalid inputs, ${rejected} rejected naming the field; ` +
                `${valid.length} valid and ${unknowns.length} unknown-valued inputs accepted; emulator requests: 2 (${credentialsCheck[spec.cloud]}, the credentials check; ${ouLookup[spec.cloud]}, the parent's)`,
        );
    });
});

afterAll(() => {
    console.log(
        `HOSTILE INPUT: ${totals.generated} inputs generated at unit level (${totals.rejected} invalid, all rejected; ${totals.validAccepted} valid, all accepted); ` +
            `${totals.engineChecks} checks through the plugin host (${totals.engineRejected} rejected), no API call but the credentials check and one parent lookup (1 each per cloud)`,
    );
});

// Keep the inputs type in use for editors.
export type { Inputs };
