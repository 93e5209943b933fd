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
import { sameBtmap } from '../../early-ioremap.js';
import { sameByFields, sameList, sameNullableStep, sameSet, type FieldComparisons, type SameStep } from '../../same-state.js';
import type { Interval } from '../types.js';
import type { RiscvState } from './replay.js';
import type { Mapping, ModelState, PagedRoot, SlotState } from './state.js';

const eq = <T>(a: T, b: T): boolean => a === b;

const sameMapping = (x: Mapping, y: Mapping): boolean => x === y || (x.kind === y.kind && x.start === y.start && x.end === y.end
  && x.pa === y.pa && x.leaf === y.leaf && x.perm.r === y.perm.r && x.perm.w === y.perm.w && x.perm.x === y.perm.x);

const sameInterval = (x: Interval, y: Interval): boolean => x.start === y.start && x.end === y.end;

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

/** Every field of the model state, compared (FieldComparisons makes a new field fail to compile until it has its comparison here). */
const SAME_FIELD: FieldComparisons<ModelState> = {
  satp: eq,
  ptOps: eq,
  roots: (a, b) => ROOTS.every((r) => sameList(a[r], b[r], sameMapping)) && Object.keys(a).length === Object.keys(b).length,
  fixmap: sameFixmap,
  btmap: sameBtmap,
  memory: (a, b) => sameList(a, b, sameInterval),
  memoryLimited: eq,
  maxLowPa: eq,
  kernelReserved: eq,
  resizeAllowed: eq,
  reservedRegions: eq,
  reservedMax: eq,
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
  lastSetupArchStep: sameNullableStep,
};

const sameModel = sameByFields(SAME_FIELD);

/**
 * ArchPlugin.sameState for riscv: the same replay context (shared by a
 * scenario's snapshots) and every field of the model state the same.
 * @param a the state of a reordered order
 * @param b a recorded state of the same scenario
 */
export function sameRiscv(a: RiscvState, b: RiscvState, sameStep: SameStep): boolean {
  return a.ctx === b.ctx && sameModel(a.model, b.model, sameStep);
}
