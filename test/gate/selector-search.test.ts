/**
 * The `variant:` selectors the gate advises (src/gate/selector-search.ts): for the variants an entry must pick
 * and those it must not, the fewest and shortest selectors, each checked here with the matcher entries are
 * applied with (compileSelector): together they pick every variant to pick, none to avoid, and no two the same
 * variant (break-219 F5, break-218 N3).
 */
import { describe, expect, it } from 'vitest';
import { affixGlob, selectorPicking, selectorsPicking } from '../../src/gate/selector-search.js';
import type { OnlyIn, Shortfall } from '../../src/gate/types.js';
import { unmetMessage } from '../../src/report/gate-text.js';
import { compileSelector, variantName } from '../../src/scenario/compose/variant-name.js';
import type { Expectation } from '../../src/scenario/types.js';
import { prng } from '../prng.js';

/** Every combination of the axes' values, as a matrix names them (first axis slowest). */
function product(axes: Readonly<Record<string, readonly string[]>>): string[] {
  let rows: { key: string; value: string }[][] = [[]];
  for (const [key, values] of Object.entries(axes)) rows = rows.flatMap((r) => values.map((value) => [...r, { key, value }]));
  return rows.map(variantName);
}

/** What selectorsPicking advises for the names `wanted` picks of `names` (the rest to avoid), checked with the matcher. */
function advised(names: readonly string[], wanted: (name: string) => boolean, unknown: readonly string[] = []): string[] {
  const pick = names.filter(wanted);
  const avoid = names.filter((n) => !wanted(n));
  const { selectors, left } = selectorsPicking(pick, avoid, [...names, ...unknown]);
  expect(left).toEqual([]);
  const seen = new Map<string, string>();
  for (const s of selectors) {
    const m = compileSelector(s);
    for (const n of [...names, ...unknown]) {
      if (!m(n)) continue;
      expect(avoid, `${s} picks ${n}`).not.toContain(n);
      expect(seen.get(n), `${s} and ${seen.get(n) ?? ''} both pick ${n}`).toBeUndefined();
      seen.set(n, s);
    }
  }
  for (const n of pick) expect(seen.has(n), `${n} is picked`).toBe(true);
  return [...selectors];
}

const has = (...parts: string[]) => (name: string): boolean => parts.every((p) => name.split(',').includes(p));

describe('one selector of the axes that play a part', () => {
  const f5 = product({ memory: ['512MiB', '1GiB', '2GiB', '4GiB'], pae: ['false', 'true'] });

  it.each([
    ['every pae value of one memory: the memory alone', has('memory=1GiB'), ['memory=1GiB']],
    ['one pae value: the pae alone', has('pae=true'), ['pae=true']],
    ['one variant: both its pairs', has('memory=2GiB', 'pae=false'), ['memory=2GiB,pae=false']],
    // break-219 F5: the 6 variants with acpi_boot_table_init were 3 full names "and the same for the 3 other variants"
    ['every memory but 512MiB: one glob, the values\' common end', (n: string) => !n.includes('512MiB'), ['memory=*GiB']],
    ['the GiB memories with pae: the glob and the pair', (n: string) => !n.includes('512MiB') && n.endsWith('pae=true'), ['memory=*GiB,pae=true']],
  ])('%s', (_, wanted, want) => {
    expect(advised(f5, wanted)).toEqual(want);
  });

  it('3 axes: the fewest pairs, a key=value pair before a glob', () => {
    const mx = product({ hypervisor: ['none', 'vmi', 'xen'], memory: ['512MiB', '4GiB'], pae: ['false', 'true'] });
    expect(advised(mx, has('hypervisor=vmi'))).toEqual(['hypervisor=vmi']);
    expect(advised(mx, has('hypervisor=xen', 'pae=true'))).toEqual(['hypervisor=xen,pae=true']);
    expect(advised(mx, has('memory=4GiB', 'pae=false'))).toEqual(['memory=4GiB,pae=false']);
    expect(advised(mx, has('hypervisor=vmi', 'memory=4GiB', 'pae=true'))).toEqual(['hypervisor=vmi,memory=4GiB,pae=true']);
    // none and xen end alike in nothing, but vmi is the only other
    expect(advised(mx, (n) => !n.includes('hypervisor=vmi'))).toEqual(['hypervisor=none', 'hypervisor=xen']);
  });

  it('an axis every variant has alike is no part of any selector', () => {
    const one = product({ kernel: ['2.6.27-rc1'], memory: ['512MiB', '4GiB'], pae: ['false', 'true'] });
    expect(advised(one, has('memory=4GiB'))).toEqual(['memory=4GiB']);
    expect(advised(one, has('memory=4GiB', 'pae=true'))).toEqual(['memory=4GiB,pae=true']);
  });

  it('of selectors as short, the one that picks the fewest of the variants the run did not replay', () => {
    const all = product({ a: ['1', '2'], b: ['1', '2'], c: ['1', '2'] });
    const pick = ['a=1,b=1,c=1'];
    const avoid = ['a=2,b=2,c=2', 'a=2,b=1,c=2'];
    // a=1 and c=1 each pick it and none to avoid; b=1 picks a=2,b=1,c=2. Of the two, the one with fewer of the file's others
    expect(selectorPicking(pick, avoid, all.filter((n) => !/^a=1,b=2/.test(n)))).toBe('a=1');
    expect(selectorPicking(pick, avoid, all.filter((n) => !/^a=2,.*c=1$/.test(n) && n !== 'a=1,b=1,c=2'))).toBe('c=1');
    // fewer pairs before fewer others: a=2,c=1 picks the unreplayed a=2,b=2,c=1, a=2,b=1,c=1 would not
    const ran = all.filter((n) => !n.startsWith('a=2,b=2'));
    expect(selectorPicking(['a=2,b=1,c=1'], ran.filter((n) => n !== 'a=2,b=1,c=1'), all)).toBe('a=2,c=1');
  });
});

