/**
 * One policy for call names wherever a scenario names a call (setup_arch,
 * patch: references and added names, expect:/allow: step:, define: keys):
 * taken exactly as written, white space at either end refused at the value
 * with the trimmed name as the did-you-mean when it is a call; a name of the
 * wrong form gets a did-you-mean among the calls (and an occurrence the order
 * has), and is quoted, with the character that hides
 * in it named, where its ends or characters would not show (break-232 N2).
 */
import { describe, expect, it } from 'vitest';
import { callGuess, callTextFault, occurrencesText, shownCall } from '../../src/scenario/call-text.js';
import { parseCallRef } from '../../src/scenario/order-edit.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { problems } from '../compose/helpers.js';

/** "line:col: message" of a file's problems; [] when it loads */
function said(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
}

const CYRILLIC_I = '\u0456';
const STEP = 'write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)';
const REF = STEP;
const NAME = 'write a call of the catalog (run `bootreplay steps`) or of define:, as it is named there';

describe('a stray character in a call name (break-232 N2)', () => {
  it('must fail: patch: references and names get a did-you-mean, and a name says what to write', () => {
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - move: vmi_${CYRILLIC_I}nit\n    before: dmi_scan_machine\n  - insert: "  vmi_init"\n    after: paging_init\n` })).toEqual([
      `d/s.yaml:3:11: patch[0].move: "vmi_${CYRILLIC_I}nit" is not a call reference: character 5, U+0456, is not ASCII (did you mean vmi_init?); ${REF}`,
      `d/s.yaml:5:13: patch[1].insert: "  vmi_init" is not a call name: white space at its start (did you mean vmi_init?); ${NAME}`,
    ]);
    // a reference keeps its #N (one the order has: break-239 N3); an added name takes none
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - remove: "vmi_${CYRILLIC_I}nit#1"\n  - replace: vmi_init\n    with: dmi_scan_machine#2\n` })).toEqual([
      `d/s.yaml:3:13: patch[0].remove: "vmi_${CYRILLIC_I}nit#1" is not a call reference: character 5, U+0456, is not ASCII (did you mean vmi_init#1?); ${REF}`,
      `d/s.yaml:5:11: patch[1].with: "dmi_scan_machine#2" is not a call name (did you mean dmi_scan_machine?); ${NAME}`,
    ]);
  });

  it('must fail: an expect:/allow: step gets a did-you-mean among the calls and the implicit steps', () => {
    const base = 'setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init]\n';
    expect(said(`${base}expect:\n  - {rule: stale-early-ioremap, step: "vmi_${CYRILLIC_I}nit"}\nallow:\n  - {rule: config-unsupported, step: "he\u0430d_32", reason: r}\n`)).toEqual([
      `3:39: expect[0].step: "vmi_${CYRILLIC_I}nit" is not a step: character 5, U+0456, is not ASCII (did you mean vmi_init?); ${STEP}`,
      `5:38: allow[0].step: "he\u0430d_32" is not a step: character 3, U+0430, is not ASCII (did you mean head_32?); ${STEP}`,
    ]);
  });

  it('must fail: setup_arch quotes a name whose ends or characters would not show, so its did-you-mean is not the name again', () => {
    expect(said(`setup_arch: [vmi_${CYRILLIC_I}nit, " early_cpu_init", "vmi_init\u200b", Early_cpu_init]\n`)).toEqual([
      `1:14: setup_arch[0] (step 1): unknown call "vmi_${CYRILLIC_I}nit": character 5, U+0456, is not ASCII (did you mean vmi_init?); run \`bootreplay steps\` for the catalog`,
      '1:24: setup_arch[1] (step 2): unknown call " early_cpu_init": white space at its start (did you mean early_cpu_init?); run `bootreplay steps` for the catalog',
      '1:43: setup_arch[2] (step 3): unknown call "vmi_init\\u200b": character 9, U+200B, is not ASCII (did you mean vmi_init?); run `bootreplay steps` for the catalog',
      // a name that shows as it is stays unquoted
      '1:56: setup_arch[3] (step 4): unknown call Early_cpu_init (did you mean early_cpu_init?); run `bootreplay steps` for the catalog',
    ]);
  });
});

