// A small hand-written SVG bar chart of the benchmark's ratios (bench/results/latest.svg).

interface Side {
    lagRatio: number;
    callRatio: number;
}
interface SideRow {
    cloud: string;
    typicalSeconds: number;
    withoutHistory: Side;
    withHistory: Side;
}
interface FleetRow {
    cloud: string;
    parallel: number;
    wallOverBound: number;
    callsPerAccount: number;
    refresh: { callsPerAccount: number };
}
interface Results {
    machine: { cpus: number; node: string; date: string };
    sideBySide: SideRow[];
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
    const color = (cloud: string, light = false) => (cloud === "aws" ? (light ? "#f3c48c" : "#e8912d") : light ? "#e8898e" : "#c7000b");
    const sideBars = (key: "lagRatio" | "callRatio"): Bar[] =>
        results.sideBySide.flatMap((r) => [{ label: `${r.cloud}\n${r.typicalSeconds}s`, value: r.withHistory[key], ideal: r.withoutHistory[key], color: color(r.cloud) }]);
    const fleetBars: Bar[] = results.fleets.flatMap((f) => [
        { label: `${f.cloud} P=${f.parallel}\nwall/bound`, value: f.wallOverBound, color: color(f.cloud) },
        { label: `${f.cloud} P=${f.parallel}\ncalls/acct`, value: f.callsPerAccount, color: color(f.cloud, true) },
        { label: `${f.cloud} P=${f.parallel}\nrefresh calls`, value: f.refresh.callsPerAccount, color: color(f.cloud, true) },
    ]);
    const width = 1000;
    const height = 920;
    const m = results.machine;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${panel(20, 10, width - 40, 290, "One creation, mean lag / the Terraform-style poller's, with history (black tick: without history)", sideBars("lagRatio"))}
${panel(20, 310, width - 40, 290, "One creation, mean status calls / the Terraform-style poller's, with history (black tick: without history)", sideBars("callRatio"))}
${panel(20, 610, width - 40, 290, "Fleet (quota 5): wall / ceil(N/5) × delay; API calls per account; refresh calls per account", fleetBars)}
<text x="${width - 20}" y="${height - 8}" font-size="10" text-anchor="end">${esc(`${m.date} · ${m.cpus} CPUs · Node ${m.node} · bench/run.ts · dashed line = 1`)}</text>
</svg>
`;
}
