/**
 * `bootreplay constraints`: the ordering contract of a setup_arch() order,
 * derived by replay. Every call X with an effect is moved to every position
 * (the single-move table, per machine). Two neighbouring positions of X
 * differ only in whether X comes before or after one call Y: a finding
 * present on one side and absent on the other is caused by that relative
 * order, so it gives an edge ("X must come before Y", or Y before X),
 * labelled with its rule, its severity on each machine and the machines where
 * it occurs: "A before B" holds on a machine when putting B before A, the
 * other calls where the file has them, adds an error (latent: a warning)
 * that A before B does not have. When both sides have errors the other lacks
 * (X is out of its window there, so both orders are broken), each side still
 * gives its edge, but only from findings that name both X and Y (culprit or
 * related) and whose rule the other side does not have too (pairDifference):
 * a finding that names a third call Z instead is about X and Z (on 2.6.28
 * VMI, paging_init just after vmi_init lacks init_memory_mapping's page
 * tables, just before it maps the fixmap before the relocation: "vmi_init
 * before paging_init" holds, and "init_memory_mapping before paging_init" is
 * found where paging_init passes init_memory_mapping). The old rule, no edge
 * at all from such a pair, left machines out of real edges (vmi_init before
 * acpi_boot_table_init on non-PAE VMI). Warnings count only between two
 * orders with the same errors (a warning beside a different error is the
 * error's consequence). Every position the engine tries counts, not only the ends of
 * the window X is in now: an edge that only bites once X has moved elsewhere
 * (vmi_activate before vmi_init on VMI) is still an edge. An edge is an error
 * edge when it breaks with an error on some machine, latent when it only
 * gives warnings (a hazard that does not bite in this order). Calls without
 * an effect on any machine (ArchPlugin.hasEffect) are left out. A call the
 * order has twice is two nodes: "parse_early_param" and "parse_early_param#2".
 *
 * The candidates are then checked by replay (checkByReplay: each edge must
 * break in an order that breaks it alone, and the machine's own order keeps
 * every edge but its bugs') and kept so that the graph has no cycle
 * (acyclic()). The graph is also reduced transitively (an edge implied by a
 * path of edges at least as strong is dropped), which is what the pictures
 * draw. Only findings the kernel reaches count (reachedOf); a machine that
 * halts before setup_arch() is left out (halted). Architecture-neutral.
 */
import type { CallPhase } from '../arch/types.js';
import { findingKeys } from '../rules/identity.js';
import { PHASE_ORDER_ID } from '../rules/phase-order.js';
import { haltPoint, haltPosition } from '../rules/halting.js';
import type { Severity, Verdict } from '../rules/types.js';
import { displayName, oneFileOf, type Step } from '../scenario/types.js';
import { moveTo, type Order } from './engine.js';
import { checkBudget, type Judgement, type MoveTable, type PlannedWork } from './judge.js';
import { reachedOf } from './reached.js';
import { machinesText } from './machines-text.js';
import { restOf } from './slot-text.js';
import { supportedOnly, type UnsupportedMachine } from './unsupported.js';

/** One rule breaking an edge with one severity, and the machines where it does (an edge may carry the same rule as an error on some machines and a warning on others). */
export interface EdgeLabel {
  readonly rule: string;
  /** the severity on these machines */
  readonly severity: Severity;
  /** every finding behind it is harmless on its machine (a prerequisite nobody here uses) */
  readonly harmless: boolean;
  readonly machines: readonly string[];
}

export interface Edge {
  readonly before: string;
  readonly after: string;
  readonly labels: readonly EdgeLabel[];
  /** error on some machine, or latent (warnings only) */
  readonly kind: 'error' | 'latent';
  /** kept by the transitive reduction */
  readonly reduced: boolean;
  /** the message of one finding that breaks it: an error if any, at one of the edge's calls if any, else the earliest in the boot (exampleRank) */
  readonly example: string;
}

/**
 * The edges that only restate the boot's phase order, folded into one note
 * per pair of phases: each said "a call of phase `before` before a call of
 * phase `after`" and had no label but the generic phase-order rule (calls of
 * kernel_init() after every setup_arch() call is how init/main.c runs them,
 * not a constraint of this order: on arm64 v4.7 they were 26 of 37 edges).
 */
