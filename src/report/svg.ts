/**
 * An SVG map of a virtual address space as it changes during a replay: one
 * row per layout (after the implicit boot steps, then after each step that
 * moved a region), all on one address scale so that a region that moved is
 * seen to move. Generic: it draws Layout regions (name, start, end) and named
 * addresses, whatever the architecture calls them.
 *
 * The scale is piecewise: every region edge and marked address is a
 * breakpoint, and each span between two breakpoints gets a width growing with
 * the logarithm of its size, so a 4 KiB fixmap slot and 512 MiB of lowmem are
 * both visible on one 1200-unit line. Addresses are written at the edges.
 * Regions that overlap another go to a second lane with a red outline.
 */
import type { Layout, Region } from '../replay/trace.js';
import { hex } from '../units.js';
import { escapeText } from '../escape.js';
import { xmlAttr, xmlLine } from './escape.js';

export interface MapRow {
  /** e.g. "after step 35 vmi_init" */
  readonly label: string;
  readonly layout: Layout;
  /** notes under the label (findings whose culprit ran while this layout was in force) */
  readonly notes: readonly string[];
  /** whether a finding's culprit ran under this layout (the row is highlighted) */
  readonly culprit: boolean;
  /** addresses steps touched under this layout (a fixmap slot mapped), drawn as ticks above the row */
  readonly events: readonly RowEvent[];
}

export interface RowEvent {
  readonly label: string;
  readonly address: number;
  /** "step 25 dmi_scan_machine" */
  readonly step: string;
  /** the step is the culprit of an error finding (drawn in red) */
  readonly culprit: boolean;
}

export interface Mark {
  readonly name: string;
  /** where the mark goes on the scale */
  readonly address: number;
  /** the exact address when `address` had to round it (a byte address above 2^53): the legend prints this */
  readonly exact?: bigint;
  /** the culprit's marks are drawn in red, others in grey */
  readonly culprit: boolean;
}

