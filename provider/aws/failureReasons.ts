// What each CreateAccount `FailureReason` and the ConstraintViolationException reasons met while
// vending accounts mean, and what the user can do about them.

const FAILURE_REASONS: Record<string, string> = {
    ACCOUNT_LIMIT_EXCEEDED: "The organization has reached its limit of accounts. Ask AWS Support to raise the quota, or close unused accounts.",
    EMAIL_ALREADY_EXISTS: "Another AWS account already uses this email address. Use another address, or adopt the existing account (adopt: true) if it is in this organization.",
    INVALID_ADDRESS: "The management account's address is not valid. Correct it in the management account's contact information, then retry.",
    INVALID_EMAIL: "The email address is not valid. Correct `email`, then retry.",
    CONCURRENT_ACCOUNT_MODIFICATION: "Another change to the organization was in progress. Retry; `pulumi up` will submit again.",
    INTERNAL_FAILURE: "AWS had an internal failure. Retry later; if it persists, contact AWS Support.",
    GOVCLOUD_ACCOUNT_ALREADY_EXISTS: "A GovCloud account already exists for this account. Contact AWS Support.",
    MISSING_BUSINESS_VALIDATION: "The management account has not completed business validation. Complete it (see the AWS Billing console), then retry.",
    FAILED_BUSINESS_VALIDATION: "The management account failed business validation. Contact AWS Support.",
    PENDING_BUSINESS_VALIDATION: "The management account's business validation is still pending. Retry once it completes.",
    INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: "The identity used for business validation is not valid. Correct it in the management account, then retry.",
    UNKNOWN_BUSINESS_VALIDATION: "Business validation failed for an unknown reason. Contact AWS Support.",
    MISSING_PAYMENT_INSTRUMENT: "The management account has no valid payment method. Add one in the Billing console, then retry.",
    INVALID_PAYMENT_INSTRUMENT: "The management account's payment method is not valid. Update it in the Billing console, then retry.",
    UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: "Tags cannot be applied here because of an existing resource policy. Remove `tags` from the account, create it, then tag it.",
};

export const AWS_FAILURE_REASONS: readonly string[] = Object.keys(FAILURE_REASONS);

/** `ConstraintViolationException` reasons that account vending meets. */
const CONSTRAINT_REASONS: Record<string, string> = {
    ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED: "5 account creations are already in progress in the organization; the provider waits and submits again.",
    ACCOUNT_NUMBER_LIMIT_EXCEEDED: "The organization has reached its limit of accounts. Ask AWS Support to raise the quota, or close unused accounts.",
    CLOSE_ACCOUNT_QUOTA_EXCEEDED: "The quota of accounts closed in 30 days is used up. Use onDelete \"remove\" or \"retain\", or wait.",
    CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED: "Too many accounts are being closed at once. Retry later.",
    ACCOUNT_CANNOT_LEAVE_WITHOUT_PAYMENT_INSTRUMENT: "The account cannot leave the organization until it has its own payment method. Add one, or use onDelete \"close\" or \"retain\".",
    ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION: "The account cannot leave the organization until its phone number is verified. Verify it, or use onDelete \"close\" or \"retain\".",
    ACCOUNT_CANNOT_LEAVE_ORGANIZATION: "The management account cannot leave its organization.",
    CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG: "The account is a delegated administrator. Deregister it first.",
    TAG_POLICY_VIOLATION: "The tags violate the organization's tag policy. Change `tags` to comply.",
    MAX_TAG_LIMIT_EXCEEDED: "An account can have at most 50 tags. Remove some tags.",
    WAIT_PERIOD_ACTIVE: "The account was created less than 7 days ago and cannot leave the organization yet. Retry later, or use onDelete \"retain\".",
    SERVICE_ACCESS_NOT_ENABLED: "Trusted access for AWS Account Management is not enabled. Enable it in the organization, then retry.",
};

export function formatAwsCreationFailure(reason: string | undefined): string {
    const code = reason || "unknown";
    return `${code}: ${FAILURE_REASONS[code] ?? "Unrecognised failure reason; see the AWS Organizations documentation."}`;
}

export function adviceForConstraint(reason: string | undefined): string | undefined {
    return reason ? CONSTRAINT_REASONS[reason] : undefined;
}
