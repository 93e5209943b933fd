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
import { sameBtmap } from '../../early-ioremap.js';
import { sameByFields, sameList, sameNullableStep, sameSet, type FieldComparisons, type SameStep } from '../../same-state.js';
import type { ImageSymbols } from '../layout.js';
import type { Interval, Memblock } from '../mm/memblock.js';
import type { Run, Table, TableSet } from '../mm/tables.js';
import type { EntryDesc } from '../prot.js';
import type { Arm64State } from './replay.js';
import type { ModelState, SlotHold, Stale } from './state.js';

const sameRun = (x: Run, y: Run): boolean => x === y
  || (x.from === y.from && x.to === y.to && x.kind === y.kind && x.oa === y.oa && x.next === y.next && x.uniform === y.uniform && x.prot === y.prot);

/**
 * Every field of a table but `pointer`: that is a cached descriptor made from
 * name and pa on first use (tables.ts pointerTo), equal by value whenever
 * those are, so whether it was made yet changes nothing a trace shows.
 */
function sameTable(x: Table, y: Table): boolean {
  return x === y || (x.id === y.id && x.name === y.name && x.level === y.level && x.origin === y.origin && x.pa === y.pa
    && x.pages === y.pages && x.vaBase === y.vaBase && x.shared === y.shared && x.freed === y.freed && sameList(x.runs, y.runs, sameRun));
}

function sameTables(a: TableSet, b: TableSet): boolean {
  if (a.tables.length !== b.tables.length) return false;
  // the newest tables last: where two orders' tables differ most often, so compared first
  for (let i = a.tables.length - 1; i >= 0; i--) if (!sameTable(a.tables[i] as Table, b.tables[i] as Table)) return false;
  return true;
}

const sameDesc = (x: EntryDesc, y: EntryDesc): boolean => x === y || (x.kind === y.kind && x.oa === y.oa && x.prot === y.prot && x.table === y.table);

const sameInterval = (x: Interval, y: Interval): boolean => x.start === y.start && x.end === y.end;

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

/**
 * Every field of the model state, compared (the mapped type makes a new
 * field fail to compile until it has its comparison here). `reach` is a cache
 * of what the TTBRs reach (null = recompute): it follows from ttbr0/ttbr1 and
 * the tables, which are compared.
 */
const SAME_FIELD: FieldComparisons<ModelState> = {
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
  memblock: (a: Memblock, b: Memblock) => a.limit === b.limit && a.resizable === b.resizable && sameList(a.memory, b.memory, sameInterval) && sameList(a.reserved, b.reserved, sameInterval),
  memstart: (a, b) => a === b,
  memstartSeed: (a, b) => a === b,
  dmaPhysLimit: (a, b) => a === b,
  highMemoryEnd: (a, b) => a === b,
  cmaCmdline: (a, b) => a === b || (a !== null && b !== null && a.size === b.size && a.base === b.base && a.limit === b.limit && a.text === b.text),
  kaslrOffset: (a, b) => a === b,
  image: sameImage,
  earlyIoremap: (a, b) => a === b,
  btmap: sameBtmap,
  afterPagingInit: (a, b) => a === b,
  newPgd: (a, b) => a === b,
  bug: (a, b) => a === b,
  // finish() sorts the values, and the model only asks whether one is set
  values: sameSet,
  lastSetupArchStep: sameNullableStep,
};

/**
 * Whether two model states are the same, field by field (tables by id, entry
 * runs by value), the StepRefs they hold compared by sameStep: (a, b, sameStep),
 * a the state of a reordered order, b a recorded state of the same scenario.
 */
export const sameModelState = sameByFields(SAME_FIELD);

/**
 * ArchPlugin.sameState for arm64: the same replay context (the kernel's
 * shape, shared by a scenario's snapshots) and the same model state.
 */
export function sameArm64(a: Arm64State, b: Arm64State, sameStep: SameStep): boolean {
  return a.ctx === b.ctx && sameModelState(a.model, b.model, sameStep);
}