export interface PhaseNote {
  /** the earlier phase's name (CallPhase.name), e.g. "setup_arch()" */
  readonly before: string;
  /** the later phase's name, e.g. "kernel_init() after setup_arch() returns" */
  readonly after: string;
  /** error on some machine, or latent (warnings only), as for an edge */
  readonly kind: 'error' | 'latent';
  /** the machines where one of its edges holds */
  readonly machines: readonly string[];
  /** the folded edges, each checked by replay as every edge is, in edge order (reduced as among all edges) */
  readonly edges: readonly Edge[];
  /** the message of one finding that breaks one of them (an error if any) */
  readonly example: string;
}

export interface ConstraintsReport {
  /** the machines reasoned over */
  readonly machines: readonly string[];
  /** the scenario file they all come from, when they come from one (scenario/types.ts oneFileOf) */
  readonly file?: string;
  /** machines left out: an error no order changes breaks them (src/compare/unsupported.ts) */
  readonly unsupported: readonly UnsupportedMachine[];
  /** machines left out: the kernel halts before setup_arch() whatever the order (an implicit step's halting finding), so no order of its calls changes what it reaches */
  readonly halted: readonly HaltedMachine[];
  /** calls with an effect on some machine, in the first machine's order */
  readonly calls: readonly string[];
  /** calls left out: no effect on any machine */
  readonly inert: readonly string[];
  /** the edges that are not phase notes */
  readonly edges: readonly Edge[];
  /** the edges folded into one note per pair of phases, earlier pairs first (PhaseNote) */
  readonly phases: readonly PhaseNote[];
  readonly replays: number;
}

/** A finding to quote: its key in the judgement of `order` on `table`'s machine. */
interface Example {
  readonly table: MoveTable;
  readonly order: Order;
  readonly judgement: Judgement;
  readonly key: string;
}

interface Evidence {
  labels: Map<string, { severity: Severity; harmless: boolean; machines: string[] }>;
  example: Example | undefined;
}

/** A machine left out because its kernel halts before setup_arch() whatever the order (an implicit step's halting finding). */
export interface HaltedMachine {
  readonly machine: string;
  /** the halting finding's rule */
  readonly rule: string;
  /** the implicit step the kernel stops in, e.g. "setup_vm" */
  readonly step: string;
}

/** The halting finding of the machine's own order when it stops the kernel in an implicit step, before setup_arch(): no order of setup_arch() calls reaches anything after it. */
function haltsBeforeSetupArch(t: MoveTable): HaltedMachine | undefined {
  for (const v of t.own.findings.values()) {
    const at = haltPoint(v);
    if (at !== undefined && at.step.implicit) return { machine: displayName(t.engine.scenario), rule: v.rule, step: at.step.name };
  }
  return undefined;
}

function keysOf(j: ReadonlyMap<string, Verdict>, severity: Severity): string[] {
  const out: string[] = [];
  for (const [k, v] of j) if (v.severity === severity) out.push(k);
  return out;
}

/**
 * Whether a finding is there with a severity at least `severity` (error above
 * warning above info): one the other order has only as a warning is new as an
 * error (break-290 F5).
 */
function atLeast(v: Verdict | undefined, severity: Severity): boolean {
  const rank = (s: Severity): number => (s === 'error' ? 2 : s === 'warning' ? 1 : 0);
  return v !== undefined && rank(v.severity) >= rank(severity);
}

/** Whether a verdict names both calls, as culprit or related (by call name: an occurrence is not part of a finding's identity). */
function namesBoth(v: Verdict, a: string, b: string): boolean {
  const calls = [v.step, ...v.related.filter((r) => r.example !== true).map((r) => r.step)].filter((s) => !s.implicit).map((s) => s.name);
  return calls.includes(a) && calls.includes(b);
}

/**
 * The findings of one severity that tell two neighbouring orders apart, as
 * edges: `added` (only in `after`, where `call` comes after `other`: they give
 * "call before other") and `removed` (only in `before`: "other before call").
 * Only findings the kernel reaches count (reachedOf). When both sides have some, both orders are broken there, and a finding
 * counts only when it names both calls and its rule is not among the other
 * side's own findings (of any severity): the same rule there under another
 * culprit or severity is one hazard that bites in another place (on Xen PAE,
 * dmi_scan_machine just after early_ioremap_init straddles the bm_pte PMD
 * that, just before it, is early_ioremap_init's latent warning).
 * @returns the counted keys of each side, in rule order, and whether the
 *   sides differ at all in this severity
 */
