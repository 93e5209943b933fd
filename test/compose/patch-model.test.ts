/**
 * `patch:` through the real loader against a model built on applyEdits (the
 * plain applier that copies and scans the order per edit): random patches of
 * a random order, large ones included (2,000 calls, 2,048 edits, as in
 * break-216 F2), compose to the same calls, each pointing at the same line
 * (the base's, or the patch item that put it there), and a patch with bad
 * edits is refused at exactly the items the model refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';
import { applyEdits, callRefText, type CallRef, type OrderEdit, type Placement } from '../../src/scenario/order-edit.js';
import type { InputProblem } from '../../src/scenario/problems.js';
import { prng } from '../prng.js';
import { compose, one } from './helpers.js';

/** A step of the model: its call, and the file and line it points at. */
interface Step {
  readonly call: string;
  readonly at: string;
}

/** A base of `names` define:d calls c0 … and an order of `length` of them; and its steps as the model sees them. */
function baseOf(names: number, length: number, pick: (i: number) => number): { text: string; steps: Step[] } {
  const calls = Array.from({ length }, (_, i) => `c${pick(i) % names}`);
  const defines = Array.from({ length: names }, (_, k) => `  c${k}: {doc: x, none: true}\n`).join('');
  const text = `kernel: 2.6.27-rc1\ndefine:\n${defines}setup_arch:\n${calls.map((c) => `  - ${c}\n`).join('')}`;
  // kernel:, define:, the defines, setup_arch:, then the calls
  return { text, steps: calls.map((call, i) => ({ call, at: `d/base.yaml:${names + 4 + i}` })) };
}

/** One line of `patch:`, as a flow mapping. */
function itemText(e: OrderEdit): string {
  switch (e.op) {
    case 'move': return `  - {move: ${callRefText(e.call)}, ${e.where}: ${callRefText(e.anchor)}}\n`;
    case 'insert': return `  - {insert: ${e.call}, ${e.where}: ${callRefText(e.anchor)}}\n`;
    case 'remove': return `  - {remove: ${callRefText(e.call)}}\n`;
    case 'replace': return `  - {replace: ${callRefText(e.call)}, with: ${e.with}}\n`;
  }
}

/**
 * What `patch:` makes of the edits, by applyEdits one edit at a time: the
 * steps, and the lines of the items it refuses (a reference to no call, a
 * move next to itself or one that leaves the names as they were, replace X
 * with X, removing the last call, which also ends the patch). A refused item
 * whose missing reference the refused inserts/replaces before it would supply
 * is refused without a problem (`reported` leaves it out: break-251 F6).
 */
function model(start: readonly Step[], edits: readonly OrderEdit[]): { steps: Step[]; refused: number[]; reported: number[] } {
  let steps = [...start];
  const refused: number[] = [];
  const reported: number[] = [];
  const pending = new Map<string, number>();
  const refuse = (line: number, e: OrderEdit, held: boolean): void => {
    refused.push(line);
    if (!held) reported.push(line);
    const added = e.op === 'insert' ? e.call : e.op === 'replace' ? e.with : undefined;
    if (added !== undefined) pending.set(added, (pending.get(added) ?? 0) + 1);
  };
  // the first reference the order lacks, in resolveEdit's order (the call, then the anchor)
  const missing = (e: OrderEdit): CallRef | undefined => {
    const refs = e.op === 'move' ? [e.call, e.anchor] : e.op === 'insert' ? [e.anchor] : [e.call];
    return refs.find((c) => steps.filter((s) => s.call === c.name).length < c.occurrence);
  };
  for (const [i, e] of edits.entries()) {
    // extends:, patch:, then one item a line
    const line = 3 + i;
    const at = `:${line}`;
    const self = (e.op === 'move' && e.call.name === e.anchor.name && e.call.occurrence === e.anchor.occurrence) || (e.op === 'replace' && e.call.name === e.with);
    const r = applyEdits(steps, [e], (s) => s.call, (call) => ({ call, at }));
    const same = r.ok && r.order.length === steps.length && r.order.every((s, k) => s.call === steps[k]?.call);
    if (self || !r.ok || (e.op === 'move' && same)) {
      const lacked = self || r.ok ? undefined : missing(e);
      const held = lacked !== undefined && lacked.occurrence <= steps.filter((s) => s.call === lacked.name).length + (pending.get(lacked.name) ?? 0);
      refuse(line, e, held);
      continue;
    }
    if (r.order.length === 0) {
      refuse(line, e, false);
      break;
    }
    // a moved call points at the item that moved it
    const moved = e.op === 'move' ? movedStep(steps, e) : undefined;
    steps = r.order.map((s) => (s === moved ? { ...s, at } : s));
  }
  return { steps, refused, reported };
}

/** The step a move takes (its call reference in the order before the move). */
function movedStep(steps: readonly Step[], e: Extract<OrderEdit, { op: 'move' }>): Step | undefined {
  let seen = 0;
  return steps.find((s) => s.call === e.call.name && ++seen === e.call.occurrence);
}

