// What every part of one account lifecycle shares: the resource type's kind, the options, the
// backend (made on first use), the schedules of its waits, its deadlines, and how a resource is
// named in the progress lines it writes.
import type { AccountBackend, AccountState, CommonAccountInputs } from "../../clouds/backend";
import { formatElapsed, type PollSchedule } from "../waiting/polling";
import type { SchedulePolicy } from "../waiting/pollSchedule";
import { parseDuration } from "../validation/inputs";
import { DEFAULT_CONSISTENCY_GRACE_MS, type AccountKind, type LifecycleOptions } from "./kind";

/** Which of the resource's timeouts bounds an operation. */
export type TimeoutName = "create" | "delete";

const DEFAULT_GONE_STATES: readonly AccountState[] = ["pending_closure", "suspended", "closed"];
/** A line while waiting at most this often, so a long `up` shows it is alive without flooding. */
const PROGRESS_EVERY_MS = 10_000;

export class LifecycleContext<I extends CommonAccountInputs, S> {
    readonly goneStates: readonly AccountState[];

    constructor(
        readonly kind: AccountKind<I, S>,
        private readonly settings: S,
        readonly options: LifecycleOptions,
        private backendInstance?: AccountBackend<I>,
    ) {
        this.goneStates = kind.goneStates ?? DEFAULT_GONE_STATES;
    }

    /** Made on first use: check and diff need no credentials. */
    get backend(): AccountBackend<I> {
        return (this.backendInstance ??= this.kind.backend(this.settings));
    }

    get pollPolicy(): SchedulePolicy {
        return this.options.pollPolicy ?? { timeScale: 1, explicit: this.options.poll };
    }

    /** The other waits (a new account to be visible, a closing, a lost request): the user's schedule, or the default one at the time scale. */
    get waitSchedule(): PollSchedule {
        const { explicit, timeScale } = this.pollPolicy;
        if (explicit) return explicit;
        const poll = this.options.poll;
        return { ...poll, initialMs: poll.initialMs / timeScale, maxMs: poll.maxMs / timeScale };
    }

    get consistencyGraceMs(): number {
        return this.options.consistencyGraceMs ?? DEFAULT_CONSISTENCY_GRACE_MS;
    }

    /** A progress line for the user. */
    log(line: string): void {
        this.options.log(line);
    }

    /** A progress line with the elapsed time, at most every PROGRESS_EVERY_MS, for a wait. */
    progress<T>(describe: (value: T) => string): (value: T, elapsedMs: number) => void {
        let lastReport = 0;
        return (value, elapsedMs) => {
            if (elapsedMs - lastReport < PROGRESS_EVERY_MS) return;
            lastReport = elapsedMs;
            this.options.log(`${describe(value)} (${formatElapsed(elapsedMs)} elapsed)`);
        };
    }

    deadline(inputs: I, which: TimeoutName): number {
        return Date.now() + parseDuration(inputs.timeouts?.[which] ?? this.kind.defaultTimeouts[which]);
    }

    label(inputs: I): string {
        return `${this.kind.typeName} "${inputs.name}"`;
    }
}
