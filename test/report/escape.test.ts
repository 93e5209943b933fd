/**
 * The one escaper of user text (src/escape.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, ESCAPE_PATTERNS, escapeLines, escapeText, ktapLine, linePath, onlyLineBreaks, quoteText, unquoteText, withoutRunnerCommands, xmlAttr, xmlLine, xmlPathAttr, xmlText, commandPathProperty } from '../../src/escape.js';
import { formatProblem } from '../../src/scenario/problems.js';
import { locationText } from '../../src/report/location.js';

describe('escapeText', () => {
  it('shows controls, bidi and format characters and separators as escapes; a backslash as it is', () => {
    expect(escapeText('a\nb\r\tc\\d')).toBe('a\\nb\\r\\tc\\d');
    expect(escapeText('\u001b[2J\u0000\u007f\u0085')).toBe('\\x1b[2J\\x00\\x7f\\x85');
    expect(escapeText('x\u202ey\u2066\u200b\ufeff\u2028\u2029')).toBe('x\\u202ey\\u2066\\u200b\\ufeff\\u2028\\u2029');
    expect(escapeText('\u{e0001}tag \ud800 lone')).toBe('\\u{e0001}tag \\ud800 lone');
  });

  it('shows noncharacters as escapes, as JUnit must (XML cannot hold U+FFFE), so every format shows the same name', () => {
    expect(escapeText('v\ufffe\uffff\ufdd0\ufdef\u{1fffe}\u{10ffff}')).toBe('v\\ufffe\\uffff\\ufdd0\\ufdef\\u{1fffe}\\u{10ffff}');
    // their neighbours are ordinary characters
    expect(escapeText('\ufdcf\ufdf0\ufffd\u{1fffd}')).toBe('\ufdcf\ufdf0\ufffd\u{1fffd}');
    expect(quoteText('a\ufffe')).toBe('"a\\ufffe"');
    expect(unquoteText(quoteText('a\ufffe\u{10ffff}'))).toBe('a\ufffe\u{10ffff}');
    expect(ktapLine('a\ufffe', true)).toBe('a\\ufffe');
    expect(xmlLine('a\ufdd0\ufffe')).toBe('a\\ufdd0\\ufffe');
  });

  it('leaves ordinary text alone, including letters and emoji outside ASCII', () => {
    for (const t of ['plain', 'café → 0xfbfff000–0x100000000 …', '😀 ǅ 中文', '']) expect(escapeText(t)).toBe(t);
  });

  it('keeps line breaks between lines, escaping within them', () => {
    expect(escapeLines('one\u001b\ntwo')).toBe('one\\x1b\ntwo');
  });

  it('has a quick test that misses no character the exact one escapes (every code point)', () => {
    const exact = new RegExp(ESCAPE_PATTERNS.exact.source, 'u');
    const missed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (exact.test(ch) && !ESCAPE_PATTERNS.quick.test(ch)) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
  });

  it('has a first test that misses no code unit the quick one matches', () => {
    const missed: string[] = [];
    for (let cu = 0; cu <= 0xffff; cu++) {
      const ch = String.fromCharCode(cu);
      if (ESCAPE_PATTERNS.quick.test(ch) && !ESCAPE_PATTERNS.first.test(ch)) missed.push(cu.toString(16));
    }
    expect(missed).toEqual([]);
  });
});

describe('ktapLine: one line of KTAP, with the escapes text output shows', () => {
  it('shows controls, bidi characters and line breaks as escapes (not `?`), and `#` in a description as %23', () => {
    const hostile = 'a\u001b[2Jb\u202ec\r\nok 1 d\u2028e\tf#g';
    expect(ktapLine(hostile, true)).toBe('a\\x1b[2Jb\\u202ec\\r\\nok 1 d\\u2028e\\tf%23g');
    // a name that has %23 is not the name that has # (break-252 N2)
    expect([ktapLine('x # SKIP', true), ktapLine('x %23 SKIP', true), ktapLine('100%', true)]).toEqual(['x %23 SKIP', 'x %2523 SKIP', '100%25']);
    // outside a description (a directive's reason, a diagnostic) `#` stays; the rest is escapeText's
    expect(ktapLine(hostile, false)).toBe(escapeText(hostile));
    expect(ktapLine('\ud800 lone \u{e0001}', false)).toBe('\\ud800 lone \\u{e0001}');
  });
});

describe('xmlText and xmlAttr (JUnit, HTML)', () => {
  it('escape markup, replace what XML cannot hold, and show bidi and format characters as escapes (a page would act on them)', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    // what XML 1.0 cannot hold, and the other controls, as text output shows them (they were U+FFFD: review 14, 4.3)
    expect(xmlText('x\u0001y\u001b[31m\u0007\u007f\u0085')).toBe('x\\x01y\\x1b[31m\\x07\\x7f\\x85');
    expect(xmlText('a\ufffeb\ud800')).toBe('a\\ufffeb\\ud800');
    // lines keep their breaks and tabs (a JUnit failure body, the lines of a file)
    expect(xmlText('a\tb\r\nc\n')).toBe('a\tb\r\nc\n');
    expect(xmlText('name \u202egnp.yaml\u2066\u200b\u2028')).toBe('name \\u202egnp.yaml\\u2066\\u200b\\u2028');
    expect(xmlAttr('a"b\n\u202e')).toBe('a&quot;b&#10;\\u202e');
    // ordinary text outside ASCII stays as it is
    expect(xmlText('0xfbfff000–0x100000000 → café 😀')).toBe('0xfbfff000–0x100000000 → café 😀');
  });
  it('never lets a line of the file start a workflow command: a break before `::` and every ##[ as references', () => {
    expect(xmlText('a\n::error::x\r\n \t::warning b\n:c')).toBe('a&#10;::error::x&#13;&#10; \t::warning b\n:c');
    expect(xmlText('#a ##[stop]x ###[y] ##')).toBe('#a ##&#91;stop]x ###&#91;y] ##');
    expect(xmlText('<##[&>\n::')).toBe('&lt;##&#91;&amp;&gt;&#10;::');
    expect(xmlText('plain ascii, no markup: 0xfffff000')).toBe('plain ascii, no markup: 0xfffff000');
  });
});

describe('xmlLine (HTML, SVG): one line of user text as text output shows it (review 14, 4.3)', () => {
  it('escapes line breaks, controls and bidi characters as escapeText does, then the markup', () => {
    const name = 'esc\u001b[31mred\u0007 bell\r\nsecond line \u202e rlo <b>&';
    expect(xmlLine(name)).toBe('esc\\x1b[31mred\\x07 bell\\r\\nsecond line \\u202e rlo &lt;b&gt;&amp;');
    expect(xmlLine(name)).toBe(xmlText(escapeText(name)));
  });

  it('is xmlText(escapeText(s)) for every text: each code point of the BMP beside markup, and random texts', () => {
    for (let cp = 0; cp < 0x10000; cp++) {
      const s = `<${String.fromCharCode(cp)}##[&\r\n ::>`;
      expect(xmlLine(s)).toBe(xmlText(escapeText(s)));
    }
    const pieces = fc.constantFrom('<', '>', '&', '#', '##[', '\n', '\r', '\t', '::', ' ', '\u202e', '\ud800', '\udc00', '\u{1f600}', '\ufffe', '\x85', 'a', '–');
    fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'binary' })), { maxLength: 12 }), (parts) => {
      const s = parts.join('');
      expect(xmlLine(s)).toBe(xmlText(escapeText(s)));
    }), { numRuns: 2000, seed: 220 });
  });

  it('writes only characters XML 1.0 allows, for every code point of the BMP and lone surrogates', () => {
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    const notChar = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
    const bad: number[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      const ch = String.fromCharCode(cp);
      if (notChar.test(xmlText(`a${ch}b`)) || notChar.test(xmlLine(`a${ch}b`))) bad.push(cp);
    }
    expect(bad).toEqual([]);
  });
});

describe('linePath: a path that begins an output line is never a GitHub workflow command (review 9, 3.3)', () => {
  it('a path starting with :: (after white space, which the runner trims) is ./::…, the same file; others as they are', () => {
    expect(linePath('::stop-commands::tok.yaml')).toBe('./::stop-commands::tok.yaml');
    expect(linePath(' \u00a0::x.yaml')).toBe('./ \u00a0::x.yaml');
    expect(linePath('\t::x.yaml')).toBe('./\t::x.yaml');
    for (const p of ['a.yaml', 'dir/::x.yaml', ':x.yaml', '/abs/::x.yaml', 'x::y.yaml', '']) expect(linePath(p)).toBe(p);
  });

  it('problem lines and locations start with it', () => {
    expect(formatProblem({ file: '::stop-commands::tok.yaml', line: 4, col: 5, message: 'unknown call' })).toBe('./::stop-commands::tok.yaml:4:5: unknown call');
    expect(formatProblem({ file: '::error file=a.yaml::x.yaml', message: 'no such file' })).toBe('./::error file=a.yaml::x.yaml: no such file');
    expect(locationText({ file: '::a.yaml' }, { line: 3, col: 1 })).toBe('./::a.yaml:3:1');
    expect(locationText({ file: 'a.yaml' }, { line: 3, col: 1, file: ' ::base.yaml' })).toBe('./ ::base.yaml:3:1');
  });
});

describe('quoteText', () => {
  const HOSTILE = 'A\u0000B\u001bC\u202eD\u2028E\r\nF"G\\H\u{e0001}I\ud800';

  it('quotes with escapeText\'s escapes plus \\\\ and \\", so that escapeText leaves the result alone', () => {
    const q = quoteText(HOSTILE);
    expect(q).toBe('"A\\x00B\\x1bC\\u202eD\\u2028E\\r\\nF\\"G\\\\H\\u{e0001}I\\ud800"');
    expect(escapeText(q)).toBe(q);
    expect(escapeText(`a message quoting ${q}`)).toBe(`a message quoting ${q}`);
    expect(quoteText('plain value')).toBe('"plain value"');
  });

  it('reads back with unquoteText, as JSON strings of earlier names do', () => {
    expect(unquoteText(quoteText(HOSTILE))).toBe(HOSTILE);
    expect(unquoteText(JSON.stringify(HOSTILE))).toBe(HOSTILE);
    for (const bad of ['"a', 'a"', '"a"b"', '"a\\"', '"\\q"', '"\\u{110000}"']) expect(unquoteText(bad), bad).toBeNull();
  });
});

describe('onlyLineBreaks', () => {
  it('accepts lines whose parts escapeText leaves alone, counting the line feeds', () => {
    expect(onlyLineBreaks('a → b\nc – d …\n', 2)).toBe(true);
    // any surrogate, paired or not, is left to escapeText (which keeps an emoji as it is)
    expect(onlyLineBreaks('😀\n', 1)).toBe(false);
    expect(onlyLineBreaks('a\nb\n', 1)).toBe(false);
    expect(onlyLineBreaks('a\nb\n', 3)).toBe(false);
  });

  it('refuses anything escapeText would escape, wherever it is', () => {
    expect(onlyLineBreaks('C:\\scenarios\\a.yaml\n', 1)).toBe(true);
    for (const bad of ['a\tb\n', 'x\u202ey\n', 'lone \ud800\n', 'end\r\n', 'a\u0085\n']) expect(onlyLineBreaks(bad, 1)).toBe(false);
  });
});

describe('clip', () => {
  it('cuts long user text and says how much was left out, never inside a surrogate pair', () => {
    expect(clip('short')).toBe('short');
    expect(clip('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}… (90 more characters)`);
    expect(clip(`${'x'.repeat(9)}😀tail`, 10)).toBe(`${'x'.repeat(9)}… (6 more characters)`);
  });
});

describe('withoutRunnerCommands: the GitHub runner\'s legacy ##[command] form never reaches a line', () => {
  it('writes every ##[ as ##\\u005b, which JSON reads back as the same text', () => {
    expect(withoutRunnerCommands('plain ## [ text')).toBe('plain ## [ text');
    expect(withoutRunnerCommands('a ##[stop-commands]tok b ###[add-mask]x')).toBe('a ##\\u005bstop-commands]tok b ###\\u005badd-mask]x');
    expect(withoutRunnerCommands('a ##[x]').includes('##[')).toBe(false);
    const json = JSON.stringify({ file: '##[stop-commands]tok.yaml' });
    expect(JSON.parse(withoutRunnerCommands(json))).toEqual({ file: '##[stop-commands]tok.yaml' });
    // the github format's own annotation keeps it: the runner parses it as that command (TryParseV2 first), and file= names the file
    expect(withoutRunnerCommands('::error file=##[x].yaml,line=1::m ##[y]\n##[z]\n::notice title=bootreplay::n', true))
      .toBe('::error file=##[x].yaml,line=1::m ##[y]\n##\\u005bz]\n::notice title=bootreplay::n');
  });

  it('lets no line start a workflow command but the github format\'s own annotations (review 11: a matrix cell, an HTML name)', () => {
    // in any other text, a line that starts with :: after white space gets its first : as \x3a (TryParseV2 trims, then StartsWith("::"))
    expect(withoutRunnerCommands('a\n  ::error file=forged.yaml::x\n::stop-commands::tok\nb :: c'))
      .toBe('a\n  \\x3a:error file=forged.yaml::x\n\\x3a:stop-commands::tok\nb :: c');
    // even in the github format's output: only its own commands (::error, ::warning, ::notice) are kept, and an unknown
    // command holding ##[ would reach the legacy parser (ActionCommandManager: TryParseV2, then TryParse)
    expect(withoutRunnerCommands('::error file=a.yaml::m\n::nosuch::##[stop-commands]tok\n \t::add-mask::x', true))
      .toBe('::error file=a.yaml::m\n\\x3a:nosuch::##\\u005bstop-commands]tok\n \t\\x3a:add-mask::x');
    // JSON's lines start with white space and punctuation: a :: inside a string changes nothing, not even
    // after U+2028 or U+2029, which JSON.stringify leaves raw and the runner does not take for line breaks (review 11b)
    const json = JSON.stringify({ name: '::error::x', lines: ['\n::y', 'p\u2028::q', '\u2029 ::r'] }, null, 2);
    expect(withoutRunnerCommands(json)).toBe(json);
    expect(JSON.parse(withoutRunnerCommands(json))).toEqual(JSON.parse(json));
    // a CR alone ends a line for the runner
    expect(withoutRunnerCommands('a\r::x')).toBe('a\r\\x3a:x');
  });
});

describe('xmlText and xmlPathAttr: no line of an XML or HTML report starts a workflow command', () => {
  it('writes a line break before :: as a character reference, and ##[ as ##&#91;, which parsers read as the same text', () => {
    expect(xmlText('N\n::error file=f.yaml::x')).toBe('N&#10;::error file=f.yaml::x');
    expect(xmlText('a\r\n  ::stop-commands::t')).toBe('a&#13;&#10;  ::stop-commands::t');
    // other line breaks stay (a <pre>, a JUnit body: one finding per line)
    expect(xmlText('one\ntwo :: three')).toBe('one\ntwo :: three');
    expect(xmlText('##[stop-commands]tok')).toBe('##&#91;stop-commands]tok');
    expect(xmlPathAttr('##[x].yaml')).toBe('##&#91;x].yaml');
  });
});

describe('file paths in github file= and JUnit file: noncharacters shown as every other format shows them (break-194 8)', () => {
  it('U+FDD0, U+FFFE and the astral U+1FFFF and U+10FFFF are escapes; an emoji and a ZWJ stay', () => {
    const name = 'a\ufdd0b\ufffec\u{1ffff}d\u{10ffff}e\u{1f600}\u200df.yaml';
    expect(xmlPathAttr(name)).toBe('a\\ufdd0b\\ufffec\\u{1ffff}d\\u{10ffff}e\u{1f600}\u200df.yaml');
    expect(commandPathProperty(name)).toBe('a\\ufdd0b\\ufffec\\u{1ffff}d\\u{10ffff}e\u{1f600}\u200df.yaml');
  });
});
