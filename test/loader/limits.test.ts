/**
 * Resource limits (src/scenario/limits.ts): each one is reported once, at
 * the place in the file where it is exceeded, with its name; a file just
 * inside a limit loads. The inputs are the smallest that showed each
 * failure before the limits existed (about 800 nested brackets aborted Node
 * or overflowed the stack; 40,000 keys took 29 s; 125,000 problems
 * overflowed the stack through push(...spread)).
 */
import { describe, expect, it } from 'vitest';
import { NO_READER } from '../../src/scenario/compose/reader.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { DEFAULT_LIMITS, limitMessage, type Limits } from '../../src/scenario/limits.js';
import { capProblems, sortProblems } from '../../src/scenario/problems.js';

const CALL = 'early_cpu_init';
const OK = `setup_arch: [${CALL}]\n`;

/** "line:col: message" of every problem; [] when the text loads. */
function problems(text: string, limits: Limits = DEFAULT_LIMITS): string[] {
  const r = parseScenario(text, 'x.yaml', NO_READER, limits);
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

const DEPTH = limitMessage('max-depth', 64, 'lists and mappings nested too deep');

describe('max-depth', () => {
  it('reports the first collection deeper than 64 levels, wherever the nesting ends', () => {
    // The top-level mapping is level 1, so the 64th "[" (column 3 + 64) is level 65.
    for (const n of [64, 800, 50_000]) {
      expect(problems(`${OK}a: ${'['.repeat(n)}${']'.repeat(n)}\n`)).toEqual([`2:67: ${DEPTH}`]);
    }
    // 63 levels are allowed (and a: is only an unknown key)
    expect(problems(`${OK}a: ${'['.repeat(62)}${']'.repeat(62)}\n`)).toEqual([expect.stringMatching(/^2:1: a: unknown key; allowed at the top level: /)]);
  });

  it('covers unclosed brackets, flow mappings and block mappings', () => {
    expect(problems('['.repeat(100_000))).toEqual([`1:65: ${DEPTH}`]);
    expect(problems(`a: ${'{a: '.repeat(800)}1${'}'.repeat(800)}`)).toEqual([`1:256: ${DEPTH}`]);
    const block = Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(problems(block)).toEqual([`65:65: ${DEPTH}`]);
  });

  it('gives the same answer every time in one process (the stack it runs on does not matter)', () => {
    const text = `${OK}a: ${'['.repeat(5000)}\n`;
    const first = problems(text);
    const deepCall = (n: number): string[] => (n === 0 ? problems(text) : deepCall(n - 1));
    expect(deepCall(2000)).toEqual(first);
  });

  it('counts the levels an alias brings with it', () => {
    const inner = `${'['.repeat(40)}${']'.repeat(40)}`;
    expect(problems(`${OK}a: &x ${inner}\nb: [[[[[[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]]]]]\n`)).toEqual([
      `3:28: ${limitMessage('max-depth', 64, '*x: with this alias, lists and mappings nest too deep')}`,
    ]);
  });
});

describe('max-keys, max-items, max-calls', () => {
  const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `k${i}: 1`);

  it('stop parsing at the first mapping with more than 1000 keys, block or flow', () => {
    const message = limitMessage('max-keys', 1000, 'config: too many keys');
    // 10,000 keys: as many as a file within max-file-bytes holds
    expect(problems(`${OK}config:\n${keys(10_000).map((k) => `  ${k}`).join('\n')}\n`)).toEqual([`3:3: ${message}`]);
    expect(problems(`${OK}config: {${keys(1001).join(', ')}}\n`)).toEqual([`2:9: ${message}`]);
    // 1000 keys are allowed (and each is an unknown key)
    expect(problems(`${OK}config: {${keys(1000).join(', ')}, }\n`)[0]).toMatch(/^2:10: config\.k0: unknown key/);
  });

  it('allow 2048 calls and refuse 2049, written as a block or a flow list', () => {
    const block = (n: number): string => `setup_arch:\n${`  - ${CALL}\n`.repeat(n)}`;
    expect(DEFAULT_LIMITS.maxCalls).toBe(2048);
    expect(problems(block(2048))).toEqual([]);
    expect(problems(block(2049))).toEqual([`2:3: ${limitMessage('max-calls', 2048, 'setup_arch: too many calls')}`]);
    expect(problems(`setup_arch: [${Array(2049).fill(CALL).join(', ')}]`)).toEqual([`1:13: ${limitMessage('max-calls', 2048, 'setup_arch: too many calls')}`]);
  });

  it('bound every other list too, and count setup_arch behind an alias', () => {
    expect(problems(`${OK}name: [${Array(2049).fill('x').join(', ')}]\n`)).toEqual([`2:7: ${limitMessage('max-items', 2048, 'name: too many items')}`]);
    const small: Limits = { ...DEFAULT_LIMITS, maxCalls: 3 };
    expect(problems(`x: &l [${CALL}, ${CALL}, ${CALL}, ${CALL}]\nsetup_arch: *l\n`, small)).toEqual([`2:13: ${limitMessage('max-calls', 3, 'setup_arch: too many calls')}`]);
  });
});