describe('a cover when no one selector picks them: an entry each, every variant named by some selector', () => {
  it('2 axes: a cell of one axis and one of two', () => {
    const f5 = product({ memory: ['512MiB', '1GiB', '2GiB', '4GiB'], pae: ['false', 'true'] });
    const wanted = (n: string): boolean => n.startsWith('memory=1GiB') || n === 'memory=2GiB,pae=true';
    expect(advised(f5, wanted)).toEqual(['memory=1GiB', 'memory=2GiB,pae=true']);
  });

  it('values that share no end: one entry per value, the other axes left out', () => {
    const mx = product({ memory: ['512MiB', '1GiB', '3000MiB', '4GiB'], pae: ['false', 'true'] });
    expect(advised(mx, (n) => /memory=(1GiB|3000MiB)/.test(n))).toEqual(['memory=1GiB', 'memory=3000MiB']);
  });

  it('cells that differ in one axis are joined by a glob where it picks exactly them (break-218 N3)', () => {
    // 16 variants; all but debug_rodata=false,memory=512MiB: debug_rodata=false,memory=*GiB and debug_rodata=true
    // (in the order of the first variant each picks), as the break-218 tester wrote them by hand
    const n3 = product({ debug_rodata: ['false', 'true'], memory: ['512MiB', '1GiB', '2GiB', '4GiB'], kasan: ['false', 'true'] });
    expect(advised(n3, (n) => !has('debug_rodata=false', 'memory=512MiB')(n))).toEqual(['debug_rodata=false,memory=*GiB', 'debug_rodata=true']);
  });

  it('3 axes, an exclude: and variants the run did not replay, which no two selectors pick together', () => {
    const all = product({ hypervisor: ['none', 'vmi', 'xen'], memory: ['512MiB', '4GiB'], pae: ['false', 'true'] }).filter((n) => !has('hypervisor=xen', 'pae=false')(n));
    const ran = all.filter((n) => !n.includes('none,memory=4GiB'));
    const wanted = (n: string): boolean => has('hypervisor=vmi')(n) || has('hypervisor=xen', 'memory=4GiB')(n);
    expect(advised(ran, wanted, all.filter((n) => !ran.includes(n)))).toEqual(['hypervisor=vmi', 'hypervisor=xen,memory=4GiB']);
  });

  it('a checkerboard: no two variants share a cell, so every one is named, each with the axes that tell it apart', () => {
    const board = product({ a: ['1', '2', '3', '4'], b: ['1', '2', '3', '4'] });
    const out = advised(board, (n) => (Number(n[2]) + Number(n[6])) % 2 === 0);
    expect(out).toHaveLength(8);
    expect(out[0]).toBe('a=1,b=1');
  });
});

