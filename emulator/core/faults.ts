// Cloud-neutral fault injection for the emulators: rules are consumed in order, per operation.
import { useFirst } from "./records";

export type Fault =
    /** Answer with this status (and optional body/headers) instead of processing the request. */
    | { kind: "status"; status: number; body?: object; headers?: Record<string, string> }
    /** Destroy the socket without processing the request. */
    | { kind: "reset-before" }
    /** Process the request (state changes happen), then destroy the socket without answering. */
    | { kind: "reset-after" }
    /** Process and answer normally, after `ms` milliseconds. */
    | { kind: "delay"; ms: number }
    /** Never answer and do not process; the socket is destroyed when the server closes. */
    | { kind: "hang" }
    /** Do not process; answer 200 with a body that is not valid JSON. */
    | { kind: "malformed" }
    /** Process, send headers with a Content-Length larger than the partial body sent, then destroy the socket. */
    | { kind: "truncated" }
    /** Process, then answer 200 with valid JSON of the wrong shape (the real body with its field types changed). */
    | { kind: "wrong-shape" }
    /** Do not process; answer as the gateway answers an expired signature. */
    | { kind: "clock-skew" }
    /** Process (state changes happen), then answer normally after `ms` milliseconds (the answer is withheld meanwhile). */
    | { kind: "delay-after"; ms: number }
    /** Process (state changes happen), then answer with this status (and optional body/headers) instead of the real answer. */
    | { kind: "status-after"; status: number; body?: object; headers?: Record<string, string> }
    /**
     * A listing that never ends: answer its first page (whatever page token the request sent) with
     * this next-page token (`NextToken`, `page_info.next_marker`; default "repeated-token"), again
     * and again, as a faulty service or proxy might. Other operations are answered normally.
     */
    | { kind: "repeat-token"; token?: string };

export type FaultKind = Fault["kind"];

export interface FaultRule {
    /** Operation name (e.g. "CreateAccount"); absent = every operation. */
    operation?: string;
    /** How many requests this rule applies to; default 1, `Infinity` allowed. */
    times?: number;
    fault: Fault;
}

interface ActiveRule {
    operation?: string;
    remaining: number;
    fault: Fault;
}

export class FaultInjector {
    private rules: ActiveRule[] = [];

    inject(rule: FaultRule): this {
        const times = rule.times ?? 1;
        if (!(times > 0)) throw new Error("fault rule times must be > 0");
        this.rules.push({ operation: rule.operation, remaining: times, fault: rule.fault });
        return this;
    }

    clear(): void {
        this.rules = [];
    }

    /** Rules not yet used up. */
    pending(): FaultRule[] {
        return this.rules.map((r) => ({ operation: r.operation, times: r.remaining, fault: r.fault }));
    }

    /** Returns (and consumes one use of) the first rule matching the operation. */
    take(operation: string): Fault | undefined {
        return useFirst(this.rules, (r) => r.operation === undefined || r.operation === operation)?.fault;
    }
}

export interface RateLimitOptions {
    /** At most this many requests... */
    requests: number;
    /** ...per this sliding window. */
    windowMs: number;
}

/** Sliding-window limiter: only admitted requests count. */
export class RateLimiter {
    private admitted: number[] = [];

    constructor(
        private readonly options: RateLimitOptions,
        private readonly now: () => number = Date.now,
    ) {}

    /** True if the request is admitted. */
    admit(): boolean {
        const t = this.now();
        const cutoff = t - this.options.windowMs;
        while (this.admitted.length > 0 && this.admitted[0] <= cutoff) this.admitted.shift();
        if (this.admitted.length >= this.options.requests) return false;
        this.admitted.push(t);
        return true;
    }

    reset(): void {
        this.admitted = [];
    }
}

/** Changes the JSON types of every field (strings → numbers, numbers → strings, ...), keeping the keys. */
export function wrongShape(value: unknown): unknown {
    if (value === undefined) return { unexpected: 42 };
    if (value === null) return false;
    if (typeof value === "string") return value.length;
    if (typeof value === "number") return String(value);
    if (typeof value === "boolean") return value ? "true" : "false";
    if (Array.isArray(value)) return value.length === 0 ? { items: "none" } : value.map(wrongShape);
    if (typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = wrongShape(v);
        return out;
    }
    return "unexpected";
}