describe('a broken file that looks like a big one', () => {
  it('gets its syntax errors, not a limit its error recovery made up (break-255 N1)', () => {
    // a double-quoted name: left open, and lines of one `\\` that are not indented: yaml's recovery makes each
    // a key of the top-level mapping; with 999 of them that read as "the top level: too many keys"
    const small: Limits = { ...DEFAULT_LIMITS, maxKeys: 3 };
    const text = `name: "left open\n${'\\\n'.repeat(6)}x"\n${OK}`;
    const got = problems(text, small);
    expect(got[0]).toBe('1:7: invalid YAML: the "…" string opened here is never closed: a quoted string may go on over lines, and this one is still open at 1:17; close it with "');
    expect(got.slice(1, 3)).toEqual(['2:1: invalid YAML: Implicit map keys need to be followed by map values', '3:1: invalid YAML: Implicit map keys need to be followed by map values']);
    expect(got.join('\n')).not.toContain('max-keys');
  });

  it('a file that parses still gets the limit, also where the cut leaves a bracket or a quote open', () => {
    const small: Limits = { ...DEFAULT_LIMITS, maxItems: 3 };
    expect(problems(`${OK}name: [a, b, "c", 'd', e]\n`, small)).toEqual([`2:7: ${limitMessage('max-items', 3, 'name: too many items')}`]);
    expect(problems(`${OK}name:\n  - a\n  - "b"\n  - c\n  - d\n`, small)).toEqual([`3:3: ${limitMessage('max-items', 3, 'name: too many items')}`]);
  });
});

describe('max-calls over extends + patch', () => {
  it('holds for the composed order: each base inserting up to the limit cannot build a longer one', async () => {
    const { composeScenario } = await import('../../src/scenario/compose/compose.js');
    const { memoryReader } = await import('../../src/scenario/compose/reader.js');
    const small: Limits = { ...DEFAULT_LIMITS, maxCalls: 4 };
    const base = `setup_arch: [${CALL}, ${CALL}, ${CALL}]\n`;
    const inserts = (n: number): string => Array.from({ length: n }, () => `  - {insert: ${CALL}, after: ${CALL}}\n`).join('');
    const files = { 'base.yaml': base, 'l1.yaml': `extends: base.yaml\npatch:\n${inserts(1)}`, 'l2.yaml': `extends: l1.yaml\npatch:\n${inserts(2)}` };
    const compose = (file: string): string[] => {
      const r = composeScenario(files[file as keyof typeof files], file, memoryReader(files), small);
      return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
    };
    expect(compose('l1.yaml')).toEqual([]);
    // 3 + 1 from l1, and l2's first insert makes 5: reported at that edit, once, and l2 stops there
    expect(compose('l2.yaml')).toEqual([`l2.yaml:3:14: patch[0].insert: ${limitMessage('max-calls', 4, 'setup_arch has 5 calls after this edit, composed from l2.yaml and its bases')}`]);
  });
});

describe('max-alias-nodes', () => {
  it('refuses aliases of aliases that multiply, at the alias that crosses the limit', () => {
    const text = ['a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', OK].join('\n');
    expect(problems(text)).toEqual([`4:49: ${limitMessage('max-alias-nodes', 10_000, 'aliases expand to too many nodes, the pattern of a "billion laughs" attack; write the values out')}`]);
  });

  it('refuses an alias inside the node it refers to', () => {
    expect(problems(`${OK}a: &a [1, *a]\n`)).toEqual(['2:11: *a: the alias is inside the node &a it refers to, so it would contain itself']);
  });
});

