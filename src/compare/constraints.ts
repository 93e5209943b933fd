/**
 * `bootreplay constraints`: the ordering contract of a setup_arch() order,
 * derived by replay. Every call X with an effect is moved to every position
 * (the single-move table). Its window is the run of positions around its own
 * where no error depends on where it is (all windows when its own position
 * is an error). The calls that close the window give error edges: moving X
 * past Y makes an error appear, so "X must come before Y" (or Y before X),
 * labelled with the rules of those errors and the machines where they occur.
 * Inside the window, crossing a call that adds warnings on one side only gives
 * a latent edge (a hazard that does not bite in this order). Between two
 * orders that differ only by X and Y swapping, nothing else can cause the
 * difference. Calls without an effect on any machine (ArchPlugin.hasEffect)
 * are left out.
 *
 * The graph is also reduced transitively (an edge implied by a path of edges
 * at least as strong is dropped; greedy, so reachability is kept even with
 * cycles), which is what the pictures draw. Architecture-neutral.
 */
import { findingKey } from '../rules/identity.js';
import type { Severity } from '../rules/types.js';
import { displayName, type Step } from '../scenario/types.js';
import { checkBudget, errorKeys, type Judgement, type MoveTable } from './judge.js';
import { restOf } from './slot-text.js';

export interface EdgeLabel {
  readonly rule: string;
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
  /** the message of one finding that breaks it (the first seen) */
  readonly example: string;
}

export interface ConstraintsReport {
  readonly machines: readonly string[];
  /** calls with an effect on some machine, in the first machine's order */
  readonly calls: readonly string[];
  /** calls left out: no effect on any machine */
  readonly inert: readonly string[];
  readonly edges: readonly Edge[];
  readonly replays: number;
}

interface Evidence {
  labels: Map<string, { severity: Severity; harmless: boolean; machines: string[] }>;
  example: { table: MoveTable; from: number; slot: number; key: string } | undefined;
}

function intersect(sets: readonly (readonly string[])[]): Set<string> {
  const [head, ...rest] = sets;
  const out = new Set(head ?? []);
  for (const s of rest) for (const k of [...out]) if (!s.includes(k)) out.delete(k);
  return out;
}

/** The first position of each call name in an order (edges are between call names). */
function positionsByName(order: readonly Step[]): Map<string, number> {
  const m = new Map<string, number>();
  order.forEach((s, i) => { if (!m.has(s.call)) m.set(s.call, i); });
  return m;
}

export function constraints(tables: readonly MoveTable[]): ConstraintsReport {
  const replaysBefore = tables.reduce((n, t) => n + t.engine.replays, 0);
  const evidence = new Map<string, Evidence>();
  const note = (before: string, after: string, j: Judgement, key: string, table: MoveTable, from: number, slot: number): void => {
    const v = j.findings.get(key);
    if (v === undefined || before === after) return;
    const id = `${before}\u0000${after}`;
    let e = evidence.get(id);
    if (e === undefined) {
      e = { labels: new Map(), example: { table, from, slot, key } };
      evidence.set(id, e);
    }
    const name = displayName(table.engine.scenario);
    const l = e.labels.get(v.rule) ?? { severity: v.severity, harmless: v.harmless === true, machines: [] };
    if (v.severity === 'error') l.severity = 'error';
    l.harmless &&= v.harmless === true;
    if (!l.machines.includes(name)) l.machines.push(name);
    e.labels.set(v.rule, l);
  };
  const names: string[] = [];
  const effectful = new Set<string>();
  for (const table of tables) {
    const order = table.engine.base;
    for (const s of order) {
      if (!names.includes(s.call)) names.push(s.call);
      if (table.engine.hasEffect(s.call)) effectful.add(s.call);
    }
  }
  const longest = Math.max(0, ...tables.map((t) => t.engine.base.length));
  checkBudget(tables.reduce((n, t) => n + t.engine.base.length * t.engine.base.filter((s) => effectful.has(s.call)).length, 0), longest, `constraints over ${tables.length} machines`);
  for (const table of tables) {
    const order = table.engine.base;
    const at = positionsByName(order);
    for (const [call, from] of at) {
      if (!effectful.has(call) || !table.engine.hasEffect(call)) continue;
      const slots = table.slots(from);
      const rest = restOf(order, from);
      const n = slots.length;
      const every = intersect(slots.map(errorKeys));
      const ok = slots.map((j) => errorKeys(j).every((k) => every.has(k)));
      // the window the call is in (all windows when its own position is an error)
      const windows: [number, number][] = [];
      for (let lo = 0; lo < n; lo++) {
        if (!ok[lo]) continue;
        let hi = lo;
        while (hi + 1 < n && ok[hi + 1]) hi++;
        windows.push([lo, hi]);
        lo = hi;
      }
      const own = windows.filter(([lo, hi]) => from >= lo && from <= hi);
      for (const [lo, hi] of own.length > 0 ? own : windows) {
        // error edges: the calls that close the window
        if (lo > 0) {
          const y = rest[lo - 1] as Step;
          const j = slots[lo - 1] as Judgement;
          if (effectful.has(y.call)) for (const key of errorKeys(j)) if (!every.has(key)) note(y.call, call, j, key, table, from, lo - 1);
        }
        if (hi < n - 1) {
          const y = rest[hi] as Step;
          const j = slots[hi + 1] as Judgement;
          if (effectful.has(y.call)) for (const key of errorKeys(j)) if (!every.has(key)) note(call, y.call, j, key, table, from, hi + 1);
        }
        // latent edges: crossings inside the window that add a warning on one side only
        for (let k = lo; k < hi; k++) {
          const y = rest[k] as Step;
          if (!effectful.has(y.call)) continue;
          const before = slots[k] as Judgement; // call before y
          const after = slots[k + 1] as Judgement; // call after y
          const added = [...after.findings.keys()].filter((key) => !before.findings.has(key));
          const removed = [...before.findings.keys()].filter((key) => !after.findings.has(key));
          if (added.length > 0 && removed.length === 0) for (const key of added) note(call, y.call, after, key, table, from, k + 1);
          if (removed.length > 0 && added.length === 0) for (const key of removed) note(y.call, call, before, key, table, from, k);
        }
      }
    }
  }
  const calls = names.filter((n) => effectful.has(n));
  const rank = new Map(calls.map((c, i) => [c, i]));
  const raw = [...evidence.entries()].map(([id, e]) => {
    const [before = '', after = ''] = id.split('\u0000');
    const labels = [...e.labels.entries()].map(([rule, l]) => ({ rule, ...l })).sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    return { before, after, labels, kind: labels.some((l) => l.severity === 'error') ? 'error' as const : 'latent' as const, e };
  }).sort((a, b) => (rank.get(a.before) ?? 0) - (rank.get(b.before) ?? 0) || (rank.get(a.after) ?? 0) - (rank.get(b.after) ?? 0));
  const kept = reduce(raw);
  const edges: Edge[] = raw.map((r, i) => ({
    before: r.before, after: r.after, labels: r.labels, kind: r.kind, reduced: kept[i] === true, example: exampleOf(r.e),
  }));
  const replays = tables.reduce((n, t) => n + t.engine.replays, 0) - replaysBefore;
  return { machines: tables.map((t) => displayName(t.engine.scenario)), calls, inert: names.filter((n) => !effectful.has(n)), edges, replays };
}

function exampleOf(e: Evidence): string {
  const ex = e.example;
  if (ex === undefined) return '';
  const { trace, findings } = ex.table.engine.findings(ex.table.orderAt(ex.from, ex.slot));
  const f = findings.find((x) => findingKey(x, trace.steps) === ex.key);
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
