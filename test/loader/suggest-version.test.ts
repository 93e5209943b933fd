/**
 * Did-you-mean for kernel versions is the nearest modeled version, not the
 * nearest spelling: a version one past the last modeled release, stable
 * update or release candidate names that last one.
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_CHOICES as X86 } from '../../src/arch/x86_32/kernel-version.js';
import { suggestVersion } from '../../src/scenario/suggest-version.js';

const RISCV = ['5.10', '5.12', ...Array.from({ length: 7 }, (_, i) => `5.13-rc${i + 1}`), '5.13', '5.14'];
const ARM64 = ['v4.4', 'v4.6', 'v4.7'];

describe('suggestVersion', () => {
  it.each([
    // past the last release: the last one (the spelling would say 2.6.27)
    [X86, '2.6.37', '2.6.36'],
    [X86, '2.6.37-rc1', '2.6.36'],
    // before the first
    [X86, '2.6.25', '2.6.26'],
    // past the last release candidate of a release: that candidate (the spelling would say rc1)
    [RISCV, '5.13-rc8', '5.13-rc7'],
    [X86, '2.6.27-rc10', '2.6.27-rc9'],
    // a stable update past the last modeled one: its release (the choices list no stable updates)
    [X86, '2.6.27.58', '2.6.27'],
    // between two modeled releases: the one below, with or without the leading v
    [ARM64, '4.5', 'v4.4'],
    [ARM64, 'v4.5', 'v4.4'],
    [RISCV, '5.11', '5.10'],
    // the same version in the spelling the architecture takes
    [X86, 'v2.6.28', '2.6.28'],
    // not a version at all: the nearest spelling
    [X86, '2.6.27-rc', '2.6.27-rc1'],
  ])('%#: %s → %s', (choices, text, want) => {
    expect(suggestVersion(text, choices)).toBe(want);
  });

  it('offers nothing far away: 3.0 among the 2.6 kernels', () => {
    expect(suggestVersion('3.0', X86)).toBeUndefined();
    expect(suggestVersion('6.1', RISCV)).toBeUndefined();
  });
});
