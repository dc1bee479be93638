// The Huawei settings: the creation queue's width and the site, from stack config or environment.
import { describe, expect, it } from "vitest";
import { readSettings } from "../../provider/host/config/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("Huawei settings", () => {
    it("the creation queue is 5 wide by default; config wins over the environment", () => {
        expect(readSettings(config({}), {}).huaweiMaxConcurrentCreations).toBe(5);
        expect(readSettings(config({}), { ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS: "3" }).huaweiMaxConcurrentCreations).toBe(3);
        const both = readSettings(config({ "orgaccounts:huaweiMaxConcurrentCreations": "2" }), { ORG_ACCOUNTS_HUAWEI_MAX_CONCURRENT_CREATIONS: "3" });
        expect(both.huaweiMaxConcurrentCreations).toBe(2);
    });

    it("the site is unset by default, international or china when given, and anything else is refused naming the setting", () => {
        expect(readSettings(config({}), {}).huaweiSite).toBeUndefined();
        expect(readSettings(config({ "orgaccounts:huaweiSite": "China" }), {}).huaweiSite).toBe("china");
        expect(readSettings(config({}), { ORG_ACCOUNTS_HUAWEI_SITE: "international" }).huaweiSite).toBe("international");
        expect(() => readSettings(config({ "orgaccounts:huaweiSite": "eu" }), {})).toThrow(/orgaccounts:huaweiSite \(ORG_ACCOUNTS_HUAWEI_SITE\) must be international or china/);
    });
});
