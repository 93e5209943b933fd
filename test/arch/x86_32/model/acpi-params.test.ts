/**
 * acpi= along the command line (acpi-params.ts) and what the ACPI table readers find with it (break-290 F1, F2, N3).
 */
import { describe, expect, it } from 'vitest';
import { readAcpiParams, acpiValues } from '../../../../src/arch/x86_32/acpi-params.js';
import { parseCmdline } from '../../../../src/arch/x86_32/cmdline.js';
import { parseKernelVersion, type KernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { replayX86 as replay } from '../../../../src/arch/x86_32/plugin.js';
import type { X86Trace as Trace } from '../../../../src/arch/x86_32/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { ORDER_2_6_27_RC1, moveAfter, releaseOrder } from '../fixtures/orders.js';

function kernel(text: string): KernelVersion {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(p.reason);
  return p.version;
}

function read(cmdline: string, k: string): { disabled: boolean; tables: boolean; rejected: string[] } {
  const r = readAcpiParams(parseCmdline(cmdline).params, kernel(k), true);
  return { disabled: r.disabled, tables: r.tables, rejected: r.rejected.map((x) => x.param.text) };
}

function traceOf(spec: ScenarioSpec): Trace {
  const loaded = parseScenario(scenarioYaml(spec), 'acpi.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return replay(loaded.scenario);
}

/** The ACPI tables a replay maps (acpi-map events), as STEP:TABLE. */
function acpiMaps(t: Trace): string[] {
  return t.events.flatMap((e) => (e.kind === 'acpi-map' ? [`${e.step.name}:${e.what}`] : []));
}

describe('acpi= in command-line order (parse_acpi(), arch/x86/kernel/acpi/boot.c)', () => {
  // break-290 F1: force clears acpi_disabled; ht keeps acpi_boot_table_init() going (acpi_disabled && !acpi_ht is false)
  it('2.6.26, 2.6.27-rc1, 2.6.27, 2.6.32: the flags left by off, force and ht in order', () => {
    for (const k of ['2.6.26', '2.6.27-rc1', '2.6.27', '2.6.32']) {
      expect(read('', k)).toEqual({ disabled: false, tables: true, rejected: [] });
      expect(read('acpi=off', k)).toEqual({ disabled: true, tables: false, rejected: [] });
      expect(read('acpi=off acpi=force', k)).toEqual({ disabled: false, tables: true, rejected: [] });
      expect(read('acpi=off acpi=ht', k)).toEqual({ disabled: true, tables: true, rejected: [] });
      expect(read('acpi=force acpi=off', k)).toEqual({ disabled: true, tables: false, rejected: [] });
      expect(read('acpi=ht acpi=off', k)).toEqual({ disabled: true, tables: false, rejected: [] });
      // ht after force: disable_acpi() only `if (!acpi_force)`
      expect(read('acpi=force acpi=ht', k)).toEqual({ disabled: false, tables: true, rejected: [] });
      expect(read('acpi=off acpi=strict acpi=noirq', k)).toEqual({ disabled: true, tables: false, rejected: [] });
    }
  });

  // break-290 N3: strcmp on the whole value; -EINVAL changes no flag
  it('values parse_acpi() rejects change nothing: acpi=bogus, acpi=Off, acpi=off,x', () => {
    expect(read('acpi=bogus', '2.6.27-rc1')).toEqual({ disabled: false, tables: true, rejected: ['acpi=bogus'] });
    expect(read('acpi=Off', '2.6.27-rc1')).toEqual({ disabled: false, tables: true, rejected: ['acpi=Off'] });
    expect(read('acpi=off acpi=off,x', '2.6.27')).toEqual({ disabled: true, tables: false, rejected: ['acpi=off,x'] });
  });

  it('the values by version: rsdt from 2.6.29-rc1 (237889bf0a6), ht gone and copy_dsdt from 2.6.35-rc1 (68ca406930d, aa2110cb1a7)', () => {
    expect(acpiValues(kernel('2.6.28'))).toEqual(['off', 'force', 'strict', 'ht', 'noirq']);
    expect(acpiValues(kernel('2.6.29-rc1'))).toEqual(['off', 'force', 'strict', 'ht', 'rsdt', 'noirq']);
    expect(acpiValues(kernel('2.6.35-rc1'))).toEqual(['off', 'force', 'strict', 'rsdt', 'noirq', 'copy_dsdt']);
    expect(read('acpi=rsdt', '2.6.28').rejected).toEqual(['acpi=rsdt']);
    // 2.6.35+: acpi=ht is -EINVAL, so it no longer undoes acpi=off, nor disables ACPI
    expect(read('acpi=off acpi=ht', '2.6.36')).toEqual({ disabled: true, tables: false, rejected: ['acpi=ht'] });
    expect(read('acpi=ht', '2.6.36')).toEqual({ disabled: false, tables: true, rejected: ['acpi=ht'] });
  });

  it('without CONFIG_ACPI acpi_disabled is 1 whatever the command line says', () => {
    expect(readAcpiParams(parseCmdline('acpi=force').params, kernel('2.6.27'), false)).toMatchObject({ disabled: true, tables: false });
  });
});

describe('the ACPI table readers under a late acpi=off (break-290 F2)', () => {
  const late = (order: readonly string[]): string[] => moveAfter(order, 'parse_early_param', 'acpi_numa_init');
  const spec = { pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off' } as const;

  it('2.6.27-rc1: acpi_boot_table_init filled the table list before acpi=off, so acpi_numa_init still maps the SRAT', () => {
    expect(acpiMaps(traceOf({ kernel: '2.6.27-rc1', order: late(ORDER_2_6_27_RC1), ...spec }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT', 'acpi_numa_init:ACPI SRAT']);
    // acpi=off parsed before acpi_boot_table_init: the list is never filled, nothing is mapped
    expect(acpiMaps(traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, ...spec }))).toEqual([]);
    // acpi_numa_init after parse_early_param, acpi_boot_table_init before it: the SRAT is still in the list
    const between = moveAfter(late(ORDER_2_6_27_RC1), 'acpi_numa_init', 'parse_early_param');
    expect(acpiMaps(traceOf({ kernel: '2.6.27-rc1', order: between, ...spec }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT', 'acpi_numa_init:ACPI SRAT']);
  });

  it('2.6.32: acpi_table_parse() returns -ENODEV on acpi_disabled (e5b8fc6ac15), so only acpi_numa_init before parse_early_param maps the SRAT', () => {
    const order = late(releaseOrder('2.6.32'));
    expect(acpiMaps(traceOf({ kernel: '2.6.32', order, ...spec }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT', 'early_acpi_boot_init:ACPI MADT', 'acpi_numa_init:ACPI SRAT']);
    const between = moveAfter(order, 'acpi_numa_init', 'parse_early_param');
    expect(acpiMaps(traceOf({ kernel: '2.6.32', order: between, ...spec }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT', 'early_acpi_boot_init:ACPI MADT']);
  });

  it('acpi=ht on 2.6.32: acpi_table_init() maps the root table, but acpi_table_parse() finds neither SRAT nor MADT; on 2.6.27 both', () => {
    const ht = { pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off acpi=ht' } as const;
    expect(acpiMaps(traceOf({ kernel: '2.6.32', order: releaseOrder('2.6.32'), ...ht }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT']);
    expect(acpiMaps(traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, ...ht }))).toEqual(['acpi_boot_table_init:ACPI RSDT/XSDT', 'acpi_numa_init:ACPI SRAT', 'acpi_boot_init:ACPI MADT']);
  });
});
