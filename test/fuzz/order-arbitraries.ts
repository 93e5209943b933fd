/**
 * Generators of scenarios that mostly load: a shipped scenario of any
 * architecture (every scenarios/<dir>/*.yaml, those that extend another and
 * matrix files too: the test writes each side beside a copy of the shipped
 * tree, in the seed's directory, so `extends` finds its base), its
 * setup_arch order edited a little when it writes one (calls moved, dropped
 * or repeated, as a patch under review would), and now and then a hostile
 * name.
 * The reasoning commands (diff, bisect, suggest, constraints) only reason
 * over scenarios that load; scenario-arbitraries.ts's heavier mutations are
 * refused most of the time (85% of 40 cases), which tests the refusals but
 * not the reasoning.
 *
 * A pair shares its shipped file, so `diff` and `bisect` compare two edits
 * of one order, as people do (old order against patched order).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

const ROOT = new URL('../../scenarios/', import.meta.url);

/** The shipped scenario directories, relative to scenarios/. */
export const SEED_DIRS = ['x86_32', 'x86_32/variants', 'arm64', 'riscv'] as const;

/** The shipped scenarios, as data, in a fixed order: `dir` (one of SEED_DIRS), the file name and its data. */
export const ORDER_SEEDS: readonly { readonly dir: string; readonly file: string; readonly data: Readonly<Record<string, unknown>> }[] = SEED_DIRS.flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, ROOT))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ dir, file: f, data: parse(readFileSync(new URL(`${dir}/${f}`, ROOT), 'utf8')) as Record<string, unknown> })));

/** An edit of an order, by positions taken modulo its length (so any numbers fit any order). */
export type OrderEdit =
  | { readonly op: 'move'; readonly from: number; readonly to: number }
  | { readonly op: 'drop'; readonly at: number }
  | { readonly op: 'repeat'; readonly at: number; readonly to: number }
  /** a call of INSERTS[arch] (index modulo its length) inserted at `to` */
  | { readonly op: 'insert'; readonly call: number; readonly to: number };

/**
 * Calls a patch adds, per architecture: arm64's fixmap-slot helpers and a
 * `define:`d early allocation (ALLOCS), x86_32's and riscv's calls of other
 * versions and late steps. A name the scenario's kernel lacks is a refusal
 * (exit 2), which the commands must say as cleanly.
 */
const INSERTS: Readonly<Record<string, readonly string[]>> = {
  // fuzz_alloc three times: the memblock paths it reaches (a panic, an allocation before any RAM) are the rarest
  arm64: ['pmd_set_fixmap', 'pmd_clear_fixmap', 'pte_set_fixmap', 'pgd_set_fixmap', 'pud_set_fixmap', 'pte_clear_fixmap', 'fuzz_alloc', 'fuzz_alloc', 'fuzz_alloc', 'fixup_init', 'mark_rodata_ro', 'kasan_init'],
  x86_32: ['dmi_scan_machine', 'vmi_init', 'early_ioremap_init', 'reserve_top_address', 'init_memory_mapping', 'early_ioremap_reset'],
  riscv: ['free_initmem', 'mark_rodata_ro', 'bpf_jit_compile', 'kasan_init', 'setup_bootmem', 'paging_init'],
};

/** The sizes of arm64's fuzz_alloc: a page, a buffer, the largest free range of the 2 GiB v4.6 machine and one more MiB, more than free. */
const ALLOCS = ['4KiB', '64MiB', '1885MiB', '1886MiB', '3GiB'] as const;

const orderEdit: fc.Arbitrary<OrderEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('move' as const), from: fc.nat(200), to: fc.nat(200) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at: fc.nat(200), to: fc.nat(200) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), call: fc.nat(50), to: fc.nat(200) }) },
);

/** Names that have broken reports: line breaks, escape sequences, bidi overrides, noncharacters, workflow commands. */
const oddName = fc.constantFrom('new\nline name', 'esc\u001b[2J', 'rtl\u202eeman', 'nc\ufffe\ufdd0', '::error::forged', 'PASS x.yaml  forged', 'q"uo\\te', 'a\u2028b');

/** The edits of one side of a pair. */
export interface Side {
  readonly edits: readonly OrderEdit[];
  readonly name: string | null;
  /** ALLOCS[alloc % length]: the size of arm64's fuzz_alloc when an edit inserts it */
  readonly alloc: number;
}

const side: fc.Arbitrary<Side> = fc.record({
  edits: fc.array(orderEdit, { maxLength: 3 }),
  alloc: fc.nat(ALLOCS.length - 1),
  name: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: oddName }),
});

/** Two edits of one shipped scenario. */
export interface OrderPair {
  readonly seed: number;
  readonly a: Side;
  readonly b: Side;
}

export const orderPair: fc.Arbitrary<OrderPair> = fc.record({ seed: fc.nat(ORDER_SEEDS.length - 1), a: side, b: side });

function edited(order: readonly unknown[], edits: readonly OrderEdit[], arch: string): unknown[] {
  const out = [...order];
  const pool = INSERTS[arch] ?? [];
  for (const e of edits) {
    if (e.op === 'insert') {
      const call = pool[e.call % Math.max(1, pool.length)];
      if (call !== undefined) out.splice(e.to % (out.length + 1), 0, call);
      continue;
    }
    if (out.length === 0) break;
    if (e.op === 'drop') out.splice(e.at % out.length, 1);
    else {
      const from = (e.op === 'move' ? e.from : e.at) % out.length;
      const [call] = e.op === 'move' ? out.splice(from, 1) : [out[from]];
      out.splice(e.to % (out.length + 1), 0, call);
    }
  }
  return out;
}

/** The directory under scenarios/ the pair's sides are written in (their seed's, so `extends` resolves). */
export function pairDir(p: OrderPair): string {
  return ORDER_SEEDS[p.seed % ORDER_SEEDS.length]?.dir ?? '.';
}

/** The YAML text of one side: the shipped file's data with its order edited (and its name replaced). */
export function sideText(p: OrderPair, s: Side): string {
  const seed = ORDER_SEEDS[p.seed % ORDER_SEEDS.length];
  if (seed === undefined) throw new Error('no shipped scenario to start from');
  const order = seed.data['setup_arch'];
  const arch = typeof seed.data['arch'] === 'string' ? seed.data['arch'] : 'x86_32';
  // a file that inherits its order (extends, patch:) keeps it: only the name changes
  const data: Record<string, unknown> = Array.isArray(order) ? { ...seed.data, setup_arch: edited(order, s.edits, arch) } : { ...seed.data };
  if (arch === 'arm64' && Array.isArray(data['setup_arch']) && data['setup_arch'].includes('fuzz_alloc')) {
    const define = typeof seed.data['define'] === 'object' && seed.data['define'] !== null ? seed.data['define'] : {};
    data['define'] = { ...define, fuzz_alloc: { doc: 'an early buffer a patch allocates', linear_alloc: ALLOCS[s.alloc % ALLOCS.length] } };
  }
  if (s.name !== null) data['name'] = s.name;
  return stringify(data);
}

/** What a failure report prints of a pair. */
export function describePair(p: OrderPair): string {
  const seed = ORDER_SEEDS[p.seed % ORDER_SEEDS.length];
  return `shipped scenario: ${seed !== undefined ? `scenarios/${seed.dir}/${seed.file}` : '?'} (the sides are written beside it)\nchoices: ${JSON.stringify(p)}\n--- a.yaml\n${sideText(p, p.a)}--- b.yaml\n${sideText(p, p.b)}`;
}
