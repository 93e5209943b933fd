/**
 * JSON reports write the characters a terminal or a diff viewer would act on
 * as JSON escapes (helper-183 8: U+202E and U+2066 were raw in -f json and
 * SARIF), and a parser reads back exactly the same strings.
 */
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/report/json-text.js';

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