describe('values a selector must quote or cannot glob', () => {
  const cmdlines = ['a,b', 'a b', 'x"y', 'foo*bar', 'foo?bar', 'fooXbar', 'vmalloc=64M'];
  const mx = product({ cmdline: cmdlines, pae: ['false', 'true'] });

  it('a value with a comma, a space, a quote, a * or an = is written quoted, and picks that value alone', () => {
    expect(advised(mx, (n) => n.startsWith('cmdline="a,b"'))).toEqual(['cmdline="a,b"']);
    expect(advised(mx, (n) => n.startsWith('cmdline="x\\"y"'))).toEqual(['cmdline="x\\"y"']);
    expect(advised(mx, (n) => n.startsWith('cmdline="foo*bar"'))).toEqual(['cmdline="foo*bar"']);
    expect(advised(mx, (n) => n.startsWith('cmdline="vmalloc=64M"'))).toEqual(['cmdline="vmalloc=64M"']);
  });

  it('a glob only of ends that need no quotes, and only when it picks exactly those values', () => {
    // "a,b" and "a b" start with a and end with b: a*b picks both and nothing else
    expect(advised(mx, (n) => /^cmdline="a[, ]b"/.test(n))).toEqual(['cmdline=a*b']);
    // foo*bar would pick fooXbar too: one quoted entry each
    expect(advised(mx, (n) => /^cmdline="foo[*?]bar"/.test(n))).toEqual(['cmdline="foo*bar"', 'cmdline="foo?bar"']);
  });

  it('affixGlob: the shared ends, never a quote-needing one nor half a surrogate pair', () => {
    expect(affixGlob(['1GiB', '2GiB', '4GiB'])).toBe('*GiB');
    expect(affixGlob(['v4.4', 'v4.6'])).toBe('v4.*');
    expect(affixGlob(['2.6.27-rc1', '2.6.27-rc3'])).toBe('2.6.27-rc*');
    expect(affixGlob(['ab', 'abab'])).toBe('ab*');
    expect(affixGlob(['a b', 'a c'])).toBeUndefined();
    expect(affixGlob(['x,1', 'y,1'])).toBeUndefined();
    expect(affixGlob(['1', '2'])).toBeUndefined();
    expect(affixGlob(['\u{1F600}a', '\u{1F601}a'])).toBe('*a');
  });
});

describe('variants no selector picks apart from the others', () => {
  it('a name all of whose pairs another (to avoid) has is left over, said, not guessed', () => {
    const { selectors, left } = selectorsPicking(['a=3', 'a=1,b=1'], ['a=3,x=y', 'a=1,b=2'], []);
    expect(selectors).toEqual(['b=1']);
    expect(left).toEqual(['a=3']);
  });
});

