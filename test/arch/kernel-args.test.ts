/**
 * next_arg()'s split of the command line (src/arch/kernel-args.ts), quotes
 * included: DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:kernel/params.c:77-127
 * (2.6.28), …@f6f94e2ab1b:kernel/params.c:121-169 (2.6.36),
 * rivsidn/linux-4.4.155@a1961d7580f:kernel/params.c:165-213 (v4.4; v4.6, v4.7 alike),
 * Kingdo777/linux-5.14.2-faascale-host@56e6f69d075:lib/cmdline.c:227-274 (v5.10–5.14 alike).
 */
import { describe, expect, it } from 'vitest';
import { argsSpan, kernelArgs, kernelArgValue, type ArgSeparators, type QuotedParamEnd } from '../../src/arch/kernel-args.js';

/** [command line, the (name, value) pairs the handlers get, the parameters as written] */
type Row = readonly [string, readonly (readonly [string, string | null])[], readonly string[]];

const BOTH: readonly Row[] = [
  // the review's four command lines (review12 §1.1)
  ['earlyprintk="dbgp"', [['earlyprintk', 'dbgp']], ['earlyprintk="dbgp"']],
  ['pci="off" earlyprintk=dbgp', [['pci', 'off'], ['earlyprintk', 'dbgp']], ['pci="off"', 'earlyprintk=dbgp']],
  ['foo="x earlyprintk=dbgp"', [['foo', 'x earlyprintk=dbgp']], ['foo="x earlyprintk=dbgp"']],
  ['reservetop="16M"', [['reservetop', '16M']], ['reservetop="16M"']],
  // a quote that opens the whole parameter: its closing quote goes with a value (:113-114)
  ['"earlyprintk=dbgp" quiet', [['earlyprintk', 'dbgp'], ['quiet', null]], ['"earlyprintk=dbgp"', 'quiet']],
  ['"foo=a b" c', [['foo', 'a b'], ['c', null]], ['"foo=a b"', 'c']],
  ['"a b=c"', [['a b', 'c']], ['"a b=c"']],
  // an unterminated quote runs to the end of the command line, separators and all
  ['foo="a earlyprintk=dbgp  mem=64M', [['foo', 'a earlyprintk=dbgp  mem=64M']], ['foo="a earlyprintk=dbgp  mem=64M']],
  ['"foo=a mem=64M', [['foo', 'a mem=64M']], ['"foo=a mem=64M']],
  // quotes in the middle of a value stay; a space between them does not split
  ['foo=a"b c"d e', [['foo', 'a"b c"d'], ['e', null]], ['foo=a"b c"d', 'e']],
  ['foo="a"b', [['foo', 'a"b']], ['foo="a"b']],
  ['foo=a"', [['foo', 'a"']], ['foo=a"']],
  ['foo="a""', [['foo', 'a"']], ['foo="a""']],
  // empty values
  ['foo="" bar', [['foo', ''], ['bar', null]], ['foo=""', 'bar']],
  ['foo=" bar', [['foo', ' bar']], ['foo=" bar']],
  ['foo="', [['foo', '']], ['foo="']],
  ['foo=', [['foo', '']], ['foo=']],
  // the name ends at the first '=', even inside quotes; one at the first byte is not seen (`equals == 0`)
  ['a=b=c', [['a', 'b=c']], ['a=b=c']],
  ['=a', [['=a', null]], ['=a']],
  ['=a=b', [['=a', 'b']], ['=a=b']],
  ['x="a=b" y', [['x', 'a=b'], ['y', null]], ['x="a=b"', 'y']],
  // separators: leading, trailing, repeated
  ['  quiet   ro  ', [['quiet', null], ['ro', null]], ['quiet', 'ro']],
  ['', [], []],
  ['   ', [], []],
];

