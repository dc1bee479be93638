// What each create-account `failure_reason` means, and what the user can do about it.
// The documents spell codes two ways: `error.2001` (status pages) and `Error 2001` (create page).
import { HUAWEI_REFUSALS } from "./errorCodes";

export interface FailureReasonInfo {
    code: string;
    meaning: string;
    advice: string;
}

const FAILURE_REASONS: Record<string, Omit<FailureReasonInfo, "code">> = {
    "0000": { meaning: "System error", advice: "The service failed on its side: retry later; if it persists, contact Huawei Cloud support with the status id." },
    "1000": {
        meaning: "Failed to query the user identity information",
        advice: "Check that the credentials belong to the organization's management account, then retry.",
    },
    "2000": {
        meaning: "Failed to create the account",
        advice: "If the detail says the email is already used: emails are never reused, not even those of closed accounts, so choose another email for this resource and run `pulumi up` again (no account was created). Otherwise retry later; if it persists, contact Huawei Cloud support.",
    },
    "2001": {
        meaning: "Account name conflict",
        advice: "An account with this name already exists (perhaps closed, or in another organization): choose another name. Only if it is an active account of this organization can this resource take it over instead (adopt: true).",
    },
    "3000": {
        meaning: "Failed to create the resource account",
        advice: "The account's resource account was not set up: retry later; if it persists, contact Huawei Cloud support with the status id.",
    },
    "3001": {
        meaning: "The number of accounts that can be registered with the mobile number exceeds the maximum limit",
        advice: "Use another phone number for this account (the phone of a closed account cannot be reused either).",
    },
    "4000": {
        meaning: "Failed to create the birth token",
        advice: "The new account's birth token was not issued: retry later; if it persists, contact Huawei Cloud support with the status id.",
    },
    "5000": { meaning: "Failed to create the service-linked agency", advice: "Check the management account's IAM permissions for agencies, then retry." },
    "6000": { meaning: "Failed to create the agency", advice: "Check agencyName (1-32 characters, unique) and the IAM permissions for agencies, then retry." },
    "6001": { meaning: "Failed to query the permission information", advice: "Check that the caller's IAM permissions let it read permissions (policies and roles), then retry." },
    "6002": {
        meaning: "Failed to bind the permission information",
        advice: "Check that the caller's IAM permissions let it grant permissions to the new account's agency, then retry.",
    },
    "7000": {
        meaning: "Failed to associate the master account with member accounts for unified accounting",
        advice: "The new account could not join the management account's unified accounting: check that billing setup, then retry.",
    },
    "7001": { meaning: "Too many real-name authentication records", advice: "The real-name authentication quota is used up: contact Huawei Cloud support." },
    "7002": {
        meaning: "Failed to query the unified accounting association between the master account and member accounts",
        advice: "The management account's unified accounting associations could not be read: check that billing setup and the caller's billing permissions, then retry.",
    },
};

/**
 * Error codes of refused requests (HTTP errors) and what to do. From the Error Codes page and the
 * reference; entries marked in errorCodes.ts as "code assumed" carry the documented rule.
 */
const ERROR_CODES: Record<string, string> = {
    "Organizations.1001": "Use credentials of the organization's management account.",
    "Organizations.1002": "Use credentials of the management account or of a delegated administrator.",
    [HUAWEI_REFUSALS.concurrentModification.code]:
        "Another change to the organization is in progress: run the same command (`pulumi up` or `pulumi destroy`) again once it has ended.",
    "Organizations.1007": "An IAM or organization policy denies this action: grant the caller the organizations permission it names.",
    "Organizations.1010": "The request lacks a header the service needs, or names something that does not exist: check the endpoint and the ids.",
    "Organizations.1015": "The credentials' account has no organization: use the management account of an organization.",
    [HUAWEI_REFUSALS.creationsInProgress.code]:
        "At most 5 account creations can be in progress in an organization; the provider queues and retries them. Lower orgaccounts:huaweiMaxConcurrentCreations if other tools create accounts at the same time.",
    [HUAWEI_REFUSALS.closingInProgress.code]: "At most 3 accounts can be closing at a time: run `pulumi destroy` again in a few minutes, or raise timeouts.delete to wait.",
    [HUAWEI_REFUSALS.closeQuota.code]:
        'At most 10% of the member accounts (at most 200) can be closed per 30 days. To finish now without closing, set `onDelete: "retain"` on the resource; close the account later in the console.',
    [HUAWEI_REFUSALS.alreadyClosing.code]: "The account is already being closed: nothing to do.",
    [HUAWEI_REFUSALS.cannotLeave.code]:
        'Only an account that can stand alone can leave the organization, and an account created in it cannot (Huawei Cloud user guide, 2024). Set `onDelete: "close"` (or `"retain"` to keep it in the organization) on the resource.',
    "APIGW.0301":
        "The access key is unknown, the secret key does not match it, temporary credentials lack their security token or have expired, or the machine's clock is more than 15 minutes off: check the credentials below and the clock.",
    "APIGW.0302": "The API gateway refused the caller (IP or account restriction): check the account's access policy.",
    "APIGW.0308": "Requests are throttled (100 per minute); they are retried with backoff. Run fewer operations at once if it persists.",
};

/** What to do about a refused request, if the documents say. */
export function adviceForErrorCode(code: string): string | undefined {
    return ERROR_CODES[code];
}

/** Every error code with advice. */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(ERROR_CODES);

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
    // The service's detail often ends with its own period.
    const detailText = detail?.trim() ? ` Detail: ${detail.trim().replace(/[.\s]+$/, "")}.` : "";
    return `${info.code} (${info.meaning}).${detailText} ${info.advice}`;
}