/** Random edits over `names` names: references up to #3, so many name no call. */
function randomEdits(rand: () => number, names: number, count: number): OrderEdit[] {
  const int = (n: number): number => Math.floor(rand() * n);
  const ref = (): CallRef => ({ name: `c${int(names)}`, occurrence: 1 + int(3) });
  return Array.from({ length: count }, (): OrderEdit => {
    const where: Placement = rand() < 0.5 ? 'before' : 'after';
    switch (int(4)) {
      case 0: return { op: 'move', call: ref(), where, anchor: ref() };
      case 1: return { op: 'insert', call: `c${int(names)}`, where, anchor: ref() };
      case 2: return { op: 'remove', call: ref() };
      default: return { op: 'replace', call: ref(), with: `c${int(names)}` };
    }
  });
}

/** Only the edits the model applies, each checked against the order the previous ones left. */
function validEdits(start: readonly Step[], edits: readonly OrderEdit[]): OrderEdit[] {
  const kept: OrderEdit[] = [];
  for (const e of edits) if (model(start, [...kept, e]).refused.length === 0) kept.push(e);
  return kept;
}

function files(base: string, edits: readonly OrderEdit[]): Record<string, string> {
  return { 'd/base.yaml': base, 'd/s.yaml': `extends: base.yaml\npatch:${edits.length === 0 ? ' []' : ''}\n${edits.map(itemText).join('')}` };
}

const MAX_PROBLEMS = DEFAULT_LIMITS.maxProblems;

/** file:line of each problem, up to max-problems (then the loader counts the rest) */
const lines = (problems: readonly InputProblem[]): string[] => problems.slice(0, MAX_PROBLEMS).map((p) => `${p.file}:${p.line ?? '-'}`);

const where = (steps: readonly { readonly call: string; readonly pos: { readonly file?: string | undefined; readonly line: number } }[]): string[] =>
  steps.map((s) => `${s.call}@${s.pos.file ?? ''}:${s.pos.line}`);

describe('patch: against applyEdits', () => {
  const cases = fc.record({ seed: fc.nat(), names: fc.integer({ min: 1, max: 8 }), length: fc.integer({ min: 1, max: 120 }), count: fc.integer({ min: 1, max: 120 }) });

  it('random patches that apply compose to the model\'s steps and lines', () => {
    fc.assert(fc.property(cases, ({ seed, names, length, count }) => {
      const rand = prng(seed);
      const base = baseOf(names, length, () => Math.floor(rand() * names));
      const edits = validEdits(base.steps, randomEdits(rand, names, count));
      expect(where(one(files(base.text, edits)).steps)).toEqual(model(base.steps, edits).steps.map((s) => `${s.call}@${s.at}`));
    }), { numRuns: 25 });
  });

  it('random patches with bad edits are refused at the items the model refuses', () => {
    fc.assert(fc.property(cases, ({ seed, names, length, count }) => {
      const rand = prng(seed);
      const base = baseOf(names, length, () => Math.floor(rand() * names));
      const edits = randomEdits(rand, names, count);
      const { refused, reported } = model(base.steps, edits);
      const r = compose(files(base.text, edits));
      if (refused.length === 0) {
        expect(r.ok).toBe(true);
        return;
      }
      expect(r.ok).toBe(false);
      if (!r.ok) expect(lines(r.problems)).toEqual(reported.slice(0, MAX_PROBLEMS).map((line) => `d/s.yaml:${line}`));
    }), { numRuns: 25 });
  });

  it('2,048 edits of a 2,000-call order (break-216 F2) compose as the model says', () => {
    const rand = prng(2216);
    const base = baseOf(1000, 2000, (i) => i);
    const edits = randomEdits(rand, 1000, 2048).map((e): OrderEdit => {
      // references the base has (two calls of each name), so that most edits apply
      const fix = (c: CallRef): CallRef => ({ ...c, occurrence: 1 + (c.occurrence % 2) });
      switch (e.op) {
        case 'move': return { ...e, call: fix(e.call), anchor: fix(e.anchor) };
        case 'insert': return { ...e, anchor: fix(e.anchor) };
        default: return { ...e, call: fix(e.call) };
      }
    });
    const { steps, refused, reported } = model(base.steps, edits);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(1024);
    // the base and the patch together are past max-tokens for a chain (one budget for a file and its bases): the
    // applier is what this checks, so the budget is raised
    const roomy = { ...DEFAULT_LIMITS, maxTokens: 2 ** 20 };
    const r = compose(files(base.text, edits), 'd/s.yaml', roomy);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(lines(r.problems)).toEqual(reported.slice(0, MAX_PROBLEMS).map((line) => `d/s.yaml:${line}`));
    // without the refused items, the same order and lines (each item one line up for every refused one before it)
    const kept = edits.filter((_, i) => !refused.includes(3 + i));
    const again = model(base.steps, kept);
    expect(again.refused).toEqual([]);
    expect(again.steps.map((s) => s.call)).toEqual(steps.map((s) => s.call));
    expect(where(one(files(base.text, kept), 'd/s.yaml', roomy).steps)).toEqual(again.steps.map((s) => `${s.call}@${s.at}`));
  });
});
