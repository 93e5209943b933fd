/**
 * `bootreplay constraints` output: text, JSON (format version 1), and two
 * pictures of the transitive reduction: Graphviz DOT and Mermaid (which
 * GitHub renders in Markdown). Latent edges (warnings only) are dashed.
 */
import { plural } from './plural.js';
import { escapeText } from '../escape.js';
import type { ConstraintsReport, Edge, EdgeLabel, PhaseNote } from '../compare/constraints.js';
import type { Style } from './text.js';
import { unsupportedJson, unsupportedLines } from './unsupported.js';
import { variantLabel } from '../scenario/types.js';
import { jsonText } from './json-text.js';
import { problemsJson } from './json.js';
import type { InputProblem } from '../scenario/problems.js';

export const CONSTRAINTS_REPORT_VERSION = 1;

/** "hypervisor=vmi,pae=true" out of "file.yaml[hypervisor=vmi,pae=true]" when all machines come from one file. */
function shortener(r: ConstraintsReport): (name: string) => string {
  return (name) => variantLabel(name, r.file);
}

function labelText(l: EdgeLabel, all: number, short: (n: string) => string): string {
  const where = l.machines.length === all ? '' : ` [${l.machines.map(short).join('; ')}]`;
  const kind = l.severity === 'error' ? '' : l.harmless ? ' (latent, harmless here)' : ' (latent)';
  return `${l.rule}${kind}${where}`;
}

/** Where a phase note holds, as labelText says it for a label: nothing when on every machine. */
function phaseWhere(p: PhaseNote, all: number, short: (n: string) => string): string {
  return p.machines.length === all ? '' : ` [${p.machines.map(short).join('; ')}]`;
}

/** "phase order: setup_arch() calls before kernel_init() … calls (N edges)": one line per pair of phases, for the edges that only restate it. */
function phaseText(p: PhaseNote): string {
  return `phase order: ${p.before} calls before ${p.after} calls (${plural(p.edges.length, 'edge')})`;
}

/** "left out, a machine whose kernel halts before setup_arch() (whatever the order):" and one line per machine; nothing when none. */
function haltedLines(r: ConstraintsReport, style: Style): string[] {
  if (r.halted.length === 0) return [];
  return [
    `left out, ${r.halted.length === 1 ? 'a machine whose kernel halts' : `${r.halted.length} machines whose kernels halt`} before setup_arch() (whatever the order, so no order of its calls gives an edge):`,
    ...r.halted.map((h) => `  ${escapeText(h.machine)}: ${style.error('error')} ${style.bold(h.rule)} halts the kernel in ${escapeText(h.step)}`),
  ];
}

export function formatConstraintsText(r: ConstraintsReport, style: Style): string {
  // machine names carry --set values and variant values: user text
  const shortName = shortener(r);
  const short = (m: string): string => escapeText(shortName(m));
  const all = r.machines.length;
  const reduced = r.edges.filter((e) => e.reduced).length;
  if (all === 0) {
    // every machine halts before setup_arch(): nothing to reason over (suggest: "no error that moving a call of setup_arch() can touch")
    return `${[
      style.bold(r.halted.length === 1 ? `constraints of ${escapeText(r.halted[0]?.machine ?? '')}` : `constraints over ${r.halted.length} machines`),
      ...unsupportedLines(r.unsupported, style),
      ...haltedLines(r, style),
      'no edge "A before B": no call of setup_arch() can touch what the kernel reaches',
      style.dim(`${r.replays} replays`),
    ].join('\n')}\n`;
  }
  const lines = [
    style.bold(all === 1 ? `constraints of ${escapeText(r.machines[0] ?? '')}` : `constraints over ${all} machines: ${r.machines.map(short).join('; ')}`),
    ...unsupportedLines(r.unsupported, style),
    ...haltedLines(r, style),
    `${plural(r.calls.length, 'call')} with an effect; left out (no effect on ${all === 1 ? 'this machine' : 'any machine'}): ${r.inert.join(', ') || 'none'}`,
  ];
  // the edges that only restate the boot's phases, one line per pair (src/compare/constraints.ts PhaseNote); phase names are the plug-ins' text
  for (const p of r.phases) {
    const head = `${phaseText(p)}${phaseWhere(p, all, short)}`;
    lines.push(p.kind === 'error' ? head : style.dim(head));
    if (p.example !== '') lines.push(style.dim(`      e.g. ${escapeText(p.example)}`));
  }
  const other = r.phases.length > 0 ? 'other ' : '';
  if (r.edges.length > 0) lines.push(`${plural(r.edges.length, `${other}edge`)} "A before B" (${reduced} after transitive reduction, marked *):`);
  else lines.push(r.phases.length > 0 ? 'no other edge "A before B"' : 'no edge "A before B": no order of these calls changes what the rules find');
  const width = Math.max(0, ...r.edges.map((e) => `${e.before} before ${e.after}`.length));
  for (const e of r.edges) {
    const head = `${e.reduced ? '*' : ' '} ${`${e.before} before ${e.after}`.padEnd(width)}`;
    const text = e.labels.map((l) => labelText(l, all, short)).join(', ');
    lines.push(`  ${e.kind === 'error' ? head : style.dim(head)}  ${text}`);
    if (e.example !== '') lines.push(style.dim(`      e.g. ${escapeText(e.example)}`));
  }
  lines.push(style.dim(`${r.replays} replays`));
  return `${lines.join('\n')}\n`;
}

