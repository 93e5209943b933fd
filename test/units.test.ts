import { describe, expect, it } from 'vitest';
import { hex, size } from '../src/units.js';

describe('units', () => {
  it.each([
    [64 * 2 ** 20, '64 MiB'], [8192, '8 KiB'], [168 * 2 ** 20 + 8192, '168 MiB + 8 KiB'], [36, '36 bytes'], [0, '0 bytes'],
    [2 * 2 ** 30, '2 GiB'], [4096, '4 KiB'],
  ])('size(%i) = %s, exact, never "0.00 MiB"', (bytes, text) => expect(size(bytes)).toBe(text));

  it('hex pads to 8 digits', () => expect(hex(0xf000)).toBe('0x0000f000'));
});
