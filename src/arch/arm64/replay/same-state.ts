/**
 * Whether two arm64 model states are the same (ArchPlugin.sameState): the
 * many-replay engine's test that a reordered order has rejoined the
 * recorded one, so that the recorded events and final state can be reused.
 *
 * Exact, with table ids compared as they are, not up to a renaming. A table's
 * id is its place in TableSet.tables, and that place is observable: finish()
 * lists the tables in id order (FinalState.tables, which ptdump indexes by
 * Run.next), pte-write events carry the id (tableId), and the next table a
 * walk allocates gets the next id. Two states whose tables are the same up to
 * a permutation of ids therefore give different traces and must compare
 * unequal. (Their physical addresses differ too: memblock hands out pages
 * top-down in allocation order.) Only the StepRefs a state holds are compared
 * up to the renumbering, by the engine's sameStep.
 */
import type { StepRef } from '../../../replay/trace.js';
import { sameBtmap } from '../../early-ioremap.js';
import type { ImageSymbols } from '../layout.js';
import type { Interval, Memblock } from '../mm/memblock.js';
import type { Run, Table, TableSet } from '../mm/tables.js';
import type { EntryDesc } from '../prot.js';
import type { Arm64State } from './replay.js';
import type { ModelState, SlotHold, Stale } from './state.js';

/** Whether two steps the states hold are the same step of the order (ArchPlugin.sameState). */
type SameStep = (x: StepRef, y: StepRef) => boolean;

const sameRun = (x: Run, y: Run): boolean => x === y
  || (x.from === y.from && x.to === y.to && x.kind === y.kind && x.oa === y.oa && x.next === y.next && x.uniform === y.uniform && x.prot === y.prot);

function sameRuns(a: readonly Run[], b: readonly Run[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRun(a[i] as Run, b[i] as Run)) return false;
  return true;
}

/**
 * Every field of a table but `pointer`: that is a cached descriptor made from
 * name and pa on first use (tables.ts pointerTo), equal by value whenever
 * those are, so whether it was made yet changes nothing a trace shows.
 */
function sameTable(x: Table, y: Table): boolean {
  return x === y || (x.id === y.id && x.name === y.name && x.level === y.level && x.origin === y.origin && x.pa === y.pa
    && x.pages === y.pages && x.vaBase === y.vaBase && x.shared === y.shared && x.freed === y.freed && sameRuns(x.runs, y.runs));
}

function sameTables(a: TableSet, b: TableSet): boolean {
  if (a.tables.length !== b.tables.length) return false;
  // the newest tables last: where two orders' tables differ most often, so compared first
  for (let i = a.tables.length - 1; i >= 0; i--) if (!sameTable(a.tables[i] as Table, b.tables[i] as Table)) return false;
  return true;
}

const sameDesc = (x: EntryDesc, y: EntryDesc): boolean => x === y || (x.kind === y.kind && x.oa === y.oa && x.prot === y.prot && x.table === y.table);

const sameIntervals = (a: readonly Interval[], b: readonly Interval[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x.start === b[i]?.start && x.end === b[i]?.end));

function sameNullableStep(x: StepRef | null, y: StepRef | null, st: SameStep): boolean {
  return x === null || y === null ? x === y : st(x, y);
}

/** In iteration order too: freeze() lists the held slots in the Map's order. */
function sameSlots(a: ReadonlyMap<string, SlotHold>, b: ReadonlyMap<string, SlotHold>, st: SameStep): boolean {
  if (a.size !== b.size) return false;
  const ib = b.entries();
  for (const [slot, x] of a) {
    const next = ib.next();
    if (next.done === true) return false;
    const [slotB, y] = next.value;
    if (slot !== slotB || x.holder !== y.holder || x.pa !== y.pa || !st(x.step, y.step)) return false;
  }
  return true;
}

function sameStale(a: readonly Stale[], b: readonly Stale[], st: SameStep): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Stale;
    const y = b[i] as Stale;
    if (x.level !== y.level || x.va !== y.va || x.end !== y.end || x.uniform !== y.uniform || !sameDesc(x.desc, y.desc) || !st(x.since, y.since)) return false;
  }
  return true;
}

function sameImage(a: ImageSymbols, b: ImageSymbols): boolean {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof ImageSymbols)[]) if (a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/** finish() sorts the values, and the model only asks whether one is set: compared as sets. */
function sameValues(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/**
 * Every field of the model state, compared (the mapped type makes a new
 * field fail to compile until it has its comparison here). `reach` is a cache
 * of what the TTBRs reach (null = recompute): it follows from ttbr0/ttbr1 and
 * the tables, which are compared.
 */
const SAME_FIELD: { readonly [K in keyof ModelState]-?: (a: ModelState[K], b: ModelState[K], st: SameStep) => boolean } = {
  set: sameTables,
  named: (a, b) => {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
  },
  ttbr0: (a, b) => a === b,
  ttbr1: (a, b) => a === b,
  mmu: (a, b) => a === b,
  reach: () => true,
  stale: sameStale,
  slots: sameSlots,
  memblock: (a: Memblock, b: Memblock) => a.limit === b.limit && sameIntervals(a.memory, b.memory) && sameIntervals(a.reserved, b.reserved),
  memstart: (a, b) => a === b,
  memstartSeed: (a, b) => a === b,
  kaslrOffset: (a, b) => a === b,
  image: sameImage,
  earlyIoremap: (a, b) => a === b,
  btmap: sameBtmap,
  afterPagingInit: (a, b) => a === b,
  newPgd: (a, b) => a === b,
  bug: (a, b) => a === b,
  values: sameValues,
  lastSetupArchStep: sameNullableStep,
};

const FIELDS = Object.keys(SAME_FIELD) as (keyof ModelState)[];

/**
 * Whether two model states are the same, field by field (tables by id, entry
 * runs by value), the StepRefs they hold compared by sameStep.
 * @param a the state of a reordered order
 * @param b a recorded state of the same scenario
 */
export function sameModelState(a: ModelState, b: ModelState, sameStep: SameStep): boolean {
  for (const k of FIELDS) {
    const same = SAME_FIELD[k] as (x: unknown, y: unknown, st: SameStep) => boolean;
    if (!same(a[k], b[k], sameStep)) return false;
  }
  return true;
}

/**
 * ArchPlugin.sameState for arm64: the same replay context (the kernel's
 * shape, shared by a scenario's snapshots) and the same model state.
 */
export function sameArm64(a: Arm64State, b: Arm64State, sameStep: SameStep): boolean {
  return a.ctx === b.ctx && sameModelState(a.model, b.model, sameStep);
}