describe('max-problems', () => {
  it('shows the first 100 problems in file order and counts the rest', () => {
    const text = `setup_arch:\n${Array.from({ length: 2048 }, (_, i) => `  - bad_call_${i}\n`).join('')}`;
    const got = problems(text);
    expect(got).toHaveLength(101);
    expect(got[0]).toBe('2:5: setup_arch[0] (step 1): unknown call bad_call_0; run `bootreplay steps` for the catalog');
    expect(got[99]).toMatch(/^101:5: setup_arch\[99\] \(step 100\): unknown call bad_call_99;/);
    expect(got[100]).toBe(`102:5: ${limitMessage('max-problems', 100, '… and 1948 more problems in this file')}`);
  });

  it('caps 200,000 problems without overflowing the stack (no push(...spread))', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ file: 'x.yaml', line: i + 1, col: 1, message: `problem ${i}` }));
    const capped = capProblems(sortProblems(many), 100);
    expect(capped).toHaveLength(101);
    expect(capped[100]).toEqual({ file: 'x.yaml', line: 101, col: 1, message: limitMessage('max-problems', 100, '… and 199900 more problems in this file'), more: 199900, moreFiles: ['x.yaml'] });
  });
});

describe('max-file-bytes', () => {
  it('refuses text over 128 KiB before parsing it', () => {
    expect(DEFAULT_LIMITS.maxFileBytes).toBe(128 * 1024);
    expect(problems(`${OK}# ${'x'.repeat(128 * 1024)}\n`)).toEqual([`-:-: ${limitMessage('max-file-bytes', 128 * 1024, 'too large')}`]);
  });
});

describe('max-tokens', () => {
  // 128 KiB of dense flow mappings are about 80,000 tokens, which yaml took over a second to parse and compose;
  // so did 131,000 stray `]` and 32,750 `...` lines while only scalars and opening indicators counted (review 13c, 2)
  const TWO_LINES = `name: a\nsetup_arch: [${CALL}]\n`;
  it('allows max-tokens and refuses the next token, at its position, before yaml composes anything', () => {
    // the document's start, name : a and its line break, setup_arch : [ early_cpu_init ] and its line break: 11
    expect(problems(TWO_LINES, { ...DEFAULT_LIMITS, maxTokens: 11 })).toEqual([]);
    expect(problems(TWO_LINES, { ...DEFAULT_LIMITS, maxTokens: 10 })).toEqual([`2:29: ${limitMessage('max-tokens', 10, 'too many YAML tokens')}`]);
  });

  it('counts anchors, tags, aliases, closing brackets, document markers and line breaks; not spaces, comments or a scalar\'s text', () => {
    // x : &a !t [ 1 , *a ] and a line break (11 with the document's start), then ... (12) and its line break (13)
    const text = 'x: &a !t [1, *a]   # a comment: - [ {\n...\n---\ny: |\n  a block scalar of - : , [ {\n';
    expect(problems(text, { ...DEFAULT_LIMITS, maxTokens: 12 })).toEqual([`2:4: ${limitMessage('max-tokens', 12, 'too many YAML tokens')}`]);
  });

  it('lets a 2,048-call order with a note on each call through, and stops 128 KiB of flow mappings', () => {
    expect(DEFAULT_LIMITS.maxTokens).toBe(32_768);
    const notes = `setup_arch:\n${Array.from({ length: 2048 }, () => `  - call: ${CALL}\n    note: "n"\n`).join('')}`;
    expect(problems(notes).filter((p) => p.includes('max-tokens'))).toEqual([]);
    const list = `  - [${Array(2000).fill('{a: 1, b: 2}').join(', ')}]\n`;
    expect(problems(`${OK}x:\n${list.repeat(4)}`)).toEqual([expect.stringMatching(/^4:\d+: too many YAML tokens \(limit 32768 YAML tokens, max-tokens; the longest shipped scenario has about 300\)$/)]);
  });
});