function pairDifference(before: Judgement, after: Judgement, own: Judgement, severity: Severity, call: string, other: string): { added: string[]; removed: string[]; differ: boolean } {
  const b = reachedOf(before, own);
  const a = reachedOf(after, own);
  // by identity and severity: a finding one side has as a warning and the other as an error tells them apart in errors
  // (break-290 F5: a move that turns the order's own harmless warning into an error adds an error)
  const added = keysOf(a, severity).filter((key) => !atLeast(b.get(key), severity));
  const removed = keysOf(b, severity).filter((key) => !atLeast(a.get(key), severity));
  const differ = added.length > 0 || removed.length > 0;
  if (added.length === 0 || removed.length === 0) return { added, removed, differ };
  const ownRules = (j: ReadonlyMap<string, Verdict>, o: ReadonlyMap<string, Verdict>): Set<string> => new Set([...j].filter(([key]) => !o.has(key)).map(([, v]) => v.rule));
  const about = (j: ReadonlyMap<string, Verdict>, otherSide: Set<string>) => (key: string): boolean => {
    const v = j.get(key) as Verdict;
    return namesBoth(v, call, other) && !otherSide.has(v.rule);
  };
  return { added: added.filter(about(a, ownRules(b, a))), removed: removed.filter(about(b, ownRules(a, b))), differ };
}

/**
 * How well a finding of judgement `j` explains the edge `before` → `after`,
 * lower is better: an error before a warning (an error edge's example is an
 * error); then, at the step where a finding halts the kernel, the halting
 * finding before the step's others (the model does not know which of a
 * step's effects come before the halt: arm64 v4.6's paging_init panics in
 * early_pgtable_alloc() before the linear-map writes of the same step); then
 * one whose culprit is one of the edge's own calls (the edge's relative order
 * is what breaks there; among these, the first seen); else the earliest
 * culprit step. Every finding noted is one the kernel reaches (pairDifference).
 */
