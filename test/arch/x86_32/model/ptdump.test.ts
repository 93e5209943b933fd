/**
 * The page-table dump against /sys/kernel/debug/kernel_page_tables
 * (arch/x86/mm/dump_pagetables.c, 2.6.27): a native PAE machine with 1 GiB,
 * PSE, NX and PGE, the default config and the default order, must print the
 * dump the research notes derive from the source (/work/notes/x86-pagetables.md
 * §5.3) line for line: ranges, sizes, attributes, levels and the markers,
 * with note_page()'s artifacts (the "vmalloc() End" marker one PMD late, the
 * 4K line at PKMAP_BASE, the 5436K run of not-present PTEs across three
 * PTE pages). ACPI tables are placed low so that no FIX_ACPI_* entry stays
 * mapped (a machine-dependent line a real dump would add).
 */
import { describe, expect, it } from 'vitest';
import { replayX86 } from '../../../../src/arch/x86_32/plugin.js';
import { ptdumpOf } from '../../../../src/arch/x86_32/render/ptdump.js';
import { printkProt } from '../../../../src/arch/x86_32/pagetables/ptdump.js';
import { PAGE_KERNEL, PAGE_KERNEL_LARGE_EXEC, PAGE_READONLY_EXEC } from '../../../../src/arch/x86_32/pagetables/prot.js';
import type { X86Trace } from '../../../../src/arch/x86_32/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { ORDER_2_6_27, ORDER_2_6_27_RC1, releaseOrder } from '../fixtures/orders.js';

function traceOf(spec: ScenarioSpec): X86Trace {
  const loaded = parseScenario(scenarioYaml(spec), 'ptdump.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return replayX86(loaded.scenario);
}

const PAE_1G = `---[ User Space ]---
0x00000000-0xc0000000           3G                           pmd
---[ Kernel Mapping ]---
0xc0000000-0xc0200000           2M     RW             GLB x  pte
0xc0200000-0xc0600000           4M     RW         PSE GLB x  pmd
0xc0600000-0xf8000000         890M     RW         PSE GLB NX pmd
0xf8000000-0xf8800000           8M                           pmd
---[ vmalloc() Area ]---
0xf8800000-0xffa00000         114M                           pmd
---[ vmalloc() End ]---
0xffa00000-0xffa01000           4K                           pte
---[ Persisent kmap() Area ]---
0xffa01000-0xfff50000        5436K                           pte
---[ Fixmap Area ]---
0xfff50000-0xffffa000         680K                           pte
0xffffa000-0xffffc000           8K     RW PWT PCD     GLB NX pte
0xffffc000-0xffffe000           8K                           pte
0xffffe000-0xfffff000           4K USR ro                 x  pte
0xfffff000-0x00000000           4K                           pte`;

describe('ptdump: 2.6.27 native PAE, 1 GiB, PSE+NX+PGE', () => {
  const trace = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', machine: { acpi_tables: 'low' } });
  const lines = ptdumpOf(trace);

  it('matches the kernel\'s kernel_page_tables line for line', () => {
    expect(lines.map((l) => l.text)).toEqual(PAE_1G.split('\n'));
  });

  it('says which call made each range and which PTE pages hold it', () => {
    const at = (prefix: string) => lines.find((l) => l.text.startsWith(prefix));
    // init_memory_mapping reuses head_32's first pg0 page (pa(pg0) = 6 MiB) for the 4K first PMD
    expect(at('0xc0000000-0xc0200000')).toMatchObject({ writers: ['init_memory_mapping (step 29)'], tables: ['pg0 pfn 0x600'] });
    expect(at('0xc0600000-0xf8000000')).toMatchObject({ writers: ['init_memory_mapping (step 29)'], tables: [] });
    // the pkmap page from bootmem (paging_init), the two fixmap pages from the table space at 0x7000
    expect(at('0xffa01000-0xfff50000')?.tables).toEqual(['bootmem pfn 0x2', 'alloc_low_page pfn 0x7-0x8']);
    expect(at('0xffffa000-0xffffc000')?.writers).toEqual(['ioapic_init_mappings (step 52)', 'init_apic_mappings (step 51)']);
    expect(at('0xffffe000-0xfffff000')?.writers).toEqual(['map_compat_vdso (after boot)']);
  });

  it('without COMPAT_VDSO the FIX_VDSO line goes', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', machine: { acpi_tables: 'low' }, config: { compat_vdso: false } });
    expect(ptdumpOf(t).map((l) => l.text).slice(-2)).toEqual([
      '0xffffa000-0xffffc000           8K     RW PWT PCD     GLB NX pte',
      '0xffffc000-0x00000000          16K                           pte',
    ]);
  });
});

describe('ptdump: set_fixmap_nocache slots (review 19c F10)', () => {
  it('the early console\'s UART page is PWT PCD, as 8250_early.c maps it', () => {
    const t = traceOf({ kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'earlycon=uart8250,mmio,0xfed00000' });
    const line = ptdumpOf(t).find((l) => l.writers.some((w) => w.startsWith('parse_early_param')));
    expect(line?.text).toMatch(/ RW PWT PCD {5}GLB x {2}pte$/);
  });
});

