/**
 * Kernel versions are written as the kernel's Makefile makes them: numbers
 * without leading zeros. "2.6.027" or "v4.06" would otherwise be read as
 * another spelling of a modeled version and shown as the user wrote it.
 */
import { describe, expect, it } from 'vitest';
import { parseKernelVersion as arm64 } from '../../src/arch/arm64/kernel-version.js';
import { parseKernelVersion as riscv } from '../../src/arch/riscv/kernel-version.js';
import { parseKernelVersion as x86 } from '../../src/arch/x86_32/kernel-version.js';

describe('kernel version forms', () => {
  it.each([
    [x86, '2.6.27', true], [x86, '2.6.027', false], [x86, '2.6.27-rc01', false], [x86, '2.6.27.06', false], [x86, '2.6.27-rc0', false],
    [arm64, 'v4.6', true], [arm64, '4.6', true], [arm64, 'v4.06', false], [arm64, '04.6', false],
    [riscv, '5.13-rc5', true], [riscv, 'v5.10', true], [riscv, '5.010', false], [riscv, '5.13-rc05', false],
  ] as const)('%#: %s ok=%s', (parse, text, ok) => {
    expect(parse(text).ok).toBe(ok);
  });
});