export function formatConstraintsJson(r: ConstraintsReport): string {
  const out = {
    version: CONSTRAINTS_REPORT_VERSION,
    machines: r.machines,
    ...(r.unsupported.length > 0 ? { unsupported: unsupportedJson(r.unsupported) } : {}),
    ...(r.halted.length > 0 ? { halted: r.halted.map((h) => ({ machine: h.machine, rule: h.rule, step: h.step })) } : {}),
    calls: r.calls,
    inert: r.inert,
    edges: r.edges.map((e) => ({
      before: e.before, after: e.after, kind: e.kind, reduced: e.reduced,
      labels: e.labels.map((l) => ({ rule: l.rule, severity: l.severity, ...(l.harmless ? { harmless: true } : {}), machines: l.machines })),
      example: e.example,
    })),
    // the edges folded into one note per pair of phases: only when there are any, so that reports without them read as before
    ...(r.phases.length > 0 ? {
      phases: r.phases.map((p) => ({ before: p.before, after: p.after, kind: p.kind, machines: p.machines, edges: p.edges.map((e) => ({ before: e.before, after: e.after })), example: p.example })),
    } : {}),
    replays: r.replays,
  };
  return jsonText(out);
}

/**
 * The constraints report when the inputs did not load (exit 2): the same top-level fields with no machine,
 * call or edge and no replay, and `problems`, the input problems as run's JSON report writes them
 * (problemsJson), in the order stderr lists them.
 */
export function formatConstraintsProblemsJson(problems: readonly InputProblem[]): string {
  return jsonText({ version: CONSTRAINTS_REPORT_VERSION, machines: [], calls: [], inert: [], edges: [], replays: 0, problems: problemsJson(problems) });
}

/**
 * A DOT double-quoted string of lines joined by '\n' (user text in them
 * already through escapeText): backslashes and quotes escaped for DOT, the
 * line breaks as DOT's \n.
 */
function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The lines of an edge's label in a picture, one per rule; `short` must
 * escape (escapeText) the machine names, which hold user text, so that a
 * line break in a variant value shows as \n instead of breaking the label.
 */
function pictureLabel(e: Edge, all: number, short: (n: string) => string): string {
  // as the text says it: a latent label says so, or two labels of one rule (an error on some machines, latent on others) read alike
  return e.labels.map((l) => labelText(l, all, short)).join('\n');
}

function drawn(r: ConstraintsReport): { nodes: string[]; edges: Edge[]; phases: string[] } {
  const edges = r.edges.filter((e) => e.reduced);
  const used = new Set(edges.flatMap((e) => [e.before, e.after]));
  // a picture draws each pair of phases as one edge between two phase nodes, instead of its N edges
  const phases = [...new Set(r.phases.flatMap((p) => [p.before, p.after]))];
  return { nodes: r.calls.filter((c) => used.has(c)), edges, phases };
}

