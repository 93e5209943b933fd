/**
 * The JSON reports bootreplay reads back are bounded by their size only
 * (max-report-bytes, max-report-values): every path over their entries must
 * be linear (n log n at most), and placing a problem in one must not build a
 * tree of it (review 16a, 2.2–2.4). The sizes below take milliseconds with
 * linear code and minutes with the quadratic code they replace.
 */
import fc from 'fast-check';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { goneFiles, parseBaseline } from '../../src/gate/baseline.js';
import { unusedOncePerFile, type UnusedAllowView } from '../../src/gate/gate.js';
import { jsonSyntaxPosition, jsonValuePosition, reportTextProblem, textShape } from '../../src/gate/json-position.js';
import { textPosition } from '../../src/scenario/text-position.js';

interface R { readonly file: string; readonly variant: string; readonly unused: readonly U[] }
interface U { readonly line: number; readonly n: number }
const VIEW: UnusedAllowView<R, U> = {
  file: (r) => r.file, variant: (r) => r.variant, unused: (r) => r.unused, used: () => [],
  at: (u) => ({ line: u.line, col: 1 }), merge: (copies) => copies.reduce((a, b) => ({ line: a.line, n: a.n + b.n })), with: (r, unused) => ({ ...r, unused }),
};

describe('linear in the entries of a report', () => {
  it('merge: one result with 300,000 unused allow: entries (the quadratic copy took 54 s for 40,000)', () => {
    const n = 300_000;
    const unused = Array.from({ length: n }, (_, i) => ({ line: n - i, n: 1 }));
    const out = unusedOncePerFile([{ file: 'a.yaml', variant: 'x=1', unused }, { file: 'a.yaml', variant: 'x=2', unused: unused.slice(0, 10) }], VIEW);
    expect(out[0]?.unused.length).toBe(n);
    // in the order written, each entry once, counted over both variants where both had it
    expect(out[0]?.unused.slice(0, 2)).toEqual([{ line: 1, n: 1 }, { line: 2, n: 1 }]);
    expect(out[0]?.unused.at(-1)).toEqual({ line: n, n: 2 });
    expect(out[1]?.unused).toEqual([]);
  });

  it('run DIR --baseline: 100,000 files under DIR that are gone (findingsOfFile walked every result per file: 68 s for 20,000)', () => {
    const n = 100_000;
    const finding = { rule: 'layout-overlap', severity: 'error', key: 'k', message: 'm', line: 1, column: 1 };
    const results = [{ file: 'x/a.yaml', findings: [] }, ...Array.from({ length: n }, (_, i) => ({ file: `x/gone${i}.yaml`, variant: i % 2 === 0 ? undefined : 'v=1', findings: [finding] }))];
    const parsed = parseBaseline(JSON.stringify({ version: 1, results }), 'x86_32', ['x/a.yaml']);
    if (!parsed.ok) throw new Error(parsed.message);
    const gone = goneFiles(parsed.index, ['x'], ['x/a.yaml']);
    expect(gone.length).toBe(n);
    expect(gone[1]).toEqual({ file: 'x/gone1.yaml', findings: [{ file: 'x/gone1.yaml', variant: 'v=1', arch: 'x86_32', ...finding }] });
  });

  it('has() is a lookup: a finding kept at its most serious severity of the baseline, per scenario or variant', () => {
    const f = (key: string, severity: string): object => ({ rule: 'layout-overlap', severity, key, message: 'm', line: 1, column: 1 });
    const text = JSON.stringify({ version: 1, results: [{ file: 'a.yaml', findings: [f('k', 'warning'), f('k', 'error'), f('j', 'info')] }, { file: 'a.yaml', variant: 'v=1', findings: [f('j', 'error')] }] });
    const parsed = parseBaseline(text, 'x86_32', ['a.yaml']);
    if (!parsed.ok) throw new Error(parsed.message);
    const { has } = parsed.index;
    expect([has({ file: 'a.yaml' }, 'k', 'error'), has({ file: 'a.yaml' }, 'j', 'info'), has({ file: 'a.yaml' }, 'j', 'warning')]).toEqual([true, true, false]);
    expect([has({ file: 'a.yaml', variant: 'v=1' }, 'j', 'error'), has({ file: 'a.yaml', variant: 'v=1' }, 'k', 'info'), has({ file: 'b.yaml' }, 'k', 'info')]).toEqual([true, false, false]);
  });
});

/** The values JSON.parse builds for a text (keys not counted). */
function valuesOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + valuesOf(x), 0);
  if (typeof v === 'object' && v !== null) return 1 + Object.values(v).reduce((n: number, x) => n + valuesOf(x), 0);
  return 1;
}

const jsonText = fc.jsonValue({ maxDepth: 4 }).chain((v) => fc.constantFrom(JSON.stringify(v), JSON.stringify(v, null, 2), JSON.stringify(v, null, '\t')).map((text) => ({ v, text })));

