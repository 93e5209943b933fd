/**
 * `bootreplay trace` for arm64: one line per model event.
 */
import { BTMAP_PAGES } from '../../early-ioremap.js';
import { hex, signedHex } from '../../../units.js';
import { sizeText } from '../addr.js';
import { dataAllocPanic, MEMBLOCK_ALLOC_PANIC, noRangeText } from '../mm/memblock.js';
import { levelNameOf } from './names.js';
import type { Arm64Event, PteWriteEvent } from '../replay/events.js';
import type { EntryDesc } from '../prot.js';

export function descText(d: EntryDesc): string {
  switch (d.kind) {
    case 'invalid': return 'invalid';
    case 'table': return `table → ${d.table ?? hex(d.oa)}`;
    default: return `${d.kind} → ${hex(d.oa)} ${d.prot ?? ''}`.trimEnd();
  }
}

/**
 * The entries a write covers as ptdump and pte_index() number them: `L3[61]`,
 * `L3[337..511]` (index = (va >> (12 + 9 × (3 − level))) & 511, 4K pages);
 * not a count (helper-176: `L3[175]` read as entry 175).
 */
function entriesText(level: PteWriteEvent['level'], va: number, entries: number): string {
  // exact for any va the model has: a power-of-two division of a page-aligned double
  const first = Math.floor(va / 2 ** (12 + 9 * (3 - level))) % 512;
  const last = first + entries - 1;
  return `${levelNameOf(level)}[${entries === 1 ? first : last <= 511 ? `${first}..${last}` : `${first}.. ×${entries}`}]`;
}

function range(va: number, end: number): string {
  return `${hex(va)}–${hex(end)}`;
}

export function describeArm64Event(e: Arm64Event): string {
  switch (e.kind) {
    case 'pte-write':
      return `${e.via}: ${e.table} ${entriesText(e.level, e.va, e.entries)} ${range(e.va, e.end)}: ${descText(e.old)} ⇒ ${descText(e.new)}${e.live ? ' (live)' : ''}${e.then !== null ? `, ${e.then}()` : ''}`;
    case 'table-alloc':
      if (e.pa === null) {
        return `${e.via}: needs a new ${e.table} table and gets none — ${e.why}${e.allocator === 'none' ? '' : `, so ${MEMBLOCK_ALLOC_PANIC}`}: the boot stops here (the model installs nothing and goes on)${e.limit !== null ? ` (memblock limit ${hex(e.limit)})` : ''}`;
      }
      return `${e.via}: new ${e.table} at ${hex(e.pa)} by ${e.allocator}${e.reachable ? '' : ` — ${e.why}`}${e.limit !== null ? ` (memblock limit ${hex(e.limit)})` : ''}`;
    case 'alloc-fail':
      return `${e.via}: ${e.what}: ${noRangeText(e)} — ${dataAllocPanic(e.allocator, e.size)}: the boot stops here`;
    case 'table-free':
      return `${e.via}: frees ${e.table} at ${hex(e.pa)}`;
    case 'tlbi':
      return `${e.fn}()`;
    case 'ttbr':
      return `TTBR${e.reg}: ${e.from} → ${e.to} via ${e.via}${e.reg === 1 && (e.via === 'msr' || e.via === 'cpu_replace_ttbr1') && e.from !== 'reserved' ? (e.identical ? ' (same translations)' : ` (translations differ from ${hex(e.differsAt ?? 0)})`) : ''}${e.mmu ? '' : ' (MMU off)'}`;
    case 'mmu':
      return `MMU ${e.on ? 'on' : 'off'}`;
    case 'fixmap-use':
      return `${e.via}: ${e.slot} (idx ${e.idx}) at ${hex(e.va)}: ${e.what}${e.ready ? '' : ` — NOT MAPPED: ${e.why}`}`;
    case 'fixmap-slot':
      return `${e.holder}: ${e.slot} ${e.action}${e.action === 'set' && e.pa !== null ? ` → ${hex(e.pa)}` : ''}${e.busy !== null ? ` — BUSY: held by ${e.busy.holder} (step ${e.busy.step.index})` : ''}`;
    case 'fixmap-walk':
      return `${e.via}: tables reached through ${Object.entries(e.uses).map(([k, n]) => `${k} ×${n}`).join(', ')}`;
    case 'linear-access':
      return `${e.via}: __va(${hex(e.pa)}) = ${hex(e.va)} for ${e.what}${e.memstartSet ? (e.mapped ? '' : ' — NOT MAPPED') : ' — memstart_addr is still -1'}`;
    case 'leaf-split':
      return `${e.via}: splits the ${levelNameOf(e.level)} block ${range(e.va, e.end)} (${e.oldProt ?? '?'}) to map ${range(e.mapVa, e.mapEnd)} ${e.newProt}${e.live ? ' (live)' : ''}`;
    case 'tlb-conflict':
      return `${e.via}: ${range(e.va, e.end)} now ${descText(e.now)}, but the TLB may still hold ${descText(e.stale)} from ${e.since.name} (${e.reasons.join(', ')})`;
    case 'kaslr':
      return `kaslr_early_init: ${e.reason}`;
    case 'memstart':
      return `memstart_addr = ${signedHex(e.memstart)}`;
    case 'cma':
      return e.base === null
        ? `dma_contiguous_reserve(): ${e.source}: "Failed to reserve ${Math.floor(e.size / 2 ** 20)} MiB" (${e.error ?? ''}): no default CMA area`
        : `dma_contiguous_reserve(): ${e.source}: the CMA area ${hex(e.base)}–${hex(e.base + e.size)} (${sizeText(e.size)}) reserved in memblock${e.later !== undefined ? ` — ${e.later}` : ''}`;
    case 'early-ioremap':
      return e.action === 'map'
        ? `early_memremap${e.prot === 'PAGE_KERNEL_RO' ? '_ro' : ''}(${hex(e.pa)}): ${e.what} ${e.slot === null ? '— NO FREE SLOT (all 7 held): WARN, returns NULL' : `in slot ${e.slot} (FIX_BTMAP_BEGIN - ${BTMAP_PAGES * e.slot}, idx ${e.idx}) at ${hex(e.va)}${e.held ? ', held' : ''}`}`
        : `early_memunmap(): ${e.what}, slot ${e.slot ?? '?'} (idx ${e.idx}) free`;
    case 'memblock':
      return `${e.what}: ${e.ranges.length === 0 ? 'none' : e.ranges.map((r) => `${hex(r.start)}–${hex(r.end)}`).join(', ')}`;
    case 'note':
      return e.text;
    case 'need':
    case 'value-set':
      return ''; // shared events: src/report/trace-text.ts describes them
  }
}
