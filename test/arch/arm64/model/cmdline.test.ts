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
});