describe('bounded work', () => {
  const axes9 = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, ['0', '1']]));
  const names = product(axes9);

  it('a random half of 512 variants (9 axes) is covered exactly, within a budget of time', () => {
    const rnd = prng(222);
    for (let round = 0; round < 3; round++) {
      const wanted = new Set(names.filter(() => rnd() < 0.5));
      const t = performance.now();
      const { selectors } = selectorsPicking(names.filter((n) => wanted.has(n)), names.filter((n) => !wanted.has(n)), names);
      // about 30 ms here once warm; the bound is loose for a loaded runner
      expect(performance.now() - t).toBeLessThan(1000);
      expect(selectors.length).toBeLessThan(wanted.size);
      expect(advised(names, (n) => wanted.has(n))).toEqual(selectors);
    }
  });

  it('512 variants: a sub-cube is one selector, the cube less a corner a cover of 9', () => {
    expect(advised(names, has('k3=1', 'k7=0'))).toEqual(['k3=1,k7=0']);
    const corner = names[0] ?? '';
    expect(advised(names, (n) => n !== corner)).toHaveLength(9);
  });

  it('many axes of two values over few variants: the search stops at its budget and still covers', () => {
    // 40 axes, 64 variants: 2^40 sets of axes are never all tried
    const rnd = prng(7);
    const wide = Array.from({ length: 64 }, () => Array.from({ length: 40 }, (_, i) => `x${i}=${rnd() < 0.5 ? 0 : 1}`).join(','));
    const unique = [...new Set(wide)];
    const t = performance.now();
    advised(unique, (n) => n.startsWith('x0=1'));
    const wanted = new Set(unique.filter(() => rnd() < 0.3));
    advised(unique, (n) => wanted.has(n));
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('randomized: small matrices, every pick set', () => {
  it('whenever one selector of key=value pairs picks exactly the set, one is advised, of no more pairs', () => {
    const rnd = prng(219);
    const mx = product({ a: ['1', '2', '3'], b: ['x', 'y'], c: ['p', 'q'] });
    // the brute force: every selector of pairs over the axes
    const values: Record<string, string[]> = { a: ['1', '2', '3'], b: ['x', 'y'], c: ['p', 'q'] };
    let selectors: string[][] = [[]];
    for (const [k, vs] of Object.entries(values)) selectors = selectors.flatMap((s) => [s, ...vs.map((v) => [...s, `${k}=${v}`])]);
    for (let round = 0; round < 200; round++) {
      const wanted = new Set(mx.filter(() => rnd() < 0.4));
      if (wanted.size === 0 || wanted.size === mx.length) continue;
      const exact = selectors.filter((s) => s.length > 0 && mx.every((n) => has(...s)(n) === wanted.has(n)));
      const out = advised(mx, (n) => wanted.has(n));
      if (exact.length > 0) {
        expect(out).toHaveLength(1);
        expect((out[0] ?? '').split(',').length).toBe(Math.min(...exact.map((s) => s.length)));
      }
    }
  });
});

describe('the advice says every entry of a cover, and what no selector can pick (src/report/gate-text.ts)', () => {
  const entry = (more: Partial<Shortfall<Expectation>>): Shortfall<Expectation> => ({
    rule: 'fixmap-before-relocation', step: { name: 'acpi_boot_table_init', occurrence: 1 }, count: 1, pos: { line: 9, col: 5 },
    matched: 0, occurred: 0, otherSeverities: {}, ...more,
  });
  const names = ['a=1,b=1', 'a=1,b=2', 'a=2,b=1', 'a=3,b=1', 'a=4,b=2'];

  it('a cover of more than 3: how many, then each, on one line', () => {
    const text = unmetMessage(entry({ inVariants: { names, met: true, cover: ['a=1', 'a=2', 'a=3', 'a=4'], notRun: 0, owns: [] } }));
    expect(text).toBe('expected fixmap-before-relocation at acpi_boot_table_init, which did not occur in this variant; the entry is met in 5 variants (a=1,b=1, …) of this file: '
      + 'write an entry each in place of this one, 4 in all: variant: "a=1"; variant: "a=2"; variant: "a=3"; variant: "a=4" if only such variants have the bug');
    expect(text).not.toContain('\n');
  });

  it('variants no selector picks apart: said, with no edit that would pick the others too', () => {
    const text = unmetMessage(entry({ inVariants: { names, met: true, notRun: 0, owns: [] } }));
    expect(text).toContain('the entry is met in 5 variants (a=1,b=1, …) of this file, but no variant: picks just those variants, as some share every key=value pair with one that lacks it');
    expect(text).not.toMatch(/write|give the entry/);
  });

  it('an entry to add for a culprit: every selector, and the variants left over counted', () => {
    const elsewhere = (onlyIn: OnlyIn): Shortfall<Expectation> => entry({
      step: { name: 'vmi_init', occurrence: 1 }, elsewhere: { culprit: { name: 'acpi_boot_table_init', occurrence: 1 }, index: 33, count: 1, related: true, onlyIn },
    });
    expect(unmetMessage(elsewhere({ selectors: ['a=1', 'a=2', 'a=3'], more: 0 }))).toContain('(step: acpi_boot_table_init, variant: "a=1" and 2 more, one each with variant: "a=2", variant: "a=3")');
    expect(unmetMessage(elsewhere({ selectors: ['a=1', 'a=2'], more: 1 }))).toContain('(step: acpi_boot_table_init, variant: "a=1" and one more with variant: "a=2"; no variant: picks the other variant that has it apart from those without it)');
    expect(unmetMessage(elsewhere({ selectors: [], more: 2 }))).toContain('(step: acpi_boot_table_init, though no variant: picks the 2 variants that have it apart from those without it)');
  });
});