describe('ptdump: levels and attributes', () => {
  it('non-PAE: none and large entries are walked at the pgd level (the pmd is folded: walk_pmd_level is walk_pte_level)', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '1GiB', machine: { acpi_tables: 'low' } });
    const text = ptdumpOf(t).map((l) => l.text);
    expect(text.slice(0, 5)).toEqual([
      '---[ User Space ]---',
      '0x00000000-0xc0000000           3G                           pgd',
      '---[ Kernel Mapping ]---',
      // 2.6.27: the first 4 MiB stay on pg0's first page; no NX without PAE
      '0xc0000000-0xc0400000           4M     RW             GLB x  pte',
      '0xc0400000-0xf8000000         892M     RW         PSE GLB x  pgd',
    ]);
  });

  it('2.6.26 with PSE maps the first PMD with a large page too (the pgd_idx == 0 exception is dead code)', () => {
    const t = traceOf({ kernel: '2.6.26', order: ['early_ioremap_init', 'memory_setup', 'parse_early_param', 'propagate_e820_map', 'setup_memory', 'paging_init'], pae: true, memory: '1GiB' });
    expect(ptdumpOf(t).map((l) => l.text)[3]).toBe('0xc0000000-0xc0600000           6M     RW         PSE GLB x  pmd');
  });

  it('the hypervisor hole note starts at the hole: on 2.6.27-rc1 VMI the empty PMD below 0xfc000000 has none', () => {
    const t = traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, memory: '512MiB', hypervisor: 'vmi' });
    const noted = ptdumpOf(t).filter((l) => l.notes.some((n) => n.startsWith('hypervisor hole'))).map((l) => l.text.slice(0, 21));
    expect(noted).toEqual(['0xfc000000-0xffc00000']);
    expect(ptdumpOf(t).find((l) => l.text.startsWith('0xfbc00000-0xfc000000'))?.notes).toEqual([]);
  });

  it('OLPC 2.6.36: setup_olpc_ofw_pgd() copies OpenFirmware\'s PDE into swapper_pg_dir[1022], so 0xff800000 is present, not part of the reserved hole (review 21, 4)', () => {
    // arch/x86/kernel/olpc_ofw.c at 2.6.36 f6f94e2ab1b :20-40, asm/olpc_ofw.h OLPC_OFW_PDE_NR 1022
    const t = traceOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff834567' } });
    const lines = ptdumpOf(t);
    const ofw = lines.find((l) => l.text.startsWith('0xff800000-0xffc00000'));
    expect(ofw?.writers).toEqual([expect.stringMatching(/^setup_olpc_ofw_pgd \(step \d+\)$/)]);
    expect(ofw?.notes).toEqual(["OpenFirmware's page table (OLPC_OFW_PDE_NR): its entries are OFW's, not modeled"]);
    // OFW's reserve starts at its 1 MiB boundary 0xff800000: nothing of it is left as an empty hole
    expect(lines.filter((l) => l.notes.some((n) => n.startsWith('reserved from') || n.includes('hole')))).toEqual([]);
    // a cif below OFW_MIN disables OpenFirmware: no PDE is copied
    const off = ptdumpOf(traceOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xfe800000' } }));
    expect(off.some((l) => l.writers.some((w) => w.startsWith('setup_olpc_ofw_pgd')))).toBe(false);
  });

  it('OLPC with a cif below OpenFirmware\'s page directory entry: the empty PMD of its hole is named OpenFirmware\'s, not a hypervisor\'s or a reserve', () => {
    const t = traceOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff434567' } });
    expect(t.layout.regions.map((r) => r.name)).toContain('firmware');
    expect(ptdumpOf(t).flatMap((l) => l.notes).filter((n) => /reserved|hole/.test(n))).toEqual(["OpenFirmware's hole from 0xff400000: its own entries are not modeled"]);
  });

  it('a FIXADDR_TOP inside a page (reservetop= no page multiple) still dumps whole pages: set_pte_vaddr() writes the PTE of the page holding fix_to_virt() (helper-138)', () => {
    for (const cmdline of ['reservetop=0xbadc0de', 'reservetop=0x1']) {
      const lines = ptdumpOf(traceOf({ kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline }));
      const ranges = lines.map((l) => /^0x([0-9a-f]{8})-0x([0-9a-f]{8})/.exec(l.text)).filter((m) => m !== null);
      expect(ranges.length).toBeGreaterThan(5);
      for (const m of ranges) expect([m[1], m[2]].map((h) => Number.parseInt(h ?? '', 16) % 4096)).toEqual([0, 0]);
      // no empty marker: the last one (-1) is never reached by a page-aligned walk
      expect(lines.map((l) => l.text)).not.toContain('---[  ]---');
    }
    const apic = ptdumpOf(traceOf({ kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de' })).find((l) => l.writers.some((w) => w.startsWith('acpi_boot_init')));
    // FIX_APIC_BASE and FIX_IO_APIC_BASE_0 at 0xf451df22 and 0xf451cf22: their pages 0xf451c000 and 0xf451d000
    expect(apic?.text).toMatch(/^0xf451c000-0xf451e000 {11}8K {5}RW PWT PCD {5}GLB x {2}pte$/);
  });

  it('without a hypervisor the empty top is a reserve, not a hypervisor hole: reservetop=16M', () => {
    const t = traceOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'reservetop=16M' });
    expect(ptdumpOf(t).flatMap((l) => l.notes).filter((n) => /reserved|hole/.test(n))).toEqual(['reserved from 0xff000000 (reservetop=): not the kernel\'s, not modeled']);
  });

  it('reservetop= larger than the VMI hole: the reserve\'s PMDs, then the hypervisor\'s, each with its note', () => {
    const t = traceOf({ kernel: '2.6.28', order: releaseOrder('2.6.28'), hypervisor: 'vmi', cmdline: 'reservetop=128M' });
    const notes = ptdumpOf(t).filter((l) => l.notes.some((n) => /reserved|hole/.test(n))).map((l) => [l.text.slice(0, 21), l.notes.join('')]);
    // 0xfbc00000-0xfc000000: the fixmap page table init_memory_mapping() built under VMI's FIXADDR_TOP
    expect(notes).toEqual([
      ['0xf8000000-0xfbc00000', 'reserved from 0xf8000000 (reservetop=): not the kernel\'s, not modeled'],
      ['0xfc000000-0xffc00000', "hypervisor hole from 0xfc000000: the hypervisor's own entries are not modeled"],
    ]);
  });

  it('Xen before 2.6.27.8 with reservetop=168M: the Xen hole starts at HYPERVISOR_VIRT_START 0xf5800000, not at -reserve 0xf57fe000 (the padding of xen_reserve_top(), enlighten.c at caglar10ur/linux-2.6.27.y@6e86841d05)', () => {
    const t = traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true, memory: '2GiB', cmdline: 'reservetop=168M' });
    const notes = ptdumpOf(t).filter((l) => l.notes.some((n) => /reserved|hole/.test(n))).map((l) => [l.text.slice(0, 21), l.notes.join('')]);
    expect(notes).toEqual([['0xf5800000-0x00000000', "Xen hole from 0xf5800000: the hypervisor's own entries are not modeled"]]);
    expect(t.layout.FIXADDR_TOP).toBe(0xf57ff000);
  });

  // parse_reservetop() → fixup_early_ioremap() → early_ioremap_init() (e67a807f3d9, 2.6.34-rc7): memset(bm_pte) and
  // pmd_populate_kernel() at the PMD of fix_to_virt(FIX_BTMAP_BEGIN) under the new top (arch/x86/mm/ioremap.c:369-382,
  // 449-461 at e67a807f3d9). reservetop=16M, non-PAE: FIXADDR_TOP 0xfefff000, FIX_BTMAP_BEGIN 481 at 0xfee1e000, PMD
  // 0xfec00000; page_table_range_init()'s one_page_table_init() keeps a present PTE page (init_32.c:108-129 at 2.6.34
  // e40152ee1e1c), so the fixmap's PMD is served by bm_pte from rc7 on and by an alloc_low_page() page before
  it.each([
    ['2.6.34-rc6', 'alloc_low_page pfn 0x8'],
    ['2.6.34-rc7', 'bm_pte pfn 0x5aa'],
  ])('reservetop=16M on %s: the fixmap\'s PMD 0xfec00000 holds %s', (kernel, table) => {
    const t = traceOf({ kernel, order: releaseOrder('2.6.34'), memory: '2GiB', cmdline: 'reservetop=16M' });
    const lines = ptdumpOf(t);
    const apic = lines.find((l) => l.text.startsWith('0xfeff9000-0xfeffb000'));
    expect(apic?.writers).toEqual([expect.stringMatching(/^ioapic_init_mappings/), expect.stringMatching(/^acpi_boot_init/)]);
    expect(apic?.tables).toEqual([table]);
    // the PMD early_ioremap_init() hooked bm_pte at first keeps it: fixup_early_ioremap() clears no PMD
    expect(lines.find((l) => l.text.startsWith('0xffc00000-0x00000000'))?.tables).toEqual(['bm_pte pfn 0x5aa']);
  });

  it('printk_prot: 26 blanks for not present, PSE at pmd level, pat at pte level', () => {
    expect(printkProt(0, 4)).toBe(`${' '.repeat(26)}pte`);
    expect(printkProt(PAGE_KERNEL, 4)).toBe('    RW             GLB NX pte');
    expect(printkProt(PAGE_KERNEL_LARGE_EXEC, 3)).toBe('    RW         PSE GLB x  pmd');
    expect(printkProt(PAGE_READONLY_EXEC, 4)).toBe('USR ro                 x  pte');
  });
});
