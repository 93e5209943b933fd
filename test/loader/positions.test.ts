/**
 * Positions of YAML syntax errors: one smallest input per error code the
 * yaml package reports, with the exact line:col written out by hand. The
 * position comes from the parser's own offset through the LineCounter, so it
 * cannot drift; a lone CR counts as a line break, as in YAML 1.2 and every
 * editor (the yaml package does not, which put `c` on line 4 of a 22-byte
 * file at 3:1).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';

/** The problem whose message contains `about`, as "line:col". */
function placeOf(text: string, about: string): string {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('loaded without problems');
  const p = r.problems.find((x) => x.message.includes(about));
  if (p === undefined) throw new Error(`no problem about "${about}" in ${JSON.stringify(r.problems.map((x) => x.message))}`);
  return `${p.line ?? '-'}:${p.col ?? '-'}`;
}

describe('every kind of YAML syntax error is reported where it is', () => {
  it.each([
    // [yaml error code, text, what the message says, line:col]
    ['ALIAS_PROPS', 'a: &x 1\nb: !!str *x\n', 'An alias node must not specify any properties', '2:10'],
    ['BAD_ALIAS', 'a: *\n', 'Alias cannot be an empty string', '1:4'],
    ['BAD_DIRECTIVE', '%FOO bar\n---\na: 1\n', 'Unknown directive %FOO', '1:1'],
    ['BAD_DQ_ESCAPE', 'a: "\\q"\n', 'Invalid escape sequence \\q', '1:5'],
    ['BAD_INDENT', 'x:\n  a: 1\n b: 2\n', 'line 3 is indented 1 space, between a: on line 2 (2 spaces) and x: on line 1 (0 spaces)', '3:1'],
    ['BAD_PROP_ORDER', '&x ? a\n: 1\n', 'Anchors and tags must be after the ? indicator', '1:4'],
    ['BAD_SCALAR_START', 'a: @b\n', 'an unquoted value cannot start with reserved character @', '1:4'],
    ['BLOCK_AS_IMPLICIT_KEY', 'a: b: c\n', 'Nested mappings are not allowed in compact mappings', '1:4'],
    ['BLOCK_IN_FLOW', 'a: [b, - c]\n', 'a block list or key: value inside an item of a flow list or mapping', '1:8'],
    ['KEY_OVER_1024_CHARS', `"${'k'.repeat(1100)}": 1\n`, 'a key of more than 1,024 characters', '1:1'],
    ['MISSING_CHAR', 'a: 1\nb\n', 'Implicit map keys need to be followed by map values', '2:1'],
    ['MULTILINE_IMPLICIT_KEY', '"a\n b": 1\n', 'Implicit keys need to be on a single line', '1:1'],
    ['MULTIPLE_ANCHORS', 'a: &x &y 1\n', 'A node can have at most one anchor', '1:7'],
    ['MULTIPLE_TAGS', 'a: !!str !!int 1\n', 'A node can have at most one tag', '1:10'],
        ['TAG_RESOLVE_FAILED', 'a: !!foo 1\n', 'unknown tag !!foo', '1:4'],
    ['UNEXPECTED_TOKEN', '- a\nb: 1\n', 'Unexpected scalar at node end', '2:1'],
    // yaml's words for these, in the scenario's (break-290 N5), at the same places
    ['BAD_INDENT', 'machine:\n  memory: 512MiB\n cmdline: noefi\n', 'line 3 is indented 1 space, between memory: on line 2 (2 spaces) and machine: on line 1 (0 spaces)', '3:1'],
    ['BAD_SCALAR_START', 'a: `b\n', 'an unquoted value cannot start with reserved character `', '1:4'],
    ['KEY_OVER_1024_CHARS', `${'k'.repeat(1100)}: 1\n`, 'a key of more than 1,024 characters', '1:1'],
    ['TAB_AS_INDENT', 'a:\n\t- b\n', 'a tab in the indentation: YAML indents with spaces only', '2:1'],
    ['MISSING_CHAR', '%YAML 1.2\nname: x\n', 'a directive (%YAML or %TAG) without a --- line after it', '2:1'],
    // a ] or } that closes nothing, in the scenario's words (break-280 N1: "Unexpected flow-seq-end token in YAML stream")
    ['UNEXPECTED_TOKEN', 'setup_arch: [a]]\n', 'this ] closes no [: remove it, or open the flow list it ends with [', '1:16'],
    ['UNEXPECTED_TOKEN', 'machine: {efi: true}}\n', 'this } closes no {: remove it, or open the flow mapping it ends with {', '1:21'],
    // yaml's BAD_COLLECTION_TYPE needs a known tag on the wrong collection; with resolveKnownTags false (helper-185 2)
    // the YAML 1.1 tags are unknown tags, reported as such at the tag
    ['BAD_COLLECTION_TYPE', 'a: !!set [1]\n', 'unknown tag !!set', '1:4'],
  ])('%s', (_code, text, about, at) => {
    expect(placeOf(text, about)).toBe(at);
  });

  it('a missing closing quote is reported where the quote opens, once (yaml says it at the end of the file, a line past the last, with a second error there: break-275 F3)', () => {
    expect(problemsOf('a: "x\nb: 2\n')).toEqual(['1:4: invalid YAML: the "…" string opened here is never closed: a quoted string may go on over lines, and this one is still open at the end of the file; close it with "']);
    expect(problemsOf('setup_arch:\n  - {call: a, note: "unclosed}\n  - b\n')).toEqual(['2:21: invalid YAML: the "…" string opened here is never closed: a quoted string may go on over lines, and this one is still open at the end of the file; close it with "']);
    // a { left open inside a [ whose ] is written: one problem, the { (break-290 N5: the [ was said unclosed too)
    expect(problemsOf('name: x\nsetup_arch: [early_cpu_init, {call: vmi_init]\n')).toEqual(['2:30: invalid YAML: the { opened here is not closed with } before the ] at 2:45, which closes the [ at 2:13: the mapping inside the list ends first; write } before that ]']);
    // a line of a block scalar indented less than its first: said as that, once (yaml: two errors about mapping keys)
    expect(problemsOf('name: x\ndescription: |\n    first\n  second\nsetup_arch: [a]\n')).toEqual(['4:1: invalid YAML: line 4 is indented 2 spaces, less than the first line of the block scalar that description: on line 2 starts (line 3, 4 spaces): a block scalar ends at the first line indented less than its first, and what follows is read as keys; indent line 4 by 4 spaces to keep it in the scalar, or give the scalar its indentation: description: |2']);
    // a [ left open: at the bracket, not at the line after it
    expect(problemsOf('setup_arch: [a, b\nkernel: 2.6.27\n')).toEqual(['1:13: invalid YAML: the [ opened here is not closed with ] before line 2: a flow list in a block ends with ], and its lines after the first are indented deeper than the item it is in']);
  });
});

