// The errors AWS Organizations (and the Account Management API) answer with.

/**
 * A service error. The JSON 1.1 API answers `status` with `{"__type": code, "Message": message, ...fields}`;
 * the REST-JSON Account API answers with `x-amzn-ErrorType: code` and `{"message": message, ...fields}`.
 */
export class AwsServiceError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly fields: Record<string, string> = {},
        readonly status = 400,
    ) {
        super(message);
    }
}

export function invalidInput(reason: string, message: string): AwsServiceError {
    return new AwsServiceError("InvalidInputException", message, { Reason: reason });
}
export function constraintViolation(reason: string, message: string): AwsServiceError {
    return new AwsServiceError("ConstraintViolationException", message, { Reason: reason });
}
export function accountNotFound(id: string): AwsServiceError {
    return new AwsServiceError("AccountNotFoundException", `You specified an account that doesn't exist: ${id}.`);
}

export function targetNotFound(id: string): AwsServiceError {
    return new AwsServiceError("TargetNotFoundException", `We can't find a root, OU, account, or policy with the TargetId that you specified: ${id}.`);
}
