/**
 * Selectors over variant names (src/scenario/compose/variant-name.ts): the
 * glob matcher behind `--variant`, `file.yaml[sel]` and expect/allow
 * `variant:`, and selectors compiled once for many names. The matcher
 * replaced a RegExp built per call, which backtracked exponentially on
 * patterns such as `*a*a*a*a*a*a*a*ab` (22 s against 60 a's); it must give
 * the RegExp's answers on every ordinary pattern and the right answer, at
 * once, on the hostile ones.
 */
import { describe, expect, it } from 'vitest';
import { compileSelector, globMatch, globSteps, keyPaths, parseVariantName, quoteValue, selectorFault, selectorMatches, selectorMiss, selectorSteps, splitSelector, variantName } from '../../src/scenario/compose/variant-name.js';

/** The matcher globMatch replaced, as the oracle for ordinary inputs. */
function regexGlob(pattern: string, text: string): boolean {
  let re = '^';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${re}$`, 's').test(text);
}

/** Every word of `alphabet` up to `max` characters, the empty one included. */
function words(alphabet: readonly string[], max: number): string[] {
  let level = [''];
  const all = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((w) => alphabet.map((c) => w + c));
    all.push(...level);
  }
  return all;
}

describe('a selector whose key has * or ? is a glob over the whole name (break-218 N4)', () => {
  it('*memory=4GiB* picks the variants with memory=4GiB, as the shell would', () => {
    const names = ['hypervisor=vmi,memory=4GiB,pae=true', 'hypervisor=none,memory=512MiB,pae=true', 'memory=4GiB'];
    expect(names.filter((n) => selectorMatches('*memory=4GiB*', n))).toEqual([names[0], names[2]]);
    expect(names.filter((n) => selectorMatches('*visor=vmi*', n))).toEqual([names[0]]);
    expect(parseVariantName('*memory=4GiB')).toBeNull();
    // a quoted value stays literal: not a whole-name glob, in which its * would match anything (break-219 F7)
    expect(selectorFault('*cmdline="a*b"*')).toMatch(/^a quoted value is literal only in KEY="VALUE" pairs; this selector is a glob over the whole name/);
    expect(selectorFault('cmdline="a*b",*')).toMatch(/^a quoted value is literal only in KEY="VALUE" pairs/);
    expect(selectorFault('cmdline="a*b"')).toBeUndefined();
    expect(selectorFault('*cmdline="ab"*')).toBeUndefined();
    expect(['cmdline="a*b"', 'cmdline="a b"'].filter((n) => selectorMatches('cmdline="a*b"', n))).toEqual(['cmdline="a*b"']);
  });
});

describe('glob cost: linear but for a ? between two stars (break-216 F3)', () => {
  it('a long literal part between stars is found by indexOf: the answers of the old matcher, in linear time', () => {
    const value = `${'a'.repeat(1900)}x`;
    expect(globMatch(`*${'a'.repeat(900)}b`, value)).toBe(false);
    expect(globMatch(`*${'a'.repeat(900)}x`, value)).toBe(true);
    expect(globMatch(`*${'a'.repeat(900)}*x`, value)).toBe(true);
    expect(globMatch(`*${'a'.repeat(1901)}*`, value)).toBe(false);
    expect(globMatch(`a*${'a'.repeat(1899)}x`, value)).toBe(true);
    // the head and the tail may not overlap
    expect(globMatch('ab*ba', 'aba')).toBe(false);
    expect(globMatch('ab*ba', 'abba')).toBe(true);
  });

  it('globSteps counts only parts between two stars that hold a ?, selectorSteps each distinct value once', () => {
    expect(globSteps('*abc*', 100)).toBe(0);
    expect(globSteps('a?c', 100)).toBe(0);
    expect(globSteps('?*?', 100)).toBe(0);
    expect(globSteps('*a?c*', 100)).toBe(300);
    expect(globSteps('*a?*b?*', 10)).toBe(40);
    const names = ['memory=512MiB,pae=true', 'memory=512MiB,pae=false', 'memory=4GiB,pae=true'];
    expect(selectorSteps('memory=*5?2*', names)).toBe(3 * 6 + 3 * 4);
    expect(selectorSteps('pae=*r?e*', names)).toBe(3 * 4 + 3 * 5);
    expect(selectorSteps('memory=*GiB', names)).toBe(0);
    // a glob over the whole name: each name
    expect(selectorSteps('*4?i*', names)).toBe(3 * (22 + 23 + 20));
  });
});

describe('globMatch', () => {
  it.each([
    ['', '', true], ['', 'a', false], ['*', '', true], ['*', 'anything, at all', true], ['?', '', false], ['?', 'a', true], ['?', 'ab', false],
    ['a?c', 'abc', true], ['a?c', 'ac', false], ['a*c', 'ac', true], ['a*c', 'abcbc', true], ['a*c', 'abcb', false],
    ['**a**', 'a', true], ['*?', '', false], ['*?', 'x', true], ['a*b*c', 'aXbYc', true], ['a*b*c', 'aXcYb', false],
    ['memory=*G*', 'memory=4GiB', true], ['hypervisor=vmi,*', 'hypervisor=vmi,memory=4GiB,pae=true', true], ['*pae=false', 'hypervisor=vmi,pae=true', false],
    // everything but * and ? is literal, RegExp syntax included
    ['*.yaml', 'x.yaml', true], ['x.yaml', 'xxyaml', false], ['a+b', 'a+b', true], ['a+b', 'aab', false], ['(x)|y', '(x)|y', true], ['(x)|y', 'y', false],
    ['[ab]', 'a', false], ['[ab]', '[ab]', true], ['\\d', '\\d', true], ['\\d', '1', false], ['^a$', '^a$', true], ['{1}', '{1}', true],
    // * spans newlines; ? is one UTF-16 code unit, as the RegExp (no u flag) read it
    ['a*', 'a\nb', true], ['a?b', 'a\nb', true], ['?', '😀', false], ['??', '😀', true], ['😀*', '😀 x', true],
  ] as [string, string, boolean][])('%j against %j: %s', (pattern, text, want) => {
    expect(globMatch(pattern, text)).toBe(want);
    expect(regexGlob(pattern, text)).toBe(want);
  });

  it('gives the RegExp\'s answer for every pattern of up to 5 of a, b, *, ? against every text of up to 5 of a, b', () => {
    const texts = words(['a', 'b'], 5);
    const differ: string[] = [];
    for (const p of words(['a', 'b', '*', '?'], 5)) {
      for (const t of texts) if (globMatch(p, t) !== regexGlob(p, t)) differ.push(`${p} ${t}`);
    }
    expect(differ).toEqual([]);
  });

  it('answers the patterns that made the RegExp backtrack for minutes (the review\'s reproducers)', () => {
    // `variant: "*a*a*a*a*a*a*a*ab"` against a 60-character and a 100-character value: 22 s and over 60 s before
    expect(globMatch('*a*a*a*a*a*a*a*ab', 'a'.repeat(60))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*ab', 'a'.repeat(100))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*ab', `${'a'.repeat(100)}b`)).toBe(true);
    // `run --variant` with 30 stars over a 2,000-character value: over 10 minutes before
    const stars = `${'*a'.repeat(30)}b`;
    expect(globMatch(stars, 'a'.repeat(2000))).toBe(false);
    expect(globMatch(stars, `${'a'.repeat(2000)}b`)).toBe(true);
    expect(globMatch(`${'*a'.repeat(30)}*`, 'a'.repeat(2000))).toBe(true);
    expect(globMatch(`${'*a'.repeat(30)}*`, 'a'.repeat(29))).toBe(false);
    // as a selector's value and as a glob over the whole name, the ways selectors reach it
    expect(selectorMatches('memory=*a*a*a*a*a*a*a*ab', `memory=${'a'.repeat(100)}`)).toBe(false);
    expect(selectorMatches(stars, `memory=${'a'.repeat(2000)}`)).toBe(false);
  });
});

describe('compileSelector', () => {
  const names = ['hypervisor=vmi,memory=4GiB,pae=true', 'hypervisor=xen,memory=4GiB,pae=true', 'hypervisor=vmi,memory=512MiB,pae=false', 'pse=false,pge=false'];
  const paths = keyPaths(['pse', 'pge'], ['machine.cpu.pse', 'machine.cpu.pge']);

  // what each selector picks of the four names, without the matrix's paths and with them
  it.each([
    ['hypervisor=vmi', 'TFTF', 'TFTF'], ['memory=4GiB,hypervisor=vmi', 'TFFF', 'TFFF'], ['memory=*G*', 'TTFF', 'TTFF'], ['memory=4?iB', 'TTFF', 'TTFF'],
    ['hypervisor=*', 'TTTF', 'TTTF'], ['machine.hypervisor=vmi,config.pae=true', 'TFFF', 'TFFF'], ['x.memory=4GiB', 'FFFF', 'FFFF'],
    // not key=value,…: a glob over the whole name
    ['hypervisor=vmi,*', 'TFTF', 'TFTF'], ['*vmi*', 'TFTF', 'TFTF'],
    // a key written as a path: any path ending in the key without the paths, only the key's own with them
    ['machine.cpu.pge=false', 'FFFT', 'FFFT'], ['pge=false', 'FFFT', 'FFFT'], ['config.pge=false', 'FFFT', 'FFFF'], ['machine.pge=false', 'FFFT', 'FFFF'],
  ])('%s picks %s (%s with the paths), read once for every name', (selector, without, withPaths) => {
    for (const [p, want] of [[undefined, without], [paths, withPaths]] as const) {
      const picks = compileSelector(selector, p);
      const answer = (got: boolean[]): string => got.map((b) => (b ? 'T' : 'F')).join('');
      expect(answer(names.map((n) => picks(n)))).toBe(want);
      expect(answer(names.map((n) => picks(n, parseVariantName(n))))).toBe(want);
      expect(answer(names.map((n) => selectorMatches(selector, n, p)))).toBe(want);
    }
  });
});

describe('quoted selector values are literal; the name a report shows picks that variant alone', () => {
  // a cmdline axis over values a selector could misread: globs, quotes, separators, brackets, a newline
  const hostile = ['foo*bar', 'fooXbar', 'a?', 'ab', '*', '?', '"', '\\', ',', '=', '[', ']', 'a\nb', 'a b', '', 'x]y[z', 'k="v",w', '\\"*'];
  const names = hostile.map((v) => variantName([{ key: 'cmdline', value: v }]));

  it('variant names quote a value that holds *, ? or any other selector metacharacter', () => {
    expect(names.slice(0, 4)).toEqual(['cmdline="foo*bar"', 'cmdline=fooXbar', 'cmdline="a?"', 'cmdline=ab']);
    for (const v of hostile) {
      if (/[*?,[\]="\\\s]|^$/.test(v)) expect(quoteValue(v)).toMatch(/^".*"$/s);
    }
    expect(quoteValue('4GiB')).toBe('4GiB');
  });

  it('every name, as a selector (file.yaml[…], --variant, expect: variant:), picks exactly its own variant', () => {
    for (const [i, name] of names.entries()) {
      const picks = compileSelector(name);
      expect(names.filter((n) => picks(n)), name).toEqual([name]);
      expect(parseVariantName(name), name).toEqual([{ key: 'cmdline', value: hostile[i] }]);
    }
    // among names of several axes too
    const two = hostile.flatMap((v) => ['512MiB', '4GiB'].map((m) => variantName([{ key: 'cmdline', value: v }, { key: 'memory', value: m }])));
    for (const name of two) expect(two.filter((n) => selectorMatches(name, n)), name).toEqual([name]);
  });

  it('a quoted value matches literally, an unquoted one is a glob', () => {
    const pick = (selector: string): string[] => names.filter((n) => compileSelector(selector)(n));
    expect(pick('cmdline="foo*bar"')).toEqual(['cmdline="foo*bar"']);
    expect(pick('cmdline=foo*bar')).toEqual(['cmdline="foo*bar"', 'cmdline=fooXbar']);
    expect(pick('cmdline="a?"')).toEqual(['cmdline="a?"']);
    expect(pick('cmdline=a?')).toEqual(['cmdline="a?"', 'cmdline=ab']);
    expect(pick('cmdline="*"')).toEqual(['cmdline="*"']);
    expect(pick('cmdline="?"')).toEqual(['cmdline="?"']);
    expect(pick('cmdline=*')).toHaveLength(names.length);
  });

  it('selectorMiss reads quoted values literally and shows each part as written', () => {
    const some = ['cmdline="foo*bar",memory=4GiB', 'cmdline=fooXbar,memory=512MiB'];
    expect(selectorMiss('cmdline="foo*"', some)).toBe('no variant has cmdline="foo*"; cmdline is one of "foo*bar", fooXbar');
    expect(selectorMiss('cmdline="foo*baz"', some)).toBe('no variant has cmdline="foo*baz" (did you mean cmdline="foo*bar"?); cmdline is one of "foo*bar", fooXbar');
    expect(selectorMiss('cmdline=fooX*,memory=4GiB', some)).toBe('no variant has all of cmdline=fooX*,memory=4GiB; variants with cmdline=fooX*: cmdline=fooXbar,memory=512MiB');
    expect(selectorMiss('cmdline="foo*bar",memory=512MiB', some)).toBe('no variant has all of cmdline="foo*bar",memory=512MiB; variants with cmdline="foo*bar": cmdline="foo*bar",memory=4GiB');
  });
});

describe('an unquoted value is compared as text, not as a number', () => {
  // The name cannot tell a string from an integer (`cmdline: "010"` is named cmdline=010), so a value compared
  // as a number picked text keys' variants too: cmdline=10 picked "10", "010" and "0xa" (helper-178, F8)
  it('cmdline=10 picks the variant named cmdline=10 alone', () => {
    const names = ['cmdline=10', 'cmdline=010', 'cmdline=0xa', 'cmdline=+10'];
    for (const name of names) expect(names.filter((n) => compileSelector(name)(n)), name).toEqual([name]);
  });
});

describe('splitSelector: file.yaml[selector] on the command line', () => {
  it('splits at the last bracket group, quoted values may hold brackets', () => {
    expect(splitSelector('m.yaml[hypervisor=vmi]')).toEqual({ file: 'm.yaml', selector: 'hypervisor=vmi' });
    expect(splitSelector('m.yaml[cmdline="a[1]"]')).toEqual({ file: 'm.yaml', selector: 'cmdline="a[1]"' });
    expect(splitSelector('m.yaml')).toBeNull();
    expect(splitSelector('m.yaml[x')).toBeNull();
  });

  it('brackets inside an unquoted selector split at the first [: the selector is reported, not a missing file', () => {
    expect(splitSelector('h3.yaml[cmdline=[x]]')).toEqual({ file: 'h3.yaml', selector: 'cmdline=[x]' });
  });

  it('a […] per pair is one selector of the file, which selectorFault says to write with commas (break-209 F10: was a missing file mx.yaml[a=b])', () => {
    expect(splitSelector('mx.yaml[hypervisor=vmi][pae=true]')).toEqual({ file: 'mx.yaml', selector: 'hypervisor=vmi][pae=true' });
    expect(splitSelector('mx.yaml[a=1][b=2][c="x]["]')).toEqual({ file: 'mx.yaml', selector: 'a=1][b=2][c="x]["' });
    expect(selectorFault('hypervisor=vmi][pae=true', 'mx.yaml')).toBe('a selector is one […] with comma-separated key=value pairs, not a […] for each pair; write mx.yaml[hypervisor=vmi,pae=true]');
    expect(selectorFault('a=1][b=2][c="x]["', 'mx.yaml')).toBe('a selector is one […] with comma-separated key=value pairs, not a […] for each pair; write mx.yaml[a=1,b=2,c="x]["]');
    // a bracket group that is no selector stays part of the file's name; brackets in a value are no chain
    expect(splitSelector('data[2][x=1]')).toEqual({ file: 'data[2]', selector: 'x=1' });
    expect(selectorFault('cmdline=[x][y]')).toBeUndefined();
  });

  it('on its own (--variant, variant:) the rewrite has no brackets, a bracketed one is said so, and a key repeated by the chain is said with it (break-211 F3)', () => {
    const chain = 'a selector is one […] with comma-separated key=value pairs, not a […] for each pair';
    const own = 'a selector given on its own (--variant, variant:) is written without brackets';
    expect(selectorFault('hypervisor=vmi][pae=false')).toBe(`${chain}; write hypervisor=vmi,pae=false`);
    expect(selectorFault('[hypervisor=vmi,pae=false]')).toBe(`${own}; write hypervisor=vmi,pae=false`);
    expect(selectorFault('[hypervisor=vmi][pae=true]')).toBe(`${own}; write hypervisor=vmi,pae=true`);
    // with a file the brackets are the file form's own
    expect(selectorFault('[hypervisor=vmi]', 'mx.yaml')).toBeUndefined();
    expect(selectorFault('hypervisor=vmi][pae=true][hypervisor=none', 'mx.yaml')).toBe(`${chain}, and hypervisor is given twice in the selector (vmi, none): a variant has one value of each key; give it once`);
  });
});

describe('selectorFault: what a selector\'s text alone says is wrong', () => {
  it('one key given twice, by its name or its path (break-209 F10: was "excluded from the matrix?")', () => {
    expect(selectorFault('hypervisor=vmi,hypervisor=none')).toBe('hypervisor is given twice in the selector (vmi, none): a variant has one value of each key; give it once');
    expect(selectorFault('pae=true,hypervisor=vmi,hypervisor="x,y",hypervisor=*')).toBe('hypervisor is given 3 times in the selector (vmi, "x,y", *): a variant has one value of each key; give it once');
    expect(selectorFault('machine.hypervisor=vmi,hypervisor=none')).toBe('machine.hypervisor and hypervisor are one key, given twice in the selector (vmi, none): a variant has one value of each key; give it once');
    // different keys, a glob over the name, one pair: nothing wrong from the text
    expect(selectorFault('hypervisor=vmi,pae=true')).toBeUndefined();
    expect(selectorFault('config.pge=true,machine.cpu.pge=false')).toBeUndefined();
    expect(selectorFault('*vmi*')).toBeUndefined();
  });

  it('an empty pair, an empty selector, brackets twice: said from the text, with the form to write (break-212 F3: a glob\'s did-you-mean named another machine)', () => {
    const empty = "an empty key=value pair (a comma at its end), which no variant's name has";
    expect(selectorFault('hypervisor=vmi,pae=true,')).toBe(`${empty}; write hypervisor=vmi,pae=true`);
    expect(selectorFault('hypervisor=vmi,,pae=true')).toBe("an empty key=value pair (between two commas), which no variant's name has; write hypervisor=vmi,pae=true");
    expect(selectorFault(',hypervisor=vmi', 'mx.yaml')).toBe("an empty key=value pair (a comma at its start), which no variant's name has; write mx.yaml[hypervisor=vmi]");
    // a comma inside a quoted value is the value's
    expect(selectorFault('cmdline="a,,b",pae=true')).toBeUndefined();
    expect(selectorFault('cmdline="a,,b",')).toBe(`${empty}; write cmdline="a,,b"`);
    // with a key given twice, no rewrite: it would be refused next
    expect(selectorFault('hypervisor=vmi,,hypervisor=xen')).toMatch(/between two commas\), which no variant's name has, and hypervisor is given twice .*; give it once$/);
    // a glob over the whole name keeps its commas
    expect(selectorFault('*vmi*,')).toBeUndefined();
    const own = 'a selector given on its own (--variant, variant:) is written without brackets';
    const none = 'an empty selector picks nothing; give KEY=VALUE[,KEY=VALUE…] or a pattern of variant names';
    expect(selectorFault('[]')).toBe(`${own}, and ${none}`);
    expect(selectorFault('', 'mx.yaml')).toBe(none);
    expect(selectorFault(',')).toBe(none);
    expect(selectorFault('[[hypervisor=vmi]]')).toBe(`${own}; write hypervisor=vmi`);
    expect(selectorFault('[hypervisor=vmi,]')).toBe(`${own}, and ${empty}; write hypervisor=vmi`);
    // a rewrite that would pick no variant says so with it, not only on the next try (break-215 F9)
    const names = ['hypervisor=none', 'hypervisor=vmi'];
    const miss = (s: string): string | undefined => (names.some((n) => selectorMatches(s, n)) ? undefined : selectorMiss(s, names));
    expect(selectorFault('hypervisor=kvm,', undefined, miss)).toBe(`${empty}; written hypervisor=kvm, it picks none of the variants either: no variant has hypervisor=kvm; hypervisor is one of none, vmi`);
    expect(selectorFault('[hypervisor=vmi]', undefined, miss)).toBe(`${own}; write hypervisor=vmi`);
    // each rewrite is itself fine
    for (const written of ['hypervisor=vmi,pae=true', 'hypervisor=vmi', 'cmdline="a,,b"']) expect(selectorFault(written)).toBeUndefined();
  });
});
