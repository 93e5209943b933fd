/**
 * setup_early_printk() (arch/x86/kernel/early_printk.c), per version:
 * - the first earlyprintk= with a value only (`if (early_console_initialized)
 *   return 0`, 945-947 at 2.6.28 4a6908a3a05, 209-211 at 2.6.36 f6f94e2ab1b);
 *   a bare one is handed NULL (`if (!buf) return 0`) and does not count;
 * - before c9530948bc6 (2.6.32-rc1) the value's start only
 *   (`else if (!strncmp(buf, "dbgp", 4))`, 968 at 2.6.28), from it every offset
 *   (`while (*buf != '\0') … buf++`, 207-232 at 17d857be649);
 * - early_dbgp_init(buf + 4) reads only a controller number from the rest
 *   (`if (*s) dbgp_num = simple_strtoul(s, &e, 10)`): "dbgp,keep" is a debug port;
 * - earlyprintk=dbgp from 5c05917e7fe (2.6.28-rc1), simnow until fd28a5b58dd (2.6.29-rc1).
 */
import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../../../src/arch/x86_32/cmdline.js';
import { readEarlyprintk } from '../../../../src/arch/x86_32/earlyprintk.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';

function read(cmdline: string, kernel: string) {
  const k = parseKernelVersion(kernel);
  if (!k.ok) throw new Error(k.reason);
  const r = readEarlyprintk(parseCmdline(cmdline).params, k.version);
  return { effective: r.effective?.text ?? null, ignored: r.ignored.map((p) => p.text), dbgpCalls: r.dbgpCalls, dbgpNotAtStart: r.dbgpNotAtStart, dbgpMissing: r.dbgpMissing, unknown: r.unknown };
}

describe('earlyprintk= as setup_early_printk() reads it', () => {
  it('only the first earlyprintk= with a value counts, on every modeled kernel (early_console_initialized)', () => {
    for (const k of ['2.6.26', '2.6.28', '2.6.31', '2.6.32-rc1', '2.6.36']) {
      expect(read('earlyprintk=vga earlyprintk=dbgp', k)).toMatchObject({ effective: 'earlyprintk=vga', ignored: ['earlyprintk=dbgp'], dbgpCalls: 0 });
    }
    // the first one counts even when it sets up nothing: the flag is set before the value is looked at
    expect(read('earlyprintk=foo earlyprintk=dbgp', '2.6.28')).toMatchObject({ effective: 'earlyprintk=foo', dbgpCalls: 0, unknown: true });
    // a bare earlyprintk returns before setting it
    expect(read('earlyprintk earlyprintk=dbgp', '2.6.28')).toMatchObject({ effective: 'earlyprintk=dbgp', ignored: ['earlyprintk'], dbgpCalls: 1 });
    expect(read('root=/dev/sda1', '2.6.28')).toMatchObject({ effective: null, ignored: [], dbgpCalls: 0, unknown: false });
  });

  it('dbgp at the start, with anything after it, is the debug port from 2.6.28-rc1 (5c05917e7fe): dbgp,keep, dbgp1', () => {
    for (const v of ['dbgp', 'dbgp,keep', 'dbgp1', 'dbgp0,keep']) {
      expect(read(`earlyprintk=${v}`, '2.6.28-rc1')).toMatchObject({ dbgpCalls: 1, dbgpMissing: false, unknown: false });
      expect(read(`earlyprintk=${v}`, '2.6.36')).toMatchObject({ dbgpCalls: 1 });
      expect(read(`earlyprintk=${v}`, '2.6.27')).toMatchObject({ dbgpCalls: 0, dbgpMissing: true, unknown: false });
    }
  });

  it('dbgp after another console: ignored up to 2.6.31, a debug port from 2.6.32-rc1 (c9530948bc6)', () => {
    expect(read('earlyprintk=vga,dbgp', '2.6.31')).toMatchObject({ dbgpCalls: 0, dbgpNotAtStart: true, unknown: false });
    expect(read('earlyprintk=vga,dbgp', '2.6.32-rc1')).toMatchObject({ dbgpCalls: 1, dbgpNotAtStart: false });
    expect(read('earlyprintk=serial,ttyS0,115200,dbgp,keep', '2.6.36')).toMatchObject({ dbgpCalls: 1 });
    // early_dbgp_init() once per "dbgp": each call set_fixmap()s
    expect(read('earlyprintk=dbgp,dbgp1', '2.6.32-rc1')).toMatchObject({ dbgpCalls: 2 });
    expect(read('earlyprintk=dbgp,dbgp1', '2.6.31')).toMatchObject({ dbgpCalls: 1, dbgpNotAtStart: true });
    // before 2.6.28-rc1 there is no dbgp anywhere
    expect(read('earlyprintk=vga,dbgp', '2.6.27')).toMatchObject({ dbgpCalls: 0, dbgpMissing: true, dbgpNotAtStart: false });
  });

  it('a value that names no console this kernel knows is unknown (the model reports it as not modeled)', () => {
    expect(read('earlyprintk=dbpg', '2.6.28')).toMatchObject({ unknown: true, dbgpCalls: 0 });
    expect(read('earlyprintk=', '2.6.28')).toMatchObject({ unknown: true });
    // before c9530948bc6 only the start is compared; from it every offset
    expect(read('earlyprintk=keep,vga', '2.6.31')).toMatchObject({ unknown: true });
    expect(read('earlyprintk=keep,vga', '2.6.32-rc1')).toMatchObject({ unknown: false });
    // simnow until fd28a5b58dd (2.6.29-rc1)
    expect(read('earlyprintk=simnow', '2.6.28')).toMatchObject({ unknown: false });
    expect(read('earlyprintk=simnow', '2.6.29-rc1')).toMatchObject({ unknown: true });
    for (const v of ['vga', 'serial,ttyS0,115200', 'ttyS1', 'xen', 'vga,keep']) expect(read(`earlyprintk=${v}`, '2.6.28')).toMatchObject({ unknown: false, dbgpCalls: 0 });
  });
});