/** A quoted parameter without a value: 2.6.x keeps its closing quote (the strip is in the `else` of `if (!equals)`), v4.4+ drops it. */
const BARE: readonly (readonly [string, QuotedParamEnd, readonly (readonly [string, string | null])[]])[] = [
  ['"quiet" ro', 'with-value', [['quiet"', null], ['ro', null]]],
  ['"quiet" ro', 'always', [['quiet', null], ['ro', null]]],
  ['"a b"', 'with-value', [['a b"', null]]],
  ['"a b"', 'always', [['a b', null]]],
  ['"" x', 'with-value', [['"', null], ['x', null]]],
  ['"" x', 'always', [['', null], ['x', null]]],
  ['x "', 'with-value', [['x', null], ['', null]]],
  ['x "', 'always', [['x', null], ['', null]]],
  ['"nokaslr', 'always', [['nokaslr', null]]],
];

describe('kernelArgs: next_arg() quote handling', () => {
  for (const end of ['with-value', 'always'] as const) {
    for (const sep of ['space', 'isspace'] as const satisfies readonly ArgSeparators[]) {
      it.each(BOTH)(`%j (${sep}, ${end})`, (cmdline, pairs, texts) => {
        const args = kernelArgs(cmdline, sep, end);
        expect(args.map((a) => [a.name, a.value])).toEqual(pairs);
        expect(args.map((a) => a.text)).toEqual(texts);
        // every parameter is found where it is written, and alone splits the same way
        for (const a of args) {
          expect(cmdline.slice(a.offset, a.offset + a.text.length)).toBe(a.text);
          expect(kernelArgValue(a.text)).toBe(a.value);
        }
      });
    }
  }

  it.each(BARE)('%j (%s)', (cmdline, end, pairs) => {
    expect(kernelArgs(cmdline, 'isspace', end).map((a) => [a.name, a.value])).toEqual(pairs);
  });

  it('a tab inside quotes does not split after 2.6.32-rc1, and is no separator before', () => {
    expect(kernelArgs('foo="a\tb" c\td').map((a) => a.text)).toEqual(['foo="a\tb"', 'c', 'd']);
    expect(kernelArgs('foo="a\tb" c\td', 'space').map((a) => a.text)).toEqual(['foo="a\tb"', 'c\td']);
    expect(kernelArgs('foo="a b"\tc', 'space').map((a) => [a.name, a.value])).toEqual([['foo', 'a b"\tc']]);
  });

  it('offsets are those of the parameters as written, quotes included', () => {
    expect(kernelArgs(' quiet "foo=a b"  x="y"').map((a) => a.offset)).toEqual([1, 7, 18]);
  });
});

describe('argsSpan: the command line from its first parameter to the end of its last (break-196 3)', () => {
  it('drops the separators parse_args() skips and next_arg() chews, by the kernel\'s separators', () => {
    expect(argsSpan('  vmi=disable_timer  ')).toBe('vmi=disable_timer');
    expect(argsSpan(' quiet  "foo=a b"\t\n')).toBe('quiet "foo=a b"');
    // a run of separators between parameters is one (next_arg() chews them: break-279 N3); inside quotes they stay
    expect(argsSpan('quiet  splash')).toBe('quiet splash');
    expect(argsSpan('quiet \t splash', 'isspace')).toBe('quiet splash');
    expect(argsSpan('quiet \t splash', 'space')).toBe('quiet \t splash');
    expect(argsSpan('foo="a  b"   bar')).toBe('foo="a  b" bar');
    expect(argsSpan('foo="a  b  bar')).toBe('foo="a  b  bar');
    expect(argsSpan('\tquiet\t', 'space')).toBe('\tquiet\t');
    expect(argsSpan('   ')).toBe('');
    expect(argsSpan('')).toBe('');
  });

  it('keeps what a parameter holds: U+00A0 is no separator, and a quote that runs to the end keeps its spaces', () => {
    expect(argsSpan('quiet\u00a0')).toBe('quiet\u00a0');
    expect(argsSpan(' foo="a  ')).toBe('foo="a  ');
  });

  it('gives the handlers the same parameters as the whole line', () => {
    for (const line of ['  vmi=disable_timer  ', ' "foo=a b" c\t', 'x "', ' foo="a  ', 'quiet   splash  foo="a  b"']) {
      const pairs = (l: string): (readonly [string, string | null])[] => kernelArgs(l).map((a) => [a.name, a.value] as const);
      expect(pairs(argsSpan(line))).toEqual(pairs(line));
    }
  });
});