function exampleRank(v: Verdict, j: Judgement, before: string, after: string): number {
  const own = [before, after].map((n) => n.replace(/#\d+$/, ''));
  const severity = v.severity === 'error' ? 0 : 1;
  let besideHalt = 0;
  for (const w of j.findings.values()) {
    const at = haltPoint(w);
    if (at !== undefined && v.halts !== true && haltPosition(at) === v.step.index) besideHalt = 1;
  }
  const atOwn = own.includes(v.step.name) ? 0 : 1;
  return (severity * 4 + besideHalt * 2 + atOwn) * 1e6 + (atOwn === 0 ? 0 : v.step.index);
}

/** "call", or "call#N" for the N-th occurrence of a call the order has more than once. */
function nodeNames(order: readonly Step[]): string[] {
  const seen = new Map<string, number>();
  return order.map((s) => {
    const n = (seen.get(s.call) ?? 0) + 1;
    seen.set(s.call, n);
    return n === 1 ? s.call : `${s.call}#${n}`;
  });
}

/**
 * The work `constraints(all)` will plan, from the machines' own orders
 * (replayed when their tables were built): for a command to bound all its
 * groups together before it answers any (judge.ts checkCommandBudget).
 * @throws BudgetError when the group alone is over the limits, UnsupportedError as constraints
 */
export function constraintsWork(all: readonly MoveTable[]): PlannedWork {
  return checkedPlan(supportedOnly(all, (t) => t.engine).supported.filter((t) => haltsBeforeSetupArch(t) === undefined)).work;
}

/** @throws BudgetError when the group alone is over the limits (judge.ts checkBudget) */
function checkedPlan(tables: readonly MoveTable[]): ReturnType<typeof planOf> {
  const plan = planOf(tables);
  checkBudget(
    plan.work.replays, plan.work.steps, `constraints over ${machinesText(tables.map((t) => t.engine.scenario))}`,
    tables.length === 1 ? 'shorten the order' : 'use fewer machines',
    plan.work.findings, plan.work.events,
  );
  return plan;
}

/** The calls of the machines' orders (first seen first), those with an effect, and the work of moving each of those everywhere. */
function planOf(tables: readonly MoveTable[]): { names: string[]; effectful: Set<string>; work: PlannedWork } {
  const names: string[] = [];
  const effectful = new Set<string>();
  for (const table of tables) {
    const order = table.engine.base;
    for (const [i, node] of nodeNames(order).entries()) {
      if (!names.includes(node)) names.push(node);
      if (table.engine.hasEffect((order[i] as Step).call)) effectful.add(node);
    }
  }
  const longest = Math.max(0, ...tables.map((t) => t.engine.base.length));
  const moved = (t: MoveTable): number => t.engine.base.length * nodeNames(t.engine.base).filter((c) => effectful.has(c)).length;
  return {
    names, effectful,
    work: {
      replays: tables.reduce((n, t) => n + moved(t), 0), steps: longest,
      findings: tables.reduce((n, t) => n + moved(t) * (t.own.findings.size + 1), 0),
      events: tables.reduce((n, t) => n + moved(t) * (t.engine.ownEventCount + t.own.findings.size), 0),
    },
  };
}

/**
 * @throws BudgetError when the single-move tables would replay more than MAX_PLANNED_STEPS steps or keep more than MAX_KEPT_FINDINGS findings
 * @throws UnsupportedError when the kernel can build or run none of the machines
 */
export function constraints(all: readonly MoveTable[]): ConstraintsReport {
  const { supported, unsupported } = supportedOnly(all, (t) => t.engine);
  // a kernel that halts before setup_arch() reaches no finding of any order of its calls: no edge to derive (as suggest's "no call can touch it")
  const halted: HaltedMachine[] = [];
  const tables = supported.filter((t) => {
    const h = haltsBeforeSetupArch(t);
    if (h !== undefined) halted.push(h);
    return h === undefined;
  });
  const replaysBefore = tables.reduce((n, t) => n + t.engine.replays, 0);
  const evidence = new Map<string, Evidence>();
  const note = (before: string, after: string, j: Judgement, key: string, table: MoveTable, from: number, slot: number): void => {
    const v = j.findings.get(key);
    // info is what the replay could not model: it constrains no order
    if (v === undefined || v.severity === 'info' || before === after) return;
    const id = `${before}\u0000${after}`;
    let e = evidence.get(id);
    if (e === undefined) {
      e = { labels: new Map(), example: { table, order: table.orderAt(from, slot), judgement: j, key } };
      evidence.set(id, e);
    }
    // one label per rule and kind of breakage: the severity is the machine's own
    const harmless = v.severity === 'warning' && v.harmless === true;
    const labelId = `${v.rule}\u0000${v.severity}\u0000${harmless ? 'h' : ''}`;
    const name = displayName(table.engine.scenario);
    const l = e.labels.get(labelId) ?? { severity: v.severity, harmless, machines: [] };
    if (!l.machines.includes(name)) l.machines.push(name);
    e.labels.set(labelId, l);
    // the example: the best-ranked finding seen (exampleRank)
    if (e.example !== undefined) {
      const ex = e.example.judgement.findings.get(e.example.key);
      if (ex === undefined || exampleRank(v, j, before, after) < exampleRank(ex, e.example.judgement, before, after)) e.example = { table, order: table.orderAt(from, slot), judgement: j, key };
    }
  };
  const { names, effectful } = checkedPlan(tables);
  for (const table of tables) {
    const order = table.engine.base;
    const nodes = nodeNames(order);
    for (const [from, call] of nodes.entries()) {
      if (!effectful.has(call) || !table.engine.hasEffect((order[from] as Step).call)) continue;
      const slots = table.slots(from);
      const rest = restOf(nodes, from);
      const restSteps = restOf(order, from);
      const own = (order[from] as Step).call;
      // Slots k and k + 1 differ only in whether the call comes before rest[k]
      // or after it: a finding on one side only is caused by that relative
      // order, wherever the engine tried it (not only at the edges of the
      // call's own window). Findings on both sides are not about these two.
      for (let k = 0; k + 1 < slots.length; k++) {
        const y = rest[k] as string;
        if (!effectful.has(y)) continue;
        const before = slots[k] as Judgement; // call before y
        const after = slots[k + 1] as Judgement; // call after y
        const other = (restSteps[k] as Step).call;
        for (const severity of ['error', 'warning'] as const) {
          const { added, removed, differ } = pairDifference(before, after, table.own, severity, own, other);
          for (const key of added) note(call, y, after, key, table, from, k + 1);
          for (const key of removed) note(y, call, before, key, table, from, k);
          if (differ) break; // warnings count only between orders with the same errors
        }
      }
    }
  }
  const calls = names.filter((n) => effectful.has(n));
  const rank = new Map(calls.map((c, i) => [c, i]));
  const severityRank = (l: { severity: Severity; harmless: boolean }): number => (l.severity === 'error' ? 0 : l.harmless ? 2 : 1);
  const raw = [...evidence.entries()].map(([id, e]) => {
    const [before = '', after = ''] = id.split('\u0000');
    const labels = [...e.labels.entries()].map(([labelId, l]) => ({ rule: labelId.split('\u0000')[0] ?? '', ...l }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : severityRank(a) - severityRank(b)));
    return { before, after, labels, kind: labels.some((l) => l.severity === 'error') ? 'error' as const : 'latent' as const, e };
  }).sort((a, b) => (rank.get(a.before) ?? 0) - (rank.get(b.before) ?? 0) || (rank.get(a.after) ?? 0) - (rank.get(b.after) ?? 0));
  const checked = checkByReplay(raw, tables);
  // reduced over every checked edge, the phase ones too: an edge a path through them implies is implied by the phase note
  const kept = reduce(checked);
  const every: Edge[] = checked.map((r, i) => ({
    before: r.before, after: r.after, labels: r.labels, kind: r.kind, reduced: kept[i] === true, example: exampleOf(r.example),
  }));
  const phaseOf = phaseLookup(tables);
  const folded = every.map((e) => phasePair(e, phaseOf));
  const edges = every.filter((_, i) => folded[i] === undefined);
  const machines = tables.map((t) => displayName(t.engine.scenario));
  const phases = phaseNotes(every, folded, machines);
  const replays = tables.reduce((n, t) => n + t.engine.replays, 0) - replaysBefore;
  // inert calls by name: every occurrence of a call is inert alike
  const inert = [...new Set(names.filter((n) => !effectful.has(n)).map((n) => n.replace(/#\d+$/, '')))];
  const file = oneFileOf(tables.map((t) => t.engine.scenario));
  return { machines, ...(file !== undefined ? { file } : {}), unsupported, halted, calls, inert, edges, phases, replays };
}

/** The phase of a node (call or call#N), as the plug-in of the first machine whose order has the call says (ArchPlugin.callPhase). */
function phaseLookup(tables: readonly MoveTable[]): (node: string) => CallPhase | undefined {
  return (node) => {
    const call = node.replace(/#\d+$/, '');
    const t = tables.find((x) => x.engine.base.some((s) => s.call === call));
    return t?.engine.plugin.callPhase(call);
  };
}

/**
 * The pair of phases an edge only restates: every label of it is the
 * phase-order rule's, and its calls run in phases of different ranks, the
 * earlier first. Undefined for any other edge (one with another rule too,
 * as arm64's "paging_init before mark_rodata_ro" with bbm-violation, stays
 * an edge).
 */
function phasePair(e: Edge, phaseOf: (node: string) => CallPhase | undefined): readonly [CallPhase, CallPhase] | undefined {
  if (!e.labels.every((l) => l.rule === PHASE_ORDER_ID)) return undefined;
  const a = phaseOf(e.before);
  const b = phaseOf(e.after);
  return a !== undefined && b !== undefined && a.rank < b.rank ? [a, b] : undefined;
}

/** One note per pair of phases, from the edges folded into it; pairs by the ranks of their phases, machines in `machines`' order. */
function phaseNotes(edges: readonly Edge[], folded: readonly (readonly [CallPhase, CallPhase] | undefined)[], machines: readonly string[]): PhaseNote[] {
  const notes = new Map<string, { ranks: [number, number]; note: { before: string; after: string; kind: 'error' | 'latent'; machines: string[]; edges: Edge[]; example: string } }>();
  edges.forEach((e, i) => {
    const pair = folded[i];
    if (pair === undefined) return;
    const [a, b] = pair;
    const id = `${a.rank}\u0000${b.rank}`;
    let n = notes.get(id);
    if (n === undefined) {
      n = { ranks: [a.rank, b.rank], note: { before: a.name, after: b.name, kind: e.kind, machines: [], edges: [], example: e.example } };
      notes.set(id, n);
    }
    const note = n.note;
    if (e.kind === 'error' && note.kind === 'latent') {
      note.kind = 'error';
      note.example = e.example;
    }
    if (note.example === '') note.example = e.example;
    for (const m of e.labels.flatMap((l) => l.machines)) if (!note.machines.includes(m)) note.machines.push(m);
    note.edges.push(e);
  });
  return [...notes.values()].sort((x, y) => x.ranks[0] - y.ranks[0] || x.ranks[1] - y.ranks[1])
    .map((n) => ({ ...n.note, machines: machines.filter((m) => n.note.machines.includes(m)) }));
}

type Candidate = { before: string; after: string; labels: EdgeLabel[]; kind: 'error' | 'latent'; e: Evidence };

/**
 * Whether a finding breaks an edge as its label says: an error for an error
 * label; an error or a warning for a latent one.
 */
function meets(v: Verdict, l: EdgeLabel): boolean {
  return v.rule === l.rule && (l.severity === 'error' ? v.severity === 'error' : v.severity !== 'info');
}

/** A machine's order as node names, and where each node is. */
interface Placed {
  readonly table: MoveTable;
  readonly nodes: readonly string[];
  readonly at: ReadonlyMap<string, number>;
  /** the reached findings of the order itself */
  readonly own: ReadonlyMap<string, Verdict>;
}

function placed(t: MoveTable): Placed {
  const nodes = nodeNames(t.engine.base);
  return { table: t, nodes, at: new Map(nodes.map((n, i) => [n, i])), own: reachedOf(t.own, t.own) };
}

/** Whether a judged order has a finding the kernel reaches that meets the label and the machine's own order lacks. */
function bites(p: Placed, j: Judgement, l: EdgeLabel): string | undefined {
  for (const [key, v] of reachedOf(j, p.table.own)) if (meets(v, l) && !atLeast(p.own.get(key), v.severity)) return key;
  return undefined;
}

/** The node names of the order with the node at `from` moved to `slot` of the rest (MoveTable.orderAt). */
function movedNodes(p: Placed, from: number, slot: number): Map<string, number> {
  return new Map(moveTo(p.nodes, from, slot).map((n, i) => [n, i]));
}

/**
 * Whether "a before b" holds on a machine for one label, by replay (see
 * checkByReplay). `others`: the machine's other edges its own order keeps,
 * which a violation of this edge alone must keep too.
 * @returns the order and key of a finding that breaks it, to quote, and when the machine's own order breaks
 *   it, the keys of its findings that a move fixes; undefined when it does not hold
 */
function holdsOn(p: Placed, a: string, b: string, l: EdgeLabel, others: readonly (readonly [string, string])[]): { quote: Example; fixes?: readonly string[] } | undefined {
  const t = p.table;
  const ia = p.at.get(a);
  const ib = p.at.get(b);
  if (ia === undefined || ib === undefined) return undefined;
  if (ia > ib) {
    // the order itself breaks the edge (the scenario's bug): it must have the finding, and some single
    // move that puts a before b must lose it without a new error (an order fix exists); else the finding
    // is one no order of these calls avoids (riscv 5.12 with a full memblock.reserved: paging_init's
    // memblock_double_array() writes the linear map in any order) and "b before a" is the kernel's order
    const keys = [...p.own].filter(([, v]) => meets(v, l)).map(([key]) => key);
    const [key] = keys;
    if (key === undefined) return undefined;
    const moves: [number, number][] = [];
    for (let k = 0; k <= ib; k++) moves.push([ia, k]);
    for (let k = ia; k < p.nodes.length; k++) moves.push([ib, k]);
    let fixed: string[] | undefined;
    for (const [from, slot] of moves) {
      const j = reachedOf(t.slots(from)[slot] as Judgement, t.own);
      const lost = keys.filter((k) => !j.has(k));
      if (lost.length > 0 && ![...j].some(([k, v]) => v.severity === 'error' && !p.own.has(k))) fixed = [...new Set([...(fixed ?? []), ...lost])];
    }
    return fixed === undefined ? undefined : { quote: { table: t, order: t.engine.base, judgement: t.own, key }, fixes: fixed };
  }
  // b just before a, and a just after b: the nearest violations (one order when they are neighbours).
  // A violation without the finding but with another new finding breaks some other constraint too (one
  // no edge here may name: 2.6.28 VMI, ioapic_init_mappings before vmi_init has no IO-APIC to map yet,
  // a missing-prerequisite warning): it neither confirms nor refutes; one without any new finding refutes.
  const newFinding = (j: Judgement): boolean => [...reachedOf(j, t.own).keys()].some((k) => !p.own.has(k));
  let quote: Example | undefined;
  for (const order of [t.orderAt(ib, ia), t.orderAt(ia, ib)]) {
    const j = t.judgeOrder(order);
    const key = bites(p, j, l);
    if (key === undefined && !newFinding(j)) return undefined;
    if (key !== undefined) quote ??= { table: t, order, judgement: j, key };
  }
  if (quote === undefined) return undefined;
  // every other single move that breaks this edge and no other edge of the machine: a further a or an earlier b
  const keeps = (at: ReadonlyMap<string, number>): boolean => others.every(([x, y]) => (at.get(x) ?? 0) < (at.get(y) ?? 0));
  const moves: [number, number][] = [];
  for (let k = ib + 1; k < p.nodes.length; k++) moves.push([ia, k]);
  for (let k = 0; k < ia; k++) moves.push([ib, k]);
  for (const [from, slot] of moves) {
    if (!keeps(movedNodes(p, from, slot))) continue;
    const j = t.slots(from)[slot] as Judgement;
    if (bites(p, j, l) === undefined && !newFinding(j)) return undefined;
  }
  return { quote };
}

/**
 * Each candidate edge checked by replay, per label and machine. "A before B"
 * holds on a machine when one of B just before A and A just after B has a
 * finding the kernel reaches that meets the label and the machine's own
 * order lacks, and no order that breaks it and, of the machine's edges its
 * own order keeps, no other (those two, and every other single move of A
 * after B or of B before A that keeps those edges) is without any new
 * finding (an order with another new finding breaks a constraint the edge
 * does not name, and decides nothing). When the machine's own order has
 * B first (the scenario's bug), it must have such a finding, and some single
 * move of A before B or of B after A must lose one without a new error. The edges are checked
 * again until none changes: an edge found false no longer makes an order
 * "break another edge". A label keeps the machines where it holds, an edge
 * the labels that keep one.
 *
 * Why the pair table alone is not enough: two neighbouring positions of a
 * call X differ in where X is against the call Y it passes, but a finding
 * on one side only can be caused by X's place against a third call Z given
 * what Y does (riscv 5.10, unflatten_device_tree moved before paging_init:
 * just before parse_dtb, parse_dtb sets initial_boot_params back to
 * dtb_early_va and efi_init reads through it; just after, efi_init reads the
 * linear map under early_pg_dir: "unflatten_device_tree before parse_dtb",
 * though the kernel order has parse_dtb first, and the cause is
 * unflatten_device_tree before paging_init). And a constraint with two ways
 * out (a DTB reader through initial_boot_params goes before paging_init,
 * while it is dtb_early_va, or after unflatten_device_tree, which sets it to
 * __va(dtb_early_pa): ejga2001/linux-5.10.7@d71d8a767497
 * drivers/firmware/efi/efi-init.c efi_init() → efi_get_fdt_params(),
 * drivers/of/fdt.c unflatten_device_tree() → early_init_dt_verify()) gave
 * both halves, "efi_init before unflatten_device_tree" and its reverse: a
 * cycle no order satisfies. Each half has a violation without the error
 * (efi_init after unflatten_device_tree is fine), so neither is kept; the
 * side the order is on ("efi_init before paging_init") is, as long as no
 * order that keeps everything else avoids it.
 */
function checkByReplay(raw: readonly Candidate[], tables: readonly MoveTable[]): { before: string; after: string; labels: EdgeLabel[]; kind: 'error' | 'latent'; example: Example | undefined }[] {
  const byName = new Map<string, Placed>();
  for (const t of tables) if (!byName.has(displayName(t.engine.scenario))) byName.set(displayName(t.engine.scenario), placed(t));
  // labels[i][l]: the machines where label l of candidate i holds so far; the quotes of the last round
  let held = raw.map((r) => r.labels.map((l) => l.machines));
  let quotes: (Example | undefined)[] = raw.map(() => undefined);
  // per candidate: machine → the keys of its own findings a move fixes, where its own order breaks the edge
  let fixes: Map<string, readonly string[]>[] = raw.map(() => new Map());
  for (let round = 0; round < 8; round++) {
    const edgesOf = new Map<string, [string, string][]>();
    raw.forEach((r, i) => {
      for (const m of new Set((held[i] ?? []).flat())) {
        const p = byName.get(m);
        if (p === undefined || (p.at.get(r.before) ?? 0) > (p.at.get(r.after) ?? 0)) continue;
        const list = edgesOf.get(m) ?? [];
        list.push([r.before, r.after]);
        edgesOf.set(m, list);
      }
    });
    let changed = false;
    quotes = raw.map(() => undefined);
    fixes = raw.map(() => new Map());
    held = raw.map((r, i) => r.labels.map((l, li) => ((held[i] ?? [])[li] ?? []).filter((m) => {
      const p = byName.get(m);
      const others = (edgesOf.get(m) ?? []).filter(([x, y]) => x !== r.before || y !== r.after);
      const q = p === undefined ? undefined : holdsOn(p, r.before, r.after, { ...l, machines: [m] }, others);
      if (q === undefined) changed = true;
      else {
        quotes[i] ??= q.quote;
        if (q.fixes !== undefined) (fixes[i] as Map<string, readonly string[]>).set(m, [...(fixes[i]?.get(m) ?? []), ...q.fixes]);
      }
      return q !== undefined;
    })));
    if (!changed) break;
  }
  const out: { before: string; after: string; labels: EdgeLabel[]; kind: 'error' | 'latent'; example: Example | undefined }[] = [];
  const kept = acyclic(raw, held, fixes);
  raw.forEach((r, i) => {
    if (kept[i] !== true) return;
    const labels = r.labels.map((l, li) => ({ ...l, machines: (held[i] ?? [])[li] ?? [] })).filter((l) => l.machines.length > 0);
    const ex = r.e.example;
    const exFinding = ex?.judgement.findings.get(ex.key);
    const exHolds = ex !== undefined && exFinding !== undefined
      && labels.some((l) => meets(exFinding, l) && l.machines.includes(displayName(ex.table.engine.scenario)));
    out.push({ before: r.before, after: r.after, labels, kind: labels.some((l) => l.severity === 'error') ? 'error' : 'latent', example: exHolds ? ex : quotes[i] });
  });
  return out;
}

/**
 * Which checked candidates are edges, so that the graph has no cycle: those
 * some machine's own order keeps first (one order keeps them all, so they
 * have none among themselves, when the machines share an order), in
 * candidate order, each unless it closes a cycle; then those only the
 * orders' bugs break, each unless every finding it fixes is fixed by one
 * kept already, or it closes a cycle. A bug with several ways out (2.6.27.6
 * on VMI: dmi_scan_machine between vmi_init and init_memory_mapping, after
 * early_ioremap_init: vmi_init before early_ioremap_init, dmi_scan_machine
 * before vmi_init, or dmi_scan_machine after init_memory_mapping) gave each
 * way as an edge, and with early_ioremap_init before dmi_scan_machine two of
 * them made a cycle: one way is kept, the first that closes none.
 */
function acyclic(raw: readonly Candidate[], held: readonly (readonly (readonly string[])[])[], fixes: readonly ReadonlyMap<string, readonly string[]>[]): boolean[] {
  const kept = raw.map(() => false);
  const next = new Map<string, Set<string>>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const u = queue.shift() as string;
      if (u === to) return true;
      for (const v of next.get(u) ?? []) if (!seen.has(v)) { seen.add(v); queue.push(v); }
    }
    return false;
  };
  const add = (i: number): void => {
    const r = raw[i] as Candidate;
    kept[i] = true;
    next.set(r.before, (next.get(r.before) ?? new Set()).add(r.after));
  };
  const machinesOf = (i: number): string[] => [...new Set((held[i] ?? []).flat())];
  // an edge some machine's order keeps: every machine where it holds has no fix for it
  const bug = (i: number): boolean => machinesOf(i).every((m) => fixes[i]?.has(m) === true);
  raw.forEach((r, i) => {
    if (machinesOf(i).length > 0 && !bug(i) && !reaches(r.after, r.before)) add(i);
  });
  const covered = new Set<string>();
  raw.forEach((r, i) => {
    if (machinesOf(i).length === 0 || !bug(i)) return;
    const keys = machinesOf(i).flatMap((m) => (fixes[i]?.get(m) ?? []).map((k) => `${m}\u0000${k}`));
    if (keys.every((k) => covered.has(k)) || reaches(r.after, r.before)) return;
    add(i);
    for (const k of keys) covered.add(k);
  });
  return kept;
}

function exampleOf(ex: Example | undefined): string {
  if (ex === undefined) return '';
  const { findings } = ex.table.engine.findings(ex.order);
  const f = findings[findingKeys(findings).indexOf(ex.key)];
  return f?.message ?? '';
}

/**
 * Greedy transitive reduction: an edge goes when another path joins its ends
 * through edges at least as strong (an error edge is not explained away by
 * latent ones). Edges are visited in order, each test on the graph as it is
 * then, so a cycle never loses its last edge.
 */
function reduce(edges: readonly { before: string; after: string; kind: 'error' | 'latent' }[]): boolean[] {
  const alive = edges.map(() => true);
  const strength = (k: 'error' | 'latent'): number => (k === 'error' ? 2 : 1);
  edges.forEach((edge, i) => {
    const min = strength(edge.kind);
    const seen = new Set<string>([edge.before]);
    const queue = [edge.before];
    let found = false;
    while (queue.length > 0 && !found) {
      const u = queue.shift() as string;
      edges.forEach((f, j) => {
        if (found || j === i || !alive[j] || f.before !== u || strength(f.kind) < min) return;
        if (f.after === edge.after && u !== edge.before) found = true;
        else if (!seen.has(f.after) && f.after !== edge.after) { seen.add(f.after); queue.push(f.after); }
      });
    }
    if (found) alive[i] = false;
  });
  return alive;
}
