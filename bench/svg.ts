// A small hand-written SVG bar chart of the benchmark's ratios (bench/results/latest.svg).

interface CreateRow {
    cloud: string;
    creationDelayMs: number;
    wallOverDelay: number;
    scheduleIdealOverDelay: number;
}
interface FleetRow {
    cloud: string;
    n: number;
    quota: number | null;
    wallOverLowerBound: number;
    wallOverScheduleBound: number;
}
interface Results {
    machine: { cpus: number; node: string; date: string };
    creates: CreateRow[];
    fleets: FleetRow[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

interface Bar {
    label: string;
    value: number;
    /** A tick drawn on the bar: what the poll schedule alone allows. */
    ideal?: number;
    color: string;
}

function panel(x0: number, y0: number, width: number, height: number, title: string, bars: Bar[]): string {
    const max = Math.max(2, ...bars.map((b) => Math.max(b.value, b.ideal ?? 0))) * 1.1;
    const plotTop = y0 + 28;
    const plotBottom = y0 + height - 46;
    const plotH = plotBottom - plotTop;
    const y = (v: number) => plotBottom - (v / max) * plotH;
    const slot = (width - 40) / bars.length;
    const barW = Math.min(44, slot * 0.6);
    const out: string[] = [];
    out.push(`<text x="${x0}" y="${y0 + 14}" font-size="13" font-weight="bold">${esc(title)}</text>`);
    for (let v = 0; v <= max; v += max > 6 ? 1 : 0.5) {
        out.push(`<line x1="${x0 + 30}" x2="${x0 + width}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
        out.push(`<text x="${x0 + 26}" y="${y(v) + 4}" font-size="10" text-anchor="end">${v}</text>`);
    }
    out.push(`<line x1="${x0 + 30}" x2="${x0 + width}" y1="${y(1)}" y2="${y(1)}" stroke="#444" stroke-dasharray="4 3"/>`);
    bars.forEach((b, i) => {
        const cx = x0 + 40 + slot * i + slot / 2;
        out.push(`<rect x="${cx - barW / 2}" y="${y(b.value)}" width="${barW}" height="${plotBottom - y(b.value)}" fill="${b.color}"/>`);
        out.push(`<text x="${cx}" y="${y(b.value) - 4}" font-size="10" text-anchor="middle">${b.value.toFixed(2)}</text>`);
        if (b.ideal !== undefined) {
            out.push(`<line x1="${cx - barW / 2 - 4}" x2="${cx + barW / 2 + 4}" y1="${y(b.ideal)}" y2="${y(b.ideal)}" stroke="#000" stroke-width="2"/>`);
        }
        b.label.split("\n").forEach((line, j) => out.push(`<text x="${cx}" y="${plotBottom + 14 + 12 * j}" font-size="10" text-anchor="middle">${esc(line)}</text>`));
    });
    return out.join("\n");
}

export function renderSvg(results: Results): string {
    const color = (cloud: string) => (cloud === "aws" ? "#e8912d" : "#c7000b");
    const createBars: Bar[] = results.creates.map((c) => ({
        label: `${c.cloud}\n${c.creationDelayMs} ms`,
        value: c.wallOverDelay,
        ideal: c.scheduleIdealOverDelay,
        color: color(c.cloud),
    }));
    const fleetBars: Bar[] = results.fleets.map((f) => ({
        label: `${f.cloud} N=${f.n}\n${f.quota ? `quota ${f.quota}` : "no quota"}`,
        value: f.wallOverLowerBound,
        ideal: f.wallOverScheduleBound > 0 ? f.wallOverLowerBound / f.wallOverScheduleBound : undefined,
        color: color(f.cloud),
    }));
    const width = 900;
    const height = 620;
    const m = results.machine;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${panel(20, 10, width - 40, 290, "One create: wall time / emulator creation delay (black tick: what the poll schedule alone allows)", createBars)}
${panel(20, 310, width - 40, 290, "N accounts at once: wall time / ceil(N/quota) × delay (black tick: the same bound with the poll schedule)", fleetBars)}
<text x="${width - 20}" y="${height - 8}" font-size="10" text-anchor="end">${esc(`${m.date} · ${m.cpus} CPUs · Node ${m.node} · bench/run.ts · dashed line = 1`)}</text>
</svg>
`;
}