describe('max-tokens over extends: one budget for a file and its bases (break-216 F2)', () => {
  it('counts the bases\' tokens after the file\'s, and says so at the base where the budget runs out', async () => {
    const { composeScenario } = await import('../../src/scenario/compose/compose.js');
    const { memoryReader } = await import('../../src/scenario/compose/reader.js');
    // each file alone is within 14 tokens: the leaf has 9 (the document's start, extends : base.yaml and its break, name : b and its break),
    // the base 11 (as TWO_LINES); together 20
    const files = { 'base.yaml': `name: a\nsetup_arch: [${CALL}]\n`, 'leaf.yaml': 'extends: base.yaml\nname: b\n' };
    const compose = (maxTokens: number): string[] => {
      const r = composeScenario(files['leaf.yaml'], 'leaf.yaml', memoryReader(files), { ...DEFAULT_LIMITS, maxTokens });
      return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
    };
    expect(compose(20)).toEqual([]);
    // a --set overlay (bootreplay's own text that extends the file) takes none of the budget (break-219 F1)
    const overlay = composeScenario('extends: leaf.yaml\nmachine: {memory: 1GiB}\n', 'overlay.yaml', memoryReader(files),
      { ...DEFAULT_LIMITS, maxTokens: 20 }, { replacedAxes: new Set(), keptAxes: new Set() });
    expect(overlay.ok ? [] : overlay.problems.map((p) => p.message)).toEqual([]);
    expect(compose(19)[0]).toBe(`base.yaml:2:29: ${limitMessage('max-tokens', 19, 'too many YAML tokens in this file and the files that extend it (9 in those)')}`);
  });
});

describe('limits inside malformed YAML', () => {
  it('names the path even when a key on it is not valid YAML (found by the fuzzer)', () => {
    const text = `\`machine:\n  hypervisor:\n${Array.from({ length: 63 }, (_, i) => `${'  '.repeat(i + 2)}a:`).join('\n')}\n`;
    expect(() => parseScenario(text, 'x.yaml')).not.toThrow();
  });
});

describe('max-text-chars', () => {
  // review 12, 2.1: a 900,000-character name in a 4,096-variant matrix (900 KB, every other limit kept)
  // made gigabytes of report, repeated in each variant's result, before the report-size check
  it('allows 4096 characters in one text value and refuses 4097, at the value, wherever it is', () => {
    const text = (n: number): string => 'A'.repeat(n);
    expect(problems(`name: ${text(4096)}\n${OK}`)).toEqual([]);
    expect(problems(`name: ${text(4097)}\n${OK}`)).toEqual([`1:7: ${limitMessage('max-text-chars', 4096, 'name: 4097 characters')}`]);
    expect(problems(`description: "${text(5000)}"\n${OK}`)).toEqual([`1:14: ${limitMessage('max-text-chars', 4096, 'description: 5000 characters')}`]);
    expect(problems(`setup_arch:\n  - call: ${CALL}\n    note: |\n      ${text(4097)}\n`)).toEqual([`3:11: ${limitMessage('max-text-chars', 4096, 'setup_arch[0].note: 4098 characters')}`]);
  });

  it('counts Unicode characters (code points), not UTF-16 code units: 4096 emoji pass, 4097 are 4097 characters', () => {
    // U+1F600 is one character and two UTF-16 code units: 4096 of them are 8192 code units
    const emoji = (n: number): string => '\u{1F600}'.repeat(n);
    expect(problems(`name: "${emoji(4096)}"\n${OK}`)).toEqual([]);
    expect(problems(`name: "${emoji(4097)}"\n${OK}`)).toEqual([`1:7: ${limitMessage('max-text-chars', 4096, 'name: 4097 characters')}`]);
  });

  it('holds for a key with an anchor too: an alias can make it a value (review 17b 1.1)', () => {
    const key = (n: number): string => `define:\n  ? &k ${'A'.repeat(n)}\n  : {doc: x, none: true}\n`;
    expect(problems(`${key(4097)}name: *k\n${OK}`)).toEqual([`2:8: ${limitMessage('max-text-chars', 4096, 'define: a key with an anchor, 4097 characters')}`]);
    expect(problems(`${key(4096)}name: *k\n${OK}`)).toEqual([]);
  });
});