describe('white space at either end of a call name: refused everywhere, the trimmed name its did-you-mean', () => {
  it('must fail: expect: and allow: step: " vmi_init" was trimmed and matched, where setup_arch and patch: refuse it', () => {
    const base = 'setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init]\n';
    expect(said(`${base}expect:\n  - {rule: stale-early-ioremap, step: " dmi_scan_machine"}\n  - {rule: stale-early-ioremap, step: "vmi_init#1 "}\nallow:\n  - {rule: config-unsupported, step: "\thead_32 ", reason: r}\n`)).toEqual([
      `3:39: expect[0].step: " dmi_scan_machine" is not a step: white space at its start (did you mean dmi_scan_machine?); ${STEP}`,
      `4:39: expect[1].step: "vmi_init#1 " is not a step: white space at its end (did you mean vmi_init#1?); ${STEP}`,
      `6:38: allow[0].step: "\\thead_32 " is not a step: white space at both ends (did you mean head_32?); ${STEP}`,
    ]);
    expect(parseCallRef(' vmi_init')).toBeNull();
    expect(parseCallRef('vmi_init#2\n')).toBeNull();
  });

  it('must fail: patch: references, and define: keys, give the trimmed name', () => {
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - move: " vmi_init"\n    after: "paging_init "\n' })).toEqual([
      `d/s.yaml:3:11: patch[0].move: " vmi_init" is not a call reference: white space at its start (did you mean vmi_init?); ${REF}`,
      `d/s.yaml:4:12: patch[0].after: "paging_init " is not a call reference: white space at its end (did you mean paging_init?); ${REF}`,
    ]);
    expect(said('setup_arch: [early_cpu_init]\ndefine:\n  " my_call": {none: true, doc: x}\n')).toEqual([
      '3:3: define[" my_call"]: not a call name: white space at its start (did you mean my_call?); a defined call is named like a C function (letters, digits and _)',
    ]);
  });

  it('must fail: a define: name is refused for its first invalid character, not its first non-ASCII one (break-255 N5)', () => {
    const why = 'a defined call is named like a C function (letters, digits and _)';
    expect(said('setup_arch: [early_cpu_init]\ndefine:\n  "a bé": {none: true, doc: x}\n  "q\\"uo\\u202e": {none: true, doc: x}\n  "9lives": {none: true, doc: x}\n  "abé d": {none: true, doc: x}\n')).toEqual([
      `3:3: define["a bé"]: not a call name: character 2, " ", is not a letter, digit or _; ${why}`,
      `4:3: define["q\\"uo\\u202e"]: not a call name: character 2, "\\"", is not a letter, digit or _; ${why}`,
      `5:3: define.9lives: not a call name: character 1, "9", is a digit, which cannot start it; ${why}`,
      `6:3: define["abé d"]: not a call name: character 3, U+00E9, is not ASCII; ${why}`,
    ]);
  });

  it('must fail: the did-you-mean names a call that exists, never the trimmed name of none (break-239 N3)', () => {
    expect(callGuess(' foo_bar', ['vmi_init'], 'name')).toBeUndefined();
    expect(callGuess(' foo bar', ['vmi_init'], 'name')).toBeUndefined();
    expect(callGuess('vmi_init', ['vmi_init'], 'name')).toBeUndefined();
    expect(callGuess(' vmi_init#3', ['vmi_init'], 'ref')).toBe('vmi_init#3');
    expect(callGuess(' vmi_init#3', ['vmi_init'], 'name')).toBe('vmi_init');
    // NAME#N: an occurrence the order has, when it is known
    expect(callGuess(' vmi_init#3', ['vmi_init'], 'ref', () => 2)).toBeUndefined();
    expect(callGuess(' vmi_init#2', ['vmi_init'], 'ref', () => 2)).toBe('vmi_init#2');
    expect(callGuess(' vmi_init#2', ['vmi_init'], 'ref', () => undefined)).toBe('vmi_init#2');
    expect(said('setup_arch: [" totally_bogus"]\n')).toEqual([
      '1:14: setup_arch[0] (step 1): unknown call " totally_bogus": white space at its start; run `bootreplay steps` for the catalog',
    ]);
  });

  it('must fail: "vmi_init #2" where the order has one vmi_init gets no did-you-mean; where a patch inserts a second, vmi_init#2 (break-239 N3)', () => {
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - remove: "vmi_init #2"\nallow:\n  - {rule: duplicate-call, step: "vmi_init #2", reason: x}\n' })).toEqual([
      `d/s.yaml:3:13: patch[0].remove: "vmi_init #2" is not a call reference: the setup_arch this patch edits has vmi_init once; ${REF}`,
      `d/s.yaml:5:34: allow[0].step: "vmi_init #2" is not a step: setup_arch has vmi_init once; ${STEP}`,
    ]);
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - {insert: vmi_init, after: paging_init}\n  - remove: "vmi_init #2"\n' })).toEqual([
      `d/s.yaml:4:13: patch[1].remove: "vmi_init #2" is not a call reference (did you mean vmi_init#2?); ${REF}`,
    ]);
    expect(said('setup_arch: [vmi_init, vmi_init]\nexpect:\n  - {rule: duplicate-call, step: "vmi_init #2"}\n  - {rule: duplicate-call, step: "vmi_init #3"}\n')).toEqual([
      `3:34: expect[0].step: "vmi_init #2" is not a step (did you mean vmi_init#2?); ${STEP}`,
      `4:34: expect[1].step: "vmi_init #3" is not a step: setup_arch has vmi_init twice (vmi_init and vmi_init#2); ${STEP.slice(0, -1)}, as in vmi_init#2)`,
    ]);
  });
});

