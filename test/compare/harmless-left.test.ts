/**
 * break-290 F4 and F5: "the finding stays / is new" by identity AND severity.
 * With noefi, dmi_scan_machine before parse_early_param loses DMI on an EFI
 * machine (an error); after it, the same missing input is a harmless warning.
 * - F4: run -v's fix and suggest must both offer moving dmi_scan_machine after
 *   parse_early_param (an error left only as a warning is fixed), and that
 *   order passes.
 * - F5: constraints must keep dmi_scan_machine after parse_early_param with an
 *   error edge (a move that makes the order's warning an error adds an error),
 *   so the order that moves it before (dmi-early) breaks an error edge.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './load.js';

const DIR = 'test/compare/fixtures';
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/bootreplay.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('an error a move leaves only as a harmless warning (break-290 F4, F5)', () => {
  it('run -v and suggest agree: move dmi_scan_machine after parse_early_param (F4)', { timeout: 60_000 }, () => {
    const run = cli('run', '-v', `${DIR}/2.6.29-rc7-efi-noefi-late.yaml`);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('fix: move dmi_scan_machine (step 17) after parse_early_param (step 18); replayed: no error left');
    expect(run.stdout).not.toContain('has to run after efi_init');
    const suggest = cli('suggest', `${DIR}/2.6.29-rc7-efi-noefi-late.yaml`);
    expect(suggest.stdout).toContain('fix: move dmi_scan_machine after parse_early_param (replayed on every machine)');
    expect(suggest.stdout).not.toContain('no fix: move dmi_scan_machine after parse_early_param');
  });

  it('the obeying order (noefi parsed before dmi_scan_machine) stays clean (F4, F5)', { timeout: 60_000 }, () => {
    expect(cli('run', `${DIR}/2.6.29-rc7-efi-noefi.yaml`).status).toBe(0);
  });

  it('constraints: parse_early_param before dmi_scan_machine is an error edge under noefi (F5)', { timeout: 60_000 }, () => {
    const r = cli('constraints', `${DIR}/2.6.29-rc7-efi-noefi.yaml`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\* parse_early_param before dmi_scan_machine +missing-prerequisite\n/);
    // the order that breaks it has an error
    expect(cli('run', `${DIR}/2.6.29-rc7-efi-noefi-dmi-early.yaml`).status).toBe(1);
    const m = cli('constraints', `${DIR}/2.6.29-rc7-efi-noefi.yaml`, '--matrix', '--set', 'machine.cmdline="",noefi');
    expect(m.stdout).toMatch(/parse_early_param before dmi_scan_machine +missing-prerequisite \[cmdline=noefi\]\n/);
  });
});
