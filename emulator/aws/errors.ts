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

export function parentNotFound(id: string): AwsServiceError {
    return new AwsServiceError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified: ${id}.`);
}
export function createAccountStatusNotFound(id: string): AwsServiceError {
    return new AwsServiceError("CreateAccountStatusNotFoundException", `We can't find a create account request with the CreateAccountRequestId that you specified: ${id}.`);
}
export function childNotFound(id: string): AwsServiceError {
    return new AwsServiceError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified: ${id}.`);
}
export function concurrentModification(): AwsServiceError {
    return new AwsServiceError("ConcurrentModificationException", "The target of the operation is currently being modified by a different request. Try again later.");
}

// MoveAccount's refusals.
export function sourceParentNotFound(id: string): AwsServiceError {
    return new AwsServiceError("SourceParentNotFoundException", `We can't find a source root or OU with the ParentId that you specified: ${id}.`);
}
export function destinationParentNotFound(id: string): AwsServiceError {
    return new AwsServiceError("DestinationParentNotFoundException", `We can't find the destination container (a root or OU) with the ParentId that you specified: ${id}.`);
}
export function duplicateAccount(destinationId: string): AwsServiceError {
    return new AwsServiceError("DuplicateAccountException", `That account is already present in the specified destination: ${destinationId}.`);
}

// CloseAccount's and RemoveAccountFromOrganization's refusals.
export function accountAlreadyClosed(id: string): AwsServiceError {
    return new AwsServiceError("AccountAlreadyClosedException", `You attempted to close an account that is already closed: ${id}.`);
}
export function alreadyClosing(id: string): AwsServiceError {
    return new AwsServiceError(
        "ConflictException",
        `The request failed because it conflicts with the current state of the specified resource: account ${id} is already being closed.`,
    );
}
export function masterCannotLeave(): AwsServiceError {
    return new AwsServiceError(
        "MasterCannotLeaveOrganizationException",
        "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    );
}