describe('an occurrence written with leading zeros or white space, and the count of a call, worded once (break-250 N5)', () => {
  it('must fail: NAME#03 and NAME# 2 are offered NAME#3 and NAME#2, not the bare name (the first), in expect:/allow: as in patch:', () => {
    expect(callGuess('vmi_init#03', ['vmi_init'], 'step', () => 3)).toBe('vmi_init#3');
    expect(callGuess('vmi_init# 2', ['vmi_init'], 'ref', () => 3)).toBe('vmi_init#2');
    expect(callGuess('vmi_init #02', ['vmi_init'], 'ref', () => 3)).toBe('vmi_init#2');
    // past the occurrences the order has, or past 2^53, nothing
    expect(callGuess('vmi_init#04', ['vmi_init'], 'step', () => 3)).toBeUndefined();
    expect(callGuess(`vmi_init#0${'9'.repeat(20)}`, ['vmi_init'], 'step')).toBeUndefined();
    // an added name takes no #N
    expect(callGuess('vmi_init#03', ['vmi_init'], 'name')).toBe('vmi_init');
    const order = 'setup_arch: [vmi_init, copy_edd, copy_edd, copy_edd]\n';
    expect(said(`${order}expect:\n  - {rule: duplicate-call, step: "copy_edd#03"}\nallow:\n  - {rule: duplicate-call, step: "copy_edd# 2", reason: x}\n`)).toEqual([
      `3:34: expect[0].step: "copy_edd#03" is not a step (did you mean copy_edd#3?); ${STEP}`,
      `5:34: allow[0].step: "copy_edd# 2" is not a step (did you mean copy_edd#2?); ${STEP}`,
    ]);
  });

  it('must fail: NAME#N past the calls an order has says how many it has in the same words in patch: and expect:', () => {
    expect(occurrencesText('vmi_init', 1)).toBe('vmi_init once');
    expect(occurrencesText('copy_edd', 2)).toBe('copy_edd twice (copy_edd and copy_edd#2)');
    expect(occurrencesText('copy_edd', 3)).toBe('copy_edd 3 times (copy_edd to copy_edd#3)');
    const has = 'has copy_edd 3 times (copy_edd to copy_edd#3)';
    expect(said(`setup_arch: [vmi_init, copy_edd, copy_edd, copy_edd]\npatch:\n  - remove: copy_edd#4\nexpect:\n  - {rule: duplicate-call, step: copy_edd#4}\n`)).toEqual([
      `3:13: patch[0].remove: copy_edd#4: the setup_arch this patch edits ${has}`,
      `5:28: expect[0].step: copy_edd#4: setup_arch ${has}`,
    ]);
  });

  it('must fail: NAME#04 and a NAME#N past 2^53 say how many the order has, in the one tail of patch: and expect:, with an example it has (break-251 N9c, N9d)', () => {
    const has = 'copy_edd 3 times (copy_edd to copy_edd#3)';
    const tail = 'write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1';
    const huge = `copy_edd#${'9'.repeat(20)}`;
    expect(said(`setup_arch: [vmi_init, copy_edd, copy_edd, copy_edd]\npatch:\n  - remove: "copy_edd#04"\n  - remove: "${huge}"\n`
      + `expect:\n  - {rule: duplicate-call, step: "copy_edd#04"}\n  - {rule: duplicate-call, step: "${huge}"}\n  - {rule: duplicate-call, step: "vmi_init#02"}\n`)).toEqual([
      `3:13: patch[0].remove: "copy_edd#04" is not a call reference: the setup_arch this patch edits has ${has}; ${tail}, as in copy_edd#2)`,
      `4:13: patch[1].remove: "${huge}" is not a call reference: the occurrence is too large to be one (the setup_arch this patch edits has ${has}); ${tail}, as in copy_edd#2)`,
      `6:34: expect[0].step: "copy_edd#04" is not a step: setup_arch has ${has}; ${tail}, as in copy_edd#2)`,
      `7:34: expect[1].step: "${huge}" is not a step: the occurrence is too large to be one (setup_arch has ${has}); ${tail}, as in copy_edd#2)`,
      // one vmi_init: no vmi_init#2 quoted as the example (it was "(vmi_init#2)" whatever the file had)
      `8:34: expect[2].step: "vmi_init#02" is not a step: setup_arch has vmi_init once; ${tail})`,
    ]);
  });
});

