// What bench/run.ts and bench/cliFleet.ts both use: rounding, progress lines, calls counted by operation.

export const now = () => performance.now();
export const r0 = (x: number) => Math.round(x);
export const r2 = (x: number) => Math.round(x * 100) / 100;
export const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Requests of the emulator's log, counted by operation, most frequent first. */
export function countByOperation(entries: { operation: string }[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of entries) out[e.operation] = (out[e.operation] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => b - a));
}
