// What the advice for each AWS CreateAccount FailureReason must speak of (and what belongs to
// another reason). Shared by the tests that check advice content.

export const AWS_FAILURE_ADVICE: Record<string, RegExp> = {
    ACCOUNT_LIMIT_EXCEEDED: /limit of accounts/,
    EMAIL_ALREADY_EXISTS: /already uses this email address.*adopt/,
    INVALID_ADDRESS: /management account.s address is not valid/,
    INVALID_EMAIL: /email address is not valid.*`email`/,
    CONCURRENT_ACCOUNT_MODIFICATION: /Another change to the organization/,
    INTERNAL_FAILURE: /internal failure/,
    GOVCLOUD_ACCOUNT_ALREADY_EXISTS: /GovCloud/,
    MISSING_BUSINESS_VALIDATION: /not completed business validation/,
    FAILED_BUSINESS_VALIDATION: /failed business validation/,
    PENDING_BUSINESS_VALIDATION: /validation is still pending/,
    INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: /identity used for business validation/,
    UNKNOWN_BUSINESS_VALIDATION: /unknown reason/,
    MISSING_PAYMENT_INSTRUMENT: /no valid payment method/,
    INVALID_PAYMENT_INSTRUMENT: /payment method is not valid/,
    UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: /resource policy/,
};
