/**
 * What a matrix replays, as max-replayed-calls weighs it: each variant's calls, and each RAM bank its machine lists
 * past the first (ArchPlugin.ramBanksOf). Every replay adds each bank to memblock and, for the banks memblock takes,
 * maps it (arm64 map_mem(), riscv setup_vm_final()) and checks it: measured here, 128 variants × 117 extra banks of
 * a 10-call riscv order cost what 277 variants of the 59-call rc1 order do, so a bank weighs as a call. The first
 * bank is every machine's RAM (`memory:`), already in what a call was measured to cost (break-255 F3: 512 variants
 * × 2,048 banks took 5.3 s of CPU and 235 MB within every other limit).
 */
import type { ArchPlugin } from '../../arch/types.js';

/** A matrix's replay work, counted for max-replayed-calls. */
export interface ReplayWeight {
  readonly variants: number;
  /** calls of each variant (a matrix varies scalars only: every variant has the same order) */
  readonly calls: number;
  /** RAM banks past the first, summed over the variants */
  readonly banks: number;
  /** the banks past the first of every variant, when they all have as many (else undefined) */
  readonly banksEach: number | undefined;
  /** variants × calls + banks: what max-replayed-calls bounds */
  readonly total: number;
}

/**
 * The replay weight of a matrix's variants.
 * @param variants the variants (a matrix's combinations)
 * @param machineOf a variant's `machine:` as its file writes it (merged, the variant's values set, unvalidated);
 *   asked only of an architecture whose machines list banks
 * @param calls the calls of the order every variant replays
 */
export function replayWeight<V>(plugin: ArchPlugin, variants: readonly V[], machineOf: (variant: V) => unknown, calls: number): ReplayWeight {
  const of = plugin.ramBanksOf;
  let banks = 0;
  let banksEach: number | undefined = 0;
  if (of !== undefined) {
    variants.forEach((v, i) => {
      const extra = Math.max(0, of(machineOf(v)) - 1);
      banks += extra;
      banksEach = i === 0 || banksEach === extra ? extra : undefined;
    });
  }
  return { variants: variants.length, calls, banks, banksEach, total: variants.length * calls + banks };
}

/**
 * What a refusal of max-replayed-calls says was found: "matrix: 4 variants × 9 calls = 36 calls to replay", with the
 * banks when a machine lists more than one ("4 variants × (9 calls + 127 RAM banks past the first) = 544 calls and
 * banks to replay").
 */
export function replayWeightText(w: ReplayWeight): string {
  if (w.banks === 0) return `matrix: ${w.variants} variants × ${w.calls} calls = ${w.total} calls to replay`;
  const banks = w.banksEach === undefined
    ? `${w.variants} variants × ${w.calls} calls + ${w.banks} RAM banks past each variant's first`
    : `${w.variants} variants × (${w.calls} calls + ${w.banksEach} RAM banks past the first)`;
  return `matrix: ${banks} = ${w.total} calls and banks to replay`;
}
