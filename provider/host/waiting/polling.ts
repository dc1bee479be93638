// Waiting for an asynchronous operation: polls that start short and back off to a cap, within a
// deadline, reporting progress so a user watching a long `pulumi up` knows what is happening.
import { DeadlineExceededError } from "../../shared/errors";
import { sleep as defaultSleep } from "../../clouds/transport/retry";

export interface PollSchedule {
    initialMs: number;
    maxMs: number;
    factor: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { initialMs: 1_000, maxMs: 15_000, factor: 1.6 };

export { DeadlineExceededError };

export interface PollOptions<T> {
    read: () => Promise<T>;
    isDone: (value: T) => boolean;
    /** Epoch milliseconds. */
    deadline: number;
    schedule: PollSchedule;
    /** Describes what is awaited, for the deadline error. */
    what: string;
    onProgress?: (value: T, elapsedMs: number) => void;
    /** What the deadline error adds after the wait it names: the last value seen, the way out. */
    onDeadline?: (last: T) => string;
    sleep?: (ms: number) => Promise<void>;
}

/** The delays between polls: initial, then growing by `factor` up to `maxMs`. */
export function* pollDelays(schedule: PollSchedule): Generator<number> {
    for (let delay = schedule.initialMs; ; delay = Math.min(schedule.maxMs, delay * schedule.factor)) yield Math.round(delay);
}

export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
    const sleep = options.sleep ?? defaultSleep;
    const started = Date.now();
    const delays = pollDelays(options.schedule);
    for (;;) {
        const value = await options.read();
        if (options.isDone(value)) return value;
        options.onProgress?.(value, Date.now() - started);
        const remaining = options.deadline - Date.now();
        if (remaining <= 0) {
            const more = options.onDeadline?.(value);
            throw new DeadlineExceededError(`timed out after ${formatElapsed(Date.now() - started)} waiting for ${options.what}${more ? `; ${more}` : ""}`);
        }
        await sleep(Math.min(delays.next().value as number, remaining));
    }
}

export function formatElapsed(ms: number): string {
    const seconds = Math.round(ms / 1000);
    return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}
