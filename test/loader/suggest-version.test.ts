/**
 * Did-you-mean for kernel versions is the nearest modeled version, not the
 * nearest spelling: a version one past the last modeled release, stable
 * update or release candidate names that last one.
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_CHOICES as X86, parseKernelVersion } from '../../src/arch/x86_32/kernel-version.js';
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
    // a tarball's or a banner's spelling, on every architecture
    [X86, 'linux-2.6.30', '2.6.30'],
    [X86, 'Linux 2.6.30', '2.6.30'],
    [X86, 'linux-v2.6.30', '2.6.30'],
    [X86, 'LINUX_2.6.27-rc3', '2.6.27-rc3'],
    [RISCV, 'linux-5.10', '5.10'],
    [RISCV, 'Linux 5.13-rc2', '5.13-rc2'],
    [ARM64, 'linux-4.4', 'v4.4'],
    [ARM64, 'Linux 4.6', 'v4.6'],
    // cut short: every modeled version it begins, a run of releases as a range (review 9: 2.6.3 said 2.6.26)
    [X86, '2.6.3', 'one of 2.6.30 … 2.6.36'],
    [X86, 'v2.6.3', 'one of 2.6.30 … 2.6.36'],
    [X86, 'linux-2.6.3', 'one of 2.6.30 … 2.6.36'],
    [X86, '2.6.2', 'one of 2.6.26 … 2.6.29'],
    [X86, '2.6.3-rc1', 'one of 2.6.30-rc1 … 2.6.36-rc1'],
    // releases with a gap are listed, each version once whatever spellings the architecture takes
    [RISCV, '5.1', 'one of 5.10, 5.12, 5.13, 5.14'],
    [[...RISCV, ...RISCV.map((v) => `v${v}`)], '5.1', 'one of 5.10, 5.12, 5.13, 5.14'],
    // one it begins: that one
    [RISCV, '5.1-rc3', '5.13-rc3'],
  ])('%#: %s → %s', (choices, text, want) => {
    expect(suggestVersion(text, choices)).toBe(want);
  });

  // break-279 N9: a leading zero is dropped where the architecture models the plain spelling (stable updates are
  // no choices, so its parser says); -rc01 was already 2.6.27-rc1 through the choices
  it.each([
    ['2.6.27.06', '2.6.27.6'],
    ['2.6.32.09', '2.6.32.9'],
    ['linux-2.6.27.06', '2.6.27.6'],
    ['v2.6.27.06', '2.6.27.6'],
    ['2.6.27-rc01', '2.6.27-rc1'],
    // the plain spelling not modeled (2.6.32 has .1 … .28): as before, the release
    ['2.6.32.029', '2.6.32'],
  ])('x86_32 with its parser: %s → %s', (text, want) => {
    expect(suggestVersion(text, X86, (t) => parseKernelVersion(t).ok)).toBe(want);
  });

  it('arm64 and riscv: the spelling their parsers take', () => {
    expect(suggestVersion('v04.6', ARM64, (t) => ARM64.includes(t))).toBe('v4.6');
    expect(suggestVersion('5.13-rc05', RISCV, (t) => RISCV.includes(t))).toBe('5.13-rc5');
  });

  it('without a parser, a leading-zero stable update gets its release (the choices list no stable updates)', () => {
    expect(suggestVersion('2.6.27.06', X86)).toBe('2.6.27');
  });

  it('offers nothing far away: 3.0 among the 2.6 kernels', () => {
    expect(suggestVersion('3.0', X86)).toBeUndefined();
    expect(suggestVersion('6.1', RISCV)).toBeUndefined();
  });
});
