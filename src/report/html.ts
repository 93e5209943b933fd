/**
 * `--format html`: one self-contained page (inline CSS and SVG, no script,
 * no network) for a CI artifact: a summary table, then per scenario its
 * findings (state, message, the path of steps that led to it, related steps,
 * kernel consequence, fix and the fix's edit of the file) and an SVG map of
 * the address space after the implicit steps and after every step that moved
 * a region, with the findings' addresses marked and the culprit's in red
 * (src/report/svg.ts). Every piece of user text is HTML-escaped, shown as the
 * text report shows it (controls, line breaks and bidi characters as escapes: xmlLine). Readable at
 * 1280 px: the page is at most 1240 px wide and the maps scale down with it.
 */
import { editText } from '../scenario/order-edit.js';
import { problemText } from '../scenario/problems.js';
import { displayName } from '../scenario/types.js';
import { hex } from '../units.js';
import { totals, type CheckedFinding, type GatedResult, type Report } from '../gate/types.js';
import { pointOfStep, type LayoutPoint } from '../replay/timeline.js';
import { escapeText } from '../escape.js';
import { xmlAttr as attr, xmlLine as esc, xmlText } from './escape.js';
import type { FormatContext } from './format-context.js';
import type { ChunkedText } from './report-text.js';
import { stateWord, unmetMessage, unusedAllowMessage } from './gate-text.js';
import { locationText } from './location.js';
import { noLayoutText } from './no-layout.js';
import { reportSummaryInputs, summaryLine } from './summary-line.js';
import { addressMapSvg, type Mark, type MapRow } from './svg.js';
import { afterHaltText, firstHalt } from './halt-point.js';
import { lastCompletedStep } from '../rules/halting.js';
import { stepText } from './step-text.js';

const CSS = `
:root{color-scheme:light}
body{font:14px/1.45 ui-sans-serif,system-ui,sans-serif;margin:0 auto;max-width:1240px;padding:16px 20px 40px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-top:2px solid #ddd;padding-top:14px}h3{font-size:15px;margin:16px 0 6px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:8px;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e1e4e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;color:#fff}
.fail{background:#c62828}.pass{background:#2e7d32}.error{background:#c62828}.warning{background:#b26a00}.info{background:#0969da}
.expected,.suppressed,.baseline{background:#6a737d}
.finding{border:1px solid #e1e4e8;border-left:5px solid #c62828;border-radius:4px;padding:8px 12px;margin:10px 0}
.finding.sev-warning{border-left-color:#b26a00}.finding.sev-info{border-left-color:#0969da}.finding.muted{border-left-color:#6a737d;background:#fafbfc}
.finding p{margin:4px 0}.k{color:#57606a;font-weight:600;margin-right:4px}
ol.path{margin:4px 0;padding-left:22px}ol.path li.culprit{color:#b00;font-weight:600}
.map{max-width:100%;height:auto;display:block;margin:8px 0;border:1px solid #e1e4e8;border-radius:4px}
.problems li{color:#b00}.muted-text{color:#57606a}
`;

function badge(cls: string, text: string): string {
  return `<span class="badge ${attr(cls)}">${esc(text)}</span>`;
}


