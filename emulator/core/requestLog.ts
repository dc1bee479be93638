// Cloud-neutral log of the requests an emulator received.

export type LoggedStatus = number | "reset" | "hang" | "truncated" | "pending";

export interface LoggedRequest {
    seq: number;
    /** ISO-8601 time the request was received. */
    time: string;
    operation: string;
    method: string;
    /** Path as received (percent-encoding kept), without the query. */
    path: string;
    query: Record<string, string[]>;
    /** Lower-cased header names. */
    headers: Record<string, string | string[]>;
    /** Parsed JSON, or the raw string if not JSON; undefined when empty (or too large). */
    body: unknown;
    /** Answered status, or how the exchange ended without a full answer. */
    status: LoggedStatus;
    /** The fault applied to this request, if any. */
    fault?: string;
}

export class RequestLog {
    private entries: LoggedRequest[] = [];
    private nextSeq = 1;
    private listeners: ((entry: LoggedRequest) => void)[] = [];

    add(entry: Omit<LoggedRequest, "seq" | "status"> & { status?: LoggedStatus }): LoggedRequest {
        const full: LoggedRequest = { ...entry, seq: this.nextSeq++, status: entry.status ?? "pending" };
        this.entries.push(full);
        return full;
    }

    /** Records how a logged request ended and notifies listeners. */
    finish(entry: LoggedRequest, status: LoggedStatus): void {
        entry.status = status;
        for (const listener of this.listeners) {
            try {
                listener(entry);
            } catch {
                // a listener must never break the emulator
            }
        }
    }

    /** Called once per request when its outcome is known. Returns an unsubscribe function. */
    onFinish(listener: (entry: LoggedRequest) => void): () => void {
        this.listeners.push(listener);
        return () => {
            this.listeners = this.listeners.filter((l) => l !== listener);
        };
    }

    all(): LoggedRequest[] {
        return [...this.entries];
    }

    byOperation(operation: string): LoggedRequest[] {
        return this.entries.filter((e) => e.operation === operation);
    }

    clear(): void {
        this.entries = [];
    }
}

export function queryToRecord(params: URLSearchParams): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of params) (out[k] ??= []).push(v);
    return out;
}
