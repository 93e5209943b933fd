/**
 * SARIF against its real consumer: Microsoft's SARIF multitool validator,
 * with the rules GitHub code scanning applies ("Gh") and the SARIF spec's own
 * ("Sarif"), over a report that has every kind of result bootreplay writes:
 * live, expected, suppressed and baselined findings, an unmet expectation,
 * an unused allow, a baseline finding that is gone (left out), a code flow
 * and a fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/gate/baseline.js';
import type { Report } from '../../src/gate/types.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { rulesOfArches } from '../../src/rules/index.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string; markdown: string } }[] } };
    results: {
      ruleId: string; level: string; message: { text: string }; baselineState?: string;
      suppressions?: { kind: string; justification: string }[];
      partialFingerprints: Record<string, string>;
      codeFlows?: { threadFlows: { locations: { location: { physicalLocation: { region: { startLine: number } }; message: { text: string } } }[] }[] }[];
      fixes?: { artifactChanges: { replacements: { deletedRegion: { startLine: number; endLine: number }; insertedContent: { text: string } }[] }[] }[];
      properties: { scenario: string; state?: string; key?: string };
    }[];
  }[];
}

/** Runs the official validator; returns its findings as "LEVEL RULE: message". */
function validate(sarifText: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bootreplay-sarif-'));
  dirs.push(dir);
  const input = join(dir, 'report.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, sarifText);
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const r = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '-o', output, input], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`the validator failed (${String(r.status)}): ${r.stdout}${r.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { id?: string; arguments?: string[] } }[] }[] };
  return (log.runs[0]?.results ?? []).map((x) => `${x.level ?? 'warning'} ${x.ruleId}: ${x.message.id ?? ''} ${(x.message.arguments ?? []).join(' | ')}`);
}

const STALE = 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml';

/** Everything at once: shipped scenarios as they are, rc1 without expect: but with a fix, allow: and an unmet expect:, against a baseline. */
function richReport(): { report: Report; fixed: string } {
  const bare = withoutExpect(shipped(RC1_VMI));
  const gated = `${bare}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine}\nallow:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, reason: "known: the rc1 VMI regression"}\n`
    + '  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "a, b: 100% #1 <x> & \\"q\\" ]]> \\u0007"}\n  - {rule: layout-overlap, step: vmi_init, reason: "never happens"}\n';
  // the baseline: the bare rc1 order plus a finding that will be gone (the stale-early-ioremap scenario without expect:)
  const before = reportOf([{ file: 'rc1-copy.yaml', text: bare }, { file: STALE, text: withoutExpect(shipped(STALE)) }]);
  const baseline = parseBaseline(formatJson(before), 'x86_32', [RC1_VMI, 'rc1-copy.yaml', STALE]);
  if (!baseline.ok) throw new Error(baseline.message);
  const move = { op: 'move', call: { name: 'vmi_init', occurrence: 1 }, where: 'after', anchor: { name: 'find_low_pfn_range', occurrence: 1 } } as const;
  const report = reportOf([
    { file: RC1_VMI, text: shipped(RC1_VMI) },
    { file: 'rc1-copy.yaml', text: gated, edit: (fs) => fs.map((f) => ({ ...f, fixEdits: [move] })) },
    { file: STALE, text: shipped(STALE) },
  ], { noAllow: false, baseline: baseline.index });
  return { report, fixed: gated };
}

describe('--format sarif', () => {
  it('passes the official validator (GitHub and SARIF rules) with no error, on the shipped scenarios', { timeout: 120_000 }, () => {
    const files = ['2.6.27-rc1-bare-metal', '2.6.27-rc1-vmi-pae-4g', '2.6.27-rc1-vmi', '2.6.27-rc1-xen-pae', '2.6.27-rc2-vmi-first-proposal', '2.6.27-rc3-vmi-fix', '2.6.27.6-vmi-early-dmi', '2.6.28-vmi']
      .map((n) => `scenarios/x86_32/${n}.yaml`);
    const sarif = formatSarif(reportOf(files.map((file) => ({ file, text: shipped(file) }))), CTX);
    const problems = validate(sarif);
    expect(problems.filter((p) => p.startsWith('error'))).toEqual([]);
    // the one remaining note: the package has no homepage for tool.driver.informationUri
    expect(problems).toEqual(['warning SARIF2005: Warning_ProvideToolnformationUri runs[0].tool.driver | bootreplay']);
    expect(validate(formatSarif(reportOf([{ file: RC1_VMI, text: shipped(RC1_VMI) }]), { ...CTX, informationUri: 'https://example.org/bootreplay' }))).toEqual([]);
  });

  it('passes with suppressions, baselineState, an unmet expectation, an unused allow, fixes and hostile text', { timeout: 120_000 }, () => {
    const { report } = richReport();
    const problems = validate(formatSarif(report, { ...CTX, informationUri: 'https://example.org/bootreplay' }));
    expect(problems).toEqual([]);
  });

  it('passes with fixes written as patch: items of a file that extends a base, and a fix at the end of a file without a final line break', { timeout: 120_000 }, () => {
    const dir = 'scenarios/x86_32/variants';
    const files = Object.fromEntries(['base-2.6.27-rc1-vmi', '2.6.27-rc3-fix', 'rc3-fix-matrix'].map((n) => [`${dir}/${n}.yaml`, shipped(`${dir}/${n}.yaml`)]));
    // rc1 with vmi_init (and its note) moved to the last line, which has no line break (review 13c, 4.1)
    const rc1 = withoutExpect(shipped(RC1_VMI));
    const item = /^ {2}- call: vmi_init\n(?: {4,}.*\n)+/m;
    const eof = `${rc1.replace(item, '')}${item.exec(rc1)?.[0] ?? ''}`.replace(/\n$/, '');
    const report = reportOf([
      ...Object.keys(files).filter((f) => !f.includes('base-')).map((file) => ({ file, text: files[file] ?? '', files })),
      { file: 'eof.yaml', text: eof },
    ]);
    const sarifText = formatSarif(report, { ...CTX, informationUri: 'https://example.org/bootreplay' });
    const sarif = JSON.parse(sarifText) as Sarif;
    const fixed = new Set(sarif.runs[0]?.results.filter((r) => r.fixes !== undefined).map((r) => r.properties.scenario.replace(/\[.*$/, '')));
    expect([...fixed].sort()).toEqual(['eof.yaml', `${dir}/2.6.27-rc3-fix.yaml`, `${dir}/rc3-fix-matrix.yaml`]);
    expect(validate(sarifText)).toEqual([]);
  });

  it('lists the rules of the architectures the report replayed, in registry order, and only the gates for a report of input problems', () => {
    const RISCV = 'scenarios/riscv/v5.14-free-initmem-alias.yaml';
    const ids = (report: Report): string[] => (JSON.parse(formatSarif(report, CTX)) as Sarif).runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
    const mixed = ids(reportOf([{ file: RISCV, text: shipped(RISCV) }, { file: RC1_VMI, text: shipped(RC1_VMI) }]));
    expect(mixed).toEqual([...rulesOfArches(['x86_32', 'riscv']).map((r) => `${r.arch}/${r.rule.meta.id}`), 'bootreplay/unmet-expectation', 'bootreplay/unused-allow']);
    expect(mixed.some((id) => id.startsWith('riscv/')) && mixed.some((id) => id.startsWith('x86_32/'))).toBe(true);
    expect(mixed.filter((id) => id.startsWith('arm64/'))).toEqual([]);
    const empty: Report = { results: [], problems: [{ file: 'bad.yaml', line: 1, col: 1, message: 'invalid YAML: x' }], baseline: false, absent: [] };
    expect(ids(empty)).toEqual(['bootreplay/unmet-expectation', 'bootreplay/unused-allow']);
  });

  it('input problems\' notification text shows user text escaped as text output does: no raw ESC, U+202E or newline (review 19b, F6)', () => {
    const report: Report = {
      results: [], baseline: false, absent: [],
      problems: [
        { file: 'bad.yaml', line: 4, col: 5, message: 'setup_arch[0] (step 1): unknown call early_cpu_init\nfoo' },
        { file: 'bad.yaml', line: 5, col: 5, message: 'unknown call x\x1b[31mRED', scenario: 'evil\u202eadd.yaml' },
      ],
    };
    type Notes = { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    const texts = (JSON.parse(formatSarif(report, CTX)) as Notes).runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text);
    expect(texts).toEqual(['setup_arch[0] (step 1): unknown call early_cpu_init\\nfoo', 'unknown call x\\x1b[31mRED in evil\\u202eadd.yaml']);
  });

  it('user text makes no embedded link (SARIF §3.11.6 `[text](N)`): a name beside the [variant] prefix, a cmdline, a problem (break-270 N5)', () => {
    const text = `${withoutExpect(shipped(RC1_VMI)).replace(/^name: .*$/m, 'name: x')}matrix:\n  name: ["x](1) [see the discussion"]\n`
      .replace(/^machine:\n/m, 'machine:\n  cmdline: "quiet [click](https://example.invalid/x) [related](2)"\n');
    type Texts = { runs: { results: { message: { text: string }; relatedLocations?: { message: { text: string } }[] }[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    const report: Report = { ...reportOf([{ file: 'links.yaml', text }]),
      problems: [{ file: 'bad.yaml', line: 1, col: 1, message: 'unknown call [x](1)' }] };
    const run = (JSON.parse(formatSarif(report, CTX)) as Texts).runs[0];
    const texts = [...(run?.results ?? []).flatMap((r) => [r.message.text, ...(r.relatedLocations ?? []).map((l) => l.message.text)]),
      ...(run?.invocations[0]?.toolExecutionNotifications ?? []).map((n) => n.message.text)];
    expect(texts.length).toBeGreaterThan(3);
    for (const t of texts) expect(t).not.toContain('](');
    expect(texts[0]).toContain('[name="x]\\(1) [see the discussion"] machine.cmdline: not modeled: [click]\\(https://example.invalid/x) [related]\\(2)');
    expect(texts[texts.length - 1]).toBe('unknown call [x]\\(1)');
  });

  it('holds at most the results code scanning accepts in a run: the most severe, in report order, and says how many were left out', () => {
    const { report } = richReport();
    type Capped = { runs: { invocations: { toolExecutionNotifications?: { level: string; message: { text: string } }[] }[]; results: { level: string; message: { text: string } }[] }[] };
    const whole = (JSON.parse(formatSarif(report, CTX)) as Capped).runs[0];
    const levels = whole?.results.map((r) => r.level) ?? [];
    const errors = levels.filter((l) => l === 'error').length;
    expect(errors).toBeGreaterThan(1);
    expect(levels.filter((l) => l !== 'error').length).toBeGreaterThan(1);
    expect(whole?.invocations[0]?.toolExecutionNotifications).toBeUndefined();

    const max = errors + 1;
    const run = (JSON.parse(formatSarif(report, CTX, max)) as Capped).runs[0];
    const kept = run?.results ?? [];
    expect(kept).toHaveLength(max);
    // every error, then the first warning of the report; in the order the whole run lists them
    const firstWarning = whole?.results.find((r) => r.level === 'warning');
    expect(kept).toEqual(whole?.results.filter((r) => r.level === 'error' || r === firstWarning));
    expect(run?.invocations[0]?.toolExecutionNotifications).toEqual([{
      level: 'warning',
      message: { text: `${levels.length - max} of ${levels.length} results left out: code scanning rejects a run of more than ${max} results; the ${max} kept are the most severe (the JSON report has them all)` },
    }]);
  });

  it('builds only the results it keeps: the cap is chosen by level before any result is made', () => {
    const { report } = richReport();
    const errors = report.results.flatMap((r) => r.checked).filter((c) => c.finding.severity === 'error').length;
    // a warning whose message cannot be read: building its result would throw
    const poisoned: Report = {
      ...report,
      results: report.results.map((r) => ({
        ...r,
        checked: r.checked.map((c) => (c.finding.severity !== 'warning' ? c : {
          ...c, finding: Object.defineProperty({ ...c.finding }, 'message', { get: () => { throw new Error('built a result that was left out'); } }),
        })),
      })),
    };
    expect(() => formatSarif(poisoned, CTX)).toThrow('built a result that was left out');
    const run = (JSON.parse(formatSarif(poisoned, CTX, errors)) as Sarif).runs[0];
    expect(run?.results.map((r) => r.level)).toEqual(Array.from({ length: errors }, () => 'error'));
  });

  it('names rules ARCH/RULE with their explain text as help, and results say what gated them', () => {
    const { report } = richReport();
    const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
    const run = sarif.runs[0];
    const rules = run?.tool.driver.rules ?? [];
    // the rules that ran: every x86_32 rule (the report's only architecture), then the gates
    expect(rules.map((r) => r.id)).toEqual([...rulesOfArches(['x86_32']).map((r) => `${r.arch}/${r.rule.meta.id}`), 'bootreplay/unmet-expectation', 'bootreplay/unused-allow']);
    const fbr = rules.find((r) => r.id === 'x86_32/fixmap-before-relocation');
    expect(fbr?.help.text).toContain('reserve_top_address()');
    expect(fbr?.help.markdown).toMatch(/^## fixmap-before-relocation\n/);
    // identifiers stay literal in Markdown
    expect(fbr?.help.markdown).toContain('BUG\\_ON(fixmaps\\_set > 0)'.replace('>', '\\>'));

    const results = run?.results ?? [];
    const by = (scenario: string, state: string): typeof results => results.filter((r) => r.properties.scenario === scenario && r.properties.state === state);
    expect(by(RC1_VMI, 'expected').map((r) => r.suppressions?.[0]?.kind)).toEqual(['inSource', 'inSource']);
    // an allow: reason is shown to people (code scanning's dismissal): escaped as text output shows it (break-275 N8)
    expect(by('rc1-copy.yaml', 'suppressed').map((r) => r.suppressions?.[0]?.justification)).toEqual(['known: the rc1 VMI regression', 'a, b: 100% #1 <x> & "q" ]]> \\x07']);
    // in the baseline too, and still suppressed: baselineState says it was there before
    expect(by('rc1-copy.yaml', 'suppressed').map((r) => r.baselineState)).toEqual(['unchanged', 'unchanged']);
    expect(by(RC1_VMI, 'expected').map((r) => r.baselineState)).toEqual(['new', 'new']);
    expect(results.filter((r) => r.ruleId === 'bootreplay/unmet-expectation').map((r) => r.properties.scenario)).toEqual(['rc1-copy.yaml']);
    expect(results.filter((r) => r.ruleId === 'bootreplay/unused-allow').map((r) => r.message.text)).toEqual(['allow: layout-overlap at vmi_init matched no finding; remove it']);
    // the baseline's findings of the 2.6.27.6 scenario still occur (now expected): none is absent
    expect(results.filter((r) => r.baselineState === 'absent').map((r) => r.ruleId)).toEqual([]);
  });

  it('with --baseline every result has a baselineState (the gates\' results: new, SARIF 2.1.0 §3.27.24), without it none has', () => {
    const { report } = richReport();
    expect(report.baseline).toBe(true);
    const states = (r: Report): [string, string | undefined][] => ((JSON.parse(formatSarif(r, CTX)) as Sarif).runs[0]?.results ?? []).map((x) => [x.ruleId, x.baselineState]);
    const withBaseline = states(report);
    // a baseline holds findings only: an unmet expectation or an unused allow was never in it, and fails the gate whatever it holds
    const gates = withBaseline.filter(([id]) => id.startsWith('bootreplay/'));
    expect(gates.map(([id]) => id).sort()).toEqual(['bootreplay/unmet-expectation', 'bootreplay/unused-allow']);
    expect(gates.map(([, state]) => state)).toEqual(['new', 'new']);
    expect(withBaseline.filter(([, state]) => state === undefined)).toEqual([]);
    expect(states({ ...report, baseline: false }).filter(([, state]) => state !== undefined)).toEqual([]);
  });

  it('a finding gone since the baseline is no result: code scanning reads no baselineState and would keep its alert open (review 14, 3.1)', { timeout: 120_000 }, () => {
    const bare = withoutExpect(shipped(STALE));
    const baseline = parseBaseline(formatJson(reportOf([{ file: STALE, text: bare }])), 'x86_32', [STALE]);
    if (!baseline.ok) throw new Error(baseline.message);
    // dmi_scan_machine (with the dmi_check_system that reads it) moved after init_memory_mapping: the stale
    // early_ioremap is gone, the latent warning stays
    const moved = bare.replace('  - dmi_scan_machine\n  - dmi_check_system\n', '').replace('  - init_memory_mapping\n', '  - init_memory_mapping\n  - dmi_scan_machine\n  - dmi_check_system\n');
    expect(moved).not.toBe(bare);
    const report = reportOf([{ file: STALE, text: moved }], { noAllow: false, baseline: baseline.index });
    // DMI now after efi_init too: the (harmless, BIOS machine) warning about efi.smbios is gone as well
    expect(report.absent.map((a) => a.rule)).toEqual(['missing-prerequisite', 'stale-early-ioremap']);
    const text = formatSarif(report, { ...CTX, informationUri: 'https://example.org/bootreplay' });
    const results = (JSON.parse(text) as Sarif).runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['x86_32/early-ioremap-init-before-relocation', 'unchanged'],
      // init_memory_mapping now precedes the low-64K quirk of dmi_check_system (a latent warning, new)
      ['x86_32/missing-prerequisite', 'new'],
    ]);
    // the gone findings' fingerprints are in no result, so code scanning closes their alerts as fixed
    const gone = (JSON.parse(formatSarif(reportOf([{ file: STALE, text: bare }]), CTX)) as Sarif).runs[0]?.results
      .filter((r) => report.absent.some((a) => a.key === r.properties.key)) ?? [];
    expect(gone).toHaveLength(2);
    for (const g of gone) expect(text).not.toContain(Object.values(g.partialFingerprints)[0]);
    expect(validate(text)).toEqual([]);
  });

  it('the code flow runs from bm_pte being hooked in, through the relocation, to the stale early_ioremap', () => {
    const sarif = JSON.parse(formatSarif(reportOf([{ file: STALE, text: shipped(STALE) }]), CTX)) as Sarif;
    const stale = sarif.runs[0]?.results.find((r) => r.ruleId === 'x86_32/stale-early-ioremap');
    const steps = stale?.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location.message.text) ?? [];
    expect(steps.map((t) => t.replace(/:.*$/, ''))).toEqual(['step 4 early_ioremap_init', 'step 12 vmi_init', 'step 17 dmi_scan_machine']);
    expect(steps[0]).toContain('bm_pte → PMD 0xffc00000');
    expect(steps[1]).toContain('FIXADDR_TOP 0xfffff000 → 0xfbfff000');
    expect(steps[2]).toContain('via bm_pte');
  });

  it('a path step says at most 24 of its step\'s events and counts the rest; a finding names 4 of the steps that made its frames (break-230 F1)', () => {
    // the 2.6.26 Xen order, then 60 paging_init: each maps every earlier one's PMD copy RW (an event each), and
    // each finding's path listed every earlier paging_init with all of its events: the SARIF grew with the cube
    const own = shipped('scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml');
    const text = `${own.slice(0, own.indexOf('\nexpect:') + 1)}${'  - paging_init\n'.repeat(60)}`;
    const sarif = JSON.parse(formatSarif(reportOf([{ file: 'xen.yaml', text }]), CTX)) as Sarif;
    const xen = sarif.runs[0]?.results.filter((r) => r.ruleId === 'x86_32/xen-writable-pagetable') ?? [];
    expect(xen).toHaveLength(61);
    const last = xen[xen.length - 1]?.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location.message.text) ?? [];
    // the culprit, the 4 makers named and the step that switched xen_set_pte_init off, each step's text bounded
    expect(last.length).toBeLessThanOrEqual(6);
    expect(last.join('').length).toBeLessThan(20_000);
    expect(last.some((t) => /; … and \d+ more \(bootreplay trace shows every event of the step\)$/.test(t))).toBe(true);
  });

  it('partialFingerprints do not change when lines move, and differ between findings', () => {
    const text = shipped(RC1_VMI);
    const prints = (t: string): string[] => (JSON.parse(formatSarif(reportOf([{ file: RC1_VMI, text: t }]), CTX)) as Sarif).runs[0]?.results.map((r) => JSON.stringify(r.partialFingerprints)) ?? [];
    const a = prints(text);
    const b = prints(`# moved\n# down\n${text}`);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('a verified fix is an artifactChange that, applied to the file, gives the edited order', () => {
    // the rc1 order without expect:, so its findings are live (an expected or allowed one gets no fix: sarif-fixes.test.ts)
    const fixed = withoutExpect(shipped(RC1_VMI));
    const move = { op: 'move', call: { name: 'vmi_init', occurrence: 1 }, where: 'after', anchor: { name: 'find_low_pfn_range', occurrence: 1 } } as const;
    const report = reportOf([{ file: 'rc1-copy.yaml', text: fixed, edit: (fs) => fs.map((f) => ({ ...f, fixEdits: [move] })) }]);
    const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
    const withFix = sarif.runs[0]?.results.find((r) => r.properties.scenario === 'rc1-copy.yaml' && r.fixes !== undefined);
    const changes = withFix?.fixes?.[0]?.artifactChanges[0]?.replacements;
    expect(changes?.length).toBe(2);
    if (changes === undefined) return;
    // each region is of the file as written: applied from the last to the first (SARIF 2.1.0 §3.57.3)
    let lines = fixed.split('\n');
    for (const change of [...changes].reverse()) {
      const text = change.insertedContent.text;
      lines = [...lines.slice(0, change.deletedRegion.startLine - 1), ...(text === '' ? [] : text.replace(/\n$/, '').split('\n')), ...lines.slice(change.deletedRegion.endLine - 1)];
    }
    const applied = lines.join('\n');
    // nothing but the moved item changes place: every other line of the file is still there
    const others = (t: string): string[] => t.split('\n').filter((l) => !/vmi_init|note: Must be after|^ {6}820\)/.test(l));
    expect(others(applied)).toEqual(others(fixed));
    const loaded = parseScenario(applied, 'applied.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const calls = loaded.scenario.steps.map((s) => s.call);
    expect(calls.indexOf('vmi_init')).toBe(calls.indexOf('find_low_pfn_range') + 1);
    // the moved item keeps its note
    expect(loaded.scenario.steps.find((s) => s.call === 'vmi_init')?.note).toMatch(/^Must be after max_low_pfn/);
    const original = parseScenario(fixed, 'f.yaml');
    expect(calls.length).toBe(original.ok ? original.scenario.steps.length : -1);
  });
});