/** A finding's article, its lines each ending with a line break (a piece of scenarioPieces). */
function findingHtml(r: GatedResult, c: CheckedFinding, i: number, k: number): string {
  const f = c.finding;
  const muted = c.state !== 'live';
  const out = [`<article class="finding sev-${attr(f.severity)}${muted ? ' muted' : ''}" id="${attr(`s${k}-f${i + 1}`)}">`];
  out.push(`<p>${badge(f.severity, f.severity)} ${muted ? `${badge(c.state, stateWord(c.state))} ` : ''}<code>${esc(f.rule)}</code> at <b>${esc(stepText(f.step.index, f.step.name))}</b> <span class="muted-text mono">${esc(locationText(r, f.pos))}</span></p>`);
  out.push(`<p>${esc(f.message)}</p>`);
  if (c.allowedBy !== undefined) out.push(`<p><span class="k">allowed</span>${esc(c.allowedBy.reason)} <span class="muted-text mono">(${esc(locationText(r, c.allowedBy.pos))})</span></p>`);
  const path = r.evidence?.paths[i];
  if (path !== undefined && path.length > 0) {
    out.push('<p class="k">how it came about</p><ol class="path">');
    for (const p of path) out.push(`<li class="${attr(p.role)}"><b>${esc(stepText(p.step.index, p.step.name))}</b> <span class="muted-text mono">${esc(locationText(r, p.step.pos))}</span>: ${esc(p.message)}</li>`);
    out.push('</ol>');
  } else if (f.related.length > 0) {
    out.push('<ul>');
    for (const rel of f.related) out.push(`<li><b>${esc(stepText(rel.step.index, rel.step.name))}</b>: ${esc(rel.role)}</li>`);
    out.push('</ul>');
  }
  const addrs = Object.entries(f.addresses);
  if (addrs.length > 0) out.push(`<p><span class="k">addresses</span><span class="mono">${addrs.map(([k, v]) => `${esc(k)}=${hex(v)}`).join(' ')}</span></p>`);
  if (f.afterHalt !== undefined) out.push(`<p><span class="k">note</span>${esc(afterHaltText(f.afterHalt))}</p>`);
  out.push(`<p><span class="k">kernel</span>${esc(f.consequence)}</p>`);
  out.push(`<p><span class="k">fix</span>${esc(f.fix)}</p>`);
  if (f.fixEdits !== undefined && f.fixEdits.length > 0) out.push(`<p><span class="k">verified edit</span><code>${esc(f.fixEdits.map(editText).join('; '))}</code></p>`);
  const fix = r.evidence?.fixes[i];
  for (const r of fix?.replacements ?? []) {
    const lines = r.last > r.first ? `lines ${r.first}–${r.last}` : `line ${r.first}`;
    // an insertion after the last line (a patch: item at the end of the file) has no line to go before
    const where = r.last < r.first ? (fix !== undefined && r.first > fix.lines ? `insert after line ${r.first - 1}, at the end` : `insert before line ${r.first}`) : r.text === '' ? `delete ${lines}` : `${lines} become`;
    out.push(r.text === '' ? `<p class="k">${esc(where)}</p>` : `<p class="k">${esc(where)}</p><pre>${fileLines(r.text)}</pre>`);
  }
  out.push('</article>');
  return lines(out);
}

/**
 * Lines of a scenario file in a <pre>: each line as text output shows it
 * (escapeText), the line breaks kept (a CRLF file's as line breaks too).
 */
function fileLines(text: string): string {
  return xmlText(text.split(/\r?\n/).map(escapeText).join('\n'));
}

function pointLabel(p: LayoutPoint, first: boolean): string {
  return first ? `after ${p.step.name} (before setup_arch)` : `after step ${p.step.index} ${p.step.name}`;
}

