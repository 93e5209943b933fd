/**
 * bisect: the edit script between two scenarios, delta debugging over it,
 * and the two pins of issue 8: the 2.6.27 VMI order against a copy with
 * dmi_scan_machine moved early (the 2.6.27.6 backport) and three unrelated
 * moves names only the DMI move; 2.6.26 → 2.6.27 on a Xen PAE guest blames
 * the kernel version (FIX_BTMAP_END aligned to 256 instead of 512 slots).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { bisect, type Side } from '../../src/compare/bisect.js';
import { ddmin } from '../../src/compare/ddmin.js';
import { applySubset, callOfRaw, editScript, orderScript, scenarioEditText, type RawStep } from '../../src/compare/edit-script.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { applyEditsToNames } from '../../src/scenario/order-edit.js';
import { ROOT } from './load.js';

const VMI_2627 = 'test/compare/fixtures/2.6.27-vmi.yaml';

function side(file: string, edit: (text: string) => string = (t) => t): Side {
  const text = edit(readFileSync(`${ROOT}/${file}`, 'utf8'));
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return { data: parse(text) as Record<string, unknown>, plugin: r.plugin, scenario: r.scenario };
}

const load = (data: Readonly<Record<string, unknown>>, label: string) => {
  const r = parseScenario(stringify(data), label);
  return r.ok ? { plugin: r.plugin, scenario: r.scenario } : null;
};

/** Moves `call` to right after `anchor` in the setup_arch list of a scenario text. */
function moveLine(text: string, call: string, anchor: string): string {
  const lines = text.split('\n');
  const from = lines.indexOf(`  - ${call}`);
  if (from < 0) throw new Error(call);
  const [line] = lines.splice(from, 1);
  lines.splice(lines.indexOf(`  - ${anchor}`) + 1, 0, line ?? '');
  return lines.join('\n');
}

function stepsOf(d: Readonly<Record<string, unknown>>): string[] {
  return (d['setup_arch'] as RawStep[]).map(callOfRaw);
}

describe('edit script', () => {
  it('applied in full, in sequence or as a subset of everything, turns A into B', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'x', 'f'];
    const cases = [['b', 'a', 'c', 'd', 'e', 'x', 'f'], ['q', 'a', 'c', 'x', 'd', 'f', 'e', 'r'], ['f', 'e', 'd', 'c', 'b', 'a'], ['a', 'x', 'b', 'x', 'c']];
    for (const b of cases) {
      const s = orderScript(a, b);
      expect(applyEditsToNames(a, s.map((c) => c.edit))).toEqual({ ok: true, order: b });
      const full = applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set(s.map((_, i) => i)));
      expect(stepsOf(full)).toEqual(b);
      expect(stepsOf(applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set()))).toEqual(a);
    }
  });

  it('one moved call is one move, and value changes are per key', () => {
    const s = editScript(
      { kernel: '2.6.26', config: { pae: true }, machine: { memory: '2GiB', hypervisor: 'xen' }, setup_arch: ['a', 'b', 'c', 'd'] },
      { kernel: '2.6.27', config: { pae: true }, machine: { memory: '2GiB', cmdline: 'mem=1G' }, setup_arch: ['a', 'c', 'd', 'b'] },
    );
    expect(s.map(scenarioEditText)).toEqual(['move b after d', 'kernel: 2.6.26 → 2.6.27', 'machine.hypervisor: xen → (default)', 'machine.cmdline: (default) → mem=1G']);
  });
});

describe('ddmin', () => {
  it('finds the 1-minimal failing subset and skips unresolved ones', () => {
    const r = ddmin([1, 2, 3, 4, 5, 6, 7, 8], (s) => (s.includes(3) && !s.includes(6) ? 'unresolved' : s.includes(3) && s.includes(6) ? 'fail' : 'pass'));
    expect(r.result).toEqual([3, 6]);
    expect(r.unresolved).toBeGreaterThan(0);
  });
});

describe('bisect', () => {
  it('2.6.27 VMI order vs dmi_scan_machine moved early plus three unrelated moves: only the DMI move', () => {
    const good = side(VMI_2627);
    const bad = side(VMI_2627, (t) => moveLine(moveLine(moveLine(moveLine(t,
      'dmi_scan_machine', 'finish_e820_parsing'),
      'copy_edd', 'probe_roms'),
      'init_apic_mappings', 'ioapic_init_mappings'),
      'io_delay_init', 'acpi_boot_table_init'));
    const r = bisect(good, bad, load);
    expect(r.key).toBe('stale-early-ioremap|dmi_scan_machine|early_ioremap_init|vmi_init');
    expect(r.script.filter((e) => e.kind === 'order')).toHaveLength(4);
    expect(r.culprits.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText)).toEqual(['move dmi_scan_machine after finish_e820_parsing']);
    expect(r.replays).toBeGreaterThan(0);
  });

  it('2.6.26 → 2.6.27 on a Xen PAE guest: the kernel version change, and no call without an effect', () => {
    const good = side('test/compare/fixtures/2.6.26-xen-pae.yaml');
    const bad = side('test/compare/fixtures/2.6.27-xen-pae.yaml');
    const r = bisect(good, bad, load, 'btmap-pmd-straddle');
    const culprits = r.culprits.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText);
    expect(culprits).toContain('kernel: 2.6.26 → 2.6.27');
    expect(r.effectFree).toEqual([]);
    // what else it needs: only what makes the 2.6.27 intermediate valid (setup_memory is 2.6.26-only)
    expect(culprits).toEqual(['remove setup_memory', 'kernel: 2.6.26 → 2.6.27']);
    expect(r.unresolved).toBeGreaterThan(0);
  });

  it('refuses a finding GOOD already has, and a finding BAD does not have', () => {
    const good = side(VMI_2627);
    expect(() => bisect(good, good, load)).toThrow(/nothing to bisect/);
    const bad = side(VMI_2627, (t) => moveLine(t, 'dmi_scan_machine', 'finish_e820_parsing'));
    expect(() => bisect(good, bad, load, 'layout-overlap')).toThrow(/BAD has no such finding/);
    expect(() => bisect(good, bad, load, 'early-ioremap-init-before-relocation')).toThrow(/GOOD has it too/);
  });
});

describe('bootreplay bisect (CLI)', () => {
  it('names the culprit edit between the applied rc3 fix and 2.6.27.4', () => {
    const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^culprit: 1 edit of \d+ makes the finding appear in GOOD\n +\d+ {2}move dmi_scan_machine after efi_init$/m);
    const j = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml', '-f', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const out = JSON.parse(j.stdout) as { culprits: unknown[]; finding: { rule: string } };
    expect(out.finding.rule).toBe('stale-early-ioremap');
    expect(out.culprits).toEqual([{ edit: 3, move: 'dmi_scan_machine', after: 'efi_init' }]);
    const bad = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.28-vmi.yaml', 'scenarios/x86_32/2.6.28-vmi.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/nothing to bisect/);
  });
});