describe('the pass before JSON.parse (max-report-values, nesting)', () => {
  it('counts the values JSON.parse builds, keys not counted, whatever the spacing', () => {
    fc.assert(fc.property(jsonText, ({ text }) => {
      expect(textShape(text).values).toBe(valuesOf(JSON.parse(text)));
    }), { numRuns: 300 });
    expect(textShape('{"a": [], "b": {}, "[,{": ["]", "\\"", 1]}').values).toBe(7);
  });

  it('refuses a report of more values than the limit at the first value past it, naming the limit', () => {
    const text = '{"version": 1, "results": [],\n "junk": [{}, {}, {}, {}]}';
    expect(reportTextProblem(text, 8)).toBeUndefined();
    expect(reportTextProblem(text, 7)).toEqual({
      message: 'too many JSON values (limit 7 JSON values, max-report-values; run --format json writes at least 11 bytes a value, so no report of it within max-report-bytes has more)',
      pos: { line: 2, col: 23 },
    });
    // the first item of a list counts at its first character
    expect(reportTextProblem('[[1]]', 2)?.pos).toEqual({ line: 1, col: 3 });
  });
});

/** jsonValuePosition as it was: jsonc-parser's whole tree, walked by path (the last of duplicate keys). */
function treePosition(text: string, path: readonly (string | number)[]): { line: number; col: number } {
  const top = Math.max(0, text.search(/\S/));
  let node: JsonNode | undefined = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  for (const key of path) {
    if (node === undefined) break;
    let next: JsonNode | undefined;
    if (node.type === 'object') for (const p of node.children ?? []) { if (p.children?.[0]?.value === String(key)) next = p.children[1]; }
    else if (node.type === 'array' && typeof key === 'number') next = node.children?.[key];
    if (next === undefined) break;
    node = next;
  }
  return textPosition(text, node?.offset ?? top);
}

/** Paths into a value, and off it: every key and index on the way, then one more that may not exist. */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix, [...prefix, 'missing'], [...prefix, 0], [...prefix, 5]);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

describe('placing a problem in a report: no tree of the text', () => {
  it('jsonValuePosition finds what the tree found, for every path in and off the text', () => {
    fc.assert(fc.property(jsonText, ({ v, text }) => {
      for (const path of pathsOf(v).slice(0, 60)) expect(jsonValuePosition(text, path)).toEqual(treePosition(text, path));
    }), { numRuns: 200 });
  });

  it('takes the last of duplicate keys, as JSON.parse does, and reads escaped keys', () => {
    const text = '{"a": {"b": 1}, "a": {"c": [0, {"\\u0064": 2}]}}';
    expect(jsonValuePosition(text, ['a', 'c', 1, 'd'])).toEqual({ line: 1, col: 43 });
    expect(jsonValuePosition(text, ['a', 'c', 1, 'd'])).toEqual(treePosition(text, ['a', 'c', 1, 'd']));
    // the first "a" has a "b", the last (the one JSON.parse keeps) has none: the last "a" is the deepest value there
    expect(jsonValuePosition(text, ['a', 'b'])).toEqual({ line: 1, col: 22 });
  });

  /** Whether JSON.parse fails on `prefix` only because it stops early (the bisection's test). */
  function viable(prefix: string): boolean {
    try {
      JSON.parse(prefix);
      return true;
    } catch (err) {
      const message = (err as Error).message;
      const m = /at position (\d+)/.exec(message);
      return message.startsWith('Unexpected end of JSON input') || (m !== null && Number(m[1]) >= prefix.length);
    }
  }

  /** The last character of the shortest prefix JSON.parse finds an error in. */
  function bisected(text: string): number {
    let lo = 0;
    let hi = text.length;
    if (viable(text)) return text.length;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (viable(text.slice(0, mid))) lo = mid;
      else hi = mid;
    }
    return hi - 1;
  }

  it('a syntax error is placed in one pass where JSON.parse has seen no error yet, at or before where it has', () => {
    const broken = fc.tuple(jsonText, fc.nat(), fc.constantFrom(',', ']', '}', ':', 'x', '"', '\u00a0', '01', ' ', '[', 'tru', '\\', '\u2028')).map(([{ text }, i, ins]) => {
      const at = text.length === 0 ? 0 : i % text.length;
      return text.slice(0, at) + ins + text.slice(at);
    });
    fc.assert(fc.property(broken, (text) => {
      let err: unknown;
      try {
        JSON.parse(text);
        return;
      } catch (e) {
        err = e;
      }
      const pos = jsonSyntaxPosition(text, err);
      const offset = offsetOf(text, pos);
      expect(viable(text.slice(0, offset))).toBe(true);
      // at or before the character bisecting with JSON.parse finds (how it was placed: log2(n) parses of the text),
      // at the start of the bad token (`tru` of `trutrue`) where V8 names no character further on
      expect(offset).toBeLessThanOrEqual(bisected(text));
    }), { numRuns: 500 });
  });
});

/** The UTF-16 offset of a line:col of `text` (textPosition's inverse: CRLF, CR, LF end a line). */
function offsetOf(text: string, pos: { line: number; col: number }): number {
  let line = 1;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text[i];
    i++;
    if (c === '\n' || (c === '\r' && text[i] !== '\n')) line++;
  }
  return i + pos.col - 1;
}