describe('a did-you-mean names what the patched order has where the text is read (break-242 F3)', () => {
  it('must fail: after remove:, the removed call (#1 or bare) is no guess, for expect: nor for a later patch: reference', () => {
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - remove: dmi_scan_machine\nexpect:\n  - {rule: fixmap-before-relocation, step: "dmi_scan_mach${CYRILLIC_I}ne#1"}\n` })).toEqual([
      `d/s.yaml:5:44: expect[0].step: "dmi_scan_mach${CYRILLIC_I}ne#1" is not a step: character 14, U+0456, is not ASCII; ${STEP}`,
    ]);
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - remove: dmi_scan_machine\n  - move: "dmi_scan_mach${CYRILLIC_I}ne"\n    before: vmi_init\n` })).toEqual([
      `d/s.yaml:4:11: patch[1].move: "dmi_scan_mach${CYRILLIC_I}ne" is not a call reference: character 14, U+0456, is not ASCII; ${REF}`,
    ]);
    // replace: takes its call out as remove: does
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - {replace: vmi_init, with: paging_init}\nexpect:\n  - {rule: duplicate-call, step: "vmi_${CYRILLIC_I}nit"}\n` })).toEqual([
      `d/s.yaml:5:34: expect[0].step: "vmi_${CYRILLIC_I}nit" is not a step: character 5, U+0456, is not ASCII; ${STEP}`,
    ]);
  });

  it('must fail: a reference is read against the order before its item (one before the remove: keeps its guess), a step after the patch', () => {
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - move: "dmi_scan_mach${CYRILLIC_I}ne"\n    before: vmi_init\n  - remove: dmi_scan_machine\n` })).toEqual([
      `d/s.yaml:3:11: patch[0].move: "dmi_scan_mach${CYRILLIC_I}ne" is not a call reference: character 14, U+0456, is not ASCII (did you mean dmi_scan_machine?); ${REF}`,
    ]);
    // the one left of two after a remove: is still offered (#1), the second is not
    const two = (step: string): string[] => problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n  - {insert: vmi_init, after: paging_init}\n  - remove: vmi_init\nallow:\n  - {rule: duplicate-call, step: "${step}", reason: x}\n` });
    expect(two(`vmi_${CYRILLIC_I}nit#1`)).toEqual([`d/s.yaml:6:34: allow[0].step: "vmi_${CYRILLIC_I}nit#1" is not a step: character 5, U+0456, is not ASCII (did you mean vmi_init#1?); ${STEP}`]);
    expect(two(`vmi_${CYRILLIC_I}nit#2`)).toEqual([`d/s.yaml:6:34: allow[0].step: "vmi_${CYRILLIC_I}nit#2" is not a step: character 5, U+0456, is not ASCII (did you mean vmi_init? setup_arch has vmi_init once); ${STEP}`]);
  });
});

