// The lifecycle's own errors: what the engine is to record with a failure, a creation that ended
// `failed`, and an existing account that is not this stack's.
import { OrgAccountsError } from "../../shared/errors";
import type { Outputs } from "./kind";

/** The engine records the resource with this id and properties, then reports the error. */
export class ResourceInitFailedError extends OrgAccountsError {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Outputs,
        readonly reasons: string[] = [message],
    ) {
        super(message);
    }
}

/** Creation ended `failed`: no account exists, so nothing is recorded. */
export class CreationFailedError extends OrgAccountsError {
    constructor(
        message: string,
        readonly failureReason?: string,
    ) {
        super(message);
    }
}
/** An account the inputs describe exists but this stack did not create it. */
export class NotOwnedError extends OrgAccountsError {}
