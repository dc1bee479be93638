// Refusals that clear with time (throttling, a concurrent modification, a conflict, a quota of
// requests at once): a change is sent again after a backoff, within the deadline; and which
// errors another `pulumi up` may get past without any change.
import type { CommonAccountInputs } from "../../clouds/backend";
import { AmbiguousRequestError, ApiError, OrgAccountsError, ThrottledError, TransportError } from "../../shared/errors";
import { DeadlineExceededError, formatElapsed } from "../waiting/polling";
import { backoffDelayMs, sleep } from "../../clouds/transport/retry";
import type { LifecycleContext, TimeoutName } from "./context";

/** Waiting out a refusal that clears with time (quota of creations in progress, throttling). */
const THROTTLE_BACKOFF = { maxAttempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 30_000, maxElapsedMs: Infinity };

/**
 * Sends a change, waiting out refusals that clear with time (throttling, a concurrent
 * modification, a conflict, a quota of requests at once) within the deadline. A refusal did
 * nothing, so sending again is safe.
 */
export async function retrying<I extends CommonAccountInputs, T>(
    context: LifecycleContext<I, unknown>,
    inputs: I,
    deadline: number,
    which: TimeoutName,
    send: () => Promise<T>,
): Promise<T> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await send();
        } catch (error) {
            if (!(error instanceof ThrottledError)) throw error;
            await waitOut(context, error, attempt, deadline, inputs, which);
        }
    }
}

/** Sleeps with backoff (half fixed, half jitter) after a refusal, within the deadline. */
export async function waitOut<I extends CommonAccountInputs>(
    context: LifecycleContext<I, unknown>,
    error: ThrottledError,
    attempt: number,
    deadline: number,
    inputs: I,
    which: TimeoutName,
): Promise<void> {
    const ceiling = Math.min(THROTTLE_BACKOFF.maxDelayMs, THROTTLE_BACKOFF.baseDelayMs * 2 ** attempt);
    const delay = ceiling / 2 + backoffDelayMs(attempt, THROTTLE_BACKOFF) / 2;
    if (Date.now() + delay > deadline) {
        throw new DeadlineExceededError(`${error.message}; still refused at the deadline (raise timeouts.${which} to wait longer)`);
    }
    context.log(`${context.label(inputs)}: ${error.message}; sending ${error.operation} again in ${formatElapsed(delay)}`);
    await sleep(delay);
}

/** Whether another `pulumi up` may get past the error without any change (a wait, a network failure). */
export function clearsWithTime(error: unknown): boolean {
    if (error instanceof DeadlineExceededError || error instanceof ThrottledError || error instanceof TransportError || error instanceof AmbiguousRequestError) return true;
    if (error instanceof ApiError) return error.status >= 500 || error.status === 429;
    return !(error instanceof OrgAccountsError); // an unexpected error: say what a retry does
}