/** Every problem of a text, as "line:col: message". */
function problemsOf(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('loaded without problems');
  return r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

describe('a line indented more than the one above is said as such, at that line (folded-lines.ts)', () => {
  it.each([
    // the over-indented key of review 9 (err/e3-indent.yaml): one problem at line 5, not yaml's two at `true`
    ['config:\n  pae: true\n   highmem: true\nsetup_arch: [early_cpu_init]\n', [
      '3:4: invalid YAML: line 3 is indented more than line 2 (3 spaces against 2): it is read as a continuation of the value on line 2 ("true"), which makes a key of two lines; indent line 3 as pae: on line 2',
    ]],
    // two in a row: each at its own line, against the key above it
    ['config:\n  pae: true\n   highmem: true\n    nr_cpus: 4\nsetup_arch: [early_cpu_init]\n', [
      '3:4: invalid YAML: line 3 is indented more than line 2 (3 spaces against 2): it is read as a continuation of the value on line 2 ("true"), which makes a key of two lines; indent line 3 as pae: on line 2',
      '4:5: invalid YAML: line 4 is indented more than line 3 (4 spaces against 3): it is read as a continuation of the value on line 3 ("true"), which makes a key of two lines; indent line 4 as highmem: on line 3',
    ]],
    // a blank line between, CRLF, and a key of a list item's mapping (measured from the key, not the line's start)
    ['machine:\n  memory: 1GiB\n\n     efi: true\nsetup_arch: [early_cpu_init]\n', [
      '4:6: invalid YAML: line 4 is indented more than line 2 (5 spaces against 2): it is read as a continuation of the value on line 2 ("1GiB"), which makes a key of two lines; indent line 4 as memory: on line 2',
    ]],
    ['config:\r\n  pae: true\r\n   highmem: true\r\nsetup_arch: [early_cpu_init]\r\n', [
      '3:4: invalid YAML: line 3 is indented more than line 2 (3 spaces against 2): it is read as a continuation of the value on line 2 ("true"), which makes a key of two lines; indent line 3 as pae: on line 2',
    ]],
    ['setup_arch:\n  - call: early_cpu_init\n     note: early\n', [
      '3:6: invalid YAML: line 3 is indented more than line 2 (5 spaces against 4): it is read as a continuation of the value on line 2 ("early_cpu_init"), which makes a key of two lines; indent line 3 as call: on line 2',
    ]],
    // a list item continued by a key, and a top-level key continued
    ['setup_arch:\n  - early_cpu_init\n    note: early\n', [
      '3:5: invalid YAML: line 3 is indented more than line 2 (4 spaces against 2): it is read as a continuation of the list item on line 2 ("early_cpu_init"), which makes a key of two lines; indent line 3 as the - on line 2, or make the item a mapping (- KEY: VALUE, its other keys under KEY)',
    ]],
    ['name: x\nkernel\n  2.6.29: 1\nsetup_arch: [early_cpu_init]\n', [
      '3:3: invalid YAML: line 3 is indented more than line 2 (2 spaces against 0): it is read as a continuation of the key on line 2 ("kernel"), which makes a key of two lines; indent line 3 as line 2',
    ]],
    // err/e4-indent2.yaml: no YAML error, one call of two lines
    ['setup_arch:\n- early_ioremap_init\n  - parse_early_param\n', [
      '2:3: setup_arch[0] (step 1): unknown call early_ioremap_init - parse_early_param (two lines folded into one by their indentation): line 3 is indented more than line 2 (2 spaces against 0): it is read as a continuation of the list item on line 2 ("early_ioremap_init"); indent line 3 as the - on line 2',
    ]],
    ['setup_arch:\n  - early_ioremap_init\n    dmi_scan_machine\n', [
      '2:5: setup_arch[0] (step 1): unknown call early_ioremap_init dmi_scan_machine (two lines folded into one by their indentation): line 3 is indented more than line 2 (4 spaces against 2): it is read as a continuation of the list item on line 2 ("early_ioremap_init"); indent line 3 as the - on line 2',
    ]],
    ['setup_arch:\n  - call: early_ioremap_init\n     - dmi_scan_machine\n', [
      '2:11: setup_arch[0].call (step 1): unknown call early_ioremap_init - dmi_scan_machine (two lines folded into one by their indentation): line 3 is indented more than line 2 (5 spaces against 4): it is read as a continuation of the value on line 2 ("early_ioremap_init"); indent line 3 as call: on line 2',
    ]],
    // in a flow collection a line break is a missing comma, whatever the indentation: no word about indentation
    ['setup_arch: [early_cpu_init,\n  vmi_init\n    dmi_scan_machine]\n', ['2:3: setup_arch[1] (step 2): unknown call vmi_init dmi_scan_machine; run `bootreplay steps` for the catalog']],
    ['setup_arch:\n  - {call: vmi_init\n      dmi_scan_machine}\n', ['2:12: setup_arch[0].call (step 1): unknown call vmi_init dmi_scan_machine; run `bootreplay steps` for the catalog']],
    // one message, which says what is wrong (break-280 N1: yaml's two, the first about keys on one line)
    ['machine: {memory: 1GiB\n   efi: true}\nsetup_arch: [early_cpu_init]\n', [
      '1:19: invalid YAML: a block list or key: value inside an item of a flow list or mapping ([…] or {…}): is a comma missing between two items? (flow items are separated by commas: {a: 1, b: 2}, [a, b])',
    ]],
    // on one line it is a typo, with its did-you-mean; a quoted key over two lines keeps yaml's message (MULTILINE_IMPLICIT_KEY above)
    ['setup_arch:\n  - vmi init\n', ['2:5: setup_arch[0] (step 1): unknown call vmi init (did you mean vmi_init?); run `bootreplay steps` for the catalog']],
  ])('%j', (text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });
});

describe('line breaks', () => {
  it('counts a lone CR as a line break (the 22-byte file with c on line 4)', () => {
    const text = 'name: ab\rkernel: b\r\rc\n';
    expect(text).toHaveLength(22);
    expect(placeOf(text, 'Implicit map keys need to be followed by map values')).toBe('4:1');
  });

  it('counts CRLF once', () => {
    expect(placeOf('name: ab\r\nkernel: b\r\n\r\nc\r\n', 'Implicit map keys need to be followed by map values')).toBe('4:1');
  });

  it('places an error that yaml points at the LF of a CRLF at the end of its line (found by the fuzzer)', () => {
    // yaml reports an unclosed flow collection at the line break after it; the LF is a column past the line
    expect(placeOf('{[}\r\nname: a\n', 'Missing , or : between flow map items')).toBe('1:4');
    expect(placeOf('{[}\nname: a\n', 'Missing , or : between flow map items')).toBe('1:4');
  });

  it('places problems after a lone CR on the right line too', () => {
    expect(placeOf('name: a\rbogus: 1\rsetup_arch: [early_cpu_init]\n', 'bogus: unknown key')).toBe('2:1');
  });

  it('gives the same positions every time (no dependence on what ran before)', () => {
    const text = 'a: 1\nb\n';
    const first = placeOf(text, 'Implicit map keys');
    for (let i = 0; i < 3; i++) expect(placeOf(text, 'Implicit map keys')).toBe(first);
  });
});

describe('a byte order mark', () => {
  it('is not a column: positions count from after it, as in an editor (found by the fuzzer)', () => {
    expect(placeOf("\ufeff'", "string opened here is never closed")).toBe('1:1');
  });
});
