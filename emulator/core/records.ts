// Helpers the emulators' state models and routes share: random ids, counted rules, pages in sequence order.
import { randomBytes } from "node:crypto";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export function randomAlnum(length: number): string {
    const bytes = randomBytes(length);
    let out = "";
    for (const b of bytes) out += LOWER_ALNUM[b % LOWER_ALNUM.length];
    return out;
}

/** Consumes one use of the first matching rule (dropping it when used up) and returns it. */
export function useFirst<T extends { remaining: number }>(rules: T[], matches: (rule: T) => boolean): T | undefined {
    const index = rules.findIndex(matches);
    if (index < 0) return undefined;
    const rule = rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(index, 1);
    return rule;
}

/** At most `limit` items after sequence number `after`, in seq order: no page repeats or skips an item, even while items are added. */
export function pageAfter<T extends { seq: number }>(items: T[], after: number, limit: number): { page: T[]; more: boolean } {
    const rest = items.filter((i) => i.seq > after).sort((a, b) => a.seq - b.seq);
    return { page: rest.slice(0, limit), more: rest.length > limit };
}
