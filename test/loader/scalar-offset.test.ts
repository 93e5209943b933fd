/**
 * A problem inside a string value (one option of `cmdline:`) is reported at
 * that option, also when the scalar is a folded or literal block or spans
 * lines (helper-183 10: such problems were all reported at the value's
 * start). An escape is the one value character it stands for.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, isMap, isScalar, type Scalar } from 'yaml';
import { sourceOffsetOf } from '../../src/scenario/scalar-offset.js';
import { parseScenario } from '../../src/scenario/loader.js';

/** the line:col in `text` (one mapping `v: …`) of the value's character at the first `token` */
function placeIn(text: string, token: string): string | undefined {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) throw new Error('not a mapping');
  const node = doc.contents.items[0]?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) throw new Error('not a string scalar');
  const value = node.value;
  const at = sourceOffsetOf(text.slice(node.range[0], node.range[1]), (node as Scalar).type, value, value.indexOf(token));
  if (at === undefined) return undefined;
  const before = text.slice(0, node.range[0] + at);
  const line = before.split('\n').length;
  return `${line}:${before.length - before.lastIndexOf('\n')}`;
}

describe('sourceOffsetOf: the value character in the scalar source', () => {
  it.each([
    ['plain, one line', 'v: quiet vmi=foo\n', '1:10'],
    ['plain over two lines', 'v: quiet\n  vmi=foo\n', '2:3'],
    ['double-quoted', 'v: "quiet vmi=foo"\n', '1:11'],
    ['double-quoted over two lines', 'v: "quiet\n   vmi=foo"\n', '2:4'],
    ['single-quoted', "v: 'quiet vmi=foo'\n", '1:11'],
    ['folded block', 'v: >-\n  quiet\n  reservetop=4G vmi=foo\n', '3:17'],
    ['folded block with an empty line (a kept break)', 'v: >\n  quiet\n\n  vmi=foo\n', '4:3'],
    ['literal block, more indented line', 'v: |\n  quiet\n    vmi=foo\n', '3:5'],
    ['block with a header comment and indentation indicator', 'v: |2 # options\n   quiet\n   vmi=foo\n', '3:4'],
    ['CRLF line ends', 'v: >-\r\n  quiet\r\n  vmi=foo\r\n', '3:3'],
    // break-216 F4: each escape is the one value character it stands for (they used to give up: the value's start)
    ['a double-quoted escape before it', 'v: "\\x71uiet vmi=foo"\n', '1:14'],
    ['an escaped backslash (two source characters, one value character)', 'v: "a\\\\b vmi=foo"\n', '1:10'],
    ['escaped quotes of a kernel parameter', 'v: "dyndbg=\\"file x.c +p\\" vmi=foo"\n', '1:28'],
    ['\\u, \\U (a surrogate pair) and \\t', 'v: "\\u00e9\\U0001F600\\tvmi=foo"\n', '1:23'],
    ["a single-quoted ''", "v: 'it''s vmi=foo'\n", '1:11'],
    ['a line continuation', 'v: "quiet \\\n  vmi=foo"\n', '2:3'],
  ])('%s', (_what, text, where) => {
    expect(placeIn(text, 'vmi=foo')).toBe(where);
  });

  it('undefined (the value start is used) where the source and the value differ otherwise', () => {
    // an offset that is a blank, or past the value
    expect(sourceOffsetOf('"a b"', 'QUOTE_DOUBLE', 'a b', 1)).toBeUndefined();
    expect(sourceOffsetOf('"a b"', 'QUOTE_DOUBLE', 'a b', 3)).toBeUndefined();
    // a value that is not the source's (a caller's slip): no character is guessed
    expect(sourceOffsetOf('"a b"', 'QUOTE_DOUBLE', 'a c', 2)).toBeUndefined();
  });
});

describe('cmdline problems inside multi-line values are reported at the option', () => {
  const problemsOf = (text: string) => {
    const r = parseScenario(text, 'x.yaml');
    if (r.ok) throw new Error('loaded without problems');
    return r.problems.map((p) => `${p.line}:${p.col} ${p.message.slice(0, p.message.indexOf(':', 16))}`);
  };

  it('x86_32: a folded cmdline with two bad options, each at its own line:col', () => {
    const text = 'kernel: 2.6.27\nmachine:\n  cmdline: >-\n    quiet\n    reservetop=4G vmi=foo\nsetup_arch: [early_cpu_init]\n';
    expect(problemsOf(text)).toEqual(['5:5 machine.cmdline: reservetop=4G', '5:19 machine.cmdline: vmi=foo']);
  });

  it('x86_32: with an escape in a double-quoted cmdline, at the option (break-216 F4)', () => {
    const text = 'kernel: 2.6.27\nmachine:\n  cmdline: "\\x71uiet vmi=foo"\nsetup_arch: [early_cpu_init]\n';
    expect(problemsOf(text)).toEqual(['3:22 machine.cmdline: vmi=foo']);
  });
});
