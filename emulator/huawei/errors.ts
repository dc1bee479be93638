// The errors Huawei Cloud Organizations answers with.
import { HUAWEI_REFUSALS, RefusalCode } from "../../provider/clouds/huawei/errorCodes";

/** A service error: the server answers `status` with `{error_code, error_msg, request_id}`. */
export class ServiceError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

/** The error codes the emulator answers with. */
export const ERRORS = {
    /** Invalid request body/query parameter, or an operation not allowed for this entity. */
    invalidParameter: { status: 400, code: "Organizations.0002" },
    /** Unknown account, status, OU, root or parent. */
    notFound: { status: 404, code: "Organizations.1010" },
    /** The account is already pending closure or suspended. */
    alreadyClosing: { status: HUAWEI_REFUSALS.alreadyClosing.status, code: HUAWEI_REFUSALS.alreadyClosing.code },
    /** An unexpected exception in the emulator. */
    internal: { status: 500, code: "Organizations.0001" },
} as const;

export function invalid(message: string): ServiceError {
    return new ServiceError(ERRORS.invalidParameter.status, ERRORS.invalidParameter.code, message);
}
export function notFound(message: string): ServiceError {
    return new ServiceError(ERRORS.notFound.status, ERRORS.notFound.code, message);
}
export function refused(refusal: RefusalCode, detail = ""): ServiceError {
    return new ServiceError(refusal.status, refusal.code, detail ? `${refusal.message} ${detail}` : refusal.message);
}
export function alreadyClosing(id: string): ServiceError {
    return new ServiceError(ERRORS.alreadyClosing.status, ERRORS.alreadyClosing.code, `The account ${id} is already being closed.`);
}
