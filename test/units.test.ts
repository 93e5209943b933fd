/**
 * Addresses are written unsigned: 64-bit arithmetic that went below 0 or past
 * 2^64 in a double is shown as the kernel's unsigned long holds it.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exactSum, hex, size, sizeAgainstLimit, wrapU64 } from '../src/units.js';
import { parseScenario } from '../src/scenario/loader.js';
import { riscv } from '../src/arch/riscv/plugin.js';
import { replayWith } from '../src/replay/replay.js';
import { check } from '../src/rules/index.js';
import type { RiscvScenario } from '../src/arch/riscv/types.js';
import { ORDER_5_14 } from './arch/riscv/fixtures/orders.js';

describe('unsigned 64-bit addresses', () => {
  it('wrap modulo 2^64 and print as unsigned hex, never 0x-…', () => {
    expect(hex(-0x1c0000000)).toBe('0xfffffffe40000000');
    expect(hex(2 ** 64 + 0x5fffc00000)).toBe('0x5fffc00000');
    expect(hex(0xffffffc000000000)).toBe('0xffffffc000000000');
    expect(hex(0xfedcba9876543210n)).toBe('0xfedcba9876543210');
    expect(hex(-1n)).toBe('0xffffffffffffffff');
    expect(hex(0x1000)).toBe('0x00001000');
    expect(wrapU64(-0x1c0000000)).toBe(0xfffffffe40000000);
    expect(wrapU64(2 ** 64 + 0x5fffc00000)).toBe(0x5fffc00000);
  });

  it('write 2^64 itself whole: no address is 2^64, so it is the end of a range that reaches the top (break-254 N8)', () => {
    expect(hex(2 ** 64)).toBe('0x10000000000000000');
    expect(hex(2 ** 64 + 4096)).toBe('0x00001000');
    // a bigint is a byte's own address (exactSum), never an end
    expect(hex(2n ** 64n)).toBe('0x00000000');
  });

  it('riscv 5.13, 130 GiB: the linear map ends at the top of the address space, written 0x10000000000000000, not 0x00000000', () => {
    // 5.13 has no setup_initial_init_mm (setup_arch() assigns init_mm.start_code … itself)
    const order = ORDER_5_14.filter((c) => c !== 'setup_initial_init_mm');
    const r = parseScenario(stringify({ arch: 'riscv', kernel: '5.13', machine: { memory: '130GiB' }, setup_arch: order }), 'top.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    const messages = check(replayWith(riscv, r.scenario as RiscvScenario), riscv).map((f) => f.message);
    expect(messages).toContain('linear map 0xffffffe000000000–0x10000000000000000 overlaps modules 0xffffffff01280000–0xffffffff80000000');
  });

  it('riscv 5.14, 512 GiB above a 128 GiB linear map: __va(pa) wraps as unsigned long, no address of 17 digits or with a minus', () => {
    const r = parseScenario(stringify({ arch: 'riscv', kernel: '5.14', machine: { memory: '512GiB' }, setup_arch: [...ORDER_5_14] }), 'wrap.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    const text = JSON.stringify(check(replayWith(riscv, r.scenario as RiscvScenario), riscv).map((f) => f.message));
    expect(text).toMatch(/__va\(0x807fe00000\)/);
    expect(text).not.toMatch(/0x-|0x[0-9a-f]{17,}/);
  });
});

describe('byte addresses above 2^53', () => {
  it('exactSum adds a byte offset to a page-aligned address without the double rounding it away', () => {
    // 0xffffffe07fdff000 + 0xff8: a double there steps by 2048 and gives 0xffffffe07fe00000
    expect(0xffffffe07fdff000 + 0xff8).toBe(0xffffffe07fe00000);
    expect(hex(exactSum(0xffffffe07fdff000, 0xff8))).toBe('0xffffffe07fdffff8');
    expect(exactSum(0xffffffe07fdff000, 0xff8)).toBe(0xffffffe07fdffff8n);
    expect(hex(exactSum(0xffffffdfffe00000, 0x400))).toBe('0xffffffdfffe00400');
    // below 2^53 (and with no offset) it stays a number
    expect(exactSum(0x40000000, 0xff8)).toBe(0x40000ff8);
    expect(exactSum(0xffffffe07fdff000, 0)).toBe(0xffffffe07fdff000);
  });
});

describe('units', () => {
  it.each([
    [64 * 2 ** 20, '64 MiB'], [8192, '8 KiB'], [168 * 2 ** 20 + 8192, '168 MiB + 8 KiB'], [36, '36 bytes'], [0, '0 bytes'],
    [2 * 2 ** 30, '2 GiB'], [4096, '4 KiB'],
  ])('size(%i) = %s, exact, never "0.00 MiB"', (bytes, text) => expect(size(bytes)).toBe(text));

  it('hex pads to 8 digits', () => expect(hex(0xf000)).toBe('0x0000f000'));
});

describe('sizes held against a limit', () => {
  const rounded = (n: number): string => (n % 2 ** 20 === 0 ? `${n / 2 ** 20} MiB` : `${(n / 2 ** 20).toFixed(2)} MiB`);
  it('prints the exact bytes only where the rounded size reads as the limit', () => {
    expect(sizeAgainstLimit(0x200001, 0x200000, rounded)).toBe('2097153 bytes (0x200001)');
    expect(sizeAgainstLimit(0x280000, 0x200000, rounded)).toBe('2.50 MiB');
    expect(sizeAgainstLimit(0x300000, 0x200000, rounded)).toBe('3 MiB');
    expect(sizeAgainstLimit(0x200000, 0x200000, rounded)).toBe('2 MiB');
  });
});
