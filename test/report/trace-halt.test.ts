/**
 * `bootreplay trace` of a boot a finding halts: the whole replay, with one
 * line where the kernel stops (review 19c F1): before the halting step's
 * events when it stops before its effects (x86_32 vmi_init's BUG_ON), after
 * them when it stops in the step (riscv kasan_init), after the implicit step
 * for a halt before setup_arch() (riscv setup_vm).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../compare/load.js';

const trace = (file: string): string[] => spawnSync(process.execPath, ['bin/bootreplay.js', 'trace', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout.split('\n');
const MARK = /^--- the kernel halts here: /;

describe('trace marks where the kernel halts', () => {
  it('2.6.27-rc1 on VMI: before vmi_init, whose relocation never happens', () => {
    const lines = trace('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const at = lines.findIndex((l) => MARK.test(l));
    expect(lines[at]).toBe('--- the kernel halts here: fixmap-before-relocation (step 41 vmi_init, before its effects); below, what the model replays past it');
    expect(lines[at + 1]).toMatch(/^ 41 vmi_init +reserve_top_address\(64 MiB\)/);
    expect(lines.filter((l) => MARK.test(l))).toHaveLength(1);
  });
  it('riscv 5.10 with a 136 MiB image: after setup_vm, before relocate', () => {
    const lines = trace('scenarios/riscv/v5.10-image-over-128m.yaml');
    const at = lines.findIndex((l) => MARK.test(l));
    expect(lines[at]).toMatch(/setup-vm-constraint \(setup_vm, before setup_arch\)/);
    expect(lines[at + 1]).toMatch(/^ {2}0 relocate /);
  });
  it('a boot no finding halts has no mark', () => {
    expect(trace('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml').some((l) => MARK.test(l))).toBe(false);
  });
});
