/**
 * The CI gates over real replays: expect: entries turn the findings of a
 * reproduced regression into expected ones, allow: entries suppress with a
 * reason, baselines keep known findings from failing, and each of them says
 * when it no longer matches anything.
 */
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/gate/baseline.js';
import { totals } from '../../src/gate/types.js';
import { formatJson } from '../../src/report/json.js';
import { parseScenario, parseVariants } from '../../src/scenario/loader.js';
import { RC1_VMI, reportOf, shipped, withoutExpect } from '../report/helpers.js';

const rc1 = shipped(RC1_VMI);
const bare = withoutExpect(rc1);

describe('expect:', () => {
  it('the shipped regression passes while it reproduces, every finding expected', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: rc1 }]).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.finding.step.name, c.state])).toEqual([['init_memory_mapping', 'expected'], ['dmi_scan_machine', 'expected']]);
    expect(r?.unmet).toEqual([]);
  });

  it('without expect: the same findings fail the scenario', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: bare }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.every((c) => c.state === 'live')).toBe(true);
  });

  it('an expectation nothing meets fails the scenario, even with no finding at all', () => {
    // the rc3 fix: vmi_init right after early_ioremap_init; the rc1 regression no longer reproduces
    const fixed = rc1.replace('  - early_ioremap_init\n', '  - early_ioremap_init\n  - vmi_init\n').replace(/ {2}- call: vmi_init\n {4}note:[^\n]*\n(?: {6}[^\n]*\n)*/, '');
    const loaded = parseScenario(fixed, 'fixed.yaml');
    expect(loaded.ok).toBe(true);
    const [r] = reportOf([{ file: 'fixed.yaml', text: fixed }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.unmet.map((e) => `${e.rule}@${e.step.name}`)).toEqual(['fixmap-before-relocation@init_memory_mapping', 'fixmap-before-relocation@dmi_scan_machine']);
    expect(totals(r === undefined ? [] : [r]).unmet).toBe(2);
  });

  it('an extra error next to the expected ones still fails', () => {
    const one = rc1.replace(/ {2}- \{rule: fixmap-before-relocation, step: dmi_scan_machine\}\n/, '');
    const [r] = reportOf([{ file: RC1_VMI, text: one }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.map((c) => c.state)).toEqual(['expected', 'live']);
  });

  it('applies to the variants its variant: selects: some key=value pairs, the whole name, or a glob', () => {
    // bare metal and VMI: the fixmap findings only occur on VMI
    const matrix = `${bare}matrix:\n  machine.hypervisor: [none, vmi]\n  config.pae: [false, true]\n`;
    for (const variant of ['hypervisor=vmi', 'pae=*,hypervisor=vmi', 'hypervisor=vmi,*']) {
      const text = `${matrix}expect:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, variant: "${variant}"}\n`;
      const results = reportOf([{ file: 'm.yaml', text }]).results;
      expect(results.map((r) => `${r.variant ?? ''} ${r.checked.map((c) => c.state).join(',')} ${r.unmet.length}`)).toEqual([
        'hypervisor=none,pae=false  0', 'hypervisor=none,pae=true  0',
        'hypervisor=vmi,pae=false expected,live 0', 'hypervisor=vmi,pae=true expected,live 0',
      ]);
    }
    const one = `${matrix}expect:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, variant: "hypervisor=vmi,pae=true"}\n`;
    expect(reportOf([{ file: 'm.yaml', text: one }]).results.map((r) => r.checked[0]?.state ?? '-')).toEqual(['-', '-', 'live', 'expected']);
  });

  it('a variant: that selects no variant is an input error with a did-you-mean, and so is variant: without a matrix', () => {
    const matrix = `${bare}matrix:\n  machine.hypervisor: [none, vmi]\n  config.pae: [false, true]\n`;
    const messages = (text: string): string[] => {
      const r = parseVariants(text, 'm.yaml');
      return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    };
    const entry = (variant: string): string => `expect:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, variant: "${variant}"}\n`;
    const line = matrix.split('\n').length + 1;
    expect(messages(`${matrix}${entry('hypervisr=vmi')}`)).toEqual([`${line}:65: expect[0].variant: hypervisr=vmi picks none of the 4 variants: no axis hypervisr (did you mean hypervisor?); axes: hypervisor, pae`]);
    expect(messages(`${matrix}${entry('hypervisor=vmx')}`)).toEqual([`${line}:65: expect[0].variant: hypervisor=vmx picks none of the 4 variants: no variant has hypervisor=vmx (did you mean hypervisor=vmi?); hypervisor is one of none, vmi`]);
    expect(messages(`${matrix}${entry('hypervisor=vmi,pae=true,memory=1GiB')}`)[0]).toMatch(/no axis memory; axes: hypervisor, pae$/);
    expect(messages(`${matrix}${entry('*xen*')}`)[0]).toMatch(/\*xen\* picks none of the 4 variants: matches no variant name; a glob over the whole name/);
    expect(messages(`${bare}${entry('hypervisor=vmi')}`)).toEqual([`${bare.split('\n').length + 1}:65: expect[0].variant: this file has no matrix:, so it has no variants; remove variant:`]);
  });
});

