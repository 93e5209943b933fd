/**
 * `bootreplay trace` lines for the page-table events.
 */
import { hex } from '../../../units.js';
import { PAGE_SIZE } from '../geometry.js';
import type { PagetableEvent, PtPart, TableOrigin } from './events.js';
import { ORIGIN_NAMES } from './model.js';
import { attrHex, attrText } from './prot.js';

function pfn(n: number): string {
  return `0x${n.toString(16)}`;
}

function frames(first: number, count: number): string {
  return count === 1 ? `pfn ${pfn(first)}` : `pfn ${pfn(first)}-${pfn(first + count - 1)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const MODES = { overwrite: 'written', 'keep-present': 'present entries kept', 'mask-rw': 'xen_set_pte_init: RW only where the old PTE has it' } as const;

export function describePart(p: PtPart): string {
  switch (p.k) {
    case 'pg0':
      return `pg0 (${frames(p.frame, p.pages)}) maps physical 0-${hex(p.bytes)} at ${hex(p.at)} with ${attrHex(p.attrs)}`;
    case 'hook':
      return `${p.what} (${frames(p.frame, 1)}) in PMD ${hex(p.pmd)}${p.replaced !== null ? `, replacing ${p.replaced.what} (${frames(p.replaced.frame, 1)})` : ''}`;
    case 'map':
      return `${p.what} (${frames(p.frame, p.pages)}${p.readOnly ? ', read-only' : ''}) map physical ${hex(p.start)}-${hex(p.end)} with ${attrHex(p.attrs)}`;
    case 'alloc':
      return `${plural(p.pages, 'PTE page')} (${p.origin} ${frames(p.frame, p.pages)}) for ${hex(p.start)}-${hex(p.end)}${p.panic !== null ? ` (${p.panic})` : ''}`;
    case 'reuse':
      return `${p.pages === 1 ? 'PTE page' : 'PTE pages'} ${p.origin === null ? '' : `${ORIGIN_NAMES[p.origin]} `}${frames(p.frame, p.pages)} reused for ${hex(p.start)}-${hex(p.end)}`;
    case 'large':
      return `large pages ${hex(p.start)}-${hex(p.end)} ${attrHex(p.attrs)}${p.replaced !== null ? ` (replace ${p.replaced.origin === null ? '' : `${ORIGIN_NAMES[p.replaced.origin]} `}${frames(p.replaced.frame, p.replaced.pages)})` : ''}`;
    case 'ptes':
      return `4K entries ${hex(p.start)}-${hex(p.end)} (${MODES[p.mode]})`;
    case 'table-space':
      return p.fits
        ? `table space ${frames(p.frame, p.pages)} (find_early_table_space)`
        : `no ${p.pages} free pages below max_pfn_mapped ${pfn(p.maxPfnMapped)} ("Cannot find space for the kernel page tables" panic); the model continues at ${frames(p.frame, p.pages)}`;
    case 'cleared':
      return `${p.what} ${hex(p.start)}-${hex(p.end)} cleared${p.held !== null ? ` (held ${p.held})` : ''}`;
    case 'copy':
      return `page_table_kmap_check: ${p.origin === null ? 'PTE page' : ORIGIN_NAMES[p.origin]} ${frames(p.from, 1)} copied to ${frames(p.to, 1)}`;
    case 'range':
      return `${p.what} ${hex(p.start)}-${hex(p.end)}`;
    case 'note':
      return p.text;
  }
}

export function describePagetableEvent(e: PagetableEvent): string {
  switch (e.kind) {
    case 'pt-step':
      return `page tables: ${e.fn}: ${e.parts.length > 0 ? e.parts.map(describePart).join('; ') : 'nothing to do'}`;
    case 'pt-kept':
      return e.level === 'pmd'
        ? `${e.policy}: PMDs ${hex(e.start)}-${hex(e.end)} keep their ${e.origin ?? 'present'} ${e.origin === null ? 'entries' : 'PTE pages'} (${attrText(e.have)}) instead of large pages (${attrText(e.want)})`
        : `${e.policy}: entries ${hex(e.start)}-${hex(e.end)} keep ${attrText(e.have)} instead of ${attrText(e.want)}`;
    case 'pt-rw-pagetable':
      return `maps ${e.table} (pfn ${pfn(e.pfn)}${e.pages > 1 ? `-${pfn(e.pfn + e.pages - 1)}` : ''}) RW at ${hex(e.start)}-${hex(e.end)}: Xen refuses (${e.policy})`;
    case 'pt-panic':
      return `${e.fn}: panic("${e.panic}") (${e.what} page tables)`;
    case 'pt-ptes-dropped': {
      const name = (o: TableOrigin | null): string => (o === null ? 'a PTE page' : ORIGIN_NAMES[o]);
      const ptes = e.ptes.map((p) => `${hex(p.start)}${p.end - p.start > PAGE_SIZE ? `-${hex(p.end)}` : ''} (by ${p.by.name}, step ${p.by.index})`).join(', ');
      return `${e.fn}: the PTEs ${name(e.table.origin)} (${frames(e.table.frame, 1)}) held for ${ptes} are gone${e.now === null ? '' : `; PMD ${hex(e.pmd)} now holds ${name(e.now.origin)} (${frames(e.now.frame, 1)})`}`;
    }
    case 'pt-kmap': {
      const pages = e.pages.map((p) => `${hex(p.pmd)}: ${p.frame === null ? 'none' : `${p.origin ?? ''} pfn ${pfn(p.frame)}`}`).join(', ');
      return `kmap_pte = PTE of FIX_KMAP_BEGIN ${hex(e.begin)}; kmap PTE pages ${pages}${e.broken === null ? '' : `; kmap_pte - ${e.broken.idx} misses the PTE of ${hex(e.broken.vaddr)} and hits ${e.broken.hits}`}`;
    }
  }
}
