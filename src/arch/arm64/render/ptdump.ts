/**
 * The live kernel mappings at the end of a replay, ptdump-style
 * (arch/arm64/mm/dump.c): the leaves reachable from TTBR1, merged where
 * neighbours continue each other. A table shared by many entries
 * (kasan_zero_pud/pmd/pte) is one line for the whole range it covers.
 */
import { entrySize, type Level } from '../geometry.js';
import type { ProtName } from '../prot.js';
import type { FinalState, FinalTable } from '../replay/finish.js';

export interface Mapping {
  readonly va: number;
  readonly end: number;
  readonly level: Level;
  readonly kind: 'block' | 'page' | 'shared';
  /** output address of va (block/page), or the shared table's name */
  readonly pa: number;
  readonly prot: ProtName | null;
  readonly table: string;
}

export function liveMappings(final: FinalState, root: number, rootVa: number): Mapping[] {
  const out: Mapping[] = [];
  const walk = (t: FinalTable, va0: number): void => {
    const size = entrySize(t.level);
    for (const r of t.runs) {
      if (r.kind === 'invalid') continue;
      const va = va0 + r.from * size;
      const end = va0 + r.to * size;
      if (r.kind === 'table') {
        const child = final.tables[r.next];
        if (child === undefined) continue;
        if (r.uniform || child.shared) {
          out.push({ va, end, level: t.level, kind: 'shared', pa: child.pa, prot: null, table: child.name });
          continue;
        }
        walk(child, child.pages > 1 ? child.vaBase : va);
        continue;
      }
      const last = out[out.length - 1];
      const pa = r.oa;
      if (last !== undefined && last.kind === r.kind && last.level === t.level && last.prot === r.prot && last.end === va && !r.uniform && last.pa + (last.end - last.va) === pa) {
        out[out.length - 1] = { ...last, end };
      } else {
        out.push({ va, end, level: t.level, kind: r.kind, pa, prot: r.prot, table: t.name });
      }
    }
  };
  const t = final.tables[root];
  if (t !== undefined) walk(t, rootVa);
  return out;
}
