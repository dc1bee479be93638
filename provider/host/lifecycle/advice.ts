// What to run after a failure once a creation's request is recorded in the stack, said so that
// following it literally touches this resource alone and never makes a second account.
import { UnknownRequestError } from "../../shared/errors";
import type { Outputs } from "./kind";
import { clearsWithTime } from "./refusals";
import { urnArgument, urnNote, urnOf } from "./urn";

/** The way on for a recorded request `id` after `error` (a sentence without its final period). */
export function nextStepForRecordedRequest(error: unknown, id: string, typeName: string, props: Outputs): string {
    if (error instanceof UnknownRequestError) {
        const urn = urnOf(typeName, props);
        // `pulumi up` alone would ask the service about the same request again, and fail the same way.
        return (
            `if the endpoint or credentials settings changed since it was sent, restore them and run \`pulumi up\`. ` +
            `If they are right, the service lost the request (an emulator restarted, or its record expired): ` +
            `run \`pulumi refresh --target ${urnArgument(urn)}\`, which drops the request from the stack and changes nothing in the organization ${urnNote(urn)}, ` +
            `then \`pulumi up\`: it takes over the account if the request made one (found by this resource's owner tag), or submits a new request`
        );
    }
    return clearsWithTime(error) ? "run `pulumi up` again to finish waiting for it" : "correct what the error names, then `pulumi up` goes on from it";
}
