// What each create-account `failure_reason` means, and what the user can do about it.
// The documents spell codes two ways: `error.2001` (status pages) and `Error 2001` (create page).

export interface FailureReasonInfo {
    code: string;
    meaning: string;
    advice: string;
}

const FAILURE_REASONS: Record<string, Omit<FailureReasonInfo, "code">> = {
    "0000": { meaning: "System error", advice: "Retry later; if it persists, contact Huawei Cloud support with the status id." },
    "1000": {
        meaning: "Failed to query the user identity information",
        advice: "Check that the credentials belong to the organization's management account, then retry.",
    },
    "2000": { meaning: "Failed to create the account", advice: "Retry later; if it persists, contact Huawei Cloud support." },
    "2001": { meaning: "Account name conflict", advice: "An account with this name already exists: choose another name, or adopt the existing account (adopt: true)." },
    "3000": { meaning: "Failed to create the resource account", advice: "Retry later; if it persists, contact Huawei Cloud support." },
    "3001": {
        meaning: "The number of accounts that can be registered with the mobile number exceeds the maximum limit",
        advice: "Use another phone number for this account.",
    },
    "4000": { meaning: "Failed to create the birth token", advice: "Retry later; if it persists, contact Huawei Cloud support." },
    "5000": { meaning: "Failed to create the service-linked agency", advice: "Check the management account's IAM permissions for agencies, then retry." },
    "6000": { meaning: "Failed to create the agency", advice: "Check agencyName (1-32 characters, unique) and the IAM permissions for agencies, then retry." },
    "6001": { meaning: "Failed to query the permission information", advice: "Check the caller's IAM permissions, then retry." },
    "6002": { meaning: "Failed to bind the permission information", advice: "Check the caller's IAM permissions, then retry." },
    "7000": {
        meaning: "Failed to associate the master account with member accounts for unified accounting",
        advice: "Check the management account's billing (unified accounting) setup, then retry.",
    },
    "7001": { meaning: "Too many real-name authentication records", advice: "The real-name authentication quota is used up: contact Huawei Cloud support." },
    "7002": {
        meaning: "Failed to query the unified accounting association between the master account and member accounts",
        advice: "Check the management account's billing (unified accounting) setup, then retry.",
    },
};

/** Every code the documents list, as the status API spells them. */
export const KNOWN_FAILURE_REASONS: readonly string[] = Object.keys(FAILURE_REASONS).map((code) => `error.${code}`);

/** Accepts `error.2001`, `Error 2001`, `Error 2001: Account name conflict.` and the like. */
export function describeFailureReason(reason: string | undefined): FailureReasonInfo {
    const code = /(?:^|[^\d])(\d{4})(?:[^\d]|$)/.exec(reason ?? "")?.[1];
    const known = code ? FAILURE_REASONS[code] : undefined;
    if (known && code) return { code: `error.${code}`, ...known };
    return {
        code: reason || "unknown",
        meaning: "Unrecognised failure reason",
        advice: "See the Huawei Cloud Organizations error codes; retry if the cause was transient.",
    };
}

/** One line for an error message: code, meaning, the service's detail, and advice. */
export function formatCreationFailure(reason: string | undefined, detail: string | undefined): string {
    const info = describeFailureReason(reason);
    const detailText = detail ? ` Detail: ${detail}.` : "";
    return `${info.code} (${info.meaning}).${detailText} ${info.advice}`;
}