const WIDTH = 1200;
const LEFT = 230;
const RIGHT = 56;
const BAR = 30;
const LANE_GAP = 4;
const ROW_GAP = 30;
const NOTE = 14;
const MARK_LEVEL = 14;
const LEGEND_ROW = 16;
const LEGEND_COLUMNS = 3;
/** the band above a row's bars where the addresses its steps touched are ticked */
const EVENT_BAND = 26;
const PALETTE = ['#4e79a7', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#bab0ac', '#e15759', '#ff9da7'];

function sizeText(bytes: number): string {
  if (bytes <= 0) return 'empty';
  const units = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const;
  for (const [u, n] of units) if (bytes >= n) return `${Number.isInteger(bytes / n) ? bytes / n : (bytes / n).toFixed(1)} ${u}`;
  return `${bytes} B`;
}

/** Piecewise-logarithmic x scale over sorted breakpoints. */
function scale(points: readonly number[]): (a: number) => number {
  const xs = [...new Set(points)].sort((a, b) => a - b);
  const weights = xs.slice(1).map((b, i) => 1 + Math.log2(1 + (b - (xs[i] ?? b)) / 4096));
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const span = WIDTH - LEFT - RIGHT;
  const at: number[] = [0];
  for (const w of weights) at.push((at[at.length - 1] ?? 0) + (w / total) * span);
  return (a) => {
    if (xs.length < 2) return LEFT;
    let i = 0;
    while (i < xs.length - 2 && a > (xs[i + 1] ?? a)) i++;
    const lo = xs[i] ?? a;
    const hi = xs[i + 1] ?? a;
    const t = hi === lo ? 0 : Math.min(1, Math.max(0, (a - lo) / (hi - lo)));
    return LEFT + (at[i] ?? 0) + t * ((at[i + 1] ?? 0) - (at[i] ?? 0));
  };
}

/** Lane of each region: the first lane where it overlaps nothing already placed. */
function lanes(regions: readonly Region[]): number[] {
  const placed: { start: number; end: number; lane: number }[] = [];
  return regions.map((r) => {
    let lane = 0;
    while (placed.some((p) => p.lane === lane && r.start < p.end && p.start < r.end)) lane++;
    placed.push({ start: r.start, end: r.end, lane });
    return lane;
  });
}

function n(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Splits "after step 21 find_low_pfn_range" into the two lines of a row label. */
function labelLines(label: string): [string, string] {
  const m = /^(after (?:step \d+ )?)(.*)$/.exec(label);
  return m === null ? [label, ''] : [(m[1] ?? '').trim(), m[2] ?? ''];
}

/**
 * @param rows the layouts in replay order (at least one)
 * @param marks named addresses to mark on every row (a finding's addresses), numbered in a legend
 * @param title the accessible name of the picture
 */
export function addressMapSvg(rows: readonly MapRow[], marks: readonly Mark[], title: string): string {
  const all = rows.flatMap((r) => r.layout.regions);
  const lo = Math.min(...all.map((r) => r.start));
  const hi = Math.max(...all.map((r) => r.end));
  const inside = marks.filter((m) => m.address >= lo && m.address <= hi).sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const touched = rows.flatMap((r) => r.events.map((e) => e.address)).filter((a) => a >= lo && a <= hi);
  const x = scale([...all.flatMap((r) => [r.start, r.end]), ...inside.map((m) => m.address), ...touched]);
  const names = [...new Set(all.map((r) => r.name))];
  const color = (name: string): string => PALETTE[names.indexOf(name) % PALETTE.length] ?? '#999';

  // mark numbers on top, staggered into levels where they would touch
  const levelEnd: number[] = [];
  const markLevel = inside.map((m) => {
    const mx = x(m.address);
    let level = 0;
    while ((levelEnd[level] ?? -Infinity) > mx - 22) level++;
    levelEnd[level] = mx;
    return level;
  });
  const top = 10 + Math.max(1, levelEnd.length) * MARK_LEVEL + 8;

  const body: string[] = [];
  let y = top;
  let previous: readonly Region[] = [];
  for (const row of rows) {
    const regions = row.layout.regions;
    const lane = lanes(regions);
    const laneCount = Math.max(1, ...lane.map((l) => l + 1));
    const barsHeight = laneCount * (BAR + LANE_GAP);
    const band = row.events.length > 0 ? EVENT_BAND : 0;
    const rowHeight = band + barsHeight + 16 + row.notes.length * NOTE;
    if (row.culprit) body.push(`<rect x="2" y="${y - 6}" width="${WIDTH - 4}" height="${rowHeight + 10}" fill="#fdecea" rx="4"/>`);
    const [l1, l2] = labelLines(row.label);
    // what the steps under this layout touched: a tick per address, labels where they fit
    const events = [...row.events].filter((e) => e.address >= lo && e.address <= hi).sort((a, b) => a.address - b.address || (a.label < b.label ? -1 : 1));
    let labelEnd = -Infinity;
    const drawn = new Set<string>();
    for (const e of events) {
      const key = `${e.label}@${e.address}`;
      const ex = x(e.address);
      const cls = e.culprit ? 'touch culprit-touch' : 'touch';
      const first = !drawn.has(key);
      drawn.add(key);
      // a label near the right edge ends at its tick instead of starting there
      const width = e.label.length * 6.2;
      const lx = ex - 3 + width > WIDTH - 4 ? ex + 3 - width : ex - 3;
      const labelled = first && lx > labelEnd;
      body.push(`<g class="${cls}"><title>${xmlLine(`${e.step}: ${e.label} at ${hex(e.address)}`)}</title><path d="M${n(ex - 4)} ${y + band - 9}h8l-4 7z"/>`
        + (labelled ? `<text x="${n(lx)}" y="${y + band - 12}">${xmlLine(e.label)}</text>` : '') + '</g>');
      if (labelled) labelEnd = lx + width + 6;
    }
    y += band;
    body.push(`<text x="8" y="${y + 12}" class="row">${xmlLine(l1)}</text>`);
    if (l2 !== '') body.push(`<text x="8" y="${y + 27}" class="row">${xmlLine(l2)}</text>`);
    const edges: number[] = [];
    regions.forEach((r, i) => {
      const x0 = x(r.start);
      const x1 = Math.max(x(r.end), x0 + 1.5);
      const ry = y + (lane[i] ?? 0) * (BAR + LANE_GAP);
      const moved = previous.length > 0 && !previous.some((p) => p.name === r.name && p.start === r.start && p.end === r.end);
      const overlap = (lane[i] ?? 0) > 0;
      const stroke = overlap ? ' stroke="#c00" stroke-width="2.5"' : moved ? ' stroke="#222" stroke-width="2" stroke-dasharray="5 3"' : ' stroke="#fff" stroke-width="1"';
      body.push(`<g><title>${xmlLine(`${r.name} ${hex(r.start)}–${hex(r.end)} (${sizeText(r.end - r.start)})${moved ? ', moved by this step' : ''}${overlap ? ', OVERLAPS another region' : ''}`)}</title>`
        + `<rect x="${n(x0)}" y="${ry}" width="${n(x1 - x0)}" height="${BAR}" fill="${color(r.name)}"${stroke}/>`);
      const label = `${r.name} ${sizeText(r.end - r.start)}`;
      const fits = label.length * 6.6 < x1 - x0 - 6 ? label : r.name.length * 6.6 < x1 - x0 - 6 ? r.name : '';
      if (fits !== '') body.push(`<text x="${n((x0 + x1) / 2)}" y="${ry + 19}" class="region">${xmlLine(fits)}</text>`);
      body.push('</g>');
      edges.push(r.start, r.end);
    });
    // edge addresses under the bars, left to right, skipping those that would collide
    let lastX = -Infinity;
    for (const a of [...new Set(edges)].sort((p, q) => p - q)) {
      const ax = x(a);
      if (ax - lastX < 76) continue;
      lastX = ax;
      const anchor = ax > WIDTH - RIGHT - 30 ? 'end' : 'middle';
      body.push(`<line x1="${n(ax)}" y1="${y + barsHeight - LANE_GAP}" x2="${n(ax)}" y2="${y + barsHeight + 2}" class="tick"/>`);
      body.push(`<text x="${n(anchor === 'end' ? ax + 4 : ax)}" y="${y + barsHeight + 12}" class="addr" text-anchor="${anchor}">${hex(a)}</text>`);
    }
    row.notes.forEach((note, i) => body.push(`<text x="${LEFT}" y="${y + barsHeight + 26 + i * NOTE}" class="note">${xmlLine(note)}</text>`));
    previous = regions;
    y += rowHeight - band + ROW_GAP;
  }
  const bottom = y - ROW_GAP + 4;
  inside.forEach((m, i) => {
    const mx = x(m.address);
    const level = markLevel[i] ?? 0;
    const cls = m.culprit ? 'mark culprit' : 'mark';
    body.push(`<g class="${cls}"><title>${xmlLine(`${m.name} = ${hex(m.exact ?? m.address)}`)}</title>`
      + `<line x1="${n(mx)}" y1="${14 + level * MARK_LEVEL}" x2="${n(mx)}" y2="${bottom}"/>`
      + `<text x="${n(mx)}" y="${12 + level * MARK_LEVEL}" text-anchor="middle">${i + 1}</text></g>`);
  });
  // the legend: what each numbered mark is
  const colWidth = (WIDTH - 16) / LEGEND_COLUMNS;
  let legendY = bottom + 18;
  if (inside.length > 0) body.push(`<text x="8" y="${legendY}" class="row">marked addresses</text>`);
  inside.forEach((m, i) => {
    const col = i % LEGEND_COLUMNS;
    if (col === 0) legendY += LEGEND_ROW;
    body.push(`<text x="${n(8 + col * colWidth)}" y="${legendY}" class="legend${m.culprit ? ' culprit-text' : ''}">${xmlLine(`${i + 1}  ${m.name} ${hex(m.exact ?? m.address)}`)}</text>`);
  });
  const height = (inside.length > 0 ? legendY : bottom) + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${xmlAttr(escapeText(title))}" class="map">`,
    `<title>${xmlLine(title)}</title>`,
    '<style>text{font-family:ui-sans-serif,system-ui,sans-serif;font-size:12px;fill:#222}.row{font-weight:600;font-size:13px}.note{fill:#b00;font-size:11.5px}'
      + '.region{text-anchor:middle;fill:#fff;font-weight:600;font-size:11.5px}.addr{font-family:ui-monospace,monospace;font-size:10px;fill:#444}'
      + '.tick{stroke:#666}.mark line{stroke:#777;stroke-width:1;stroke-dasharray:2 2}.mark text{font-family:ui-monospace,monospace;font-size:11px;font-weight:600;fill:#555}'
      + '.touch path{fill:#555}.touch text{font-size:10px;fill:#555;font-family:ui-monospace,monospace}.culprit-touch path{fill:#c00}.culprit-touch text{fill:#c00;font-weight:600}'
      + '.culprit line{stroke:#c00;stroke-width:1.5;stroke-dasharray:none}.culprit text,.culprit-text{fill:#c00;font-weight:600}.legend{font-family:ui-monospace,monospace;font-size:11.5px}</style>',
    ...body,
    '</svg>',
  ].join('\n');
}
