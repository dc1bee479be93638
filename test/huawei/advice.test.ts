// Every Huawei error code the documents list, and every refusal the provider acts on, comes with
// what to do; every failure reason of the create-account status page does too
// (https://support.huaweicloud.com/intl/en-us/api-organizations/ShowCreateAccountStatus.html).
import { describe, expect, it } from "vitest";
import { HUAWEI_REFUSALS } from "../../provider/clouds/huawei/errorCodes";
import { adviceForErrorCode, describeFailureReason, formatCreationFailure, KNOWN_ERROR_CODES, KNOWN_FAILURE_REASONS } from "../../provider/clouds/huawei/failureReasons";
import { HUAWEI_FAILURE_ADVICE } from "../support/huaweiFailureAdvice";

/** The reference's "Errors" section (Organizations.* and APIGW.*). */
const DOCUMENTED_ERROR_CODES = [
    "Organizations.1001",
    "Organizations.1002",
    "Organizations.1003",
    "Organizations.1007",
    "Organizations.1010",
    "Organizations.1015",
    "APIGW.0301",
    "APIGW.0302",
    "APIGW.0308",
];

describe("Huawei advice", () => {
    it("every documented error code and every refusal code has advice", () => {
        const codes = [...DOCUMENTED_ERROR_CODES, ...Object.values(HUAWEI_REFUSALS).map((r) => r.code)];
        expect(codes.filter((code) => !adviceForErrorCode(code))).toEqual([]);
        expect([...KNOWN_ERROR_CODES].sort()).toEqual([...new Set(codes)].sort());
    });

    it("the removal and close-quota refusals name the setting (the lifecycle adds the commands), never a plain `pulumi up`", () => {
        expect(adviceForErrorCode(HUAWEI_REFUSALS.cannotLeave.code)).toMatch(/onDelete: "close"` \(or `"retain"`/);
        expect(adviceForErrorCode(HUAWEI_REFUSALS.closeQuota.code)).toMatch(/onDelete: "retain"`/);
        for (const code of [HUAWEI_REFUSALS.cannotLeave.code, HUAWEI_REFUSALS.closeQuota.code]) expect(adviceForErrorCode(code)).not.toContain("pulumi up");
    });

    it("every failure reason of the create-account status page has its own meaning and advice", () => {
        expect(KNOWN_FAILURE_REASONS).toHaveLength(14);
        expect([...KNOWN_FAILURE_REASONS].sort()).toEqual(Object.keys(HUAWEI_FAILURE_ADVICE).sort());
        const infos = KNOWN_FAILURE_REASONS.map(describeFailureReason);
        for (const [i, reason] of KNOWN_FAILURE_REASONS.entries()) {
            expect(infos[i].code).toBe(reason);
            expect(infos[i].meaning).not.toBe("Unrecognised failure reason");
            expect(infos[i].advice, reason).toMatch(HUAWEI_FAILURE_ADVICE[reason]);
        }
        // No two codes share a meaning or an advice.
        expect(new Set(infos.map((i) => i.meaning)).size).toBe(infos.length);
        expect(new Set(infos.map((i) => i.advice)).size).toBe(infos.length);
    });

    it("each advice is true for its case: 2000 speaks of no replaced account, 2001 offers adopt only for an active account of this organization", () => {
        const emailTaken = formatCreationFailure("error.2000", "The email has been used.");
        expect(emailTaken).not.toMatch(/replace/i);
        expect(emailTaken).toMatch(/choose another email for this resource and run `pulumi up` again \(no account was created\)/);
        const nameTaken = formatCreationFailure("error.2001", "The account name team-a already exists.");
        expect(nameTaken).toMatch(/perhaps closed.*choose another name\. Only if it is an active account of this organization .*\(adopt: true\)/);
    });

    it("the service's detail is quoted with one final period, never two", () => {
        expect(formatCreationFailure("error.2000", "The email has been used.")).toContain("Detail: The email has been used. If the detail");
        expect(formatCreationFailure("error.2000", "The email has been used")).toContain("Detail: The email has been used. If the detail");
        expect(formatCreationFailure("error.2000", "  ")).toBe(`error.2000 (Failed to create the account). ${describeFailureReason("error.2000").advice}`);
        expect(formatCreationFailure("error.2000", "The email has been used.")).not.toContain("..");
    });
});
