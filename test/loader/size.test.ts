/**
 * Sizes written with a fraction or a decimal unit: what nearSize reads and
 * the integer form wholeSizeText suggests (the largest unit keeping it whole).
 */
import { describe, expect, it } from 'vitest';
import { nearSize, parseSize, wholeSizeText } from '../../src/scenario/size.js';

const TABLE: readonly (readonly [input: number | string, bytes: bigint | null, exact: string, suggestion: string | null])[] = [
  ['1.5GB', 1610612736n, '1610612736', '1536MiB'],
  ['1.5GiB', 1610612736n, '1610612736', '1536MiB'],
  ['1.5G', 1610612736n, '1610612736', '1536M'],
  ['1.5g', 1610612736n, '1610612736', '1536M'],
  ['1.5 gb', 1610612736n, '1610612736', '1536MiB'],
  ['512MB', 536870912n, '536870912', '512MiB'],
  ['1024MB', 1073741824n, '1073741824', '1GiB'],
  ['2.0TiB', 2n ** 41n, '2199023255552', '2TiB'],
  ['1.25M', 1310720n, '1310720', '1280K'],
  ['0.5KiB', 512n, '512', '512'],
  ['.5G', 536870912n, '536870912', '512M'],
  ['1.3GiB', null, '1395864371.2', null],
  ['1.3GB', null, '1395864371.2', null],
  ['1.5', null, '1.5', null],
  [1.5, null, '1.5', null],
  ['0.001K', null, '1.024', null],
];

describe('nearSize', () => {
  it.each(TABLE)('%s', (input, bytes, exact, suggestion) => {
    const near = nearSize(input);
    expect(near).not.toBeNull();
    expect(near?.bytes ?? null).toBe(bytes);
    expect(near?.exact).toBe(exact);
    const whole = near?.bytes ?? null;
    expect(whole === null || near === null ? null : wholeSizeText(whole, near.unit.length === 1)).toBe(suggestion);
  });

  it.each(['512MiB', '4G', '0x1000', '1536', 'lots', '1.5QB', '-1.5G', '', '.', '1..5G'])('%s is not a near size', (input) => {
    expect(nearSize(input)).toBeNull();
  });

  it('every suggestion is a size parseSize takes, of the same value', () => {
    for (const [input, bytes] of TABLE) {
      const near = nearSize(input);
      if (bytes === null || near === null || near.bytes === null) continue;
      expect(BigInt(parseSize(wholeSizeText(near.bytes, near.unit.length === 1)) ?? -1)).toBe(bytes);
    }
  });
});
