/**
 * Whether two riscv model states are the same (ArchPlugin.sameState): the
 * many-replay engine's test that a reordered order has rejoined the recorded
 * one. The riscv model keeps no table objects, only each root's mappings as
 * intervals, so the check is exact field by field: lists in their order
 * (lookups go through them in order), sets as sets (the model only asks
 * has(); finish() sorts the values), the StepRefs held (which step set a
 * fixmap slot or mapped an early_memremap slot, the last setup_arch() step)
 * by the engine's sameStep.
 */
import type { StepRef } from '../../../replay/trace.js';
import { sameBtmap } from '../../early-ioremap.js';
import type { Interval } from '../types.js';
import type { RiscvState } from './replay.js';
import type { Mapping, ModelState, PagedRoot, SlotState } from './state.js';

/** Whether two steps the states hold are the same step of the order (ArchPlugin.sameState). */
type SameStep = (x: StepRef, y: StepRef) => boolean;

const eq = <T>(a: T, b: T): boolean => a === b;

const sameMapping = (x: Mapping, y: Mapping): boolean => x === y || (x.kind === y.kind && x.start === y.start && x.end === y.end
  && x.pa === y.pa && x.leaf === y.leaf && x.perm.r === y.perm.r && x.perm.w === y.perm.w && x.perm.x === y.perm.x);

function sameList<V>(a: readonly V[], b: readonly V[], same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as V, b[i] as V)) return false;
  return true;
}

const sameInterval = (x: Interval, y: Interval): boolean => x.start === y.start && x.end === y.end;

function sameSet<V>(a: ReadonlySet<V>, b: ReadonlySet<V>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

const ROOTS: readonly PagedRoot[] = ['trampoline', 'early_pg_dir', 'swapper'];

/** The fixmap slots in their key order too (conservative: Object.values() reads them in it). */
function sameFixmap(a: ModelState['fixmap'], b: ModelState['fixmap'], st: SameStep): boolean {
  const ka = Object.keys(a) as (keyof ModelState['fixmap'])[];
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as keyof ModelState['fixmap'];
    if (k !== kb[i]) return false;
    const x = a[k] as SlotState | undefined;
    const y = b[k] as SlotState | undefined;
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
      continue;
    }
    if (x.pa !== y.pa || x.pending !== y.pending || !st(x.setBy, y.setBy)) return false;
  }
  return true;
}

/** Every field of the model state, compared (the mapped type makes a new field fail to compile until it has its comparison here). */
const SAME_FIELD: { readonly [K in keyof ModelState]-?: (a: ModelState[K], b: ModelState[K], st: SameStep) => boolean } = {
  satp: eq,
  ptOps: eq,
  roots: (a, b) => ROOTS.every((r) => sameList(a[r], b[r], sameMapping)) && Object.keys(a).length === Object.keys(b).length,
  fixmap: sameFixmap,
  btmap: sameBtmap,
  memory: (a, b) => sameList(a, b, sameInterval),
  memoryLimited: eq,
  kernelReserved: eq,
  resizeAllowed: eq,
  reservedRegions: eq,
  dtbEarlyPage: eq,
  dtbEarlyVia: eq,
  fdt: (a, b) => a === b || (a !== null && b !== null && a.page === b.page && a.via === b.via),
  linearFinal: eq,
  initFreed: eq,
  rodataRo: eq,
  textRo: eq,
  touched: sameSet,
  aliasBad: sameSet,
  allocs: (a, b) => sameList(a, b, sameInterval),
  allocUnknown: eq,
  deviceTree: (a, b) => a === b || (a !== null && b !== null && a.pa === b.pa && a.end === b.end
    && a.place.size === b.place.size && a.place.below === b.place.below),
  bpfNext: eq,
  values: sameSet,
  lastSetupArchStep: (a, b, st) => (a === null || b === null ? a === b : st(a, b)),
};

const FIELDS = Object.keys(SAME_FIELD) as (keyof ModelState)[];

/**
 * ArchPlugin.sameState for riscv: the same replay context (shared by a
 * scenario's snapshots) and every field of the model state the same.
 * @param a the state of a reordered order
 * @param b a recorded state of the same scenario
 */
export function sameRiscv(a: RiscvState, b: RiscvState, sameStep: SameStep): boolean {
  if (a.ctx !== b.ctx) return false;
  for (const k of FIELDS) {
    const same = SAME_FIELD[k] as (x: unknown, y: unknown, st: SameStep) => boolean;
    if (!same(a.model[k], b.model[k], sameStep)) return false;
  }
  return true;
}
