import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../../../src/arch/arm64/cmdline.js';

describe('arm64 parseCmdline', () => {
  it('splits where next_arg() does: on ASCII isspace() (kernel/params.c), not on U+00A0 or U+2028', () => {
    const { params } = parseCmdline('nokaslr\u00a0quiet\tearlycon\u2028x\nroot=/dev/vda');
    expect(params.map((p) => p.text)).toEqual(['nokaslr\u00a0quiet', 'earlycon\u2028x', 'root=/dev/vda']);
    // "nokaslr\u00a0quiet" is one unknown parameter to the kernel, so KASLR stays on
    expect(params.map((p) => p.name)).toEqual(['other', 'other', 'known']);
  });
});
