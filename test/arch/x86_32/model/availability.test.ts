/**
 * Kind 4 / kind 10: which calls each kernel's setup_arch() makes. The spans of
 * availability.ts must agree with the real orders of every release where the
 * order changed (release-orders.ts, read from source): every call of an order
 * is available for that kernel, and every other catalog call is not.
 */
import { describe, expect, it } from 'vitest';
import { availability, CALL_SPANS } from '../../../../src/arch/x86_32/availability.js';
import { CALL_NAMES } from '../../../../src/arch/x86_32/catalog-names.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { RELEASE_ORDERS } from '../fixtures/release-orders.js';

function kernel(text: string) {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(p.reason);
  return p.version;
}

describe('availability matches the setup_arch() of every release', () => {
  for (const r of RELEASE_ORDERS) {
    it(`${r.kernel} (${r.source})`, () => {
      const k = kernel(r.kernel);
      const inOrder = new Set(r.order);
      const wrong = CALL_NAMES.filter((c) => availability(c, k).ok !== inOrder.has(c));
      expect(wrong).toEqual([]);
    });
  }

  it('a call missing from the kernel is an error with the commit that added or removed it', () => {
    expect(availability('vmi_activate', kernel('2.6.28-rc8'))).toEqual({ ok: false, reason: expect.stringMatching(/ae8d04e2ecb "x86 Fix VMI crash on boot in 2\.6\.28-rc8" \(2\.6\.28-rc9, stable 2\.6\.27\.10\)/) as unknown as string });
    expect(availability('vmi_activate', kernel('2.6.27.10')).ok).toBe(true);
    expect(availability('init_hypervisor', kernel('2.6.26')).ok).toBe(false);
    expect(availability('paravirt_pagetable_setup_start', kernel('2.6.32')).ok).toBe(false);
    expect(availability('mcheck_intel_therm_init', kernel('2.6.32.2')).ok).toBe(true);
    expect(availability('mcheck_intel_therm_init', kernel('2.6.33')).ok).toBe(false);
  });

  it('a call a later kernel replaced names its replacement, as the removing commit shows it', () => {
    // 030cb6c00d2: paravirt_pagetable_setup_start(swapper_pg_dir) → x86_init.paging.pagetable_setup_start(swapper_pg_dir)
    expect(availability('paravirt_pagetable_setup_start', kernel('2.6.32'))).toEqual({ ok: false, reason: expect.stringMatching(/030cb6c00d2 .* took it out; use x86_init\.paging\.pagetable_setup_start instead$/) as unknown as string });
    // f7cf5a5b8c0: probe_roms() → x86_init.resources.probe_roms()
    expect(availability('probe_roms', kernel('2.6.32'))).toEqual({ ok: false, reason: expect.stringMatching(/f7cf5a5b8c0 .* took it out; use x86_init\.resources\.probe_roms instead$/) as unknown as string });
    // 11cd0bc140b moved zone_sizes_init into paging_init: no replacement in setup_arch()
    expect(availability('zone_sizes_init', kernel('2.6.27'))).toEqual({ ok: false, reason: expect.stringMatching(/took it out$/) as unknown as string });
    // every replacement is a call of the kernel that removed the old one
    for (const c of CALL_NAMES) {
      const h = CALL_SPANS[c];
      if ('never' in h || h.replacedBy === undefined || h.removed === undefined) continue;
      expect(availability(h.replacedBy, kernel(h.removed.mainline)).ok, `${c} → ${h.replacedBy}`).toBe(true);
    }
  });

  it('a call of a later kernel names the call this kernel makes in its place, as the adding commit shows it', () => {
    const reason = (call: Parameters<typeof availability>[0], k: string): string => {
      const a = availability(call, kernel(k));
      return a.ok ? 'ok' : a.reason;
    };
    // each pair read in the adding commit's diff of arch/x86/kernel/setup*.c (DerArtem/android-tegra-2.6.36-hc-dev)
    const table: [Parameters<typeof availability>[0], string, string][] = [
      ['probe_nr_irqs_gsi', '2.6.28', 'probe_nr_irqs'], // be5d5350a93: - nr_irqs = probe_nr_irqs(); + probe_nr_irqs_gsi();
      ['setup_memory_map', '2.6.26', 'memory_setup'], // 0dbfafa5fcd: - print_memory_map(memory_setup()); + setup_memory_map();
      ['initmem_init', '2.6.26', 'setup_memory'], // b2ac82a0909: - max_low_pfn = setup_memory(); + … initmem_init(0, max_pfn);
      ['e820_setup_gap', '2.6.26', 'e820_register_memory'], // b79cd8f1268
      ['init_hypervisor_platform', '2.6.31', 'init_hypervisor'], // 2d826404f0b: - init_hypervisor(&boot_cpu_data); + init_hypervisor_platform();
      ['x86_init.resources.probe_roms', '2.6.31', 'probe_roms'], // f7cf5a5b8c0
      ['x86_init.paging.pagetable_setup_start', '2.6.31', 'paravirt_pagetable_setup_start'], // 030cb6c00d2
      ['x86_init.paging.pagetable_setup_done', '2.6.31', 'paravirt_pagetable_setup_done'], // 030cb6c00d2 (not f1d7062a235's paravirt_post_allocator_init: moved into it, no rename)
      ['x86_init.resources.reserve_resources', '2.6.31', 'request_resource and reserve_standard_io_resources'], // 8fee697d990 moved both into it
      ['acpi_reserve_wakeup_memory', '2.6.32', 'acpi_reserve_bootmem'], // 196cf0d67ac: - acpi_reserve_bootmem(); + acpi_reserve_wakeup_memory();
      ['mcheck_init', '2.6.32.2', 'mcheck_intel_therm_init'], // a2202aa2928, backported as 21fc7b8d8c4 under another name (dandel/linux-2.6.32.y)
    ];
    for (const [call, k, before] of table) expect(reason(call, k), call).toMatch(new RegExp(`^${call.replaceAll('.', '\\.')} is not a setup_arch\\(\\) call in ${k.replaceAll('.', '\\.')}: it came with .*; ${k.replaceAll('.', '\\.')} calls ${before} instead$`));
    expect(reason('probe_nr_irqs_gsi', '2.6.28')).toBe('probe_nr_irqs_gsi is not a setup_arch() call in 2.6.28: it came with be5d5350a93 "x86: MSI start irq numbering from nr_irqs_gsi" (2.6.29-rc1); 2.6.28 calls probe_nr_irqs instead');
    // only where the earlier name is a call of this kernel: 2.6.27 has neither probe_nr_irqs (2.6.28-rc1) nor mcheck_intel_therm_init
    expect(reason('probe_nr_irqs_gsi', '2.6.27')).toMatch(/\(2\.6\.29-rc1\)$/);
    expect(reason('mcheck_init', '2.6.32')).toMatch(/\(2\.6\.33-rc1\)$/);
    // a new call that replaced nothing says nothing more
    expect(reason('vmi_activate', '2.6.28-rc8')).toMatch(/\(2\.6\.28-rc9, stable 2\.6\.27\.10\)$/);
  });

  it('2.6.26 calls the paravirt page-table hooks inside pagetable_init(), not in setup_arch()', () => {
    // caglar10ur/linux-2.6.27.y@bce7f793daec: arch/x86/mm/init_32.c:388,416 calls them; setup_32.c:759-941 does not
    for (const hook of ['paravirt_pagetable_setup_start', 'paravirt_pagetable_setup_done'] as const) {
      expect(availability(hook, kernel('2.6.26'))).toEqual({ ok: false, reason: expect.stringMatching(/a312b37b2a2 "x86\/paravirt: call paravirt_pagetable_setup_\{start, done\}" \(2\.6\.27-rc1\)/) as unknown as string });
      expect(availability(hook, kernel('2.6.27-rc1')).ok).toBe(true);
    }
  });

  it('pagetable_init, a function inside paging_init (init_32.c in every release), names the call to list (review 9 R4-4)', () => {
    for (const k of ['2.6.26', '2.6.30']) {
      expect(availability('pagetable_init', kernel(k))).toEqual({ ok: false, reason: expect.stringMatching(/^pagetable_init is not an x86_32 setup_arch\(\) call in any modeled kernel: pagetable_init runs inside paging_init\(\), not in setup_arch\(\): list paging_init/) as unknown as string });
    }
  });

  it('tip/x86 and x86_64-only names are known but never available', () => {
    const never = CALL_NAMES.filter((c) => 'never' in CALL_SPANS[c]);
    expect([...never].sort()).toEqual(['check_efer', 'e820_end_of_ram', 'e820_register_active_regions', 'early_gart_iommu_check', 'init_cpu_to_node', 'map_vsyscall', 'numa_kva_reserve', 'pagetable_init', 'reserve_setup_data']);
    for (const c of never) expect(availability(c, kernel('2.6.27')).ok).toBe(false);
  });
});
