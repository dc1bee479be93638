// The shared settings: a malformed number or boolean fails naming the setting that holds it and
// what is wrong with the value, instead of being replaced by the default without a word.
import { describe, expect, test } from "vitest";
import { ConfigurationError } from "../../provider/shared/errors";
import { readSettings } from "../../provider/host/config/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

function messageOf(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as Error).message;
    }
    throw new Error("expected a ConfigurationError");
}

describe("numeric settings", () => {
    test("a value that is not a number names the variable, the value and the rule", () => {
        expect(messageOf(() => readSettings(config({}), { ORG_ACCOUNTS_HTTP_TIMEOUT_MS: "abc" }))).toBe(
            'ORG_ACCOUNTS_HTTP_TIMEOUT_MS is "abc", which is not a number: it must be a whole number of milliseconds, 1 or more and at most 2147483647. ' +
                "Correct it or unset it (default 30000; orgaccounts:httpTimeoutMs sets it too).",
        );
    });

    test("from stack config, the config key is named", () => {
        expect(messageOf(() => readSettings(config({ "orgaccounts:awsMaxConcurrentCreations": "2.5" }), {}))).toBe(
            'orgaccounts:awsMaxConcurrentCreations is "2.5", which is not a whole number: it must be a whole number of creations, 1 or more. ' +
                "Correct it or unset it (default 5; ORG_ACCOUNTS_AWS_MAX_CONCURRENT_CREATIONS sets it too).",
        );
    });

    test.each([
        ["ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS", "0", "is 0"],
        ["ORG_ACCOUNTS_POLL_INITIAL_MS", "-5", "is negative"],
        ["ORG_ACCOUNTS_POLL_MAX_MS", "1m", "is not a number"],
        ["ORG_ACCOUNTS_CONSISTENCY_GRACE_MS", "-1", "is negative"],
        ["ORG_ACCOUNTS_HTTP_TIMEOUT_MS", "9999999999", "is too large"],
    ])("%s=%s %s", (name, value, problem) => {
        expect(messageOf(() => readSettings(config({}), { [name]: value }))).toContain(`${name} is "${value}", which ${problem}: it must be`);
    });

    test("well-formed values are read; empty ones are unset; a grace of 0 is allowed", () => {
        const settings = readSettings(config({}), {
            ORG_ACCOUNTS_HTTP_TIMEOUT_MS: " 1500 ",
            ORG_ACCOUNTS_POLL_INITIAL_MS: "100",
            ORG_ACCOUNTS_POLL_MAX_MS: "",
            ORG_ACCOUNTS_CONSISTENCY_GRACE_MS: "0",
        });
        expect(settings.huawei.readTimeoutMs).toBe(1500);
        expect(settings.poll).toMatchObject({ initialMs: 100, maxMs: 15_000 });
        expect(settings.consistencyGraceMs).toBe(0);
    });

    test("a poll maximum below the initial delay is refused, naming both", () => {
        expect(messageOf(() => readSettings(config({ "orgaccounts:pollMaxMs": "100" }), { ORG_ACCOUNTS_POLL_INITIAL_MS: "500" }))).toMatch(
            /^orgaccounts:pollMaxMs \(100\) is less than ORG_ACCOUNTS_POLL_INITIAL_MS \(500\): /,
        );
        expect(messageOf(() => readSettings(config({}), { ORG_ACCOUNTS_POLL_INITIAL_MS: "20000" }))).toMatch(
            /^the default of ORG_ACCOUNTS_POLL_MAX_MS \(15000\) is less than ORG_ACCOUNTS_POLL_INITIAL_MS \(20000\): .*Raise ORG_ACCOUNTS_POLL_MAX_MS/,
        );
    });
});

describe("skipCredentialsValidation", () => {
    test("defaults to false; true or false from config or environment; anything else names the setting", () => {
        expect(readSettings(config({}), {}).skipCredentialsValidation).toBe(false);
        expect(readSettings(config({ "orgaccounts:skipCredentialsValidation": "true" }), {}).skipCredentialsValidation).toBe(true);
        expect(readSettings(config({}), { ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "TRUE" }).skipCredentialsValidation).toBe(true);
        expect(readSettings(config({ "orgaccounts:skipCredentialsValidation": "false" }), { ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "true" }).skipCredentialsValidation).toBe(
            false,
        );
        expect(messageOf(() => readSettings(config({}), { ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION: "yes please" }))).toBe(
            'ORG_ACCOUNTS_SKIP_CREDENTIALS_VALIDATION is "yes please", which is not a boolean: it must be true or false.',
        );
    });
});
