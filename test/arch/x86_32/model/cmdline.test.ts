import { describe, expect, it } from 'vitest';
import { memparse, parseCmdline } from '../../../../src/arch/x86_32/cmdline.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';

describe('memparse (lib/cmdline.c)', () => {
  it.each([
    ['16M', 16 * 2 ** 20], ['16m', 16 * 2 ** 20], ['1G', 2 ** 30], ['512k', 512 * 1024],
    ['0x2ff000', 0x2ff000], ['4096', 4096], ['010', 8], ['0', 0],
  ])('%s = %i', (text, bytes) => expect(memparse(text)).toBe(bytes));

  it.each(['16Q', '', 'M', '1.5G', '-4M', '16MiB'])('refuses %j', (text) => expect(memparse(text)).toBeNull());
});

describe('parseCmdline', () => {
  it('reads the parameters the model knows, keeps the rest, with offsets', () => {
    const { params, problems } = parseCmdline('root=/dev/sda1 reservetop=16M vmi=disable_pse,disable_pge mem=nopentium noexec=off');
    expect(problems).toEqual([]);
    expect(params.map((p) => p.name)).toEqual(['other', 'reservetop', 'vmi', 'other', 'noexec']);
    expect(params[1]).toMatchObject({ name: 'reservetop', bytes: 16 * 2 ** 20, offset: 15 });
  });

  it('reports bad values with their offset', () => {
    const { problems } = parseCmdline('quiet reservetop=16Q vmi=disable_foo noexec=maybe');
    expect(problems.map((p) => p.offset)).toEqual([6, 21, 37]);
    expect(problems[1]?.message).toMatch(/allowed: disable_pge/);
  });
});

describe('kernel versions', () => {
  it.each([
    ['2.6.26', 269900], ['2.6.27-rc1', 270100], ['2.6.27-rc3', 270300], ['2.6.27', 279900], ['2.6.27.4', 279904], ['2.6.27.10', 279910], ['2.6.28-rc2', 280200], ['2.6.28', 289900],
  ])('%s has key %i: stable updates are kernels of their own, after their release', (text, key) => {
    const v = parseKernelVersion(text);
    expect(v.ok && v.version.key).toBe(key);
  });

  it.each(['2.6.25', '2.6.29', '2.6.26-rc1', '2.6.27-rc10', '2.6.29-rc1', '2.6.27.0', '2.6.27.63', '3.0', 'latest'])('refuses %s', (text) => {
    expect(parseKernelVersion(text).ok).toBe(false);
  });
});
