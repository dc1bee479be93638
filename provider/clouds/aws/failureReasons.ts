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
    UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED:
        "Tags cannot be applied here because of an existing resource policy. Remove `tags` from the account, create it, then tag it.",
};

export const AWS_FAILURE_REASONS: readonly string[] = Object.keys(FAILURE_REASONS);

const WAY_OUT_OF_REMOVAL =
    'Set onDelete to "close" (AWS closes the account; support can reopen it for 90 days) or "retain" (it stays in the organization, no longer managed here).';

/**
 * `ConstraintViolationException` reasons that account vending meets, each named as the service
 * model names it (checked in test/aws/backend.test.ts against @aws-sdk/client-organizations).
 */
const CONSTRAINT_REASONS: Record<string, string> = {
    ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED: "5 account creations are already in progress in the organization; the provider waits and submits again.",
    ACCOUNT_CREATION_NOT_COMPLETE: "The account is still being set up; the provider waits and sends the change again.",
    ACCOUNT_NUMBER_LIMIT_EXCEEDED: "The organization has reached its limit of accounts. Ask AWS Support to raise the quota, or close unused accounts.",
    CLOSE_ACCOUNT_QUOTA_EXCEEDED:
        'The organization has closed as many accounts as AWS allows in 30 days (the higher of 250 or 20% of its members, at most 1,000). Set onDelete to "retain", or wait until older closures leave the 30-day window.',
    CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED: "Too many accounts are being closed at once; the provider waits and closes again.",
    CANNOT_CLOSE_MANAGEMENT_ACCOUNT: 'This is the organization\'s management account, which cannot be closed through Organizations. Set onDelete to "retain".',
    WAIT_PERIOD_ACTIVE: `An account made by CreateAccount cannot leave the organization until its waiting period (7 days, per the Organizations quotas page) has passed. ${WAY_OUT_OF_REMOVAL}`,
    MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED: `The account has no payment method of its own, which it needs to stand alone. Sign in as its root user and add one, or: ${WAY_OUT_OF_REMOVAL}`,
    ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA: `The account has not accepted the AWS Customer Agreement, which it needs to stand alone. Sign in as its root user and accept it, or: ${WAY_OUT_OF_REMOVAL}`,
    ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION: `The account's phone number is not verified, which it needs to stand alone. Sign in as its root user and verify it, or: ${WAY_OUT_OF_REMOVAL}`,
    ACCOUNT_CANNOT_LEAVE_ORGANIZATION: 'The management account cannot leave its organization. Set onDelete to "retain".',
    CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG: "The account is a delegated administrator of an AWS service. Deregister it (DeregisterDelegatedAdministrator) first.",
    TAG_POLICY_VIOLATION: "The tags violate the organization's tag policy. Change `tags` to comply.",
    MAX_TAG_LIMIT_EXCEEDED: "An account can have at most 50 tags. Remove some tags.",
    SERVICE_ACCESS_NOT_ENABLED:
        "Trusted access for AWS Account Management is not enabled. Enable it in the organization (EnableAWSServiceAccess for account.amazonaws.com), then retry.",
    MASTER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED: "The management account has no valid payment method. Add one in the Billing console, then retry.",
    MASTER_ACCOUNT_MISSING_CONTACT_INFO: "The management account's contact information is incomplete. Complete it in the Account console, then retry.",
    MASTER_ACCOUNT_MISSING_BUSINESS_LICENSE: "The management account's business license is missing (required in some countries). Provide it to AWS Support, then retry.",
    ORGANIZATION_NOT_IN_ALL_FEATURES_MODE: "The organization does not have all features enabled. Enable them, then retry.",
    INVALID_PAYMENT_INSTRUMENT: "The payment method is not valid. Update it in the Billing console, then retry.",
    UNMET_BILLING_PREREQUISITE: "A billing prerequisite of the management account is not met. Check the Billing console, then retry.",
};

/** Exceptions without a `Reason` that account vending meets, and what to do. */
const EXCEPTION_ADVICE: Record<string, string> = {
    MasterCannotLeaveOrganizationException: 'This is the organization\'s management account, which cannot be removed from it. Set onDelete to "retain".',
    AccountAlreadyClosedException: "The account is already closed.",
    DuplicateAccountException: "The account is already in that parent.",
    SourceParentNotFoundException: "The account is no longer in the parent the provider read; run `pulumi refresh`, then `pulumi up`.",
    DestinationParentNotFoundException: "`parentId` names no root or organizational unit of this organization. Set it to an existing one.",
    AccessDeniedException:
        "The credentials may not make this call (for renames: trusted access for AWS Account Management must be enabled and the caller allowed account:PutAccountName).",
    AWSOrganizationsNotInUseException: "The credentials' account is not in an organization. Use the management account's (or a delegated administrator's) credentials.",
};

export const AWS_CONSTRAINT_REASONS: readonly string[] = Object.keys(CONSTRAINT_REASONS);
export const AWS_EXCEPTION_ADVICE: readonly string[] = Object.keys(EXCEPTION_ADVICE);

/** The removal and closure refusals that do not clear within a delete's deadline. */
export const PERMANENT_DELETION_REFUSALS: ReadonlySet<string> = new Set([
    "WAIT_PERIOD_ACTIVE",
    "MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED",
    "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA",
    "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION",
    "ACCOUNT_CANNOT_LEAVE_ORGANIZATION",
    "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
    "CLOSE_ACCOUNT_QUOTA_EXCEEDED",
    "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
    "MasterCannotLeaveOrganizationException",
]);

export function formatAwsCreationFailure(reason: string | undefined): string {
    const code = reason || "unknown";
    return `${code}: ${FAILURE_REASONS[code] ?? "Unrecognised failure reason; see the AWS Organizations documentation."}`;
}

export function adviceForConstraint(reason: string | undefined): string | undefined {
    return reason ? CONSTRAINT_REASONS[reason] : undefined;
}

/** Advice for an error: by its Reason if it has one, else by its name. */
export function adviceFor(name: string, reason: string | undefined): string | undefined {
    return adviceForConstraint(reason) ?? EXCEPTION_ADVICE[name];
}
