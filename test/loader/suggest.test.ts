import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src/arch/x86_32/catalog-names.js';
import { KERNEL_CHOICES } from '../../src/arch/x86_32/kernel-version.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { didYouMean, editDistance, MAX_COMPARED_LENGTH, newSuggestBudget, suggest, SUGGEST_CELLS_PER_FILE } from '../../src/scenario/suggest.js';

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
    expect(didYouMean('hypervsor', ['hypervisor'])).toBe(' (did you mean hypervisor?)');
    expect(didYouMean('zzz', ['hypervisor'])).toBe('');
  });
});

/** A permutation of `letters` (a deterministic shuffle by `seed`). */
function shuffled(letters: string, seed: number): string {
  const a = [...letters];
  let x = seed;
  for (let i = a.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j] as string, a[i] as string];
  }
  return a.join('');
}

describe('suggest: bounded cost (review 17b, 2.3)', () => {
  const letters = Array.from({ length: 1000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');

  it('two anagrams of 1,000 letters: no suggestion, and no table filled', () => {
    newSuggestBudget();
    const t0 = performance.now();
    expect(suggest(`x${shuffled(letters, 1)}`, [`x${shuffled(letters, 2)}`])).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('a word or choice longer than MAX_COMPARED_LENGTH is never compared; shorter real typos still are', () => {
    newSuggestBudget();
    const long = `early_ioremap_init_${'x'.repeat(MAX_COMPARED_LENGTH)}`;
    expect(suggest(`${long}y`, [long])).toBeUndefined();
    // a choice too long to compare is not suggested for a one-letter word either
    expect(suggest('a', ['b'.repeat(MAX_COMPARED_LENGTH + 1)])).toBeUndefined();
    const fits = `a_defined_call_${'n'.repeat(MAX_COMPARED_LENGTH - 20)}`;
    expect(suggest(`${fits.slice(0, -1)}m`, [fits])).toBe(fits);
    expect(suggest('early_ioremap_inti', [long, 'early_ioremap_init'])).toBe('early_ioremap_init');
  });

  it('stops suggesting past SUGGEST_CELLS_PER_FILE cells, and a new file has its budget again', () => {
    newSuggestBudget();
    const base = 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl';
    const choices = Array.from({ length: 400 }, (_, i) => shuffled(base, 1000 + i));
    // every word is compared with all 400 choices (anagrams pass the cheap rejects): 64 × 64 cells each
    const words = Math.ceil(SUGGEST_CELLS_PER_FILE / (400 * 64 * 64)) + 1;
    const answers = Array.from({ length: words }, (_, i) => suggest(shuffled(base, i + 1), choices));
    expect(answers.every((a) => a === undefined)).toBe(true);
    // the budget is spent: a real typo gets nothing
    expect(suggest('vmi_inti', ['vmi_init'])).toBeUndefined();
    newSuggestBudget();
    expect(suggest('vmi_inti', ['vmi_init'])).toBe('vmi_init');
  });

  it('a scenario of 1,000-letter anagrams as define: names and unknown calls loads in well under a second', () => {
    const names = Array.from({ length: 60 }, (_, i) => `x${shuffled(letters, 10 + i)}`);
    const calls = Array.from({ length: 60 }, (_, i) => `x${shuffled(letters, 100 + i)}`);
    const text = `name: b\nkernel: 2.6.27-rc1\nmachine: {hypervisor: none}\ndefine:\n${names.map((n) => `  ? ${n}\n  : {doc: d, none: true}\n`).join('')}setup_arch:\n${calls.map((c) => `  - ${c}\n`).join('')}`;
    const t0 = performance.now();
    const r = parseScenario(text, 'one.yaml');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.filter((p) => /unknown call/.test(p.message))).toHaveLength(60);
  });
});
