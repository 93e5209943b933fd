/**
 * Orders with thousands of calls: the shapes that were quadratic in the
 * rules (a scan of the rest of the trace per finding) still give exactly
 * the findings a short order gives, one per culprit step. Their speed at
 * the limits (max-calls, 2,048 calls) is measured in `npm run bench`, not here.
 */
import { describe, expect, it } from 'vitest';
import { earlyIoremapInitBeforeRelocation } from '../../../../src/arch/x86_32/rules/early-ioremap-init-before-relocation.js';
import { fixmapBeforeRelocation } from '../../../../src/arch/x86_32/rules/fixmap-before-relocation.js';
import { missingPrerequisite } from '../../../../src/arch/x86_32/rules/missing-prerequisite.js';
import { staleEarlyIoremap } from '../../../../src/arch/x86_32/rules/stale-early-ioremap.js';
import { findingsOf } from '../../../rules/rule-tester.js';

// about 2,000 calls each: within max-calls (2,048)
const N = 1000;
const repeat = (calls: readonly string[], times: number): string[] => Array.from({ length: times }, () => calls).flat();
const PREFIX = ['early_cpu_init', 'setup_memory_map', 'early_ioremap_init', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];

describe('rules over thousands of steps', () => {
  it('fixmap-before-relocation: every fixmap user before vmi_init, once each, the fix at the first one', () => {
    const order = [...PREFIX, ...repeat(['init_memory_mapping', 'dmi_scan_machine'], N), 'vmi_init'];
    const found = findingsOf(fixmapBeforeRelocation, { kernel: '2.6.27-rc1', order, hypervisor: 'vmi' });
    expect(found).toHaveLength(2 * N);
    expect(new Set(found.map((f) => f.step.index)).size).toBe(2 * N);
    for (const f of found) {
      expect(f.related.map((r) => r.step.name)).toEqual(['vmi_init']);
      expect(f.fix).toBe('the relocation (vmi_init (step 2007)) has to happen before the first fixmap user, init_memory_mapping (step 7)');
    }
  });

  it('stale-early-ioremap: every early_ioremap after the relocation, each pointing at the same reset', () => {
    const order = ['early_ioremap_init', 'vmi_init', ...repeat(['dmi_scan_machine'], N), 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping'];
    const found = findingsOf(staleEarlyIoremap, { kernel: '2.6.27-rc3', order, hypervisor: 'vmi' });
    expect(found).toHaveLength(N);
    for (const f of found) expect(f.fix).toMatch(/or dmi_scan_machine after init_memory_mapping \(step 1005\)$/);
  });

  it('early-ioremap-init-before-relocation: names the first three users of the window and counts the rest', () => {
    const order = ['early_ioremap_init', 'vmi_init', ...repeat(['dmi_scan_machine'], N)];
    const [f, ...rest] = findingsOf(earlyIoremapInitBeforeRelocation, { kernel: '2.6.27-rc3', order, hypervisor: 'vmi' });
    expect(rest).toEqual([]);
    expect(f?.consequence).toBe(`already hit by dmi_scan_machine (step 3), dmi_scan_machine (step 4), dmi_scan_machine (step 5) and ${N - 3} more (see stale-early-ioremap)`);
  });

  it('early-ioremap-init-before-relocation: a second early_ioremap_init re-hooks bm_pte, so only the first window has a user', () => {
    const order = repeat(['early_ioremap_init', 'vmi_init', 'dmi_scan_machine'], N / 2);
    const found = findingsOf(earlyIoremapInitBeforeRelocation, { kernel: '2.6.27-rc3', order, hypervisor: 'vmi' });
    // vmi_init moves the top once; later ones relocate to the same FIXADDR_TOP, so FIX_BTMAP stays in its PMD
    expect(found).toHaveLength(1);
    expect(found[0]?.consequence).toBe('already hit by dmi_scan_machine (step 3) (see stale-early-ioremap)');
  });

  it('missing-prerequisite: every call before its prerequisite, each naming the setter that comes later', () => {
    const order = [...repeat(['find_low_pfn_range', 'init_memory_mapping'], N), 'setup_memory_map', 'e820_end_of_ram_pfn'];
    const found = findingsOf(missingPrerequisite, { kernel: '2.6.27', order });
    const maxPfn = found.filter((f) => f.message.startsWith('find_low_pfn_range needs max_pfn'));
    expect(maxPfn).toHaveLength(N);
    for (const f of maxPfn) expect(f.message).toBe('find_low_pfn_range needs max_pfn, but e820_end_of_ram_pfn (step 2002) only comes later');
    // init_memory_mapping needs max_low_pfn, which the find_low_pfn_range right before it sets (on a zero max_pfn);
    // it also needs the e820 map (find_early_table_space), which only setup_memory_map at the end sets
    const imm = found.filter((f) => f.step.name === 'init_memory_mapping');
    expect(imm.filter((f) => /max_low_pfn/.test(f.message))).toEqual([]);
    expect(imm).toHaveLength(N);
    for (const f of imm) expect(f.message).toBe('init_memory_mapping needs the e820 map, but setup_memory_map (step 2001) only comes later');
  });

  it('missing-prerequisite: a setter that never returned stops the kernel, so no call after it lacks anything', () => {
    // reservetop=0xbadc0de: dmi_scan_machine page-faults past the F-segment (fixaddr-top-unaligned) and never returns;
    // the thousand dmi_check_system after it are never reached (one pass per value, not a scan per need)
    const order = ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'dmi_scan_machine', ...repeat(['dmi_check_system'], N)];
    const found = findingsOf(missingPrerequisite, { kernel: '2.6.34', order, cmdline: 'reservetop=0xbadc0de' });
    expect(found.map((f) => f.step.name)).toEqual(['dmi_scan_machine']);
    // the same checks before the scan are reached: each lacks the DMI data (the scan that would set it never returns)
    const before = ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', ...repeat(['dmi_check_system'], N), 'dmi_scan_machine'];
    const early = findingsOf(missingPrerequisite, { kernel: '2.6.34', order: before, cmdline: 'reservetop=0xbadc0de' }).filter((f) => f.step.name === 'dmi_check_system');
    expect(early).toHaveLength(N);
    for (const f of early) expect(f.message).toMatch(/^dmi_check_system needs the DMI data, but no step sets it \(dmi_scan_machine\)/);
  });
});