describe('allow:', () => {
  const allowed = `${bare}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "tracked in LKML thread"}\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, reason: "same thread"}\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, reason: "not here"}\n`;

  it('suppresses with its reason, stays visible, and reports an allow that matched nothing', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: allowed }]).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.state, c.allowedBy?.reason])).toEqual([['suppressed', 'same thread'], ['suppressed', 'tracked in LKML thread']]);
    expect(r?.unusedAllows.map((a) => a.rule)).toEqual(['stale-early-ioremap']);
  });

  it('--no-allow makes the suppressed findings count again and reports no unused allow', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: allowed }], { noAllow: true }).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.every((c) => c.state === 'live')).toBe(true);
    expect(r?.unusedAllows).toEqual([]);
  });

  it('a reason is mandatory and not empty; rules and steps are checked with did-you-mean', () => {
    const problems = (text: string): string[] => {
      const r = parseScenario(text, 'x.yaml');
      return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
    };
    const base = 'setup_arch: [early_ioremap_init, dmi_scan_machine]\n';
    expect(problems(`${base}allow:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine}\n`)).toEqual(['3:5: allow[0].reason: missing']);
    expect(problems(`${base}allow:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, reason: "  "}\n`))
      .toEqual(['3:65: allow[0].reason: empty; a suppression must say why the finding is acceptable here']);
    expect(problems(`${base}expect:\n  - {rule: stale-early-iorema, step: dmi_scan_machine}\n`)[0])
      .toMatch(/^3:12: expect\[0\]\.rule: unknown value "stale-early-iorema" \(did you mean stale-early-ioremap\?\); allowed: fixmap-before-relocation, /);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machin}\n`))
      .toEqual(['3:33: expect[0].step: dmi_scan_machin is neither in setup_arch nor an implicit step (head_32) (did you mean dmi_scan_machine?)']);
    // a long name is clipped as an unknown call's is (helper-183 11: a 4 KiB alias was quoted whole)
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine${'x'.repeat(4000)}}\n`)[0])
      .toMatch(/^3:33: expect\[0\]\.step: dmi_scan_machinex+… is neither in setup_arch nor an implicit step \(head_32\)/);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine${'x'.repeat(4000)}}\n`)[0]?.length).toBeLessThan(300);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine#2}\n`))
      .toEqual(['3:33: expect[0].step: dmi_scan_machine#2: setup_arch has dmi_scan_machine once']);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: "dmi scan"}\n`)[0]).toMatch(/^3:39: expect\[0\]\.step: "dmi scan" is not a step; /);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, sevrity: error}\n`))
      .toEqual(['3:57: expect[0].sevrity: unknown key (did you mean severity?); allowed in expect[0]: rule, step, variant, count, severity']);
    // an implicit step is a step findings can name (config-unsupported points at it)
    expect(problems(`${base}allow:\n  - {rule: config-unsupported, step: head_32, reason: "lab box"}\n`)).toEqual([]);
  });

  it('an implicit step with #N is told it occurs once and takes no #N, on every architecture, in expect: and allow: (break-226 N1)', () => {
    const problems = (text: string): string[] => {
      const r = parseScenario(text, 'x.yaml');
      return r.ok ? [] : r.problems.map((p) => p.message);
    };
    const entry = (list: string, step: string): string => `${list}:\n  - {rule: missing-prerequisite, step: "${step}"${list === 'allow' ? ', reason: "x"' : ''}}\n`;
    const told = (step: string, name: string): string => `${step}: ${name} is an implicit step (before setup_arch), which occurs once and takes no #N; write step: ${name}`;
    // it said "head_32 is neither in setup_arch nor an implicit step (head_32)"
    expect(problems(`setup_arch: [early_ioremap_init]\n${entry('expect', 'head_32#2')}`)).toEqual([`expect[0].step: ${told('head_32#2', 'head_32')}`]);
    expect(problems(`setup_arch: [early_ioremap_init]\n${entry('allow', 'head_32#2')}`)).toEqual([`allow[0].step: ${told('head_32#2', 'head_32')}`]);
    expect(problems(`machine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init]\n${entry('allow', 'xen_start_kernel#3')}`))
      .toEqual([`allow[0].step: ${told('xen_start_kernel#3', 'xen_start_kernel')}`]);
    // the early check (a file with schema problems) lists every machine's implicit steps: the same advice
    expect(problems(`machine: {memory: lots}\nsetup_arch: [early_ioremap_init]\n${entry('expect', 'head_32#2')}`)[1])
      .toBe(`expect[0].step: ${told('head_32#2', 'head_32')}`);
    const arm64 = 'arch: arm64\nkernel: v4.6\nsetup_arch: [setup_machine_fdt, parse_early_param, early_fixmap_init, paging_init]\n';
    expect(problems(`${arm64}${entry('expect', '__create_page_tables#2')}`)).toEqual([`expect[0].step: ${told('__create_page_tables#2', '__create_page_tables')}`]);
    const riscv = 'arch: riscv\nkernel: v5.14\nsetup_arch: [parse_dtb, paging_init]\n';
    expect(problems(`${riscv}${entry('allow', 'setup_vm#2')}`)).toEqual([`allow[0].step: ${told('setup_vm#2', 'setup_vm')}`]);
    // #1 is the step itself, as for a call
    expect(problems(`setup_arch: [early_ioremap_init]\n${entry('allow', 'head_32#1')}`)).toEqual([]);
  });

  it('step names are checked in the same pass as the schema problems of the file', () => {
    const problems = (text: string): string[] => {
      const r = parseScenario(text, 'x.yaml');
      return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
    };
    const base = 'machine: {memory: lots}\nsetup_arch: [early_ioremap_init, dmi_scan_machine]\n';
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machin}\n  - {rule: stale-early-ioremap, step: dmi_scan_machine#2}\n`)).toEqual([
      expect.stringMatching(/^1:19: machine\.memory: "lots" is not a size/),
      // this machine's implicit steps, as the valid file names them: machine.hypervisor reads (none when left out)
      // however wrong machine.memory is (break-251 N9a: the list was every machine's beside another problem)
      '4:33: expect[0].step: dmi_scan_machin is neither in setup_arch nor an implicit step (head_32) (did you mean dmi_scan_machine?)',
      '5:33: expect[1].step: dmi_scan_machine#2: setup_arch has dmi_scan_machine once',
    ]);
    // a step only another machine has (Xen's xen_start_kernel) is said too, as the valid file says it
    expect(problems(`${base}allow:\n  - {rule: config-unsupported, step: xen_start_kernel, reason: "x"}\n`)).toEqual([
      expect.stringMatching(/^1:19: machine\.memory: "lots" is not a size/),
      '4:32: allow[0].step: xen_start_kernel is neither in setup_arch nor an implicit step (head_32)',
    ]);
    // where machine.hypervisor does not read, the machine is not known: every machine's, and a step one of them has waits
    const unread = 'machine: {hypervisor: xne}\nsetup_arch: [early_ioremap_init, dmi_scan_machine]\n';
    expect(problems(`${unread}allow:\n  - {rule: config-unsupported, step: xen_start_kernel, reason: "x"}\n`)).toHaveLength(1);
    expect(problems(`${unread}allow:\n  - {rule: config-unsupported, step: dmi_scan_machin, reason: "x"}\n`)[1])
      .toMatch(/^4:32: allow\[0\]\.step: dmi_scan_machin is neither in setup_arch nor an implicit step of any machine \(head_32, xen_start_kernel\)/);
    expect(problems('setup_arch: [early_ioremap_init]\nallow:\n  - {rule: config-unsupported, step: xen_start_kernel, reason: "x"}\n'))
      .toEqual([expect.stringMatching(/^3:32: allow\[0\]\.step: xen_start_kernel is neither in setup_arch nor an implicit step \(head_32\)/)]);
    // a malformed entry is the schema's problem alone: the others are checked (break-250 F3: they were held back
    // for another run), and not renumbered around it
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap}\n  - {rule: stale-early-ioremap, step: dmi_scan_machin}\n`)).toEqual([
      expect.stringMatching(/^1:19: machine\.memory: "lots" is not a size/),
      expect.stringMatching(/^4:5: expect\[0\]\.step: missing/),
      expect.stringMatching(/^5:33: expect\[1\]\.step: dmi_scan_machin is neither in setup_arch nor an implicit step \(head_32\)/),
    ]);
  });
});

describe('baselines', () => {
  const report = reportOf([{ file: RC1_VMI, text: bare }]);
  const baseline = parseBaseline(formatJson(report), 'x86_32', [RC1_VMI, 'other.yaml']);

  it('a previous JSON report is a baseline: its findings no longer fail', () => {
    expect(baseline.ok).toBe(true);
    if (!baseline.ok) return;
    const [r] = reportOf([{ file: RC1_VMI, text: bare }], { noAllow: false, baseline: baseline.index }).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.state, c.inBaseline])).toEqual([['baseline', true], ['baseline', true]]);
  });

  it('only new findings fail, matched by findingKey, not line; gone ones are absent', () => {
    if (!baseline.ok) return;
    // one finding goes (dmi_scan_machine after vmi_init), lines above it shift, the other stays
    const moved = bare.replace('  - dmi_scan_machine\n', '').replace('  - paravirt_pagetable_setup_start\n', '  - dmi_scan_machine\n  - paravirt_pagetable_setup_start\n');
    const r = reportOf([{ file: RC1_VMI, text: `# a comment that moves every line\n${moved}` }], { noAllow: false, baseline: baseline.index });
    expect(r.results[0]?.status).toBe('pass');
    // DMI after io_delay_init and acpi_boot_table_init: their DMI quirk tables are read before the scan (kind 3 warnings, new)
    expect(r.results[0]?.checked.map((c) => [c.finding.step.name, c.state])).toEqual([['init_memory_mapping', 'baseline'], ['io_delay_init', 'live'], ['acpi_boot_table_init', 'live']]);
    expect(r.absent.map((a) => a.key)).toEqual(['fixmap-before-relocation|dmi_scan_machine|vmi_init']);
    // a new finding in another scenario is not in the baseline
    const other = reportOf([{ file: 'other.yaml', text: bare }], { noAllow: false, baseline: baseline.index });
    expect(other.results[0]?.status).toBe('fail');
  });

  it('refuses what is not a usable baseline, in one line', () => {
    expect(parseBaseline('{', 'x86_32', [])).toMatchObject({ ok: false, message: expect.stringMatching(/^not a JSON report/) });
    // another format version says so, before any schema check (review 16a, 3.2)
    expect(parseBaseline('{"version": 2, "results": []}', 'x86_32', [])).toEqual({
      ok: false, line: 1, col: 13, message: 'written in report format 2; this bootreplay reads format 1 (a newer bootreplay wrote it); write the baseline again with this bootreplay (run --update-baseline)',
    });
    expect(parseBaseline('{"version": "1", "results": []}', 'x86_32', [])).toMatchObject({ ok: false, message: expect.stringMatching(/format version 1 \(at version: /) });
    const old = formatJson(report).replace(/\n\s*"key": "[^"]*",/g, '');
    expect(parseBaseline(old, 'x86_32', [])).toMatchObject({ ok: false, message: expect.stringMatching(/has no "key": .*--update-baseline$/) });
  });

  it('refuses a key written twice, at the second: JSON.parse would keep the last value (break-255 N3)', () => {
    const json = formatJson(report);
    // the first finding's "state" (its last key) written again below it: a reviewer reads the first, JSON.parse keeps "baseline"
    const twice = json.replace(/("state": "[a-z]+")\n/, '$1,\n          "state": "baseline"\n');
    expect(twice).not.toBe(json);
    const line = twice.split('\n').findIndex((l) => l.includes('"state": "baseline"')) + 1;
    expect(parseBaseline(twice, 'x86_32', [])).toEqual({
      ok: false, line, col: 11, message: expect.stringMatching(new RegExp(`^results\\.0\\.findings\\.0\\.state: the key is written twice in this mapping, first at ${line - 1}:\\d+ \\(JSON\\.parse keeps the last value, a reader sees the first\\); a baseline is the output of run --format json$`)),
    });
  });

  it('refuses a shard\'s report, at its "shard" header: it holds part of the scenarios only', () => {
    const json = formatJson(report);
    const shard = json.replace('{\n  "version": 1,\n', '{\n  "version": 1,\n  "shard": {"index": 1, "count": 2},\n');
    expect(shard).not.toBe(json);
    expect(parseBaseline(json, 'x86_32', []).ok).toBe(true);
    expect(parseBaseline(shard, 'x86_32', [])).toEqual({ ok: false, line: 3, col: 12, message: expect.stringMatching(/^a shard's report \(it has a "shard" header\): .*bootreplay merge/) });
  });

  it('refuses a report written with input problems, at the first: it lacks the findings of the files they concern (review 14, 3.2)', () => {
    const problem = { file: 'scenarios/rc1.yaml', line: 79, col: 1, message: 'invalid YAML: Implicit map keys need to be followed by map values' };
    const json = formatJson({ ...report, problems: [problem, { file: 'b.yaml', message: 'no such file' }] });
    const line = json.split('\n').findIndex((l) => l === '  "problems": [') + 2;
    expect(parseBaseline(json, 'x86_32', [])).toEqual({
      ok: false, line, col: 5,
      message: 'a report written with 2 input problems (the first at scenarios/rc1.yaml:79:1): it holds no findings of the files they concern, '
        + 'so as a baseline their accepted findings would count as new; fix the input problems and write the baseline again '
        + '(run --update-baseline, or bootreplay merge -o when merge exits 0 or 1), or keep the previous baseline',
    });
    // a run that replaces the baseline reads it still: it gates against the one it writes
    expect(parseBaseline(json, 'x86_32', [], { updating: true }).ok).toBe(true);
    // and a report of no problems, or a hand-made one without the list, is a baseline
    expect(parseBaseline(formatJson(report), 'x86_32', []).ok).toBe(true);
    expect(parseBaseline(JSON.stringify({ version: 1, results: [] }), 'x86_32', []).ok).toBe(true);
  });

  it('places each problem at line:col of the text: the syntax error, or the first bad value', () => {
    const at = (text: string): string => {
      const b = parseBaseline(text, 'x86_32', []);
      return b.ok ? 'ok' : `${b.line}:${b.col}`;
    };
    expect(at('')).toBe('1:1');
    // V8 names a position ("Expected ',' or '}' … at position 14"), or none: the bad token is then found by bisection
    expect(at('{"version": 1\n  "results": []}')).toBe('2:3');
    expect(at('{\n  "version": 1,\n  "results": [x]\n}')).toBe('3:15');
    expect(at('{\n  "version": 1,\n  "results": [1,]\n}')).toBe('3:17');
    expect(at('{"version": 1, "results": [')).toBe('1:28');
    // a bad value, or the mapping that lacks a key
    expect(at('{\n  "version": 2,\n  "results": []\n}')).toBe('2:14');
    expect(at('{\n  "version": 1,\n  "results": [\n    {"file": "a.yaml"}\n  ]\n}')).toBe('4:5');
    const unkeyed = formatJson(report).replace(/\n\s*"key": "[^"]*",/g, '');
    const finding = unkeyed.split('\n').findIndex((l) => l.includes('"findings": [')) + 2;
    expect(at(unkeyed)).toBe(`${finding}:9`);
    // nested deeper than a report is (JSON.parse reads it; zod and JSON.stringify would recurse): at the
    // first bracket past 64 levels; a bracket inside a string is text
    expect(at(`  ${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe('1:67');
    expect(at(`{"version": 2, "x": "${'['.repeat(100)}"}`)).toBe('1:13');
    // a key written twice is refused at its second writing, before JSON.parse's last value is read (break-255 N3); a lone CR ends a line
    expect(at('{\n  "version": 1,\n  "results": [],\n  "version": 2\n}')).toBe('4:3');
    expect(at('{"version": 1,\r"results": 5}')).toBe('2:12');
  });

  it('refuses a report nested deeper than 64 levels before anything recursive reads it, at the first bracket too deep (fuzz)', () => {
    const json = formatJson(report);
    const deep = (n: number): string => json.replace('"findings": [', `"extra": ${'['.repeat(n)}1${']'.repeat(n)}, "findings": [`);
    const line = json.split('\n').findIndex((l) => l.includes('"findings": [')) + 1;
    const col = (json.split('\n')[line - 1] ?? '').indexOf('"findings"') + 1 + '"extra": '.length + 61;
    // 61 levels in extra below the 3 of the report (the report, results, the result) are still read
    expect(parseBaseline(deep(61), 'x86_32', []).ok).toBe(true);
    for (const n of [62, 200_000]) {
      expect(parseBaseline(deep(n), 'x86_32', [])).toEqual({ ok: false, line, col, message: 'nested deeper than 64 levels of lists and mappings; a report of run --format json nests 7; a baseline is the output of run --format json' });
    }
  });

  it('places a problem of a large baseline in linear time (yaml composing 6.6 MB took 12 s and 2 GB)', () => {
    const big = formatJson({ ...report, results: Array.from({ length: 2000 }, () => report.results).flat() }).replace('"version": 1', '"version": 2');
    expect(big.length).toBeGreaterThan(5_000_000);
    const b = parseBaseline(big, 'x86_32', []);
    expect(b.ok ? 'ok' : `${b.line}:${b.col}`).toBe('2:14');
  });
});