/** The label of a phase note's edge in a picture: "phase order (N edges)", and its machines when not all. */
function phaseLabel(p: PhaseNote, all: number, short: (n: string) => string): string {
  return `phase order (${plural(p.edges.length, 'edge')})${phaseWhere(p, all, short)}`;
}

/** A machine's name as pictures label it: shortened, and escaped as text output escapes it. */
function pictureName(r: ConstraintsReport): (name: string) => string {
  const short = shortener(r);
  return (name) => escapeText(short(name));
}

export function formatConstraintsDot(r: ConstraintsReport): string {
  const short = pictureName(r);
  const { nodes, edges, phases } = drawn(r);
  // a phase node's id cannot be a call's: no call name has a space
  const phaseId = (name: string): string => dotString(`phase ${name}`);
  const lines = [
    'digraph setup_arch {',
    `  label=${dotString(`setup_arch() ordering constraints (${r.machines.length} machine${r.machines.length === 1 ? '' : 's'}); dashed: latent`)};`,
    '  rankdir=TB;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    ...nodes.map((n) => `  ${dotString(escapeText(n))};`),
    ...edges.map((e) => `  ${dotString(escapeText(e.before))} -> ${dotString(escapeText(e.after))} [label=${dotString(pictureLabel(e, r.machines.length, short))}${e.kind === 'latent' ? ', style=dashed' : ''}];`),
    ...phases.map((p) => `  ${phaseId(p)} [label=${dotString(p)}, shape=ellipse];`),
    ...r.phases.map((p) => `  ${phaseId(p.before)} -> ${phaseId(p.after)} [label=${dotString(phaseLabel(p, r.machines.length, short))}${p.kind === 'latent' ? ', style=dashed' : ''}];`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Characters a Mermaid label keeps as they are. Mermaid renders labels as
 * HTML and reads `#…;` as an entity, `"` ends the label, a backtick starts a
 * Markdown string, `|` delimits edge text, `%%` starts a comment: anything
 * outside this list is written as a Mermaid entity code instead.
 */
const MERMAID_PLAIN = /[^A-Za-z0-9 _.,:;=+\-/()[\]'@!?]/gu;

/**
 * A Mermaid quoted label of lines joined by '\n' (user text in them already
 * through escapeText): every character other than MERMAID_PLAIN as its
 * entity code `#NNN;`
 * (decimal code point: `#60;` for '<', `#34;` for '"', `#35;` for '#'; the
 * "Entity codes to escape characters" of Mermaid's flowchart syntax), the
 * lines joined by `<br/>`.
 */
function mermaidString(s: string): string {
  const line = (t: string): string => t.replace(MERMAID_PLAIN, (c) => `#${c.codePointAt(0) ?? 0};`);
  return `"${s.split('\n').map(line).join('<br/>')}"`;
}

export function formatConstraintsMermaid(r: ConstraintsReport): string {
  const short = pictureName(r);
  const { nodes, edges, phases } = drawn(r);
  const id = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const phaseId = new Map(phases.map((p, i) => [p, `p${i}`]));
  const lines = [
    'flowchart TD',
    ...nodes.map((n) => `  ${id.get(n) ?? ''}[${mermaidString(escapeText(n))}]`),
    // a phase as a stadium-shaped node, its pairs as one edge each
    ...phases.map((p) => `  ${phaseId.get(p) ?? ''}([${mermaidString(p)}])`),
    ...r.phases.map((p) => {
      const label = mermaidString(phaseLabel(p, r.machines.length, short));
      const [a, b] = [phaseId.get(p.before) ?? '', phaseId.get(p.after) ?? ''];
      return p.kind === 'latent' ? `  ${a} -. ${label} .-> ${b}` : `  ${a} -- ${label} --> ${b}`;
    }),
    ...edges.map((e) => {
      const label = mermaidString(pictureLabel(e, r.machines.length, short));
      return e.kind === 'latent'
        ? `  ${id.get(e.before) ?? ''} -. ${label} .-> ${id.get(e.after) ?? ''}`
        : `  ${id.get(e.before) ?? ''} -- ${label} --> ${id.get(e.after) ?? ''}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
