/**
 * The rules every architecture shares (src/rules/generic.ts), checked with
 * each plug-in's instance on that architecture's real orders: phase-order
 * (a kernel_init() or run-time step written before a setup_arch() call) and
 * duplicate-call (a call listed twice).
 */
import { describe, expect, it } from 'vitest';
import { arm64 } from '../../src/arch/arm64/plugin.js';
import { riscv } from '../../src/arch/riscv/plugin.js';
import { x86_32 } from '../../src/arch/x86_32/plugin.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import type { Rule } from '../../src/rules/types.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, withLate as arm64Late } from '../arch/arm64/fixtures/orders.js';
import { ORDER_5_12, ORDER_5_14, withLate as riscvLate } from '../arch/riscv/fixtures/orders.js';
import { ORDER_2_6_27 } from '../arch/x86_32/fixtures/orders.js';
import { moveAfter, moveBefore } from './orders.js';
import { ruleTester } from './rule-tester.js';

function ruleOf(plugin: ArchPlugin, id: string): Rule {
  const rule = plugin.rules.find((r) => r.meta.id === id);
  if (rule === undefined) throw new Error(`${plugin.id} has no rule ${id}`);
  return rule;
}

describe('every plug-in lists the generic rules after its own', () => {
  for (const p of [x86_32, arm64, riscv]) {
    it(p.id, () => {
      const ids = p.rules.map((r) => r.meta.id);
      expect(ids.slice(-2)).toEqual(['phase-order', 'duplicate-call']);
    });
  }
});

describe('phase-order', () => {
  ruleTester(ruleOf(arm64, 'phase-order'), {
    valid: [
      { name: 'v4.4: fixup_init and mark_rodata_ro after the setup_arch calls', scenario: { arch: 'arm64', kernel: 'v4.4', order: arm64Late(ORDER_V4_4) } },
      { name: 'v4.6: the fixmap helpers run inside setup_arch', scenario: { arch: 'arm64', kernel: 'v4.6', order: ['pte_set_fixmap', 'pte_clear_fixmap', ...arm64Late(ORDER_V4_6)] } },
    ],
    invalid: [
      {
        name: 'v4.7: fixup_init moved into setup_arch, after paging_init (init pages unmapped while setup_arch runs from them)',
        scenario: { arch: 'arm64', kernel: 'v4.7', order: moveAfter(arm64Late(ORDER_V4_7), 'fixup_init', 'paging_init') },
        findings: [{ step: 'fixup_init', related: ['smp_build_mpidr_hash'], message: /fixup_init runs in kernel_init\(\) after setup_arch\(\) returns, but here \(step 11\) it comes before setup_arch\(\) call smp_build_mpidr_hash \(step 21\)/, fix: /move fixup_init \(step 11\) after smp_build_mpidr_hash \(step 21\)/ }],
        fixed: arm64Late(ORDER_V4_7),
      },
      {
        name: 'v4.6: both late steps before setup_arch ends (mark_rodata_ro needs the page allocator)',
        scenario: { arch: 'arm64', kernel: 'v4.6', order: moveAfter(moveAfter(arm64Late(ORDER_V4_6), 'mark_rodata_ro', 'arm64_memblock_init'), 'fixup_init', 'efi_init') },
        findings: [{ step: 'fixup_init' }, { step: 'mark_rodata_ro' }],
        fixed: arm64Late(ORDER_V4_6),
      },
    ],
  });
  ruleTester(ruleOf(riscv, 'phase-order'), {
    valid: [
      { name: '5.14 with a BPF JIT compile after boot', scenario: { arch: 'riscv', kernel: '5.14', order: riscvLate(ORDER_5_14, 'bpf_jit_compile') } },
    ],
    invalid: [
      {
        name: '5.12: free_initmem and mark_rodata_ro before paging_init',
        scenario: { arch: 'riscv', kernel: '5.12', order: moveBefore(moveBefore(riscvLate(ORDER_5_12), 'free_initmem', 'setup_bootmem'), 'mark_rodata_ro', 'setup_bootmem') },
        findings: [{ step: 'free_initmem', related: ['riscv_fill_hwcap'] }, { step: 'mark_rodata_ro', related: ['riscv_fill_hwcap'] }],
        fixed: riscvLate(ORDER_5_12),
      },
      {
        name: '5.14: a BPF program JIT-compiled before kernel_init() protects the kernel',
        scenario: { arch: 'riscv', kernel: '5.14', order: [...ORDER_5_14, 'bpf_jit_compile', 'free_initmem', 'mark_rodata_ro'] },
        findings: [{ step: 'bpf_jit_compile', related: ['mark_rodata_ro'], message: /runs in run time \(after boot\).*kernel_init\(\) after setup_arch\(\) returns call mark_rodata_ro/ }],
        fixed: riscvLate(ORDER_5_14, 'bpf_jit_compile'),
      },
    ],
  });
  it('x86_32 models no step after setup_arch(): every call is in its phase', () => {
    expect(x86_32.callNames.filter((c) => x86_32.callPhase(c).rank !== 0)).toEqual([]);
  });
});

describe('duplicate-call', () => {
  ruleTester(ruleOf(arm64, 'duplicate-call'), {
    valid: [{ name: 'v4.6 as released', scenario: { arch: 'arm64', kernel: 'v4.6', order: arm64Late(ORDER_V4_6) } }],
    invalid: [
      {
        name: 'v4.6: paging_init twice (a merge that kept both positions)',
        scenario: { arch: 'arm64', kernel: 'v4.6', order: [...ORDER_V4_6.slice(0, 12), 'paging_init', ...ORDER_V4_6.slice(12)] },
        findings: [{ step: 'paging_init', related: ['paging_init'], message: /paging_init is called again; step 10 already called it/, fix: /remove step 13 \(paging_init\)/ }],
        fixed: ORDER_V4_6,
      },
    ],
  });
  ruleTester(ruleOf(riscv, 'duplicate-call'), {
    valid: [
      { name: '5.14 as released', scenario: { arch: 'riscv', kernel: '5.14', order: riscvLate(ORDER_5_14) } },
      // one bpf_jit_compile per program user space loads (helper-187 2)
      { name: '5.14: two BPF programs JIT-compiled after boot', scenario: { arch: 'riscv', kernel: '5.14', order: riscvLate(ORDER_5_14, 'bpf_jit_compile', 'bpf_jit_compile') } },
    ],
    invalid: [
      {
        name: '5.14: parse_early_param twice',
        scenario: { arch: 'riscv', kernel: '5.14', order: [...ORDER_5_14, 'parse_early_param'] },
        findings: [{ step: 'parse_early_param', related: ['parse_early_param'] }],
        fixed: ORDER_5_14,
      },
    ],
  });
  ruleTester(ruleOf(x86_32, 'duplicate-call'), {
    valid: [
      {
        name: '2.6.27: e820_end_of_ram_pfn again after the MTRR trim (arch/x86/kernel/setup.c:730, :737)',
        scenario: { kernel: '2.6.27', order: moveAfter([...ORDER_2_6_27, 'e820_end_of_ram_pfn'], 'e820_end_of_ram_pfn', 'mtrr_bp_init') },
      },
    ],
    invalid: [
      {
        name: '2.6.27: early_ioremap_init twice',
        scenario: { kernel: '2.6.27', order: [...ORDER_2_6_27, 'early_ioremap_init'] },
        findings: [{ step: 'early_ioremap_init', related: ['early_ioremap_init'] }],
        fixed: ORDER_2_6_27,
      },
    ],
  });
});
