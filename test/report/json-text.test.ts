/**
 * JSON reports write the characters a terminal or a diff viewer would act on
 * as JSON escapes (helper-183 8: U+202E and U+2066 were raw in -f json and
 * SARIF), and a parser reads back exactly the same strings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonChunks, jsonText, JsonSequence } from '../../src/report/json-text.js';

describe('jsonText', () => {
  it('escapes bidi overrides and isolates, zero-width and separator characters, C1 controls and noncharacters; parses back to the same value', () => {
    const value = { name: 'a\u202eb\u2066c\u2069d\u200be\u2028f\u0085g\u009bh\ufeffi\ufdd0j\u{e0001}k', plain: 'héllo – … ×', n: 1 };
    const text = jsonText(value);
    expect(text).toBe('{\n  "name": "a\\u202eb\\u2066c\\u2069d\\u200be\\u2028f\\u0085g\\u009bh\\ufeffi\\ufdd0j\\udb40\\udc01k",\n  "plain": "héllo – … ×",\n  "n": 1\n}\n');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('is JSON.stringify with two spaces and a newline when nothing needs it', () => {
    const value = { a: [1, 'x\ny\u0001'], b: null };
    expect(jsonText(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('finds one such character after many outside ASCII that need none, and DEL, and an astral noncharacter alone', () => {
    const many = '→ µ × … '.repeat(10_000);
    expect(jsonText({ s: `${many}\u202e` })).toContain('\\u202e');
    expect(jsonText({ s: `${many}\u007f` })).toContain('\\u007f');
    expect(jsonText({ s: '\u{10fffe}' })).toBe('{\n  "s": "\\udbff\\udffe"\n}\n');
    expect(jsonText({ s: many })).toBe(`${JSON.stringify({ s: many }, null, 2)}\n`);
  });
});

/**
 * jsonChunks writes a report an element at a time (a 25 MB SARIF log of 2,048 results held about 100 MB of
 * strings as one text): its pieces joined must be jsonText's text exactly, whatever the value, and every piece
 * whole lines, which the writers rely on (withoutRunnerCommands is applied piece by piece).
 */
describe('jsonChunks', () => {
  const joined = (value: unknown): string => Array.from(jsonChunks(value)).join('');

  const cases: [string, unknown][] = [
    ['a value without a sequence', { a: [1, { b: 'x' }], c: null }],
    ['a sequence at the top', new JsonSequence(3, (i) => ({ i, s: `→${i}` }))],
    ['an empty sequence', { results: new JsonSequence(0, () => 1), n: 1 }],
    ['a sequence three levels down, beside other keys', { $schema: 's', runs: [{ tool: { rules: [{ id: 'r' }] }, results: new JsonSequence(2, (i) => ({ level: 'error', i })) }] }],
    ['elements JSON has no text for', { xs: new JsonSequence(3, (i) => [undefined, () => 1, Symbol('s')][i]), skipped: undefined, f: () => 1 }],
    ['an object left empty by undefined keys beside a sequence', { a: { u: undefined }, s: new JsonSequence(1, () => ({})) }],
    ['nested sequences', { s: new JsonSequence(2, (i) => ({ inner: new JsonSequence(i + 1, (j) => [j, 'a\u202eb']) })) }],
    ['characters to escape in a piece', { s: new JsonSequence(2, (i) => `x\u2066${i}\u0085`) }],
    ['integer-like keys (JSON orders them first)', { b: 1, 2: 'two', a: new JsonSequence(1, () => 0), 1: 'one' }],
    ['an array with holes beside a sequence', [, 1, new JsonSequence(1, () => 2)]], // eslint-disable-line no-sparse-arrays
  ];
  it.each(cases)('%s: the pieces joined are jsonText', (_, value) => {
    expect(joined(value)).toBe(jsonText(value));
  });

  it.each(cases)('%s: every piece is whole lines', (_, value) => {
    for (const piece of jsonChunks(value)) expect(piece.endsWith('\n')).toBe(true);
  });

  it('makes an element only when the text reaches it', () => {
    const made: number[] = [];
    const pieces = jsonChunks({ results: new JsonSequence(3, (i) => { made.push(i); return i; }) });
    expect([pieces.next().value, pieces.next().value]).toEqual(['{\n', '  "results": [\n']);
    expect(made).toEqual([]);
    expect(pieces.next().value).toBe('    0,\n');
    expect(made).toEqual([0]);
  });

  it('agrees with jsonText on random values with sequences anywhere', () => {
    const leaf = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
        fc.array(tie('value'), { maxLength: 4 }).map((xs) => new JsonSequence(xs.length, (i) => xs[i]))),
    }));
    // a report is an object: at the top, what JSON has no text for is no report at all
    const report = fc.dictionary(fc.string(), value, { maxKeys: 4 });
    fc.assert(fc.property(report, (v) => {
      expect(joined(v)).toBe(jsonText(v));
    }), { numRuns: 500, seed: 20261207 });
  });
});