describe('define: keys: a did-you-mean define: takes, and the key quoted as every message quotes it (break-239 F1, N1, N2)', () => {
  const define = (key: string, entry = '{none: true, doc: x}'): string[] => said(`setup_arch: [early_cpu_init]\ndefine:\n  ${JSON.stringify(key)}: ${entry}\n`);
  const FORM = 'a defined call is named like a C function (letters, digits and _)';

  it('must fail: a key that reads as a catalog call is not offered it, which define: refuses', () => {
    expect(define(' vmi_init')).toEqual([
      `3:3: define[" vmi_init"]: not a call name: white space at its start (read as vmi_init, it is a call of the x86_32 catalog, which define: cannot name); ${FORM}`,
    ]);
    expect(define(`vmi_${CYRILLIC_I}nit`)).toEqual([
      `3:3: define["vmi_${CYRILLIC_I}nit"]: not a call name: character 5, U+0456, is not ASCII (read as vmi_init, it is a call of the x86_32 catalog, which define: cannot name); ${FORM}`,
    ]);
  });

  it('must fail: a key with a look-alike, a fullwidth or an invisible character gets the name it reads as', () => {
    expect(define(`my_qu${CYRILLIC_I}rk`)).toEqual([`3:3: define["my_qu${CYRILLIC_I}rk"]: not a call name: character 6, U+0456, is not ASCII (did you mean my_quirk?); ${FORM}`]);
    expect(define('my_qu\uff49rk')).toEqual([`3:3: define["my_qu\uff49rk"]: not a call name: character 6, U+FF49, is not ASCII (did you mean my_quirk?); ${FORM}`]);
    expect(define('my_qu\u200birk')).toEqual([`3:3: define["my_qu\\u200birk"]: not a call name: character 6, U+200B, is not ASCII (did you mean my_quirk?); ${FORM}`]);
    expect(define('\u202emy_quirk')).toEqual([`3:3: define["\\u202emy_quirk"]: not a call name: character 1, U+202E, is not ASCII (did you mean my_quirk?); ${FORM}`]);
    // a control character inside may join two names: no guess
    expect(define('my_quirk\nx')).toEqual([`3:3: define["my_quirk\\nx"]: not a call name: character 9, U+000A, is a control character; ${FORM}`]);
  });

  it('must fail: a key is not offered a name another key of the same define: has, which would be a duplicate key (break-242 N1)', () => {
    expect(said('setup_arch: [early_cpu_init]\ndefine:\n  my_quirk: {none: true, doc: x}\n  " my_quirk": {none: true, doc: x}\n')).toEqual([
      `4:3: define[" my_quirk"]: not a call name: white space at its start; ${FORM}`,
    ]);
    expect(said(`setup_arch: [early_cpu_init]\ndefine:\n  my_quirk: {none: true, doc: x}\n  "my_qu${CYRILLIC_I}rk": {none: true, doc: x}\n`)).toEqual([
      `4:3: define["my_qu${CYRILLIC_I}rk"]: not a call name: character 6, U+0456, is not ASCII; ${FORM}`,
    ]);
  });

  it('must fail: "no effect" and "none: true … also" name the key as the message beside them does', () => {
    expect(define(' my_quirk', '{doc: x}')).toEqual([
      '3:3: define[" my_quirk"]: no effect; give one or more of needs, sets, early_ioremap, set_fixmap, relocate, build_fixmap_pagetables, or none: true for a call that changes nothing the model tracks',
      `3:3: define[" my_quirk"]: not a call name: white space at its start (did you mean my_quirk?); ${FORM}`,
    ]);
    expect(define(' my_quirk', '{doc: x, none: true, needs: [e820]}')[1]).toMatch(/^3:\d+: define\[" my_quirk"\]\.none: none: true says " my_quirk" changes nothing, but it also has needs; keep one or the other$/);
  });
});

describe('call-text', () => {
  it('says what hides in a name: white space at its ends, else the first character outside printable ASCII', () => {
    expect(callTextFault('vmi_init')).toBe('');
    expect(callTextFault('vmi init')).toBe('');
    expect(callTextFault(' a ')).toBe(': white space at both ends');
    expect(callTextFault('a\u00a0')).toBe(': white space at its end');
    expect(callTextFault('\u{1f600}x\u0456')).toBe(': character 1, U+1F600, is not ASCII');
    expect(callTextFault('a\u0085')).toBe(': character 2, U+0085, is a control character');
    expect(shownCall('vmi init')).toBe('vmi init');
    expect(shownCall('')).toBe('""');
    expect(shownCall('a\u202eb')).toBe('"a\\u202eb"');
  });

  it('a file of max-items different bad steps: a did-you-mean for each', () => {
    const steps = Array.from({ length: 2048 }, (_, i) => `  - {rule: stale-early-ioremap, step: "vmi_${CYRILLIC_I}nit#${i + 1}"}\n`).join('');
    // (an order with a vmi_init for each of the 100 shown: a did-you-mean names an occurrence that exists, break-239 N3)
    const r = parseScenario(`setup_arch: [${Array(100).fill('vmi_init').join(', ')}]\nexpect:\n${steps}`, 'x.yaml');
    expect(r.ok).toBe(false);
    const shown = r.ok ? [] : r.problems;
    // max-problems: the first 100 are shown, each with its own #N, then how many more
    expect(shown).toHaveLength(101);
    expect(shown[100]?.message).toMatch(/^… and 1948 more/);
    expect(shown[99]?.message).toContain(`"vmi_${CYRILLIC_I}nit#100" is not a step: character 5, U+0456, is not ASCII (did you mean vmi_init#100?)`);
  });
});
