import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src/arch/x86_32/catalog-names.js';
import { KERNEL_CHOICES } from '../../src/arch/x86_32/kernel-version.js';
import { didYouMean, editDistance, suggest } from '../../src/scenario/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['hypervsor', 'hypervisor', 1],
    ['ca', 'ac', 1], // a transposition is one edit
    ['vmi_inti', 'vmi_init', 1],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('with a bound, is the distance up to it and the bound + 1 past it (the early stop changes no answer)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 }), fc.nat(6), (a, b, max) => {
      expect(editDistance(a, b, max)).toBe(Math.min(editDistance(a, b), max + 1));
    }), { numRuns: 3000, seed: 11 });
    expect(editDistance('early_ioremap_inia0', 'early_ioremap_init', 6)).toBe(2);
    expect(editDistance('early_ioremap_inia0', 'early_ioremap_init', 1)).toBe(2);
    expect(editDistance('early_ioremap_inia0', 'dmi_scan_machine', 3)).toBe(4);
  });
});

describe('suggest', () => {
  it('finds one-letter slips in keys and call names', () => {
    expect(suggest('hypervsor', ['memory', 'hypervisor', 'cmdline'])).toBe('hypervisor');
    expect(suggest('dmi_scan_machin', CALL_NAMES)).toBe('dmi_scan_machine');
    expect(suggest('early_ioremap_int', CALL_NAMES)).toBe('early_ioremap_init');
  });

  it('keeps the lists [] and [""] apart, and never suggests an empty value (fuzz seed -1788207542: a matrix axis whose only value is "")', () => {
    expect(suggest('x', [])).toBeUndefined();
    expect(suggest('\u200b', [''])).toBeUndefined();
    expect(suggest('\u200b', [])).toBeUndefined();
  });

  it('ignores case', () => {
    expect(suggest('PAE', ['pae', 'nr_cpus'])).toBe('pae');
    expect(suggest('Xen', ['none', 'vmi', 'xen'])).toBe('xen');
  });

  it('suggests kernel versions', () => {
    expect(suggest('2.6.25', KERNEL_CHOICES)).toBe('2.6.26');
    expect(suggest('2.6.27-rc', KERNEL_CHOICES)).toBe('2.6.27-rc1');
    expect(suggest('2.6.27rc3', KERNEL_CHOICES)).toBe('2.6.27-rc3');
  });

  it('stays quiet when nothing is close', () => {
    expect(suggest('frobnicate', ['name', 'kernel', 'setup_arch'])).toBeUndefined();
    expect(suggest('efi', ['acpi', 'vmi_init'])).toBeUndefined();
    expect(suggest('x', ['none', 'vmi', 'xen'])).toBeUndefined();
    expect(suggest('anything', [])).toBeUndefined();
  });

  it('never suggests the word itself', () => {
    expect(suggest('xen', ['xen'])).toBeUndefined();
  });

  it('prefers the closest, then the earlier choice', () => {
    expect(suggest('vmx', ['xen', 'vmi'])).toBe('vmi');
    expect(suggest('ab', ['ac', 'ad'])).toBe('ac');
  });
});

describe('didYouMean', () => {
  it('formats a suffix or nothing', () => {
    expect(didYouMean('hypervsor', ['hypervisor'])).toBe('; did you mean hypervisor?');
    expect(didYouMean('zzz', ['hypervisor'])).toBe('');
  });
});
