/**
 * `bootreplay trace` lines for the page-table events.
 */
import { hex } from '../../../units.js';
import type { PagetableEvent } from './events.js';
import { attrText } from './prot.js';

function pfn(n: number): string {
  return `0x${n.toString(16)}`;
}

export function describePagetableEvent(e: PagetableEvent): string {
  switch (e.kind) {
    case 'pt-step':
      return `page tables: ${e.text}`;
    case 'pt-kept':
      return e.level === 'pmd'
        ? `${e.policy}: PMDs ${hex(e.start)}-${hex(e.end)} keep their ${e.origin ?? 'present'} ${e.origin === null ? 'entries' : 'PTE pages'} (${attrText(e.have)}) instead of large pages (${attrText(e.want)})`
        : `${e.policy}: entries ${hex(e.start)}-${hex(e.end)} keep ${attrText(e.have)} instead of ${attrText(e.want)}`;
    case 'pt-rw-pagetable':
      return `maps ${e.table} (pfn ${pfn(e.pfn)}${e.pages > 1 ? `-${pfn(e.pfn + e.pages - 1)}` : ''}) RW at ${hex(e.start)}-${hex(e.end)}: Xen refuses (${e.policy})`;
    case 'pt-kmap': {
      const pages = e.pages.map((p) => `${hex(p.pmd)}: ${p.frame === null ? 'none' : `${p.origin ?? ''} pfn ${pfn(p.frame)}`}`).join(', ');
      return `kmap_pte = PTE of FIX_KMAP_BEGIN ${hex(e.begin)}; kmap PTE pages ${pages}${e.broken === null ? '' : `; kmap_pte - ${e.broken.idx} misses the PTE of ${hex(e.broken.vaddr)} and hits ${e.broken.hits}`}`;
    }
  }
}
