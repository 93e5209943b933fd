import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../../../src/arch/arm64/cmdline.js';

describe('arm64 parseCmdline', () => {
  it('splits where next_arg() does: on ASCII isspace() (kernel/params.c), not on U+00A0 or U+2028', () => {
    const { params } = parseCmdline('nokaslr\u00a0quiet\tearlycon\u2028x\nroot=/dev/vda');
    // "nokaslr\u00a0quiet" is one unknown parameter to next_arg(), but kaslr_early_init() finds
    // "nokaslr" at the start of the raw line (strstr), so KASLR is off
    expect(params.map((p) => p.text)).toEqual(['nokaslr\u00a0quiet', 'nokaslr', 'earlycon\u2028x', 'root=/dev/vda']);
    expect(params.map((p) => p.name)).toEqual(['other', 'nokaslr', 'other', 'known']);
  });

  it('reads nokaslr as kaslr_early_init() does: the first strstr() match, at the start or after a space (kaslr.c:112-114 at v4.6.5 and v4.7.4)', () => {
    const off = (cmdline: string): boolean => parseCmdline(cmdline).params.some((p) => p.name === 'nokaslr');
    // on: after a space, inside quotes, a longer word, at the start
    for (const c of ['nokaslr', 'quiet nokaslr', 'foo="a nokaslr"', 'nokaslrx']) expect(off(c), c).toBe(true);
    // off: after a tab or a quote, after =, or a first match that does not count hides a later one
    for (const c of ['quiet\tnokaslr', '"nokaslr"', 'foo=nokaslr', 'xnokaslr nokaslr', '"nokaslr"x nokaslr']) expect(off(c), c).toBe(false);
  });

  it('reads cma=SIZE[@BASE[-LIMIT]] as early_cma() does, with memparse() numbers (E, P, T, G, M, K in either case)', () => {
    const req = (cmdline: string): unknown => parseCmdline(cmdline).params.flatMap((p) => (p.name === 'cma' ? [p.request] : []));
    expect(req('cma=64M')).toEqual([{ size: 64n << 20n }]);
    expect(req('cma=1g')).toEqual([{ size: 1n << 30n }]);
    expect(req('cma=0x1000000@0x90000000')).toEqual([{ size: 0x1000000n, placed: { base: 0x90000000n, limit: 0x91000000n } }]);
    expect(req('cma=16M@2G-3G')).toEqual([{ size: 16n << 20n, placed: { base: 2n << 30n, limit: 3n << 30n } }]);
    // a leading 0 is octal, as simple_strtoull(…, 0) reads it
    expect(req('cma=010M')).toEqual([{ size: 8n << 20n }]);
  });

  it('refuses a cma= the kernel would read only in part, or not at all, one problem each at its offset', () => {
    const problems = (cmdline: string): string[] => parseCmdline(cmdline).problems.map((p) => `${p.offset}: ${p.message}`);
    expect(problems('quiet cma=64MB')).toEqual(['6: cma=64MB: early_cma() reads 64M and ignores B; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma')).toEqual(['0: cma: no size; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma=M')).toEqual(['0: cma=M: M is not a number; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma=64M@')).toEqual(['0: cma=64M@: a number is missing; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma=64M+1')).toEqual(['0: cma=64M+1: early_cma() reads 64M and ignores +1; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma=64M@1G-2G-3G')).toEqual(['0: cma=64M@1G-2G-3G: early_cma() ignores -3G after the limit; write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
    expect(problems('cma=1E')).toEqual(['0: cma=1E: 1E is past the 48-bit physical address space (PHYS_MASK_SHIFT 48); at most 0xffffffffffff']);
    expect(problems('cma=16E')).toEqual(['0: cma=16E: 16E is past the 64-bit phys_addr_t (memparse() would wrap it); write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)']);
  });
});