/** The rows of a scenario's map: each timeline point, with the findings whose culprit ran under that layout. */
function mapOf(r: GatedResult): string {
  const timeline = r.evidence?.timeline ?? [{ step: r.steps[0] ?? { index: 0, name: 'boot', pos: { line: 1, col: 1 }, implicit: true }, layout: r.layout }];
  const errorSteps = new Set(r.checked.filter((c) => c.finding.severity === 'error').map((c) => c.finding.step.index));
  // each finding's point, once: looked up per point, it was points × findings × points (a 200-call
  // order with a finding at most calls spent most of its HTML report here)
  const byPoint = timeline.map((): GatedResult['checked'][number][] => []);
  for (const c of r.checked) byPoint[pointOfStep(timeline, c.finding.step.index)]?.push(c);
  // a boot that a finding halts has no layouts after that step (halt-point.ts): the rows stop there
  const halt = firstHalt(r.checked.map((c) => c.finding));
  const upTo = halt === undefined ? Number.POSITIVE_INFINITY : lastCompletedStep(halt.at);
  const reached = timeline.filter((p, k) => k === 0 || p.step.index <= upTo);
  const rows: MapRow[] = reached.map((p, k) => {
    const culprits = byPoint[k] ?? [];
    return {
      label: pointLabel(p, k === 0),
      layout: p.layout,
      notes: culprits.slice(0, 3).map((c) => `${stepText(c.finding.step.index, c.finding.step.name)}: ${c.finding.rule}${c.state === 'live' ? '' : ` (${stateWord(c.state)})`}`),
      culprit: culprits.some((c) => c.finding.severity === 'error'),
      events: (r.evidence?.marks[k] ?? []).map((m) => ({ label: m.label, address: m.address, step: stepText(m.step.index, m.step.name), culprit: errorSteps.has(m.step.index) })),
    };
  });
  const marks: Mark[] = [];
  const seen = new Set<string>();
  r.checked.forEach((c) => {
    for (const [name, address] of Object.entries(c.finding.addresses)) {
      const id = `${name}@${address}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const exact = typeof address === 'bigint' ? { exact: address } : {};
      marks.push({ name, address: Number(address), ...exact, culprit: c.finding.severity === 'error' });
    }
  });
  return addressMapSvg(rows, marks, `address space of ${displayName(r)}`);
}

/**
 * A scenario's section in pieces, each whole lines ending with a line break: its heading, each finding, the
 * gates' entries and its address map, joined exactly as the section's lines are (one line break between
 * each, one after the last). Why pieces: a section of 2,048 findings is 11 MB; joined whole, it and each
 * copy of it (the line break after it, the flattening that the stdout filter's search makes of that) went
 * to V8's large-object space, whose fresh pages cost a fault each: a text written straight from small
 * pieces made the HTML report of a 178-variant matrix about twice as fast.
 */
function* scenarioPieces(r: GatedResult, k: number): Generator<string, void, undefined> {
  const head = [`<section id="${attr(`s${k}`)}">`];
  head.push(`<h2>${badge(r.status, r.status.toUpperCase())} ${esc(displayName(r))}</h2>`);
  head.push(`<p>${esc(r.name)} <span class="muted-text">[${esc([r.kernel, ...r.tags].join(', '))}]</span></p>`);
  if (r.checked.length === 0 && r.unmet.length === 0) head.push('<p class="muted-text">no findings</p>');
  yield lines(head);
  for (let i = 0; i < r.checked.length; i++) yield findingHtml(r, r.checked[i] as CheckedFinding, i, k);
  const out: string[] = [];
  for (const e of r.unmet) out.push(`<article class="finding"><p>${badge('error', 'error')} <code>unmet-expectation</code> <span class="mono muted-text">${esc(locationText(r, e.pos))}</span></p><p>${esc(unmetMessage(e))}</p></article>`);
  for (const a of r.unusedAllows) out.push(`<article class="finding sev-warning"><p>${badge('warning', 'warning')} <code>unused-allow</code> <span class="mono muted-text">${esc(locationText(r, a.pos))}</span></p><p>${esc(unusedAllowMessage(a))}</p></article>`);
  out.push('<h3>Address space</h3>');
  if (r.noLayout !== undefined) {
    // as `layout` and `run --layout` say it: no map of a state no kernel reaches
    out.push(`<p class="muted-text">${esc(noLayoutText(displayName(r), r.noLayout, 'map'))}</p>`);
    out.push('</section>');
    yield lines(out);
    return;
  }
  out.push(`<p class="muted-text">One row per layout: after the boot steps before setup_arch, then after each step that moved a region. Dashed outline: moved by that step; red outline: overlaps another region; red lines: addresses of error findings; shaded rows: an error's culprit ran under that layout.${r.layoutWhen !== undefined ? ` The rows end ${esc(r.layoutWhen)}.` : ''}</p>`);
  out.push(mapOf(r));
  out.push('</section>');
  yield lines(out);
}

/** `parts` each followed by a line break, as one flat string (join makes it flat; a `+ '\n'` after it would not be). */
function lines(parts: string[]): string {
  parts.push('');
  return parts.join('\n');
}

export function formatHtml(report: Report, ctx: FormatContext): string {
  return Array.from(htmlPieces(report, ctx)).join('');
}

/**
 * formatHtml's text in pieces (each whole lines), each scenario's section made as it is written: what
 * `run -f html` writes, so a page of 512 variants is never held whole (see JsonSequence).
 */
export function formatHtmlChunks(report: Report, ctx: FormatContext): ChunkedText {
  return { chunks: htmlPieces(report, ctx) };
}

function* htmlPieces(report: Report, ctx: FormatContext): Generator<string, void, undefined> {
  const t = totals(report.results);
  // the text report's summary line: invalid files, shard and input problems counted alike
  const counts = summaryLine(report.results, reportSummaryInputs(report));
  const out = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`bootreplay: ${t.failed} failed of ${t.scenarios}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>bootreplay report</h1><p>${esc(counts)} <span class="muted-text">(bootreplay ${esc(ctx.version)})</span></p></header>`,
  ];
  if (report.problems.length > 0) {
    out.push('<h2>Input problems</h2><ul class="problems">');
    for (const p of report.problems) out.push(`<li class="mono">${esc(problemText(p))}</li>`);
    out.push('</ul>');
  }
  out.push('<table><thead><tr><th>status</th><th>scenario</th><th>name</th><th>kernel</th><th class="num">errors</th><th class="num">warnings</th><th class="num">expected</th><th class="num">suppressed</th></tr></thead><tbody>');
  report.results.forEach((r, k) => {
    const rt = totals([r]);
    out.push(`<tr><td>${badge(r.status, r.status.toUpperCase())}</td><td><a href="#s${k + 1}" class="mono">${esc(displayName(r))}</a></td><td>${esc(r.name)}</td><td>${esc([r.kernel, ...r.tags].join(', '))}</td>`
      + `<td class="num">${rt.errors + rt.unmet}</td><td class="num">${rt.warnings + rt.unusedAllows}</td><td class="num">${rt.expected}</td><td class="num">${rt.suppressed + rt.baseline}</td></tr>`);
  });
  out.push('</tbody></table>');
  yield `${out.join('\n')}\n`;
  for (let k = 0; k < report.results.length; k++) yield* scenarioPieces(report.results[k] as GatedResult, k + 1);
  yield '</body>\n</html>\n';
}
