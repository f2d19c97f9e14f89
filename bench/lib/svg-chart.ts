// A plain SVG line chart of per-minute series, one panel per series, for bench reports
// (no library: a few polylines, axes and labels). Values that are not finite are gaps.

/** One panel: a title, a unit and the y values at each x. */
export interface Panel {
  title: string;
  unit: string;
  values: (number | null)[];
  /** A dashed horizontal reference line (e.g. the heap's maximum). */
  limit?: number;
}

const W = 760;
const PANEL_H = 150;
const LEFT = 70;
const RIGHT = 20;
const TOP = 40;
const GAP = 40;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

/** Renders the panels over the shared x axis `xs` (e.g. minutes since start). */
export function lineChart(title: string, xLabel: string, xs: number[], panels: Panel[]): string {
  const h = TOP + panels.length * (PANEL_H + GAP) + 20;
  const xMax = Math.max(1, ...xs);
  const x = (v: number) => LEFT + (v / xMax) * (W - LEFT - RIGHT);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${h}" fill="white"/>`, `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`];
  panels.forEach((p, i) => {
    const top = TOP + i * (PANEL_H + GAP);
    const finite = p.values.filter((v): v is number => v !== null && Number.isFinite(v));
    const yMax = Math.max(1, p.limit ?? 0, ...finite) * 1.1;
    const y = (v: number) => top + PANEL_H - (v / yMax) * PANEL_H;
    out.push(`<text x="${LEFT}" y="${top - 6}" font-size="12">${esc(`${p.title} (${p.unit})`)}</text>`);
    out.push(`<line x1="${LEFT}" y1="${top + PANEL_H}" x2="${W - RIGHT}" y2="${top + PANEL_H}" stroke="black"/><line x1="${LEFT}" y1="${top}" x2="${LEFT}" y2="${top + PANEL_H}" stroke="black"/>`);
    for (const f of [0, 0.5, 1]) {
      const v = (yMax / 1.1) * f;
      out.push(`<text x="${LEFT - 4}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text><line x1="${LEFT}" y1="${y(v)}" x2="${W - RIGHT}" y2="${y(v)}" stroke="#ddd"/>`);
    }
    for (const f of [0, 0.25, 0.5, 0.75, 1]) out.push(`<text x="${x(xMax * f)}" y="${top + PANEL_H + 14}" text-anchor="middle">${fmt(xMax * f)}</text>`);
    if (p.limit !== undefined) out.push(`<line x1="${LEFT}" y1="${y(p.limit)}" x2="${W - RIGHT}" y2="${y(p.limit)}" stroke="#c00" stroke-dasharray="4 3"/><text x="${W - RIGHT}" y="${y(p.limit) - 3}" text-anchor="end" fill="#c00">${fmt(p.limit)}</text>`);
    // One polyline per run of finite values, so a missing sample is a gap, not a dip to zero.
    let run: string[] = [];
    const flush = () => {
      if (run.length) out.push(`<polyline fill="none" stroke="#1f5fbf" stroke-width="1.5" points="${run.join(' ')}"/>`);
      run = [];
    };
    p.values.forEach((v, j) => {
      const at = xs[j];
      if (v !== null && Number.isFinite(v) && at !== undefined) run.push(`${x(at).toFixed(1)},${y(v).toFixed(1)}`);
      else flush();
    });
    flush();
  });
  out.push(`<text x="${W / 2}" y="${h - 4}" text-anchor="middle">${esc(xLabel)}</text>`, '</svg>');
  return out.join('\n') + '\n';
}
