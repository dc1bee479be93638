// A counting semaphore: at most `limit` holders at a time, the others wait their turn (FIFO).
// One instance per kind of resource in the plugin host bounds the creations in progress across
// every resource the host runs.
import { DeadlineExceededError } from "./errors";

export type Release = () => void;

export class Semaphore {
    private holders = 0;
    private readonly waiting: { grant: () => void; cancelled: boolean }[] = [];

    constructor(readonly limit: number) {}

    /** Waits for a slot until `deadline` (epoch ms); the returned function frees it (once). */
    acquire(deadline: number, what: string): Promise<Release> {
        if (this.holders < this.limit) return Promise.resolve(this.grant());
        return new Promise((resolve, reject) => {
            const waiter = { grant: () => resolve(this.grant()), cancelled: false };
            this.waiting.push(waiter);
            const timer = setTimeout(
                () => {
                    waiter.cancelled = true;
                    reject(new DeadlineExceededError(`timed out waiting for a free slot (${this.limit} at a time) to ${what}`));
                },
                Math.max(0, deadline - Date.now()),
            );
            const grant = waiter.grant;
            waiter.grant = () => {
                clearTimeout(timer);
                grant();
            };
        });
    }

    private grant(): Release {
        this.holders++;
        let released = false;
        return () => {
            if (released) return;
            released = true;
            this.holders--;
            this.next();
        };
    }

    private next(): void {
        while (this.holders < this.limit && this.waiting.length > 0) {
            const waiter = this.waiting.shift()!;
            if (!waiter.cancelled) waiter.grant();
        }
    }
}

/**
 * One load shared by every caller, kept until a caller asks for a `fresh` one (which never joins
 * a load that may have started before something it must see). A failed load is not kept.
 */
export class SharedLoad<T> {
    private value?: Promise<T>;

    constructor(private readonly load: () => Promise<T>) {}

    get(fresh = false): Promise<T> {
        if (this.value && !fresh) return this.value;
        const loading = this.load();
        this.value = loading;
        loading.catch(() => {
            if (this.value === loading) this.value = undefined;
        });
        return loading;
    }
}
