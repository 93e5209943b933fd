/**
 * A boot that a finding halts (Verdict.halts) has no state "after boot": the
 * layout views show the order replayed up to the halting step and say so in
 * their head, generically (src/report/halt-point.ts), for `layout`,
 * `layout --ptdump` and `run --layout`.
 */
import { describe, expect, it } from 'vitest';
import { firstHalt, haltView, markAfterHalt, searchBeforeHalt } from '../../src/report/halt-point.js';
import { replayWith } from '../../src/replay/replay.js';
import type { StepRef } from '../../src/replay/trace.js';
import { check } from '../../src/rules/index.js';
import type { Finding, Verdict } from '../../src/rules/types.js';
import { diffScenarios } from '../../src/compare/diff.js';
import { formatDiffJson } from '../../src/report/diff-json.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText, PLAIN } from '../../src/report/text.js';
import { DEFAULT_VIEWS, resultOf } from '../../src/report/result.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { CTX, reportOf, shipped, withoutExpect } from './helpers.js';

/** Loads a scenario that extends a shipped base file, replays it and runs the rules. */
function replayed(base: string, text: string) {
  const r = parseVariants(text, 'x/derived.yaml', memoryReader({ 'x/base.yaml': withoutExpect(shipped(base)) }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const v = r.variants[0];
  if (v === undefined || !v.ok) throw new Error('no variant');
  const trace = replayWith(r.plugin, v.scenario);
  return { plugin: r.plugin, trace, findings: check(trace, r.plugin) };
}

const step = (index: number, name: string): StepRef => ({ index, name, pos: { line: 1, col: 1 }, implicit: false });
const verdict = (index: number, halts?: true): Verdict => ({ rule: 'r', severity: 'error', step: step(index, `s${index}`), related: [], ...(halts ? { halts } : {}) });

describe('firstHalt', () => {
  it('is the halting finding at the earliest step, whatever the list order', () => {
    expect(firstHalt([verdict(2), verdict(9, true), verdict(4, true), verdict(1)])?.at.step.index).toBe(4);
    expect(firstHalt([verdict(2), verdict(3)])).toBeUndefined();
  });
  it('a halt before a later step\'s effects (haltBefore): after a halt in the step before it, before one in the step itself', () => {
    const later: Verdict = { ...verdict(3, true), haltBefore: step(8, 's8') };
    expect(firstHalt([later, verdict(6, true)])?.finding.step.index).toBe(6);
    const h = firstHalt([verdict(9, true), later]);
    expect([h?.finding.step.index, h?.at.step.index, h?.at.before]).toEqual([3, 8, true]);
    // the kernel stops in step 8 before its effects: a halt in step 8 itself comes later, one in step 7 earlier
    expect(firstHalt([verdict(8, true), later])?.finding.step.index).toBe(3);
    expect(firstHalt([later, verdict(7, true)])?.finding.step.index).toBe(7);
  });
  it('a halt inside a later step (haltIn): in that step, after its effects; the culprit\'s own step and the steps up to it are reached', () => {
    const inside: Verdict = { ...verdict(3, true), haltIn: step(8, 's8') };
    const h = firstHalt([verdict(9, true), inside]);
    expect([h?.finding.step.index, h?.at.step.index, h?.at.before]).toEqual([3, 8, false]);
    // a halt before step 8's effects comes first; one in step 8 itself ties and keeps the list order
    expect(firstHalt([inside, { ...verdict(2, true), haltBefore: step(8, 's8') }])?.finding.step.index).toBe(2);
    expect(firstHalt([inside, verdict(8, true)])?.finding.step.index).toBe(3);
    const at = (index: number): Finding => ({ ...verdict(index), pos: { line: 1, col: 1 }, message: 'm', related: [], addresses: {}, consequence: 'c', fix: 'f' });
    const marked = markAfterHalt([{ ...at(3), halts: true, haltIn: step(8, 's8') }, at(5), at(8), at(9)]);
    expect(marked.map((f) => f.afterHalt?.step.index ?? null)).toEqual([null, null, null, 8]);
  });
});

describe('riscv 5.10 with KASAN: kasan_init() faults (kasan-shadow-fault halts)', () => {
  const { plugin, trace, findings } = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: k\nconfig: {kasan: true}\n');
  const r = resultOf(plugin, trace, findings, undefined, { ...DEFAULT_VIEWS, ptdump: true });
  it('the dump and the map are of the tables when kasan_init halts the kernel, not after boot', () => {
    expect(r.ptdumpText?.head).toMatch(/^x\/derived\.yaml: kernel_page_tables as they are when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\), without the \d+ steps after it \(riscv 5\.10,/);
    expect(r.ptdumpText?.head).not.toMatch(/after boot/);
    expect(r.layoutText?.head).toMatch(/^x\/derived\.yaml: layout when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\), without the \d+ steps after it: sv39,/);
  });
  it('the later steps are not in it: the linear map is still PAGE_KERNEL_EXEC (mark_rodata_ro() never runs)', () => {
    const linear = r.ptdumpText?.rows.filter((row) => row.startsWith('0xffffffe0')) ?? [];
    expect(linear).toEqual(['0xffffffe000000000-0xffffffe07fe00000    0x0000000080200000      2046M PMD     D A . . X W R V']);
    expect(haltView(plugin, trace, findings)?.trace.steps.at(-1)?.name).toBe('kasan_init');
  });
});

describe('riscv 5.10 with a 136 MiB image: setup_vm() BUG()s before setup_arch() (setup-vm-constraint halts; review 19b F3)', () => {
  const { plugin, trace, findings } = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: big\nconfig: {kasan: true}\nmachine: {memory: 4GiB, kernel: {init_data: 120MiB}}\n');
  it('no layout or page tables to show, and why; every later finding is one the kernel never reaches', () => {
    const r = resultOf(plugin, trace, findings, undefined, { ...DEFAULT_VIEWS, ptdump: true });
    expect([r.noLayout, r.layoutJson, r.layoutText, r.ptdumpText, r.layoutWhen]).toEqual(['the kernel halts before setup_arch(), in setup_vm (setup-vm-constraint)', null, undefined, undefined, undefined]);
    const marked = markAfterHalt(findings);
    const later = marked.filter((f) => !f.step.implicit);
    // the model goes on: kasan_init's fault is found, and marked as never reached
    expect(later.map((f) => f.rule)).toContain('kasan-shadow-fault');
    expect(later.every((f) => f.afterHalt?.rule === 'setup-vm-constraint' && f.afterHalt.step.name === 'setup_vm')).toBe(true);
  });
});

describe('a boot no finding halts', () => {
  it('riscv 5.12 with KASAN: after boot', () => {
    const { plugin, trace, findings } = replayed('scenarios/riscv/v5.12.yaml', 'extends: base.yaml\nname: k\nconfig: {kasan: true}\n');
    expect(haltView(plugin, trace, findings)).toBeUndefined();
    expect(resultOf(plugin, trace, findings, undefined, { ...DEFAULT_VIEWS, ptdump: true }).ptdumpText?.head).toMatch(/kernel_page_tables after boot \(riscv 5\.12,/);
  });
});

describe('arm64 v4.6 with paging_init first: early_pgtable_alloc() finds no memory (pgtable-alloc-outside-map halts)', () => {
  const { plugin, trace, findings } = replayed('scenarios/arm64/v4.6.yaml', 'extends: base.yaml\nname: p\npatch:\n  - move: paging_init\n    before: setup_machine_fdt\n');
  it('the dump is of swapper_pg_dir when paging_init halts the kernel', () => {
    const r = resultOf(plugin, trace, findings, undefined, { ...DEFAULT_VIEWS, ptdump: true });
    expect(r.ptdumpText?.head).toMatch(/^x\/derived\.yaml: kernel_page_tables as they are when step 3 paging_init halts the kernel \(pgtable-alloc-outside-map\), without the \d+ steps after it \(arm64 v4\.6,/);
    expect(r.layoutText?.head).toMatch(/^x\/derived\.yaml: layout when step 3 paging_init halts the kernel/);
  });
});

describe('findings after one that halts the kernel (review 17a 4.2)', () => {
  const finding = (index: number, halts?: true): Finding => ({ ...verdict(index, halts), pos: { line: index, col: 1 }, related: [], addresses: {}, message: 'm', consequence: 'c', fix: `own fix ${index}` });
  it('are marked from the step after the halting one; the halting step\'s own findings are not', () => {
    const marked = markAfterHalt([finding(2), finding(4, true), finding(4), finding(7), finding(1)]);
    expect(marked.map((f) => f.afterHalt?.step.index ?? null)).toEqual([null, null, null, 4, null]);
    expect(marked[3]?.fix).toBe('no fix was searched: r at step 4 s4 halts the kernel before it gets here; fix that first and replay');
    expect(markAfterHalt([finding(2), finding(7)]).some((f) => f.afterHalt !== undefined)).toBe(false);
  });
  it('a halt before the effects of the culprit\'s own step (reservetop= after earlycon= in parse_early_param): that step\'s findings are reached, later ones not', () => {
    const own: Finding = { ...finding(5, true), haltBefore: step(5, 's5') };
    const marked = markAfterHalt([finding(3), own, finding(5), finding(6)]);
    expect(marked.map((f) => f.afterHalt?.step.index ?? null)).toEqual([null, null, null, 5]);
  });
  it('get no fix search: the search sees only the others, in order', () => {
    const seen: number[] = [];
    const out = searchBeforeHalt(markAfterHalt([finding(9), finding(4, true), finding(2)]), (reached) => {
      seen.push(...reached.map((f) => f.step.index));
      return reached.map((f) => ({ ...f, fix: 'searched' }));
    });
    expect(seen).toEqual([4, 2]);
    expect(out.map((f) => f.fix)).toEqual([expect.stringMatching(/^no fix was searched: r at step 4/) as unknown, 'searched', 'searched']);
  });

  // arm64 v4.6 with paging_init first: memblock_alloc() panics in paging_init (step 3); the model goes on and
  // finds request_standard_resources', unflatten_device_tree's and mark_rodata_ro's errors, which the kernel never reaches
  const report = reportOf([{ file: 'x/derived.yaml', text: 'extends: base.yaml\nname: p\npatch:\n  - move: paging_init\n    before: setup_machine_fdt\n', files: { 'x/base.yaml': withoutExpect(shipped('scenarios/arm64/v4.6.yaml')) } }]);
  const findings = report.results[0]?.checked.map((c) => c.finding) ?? [];
  it('keep their severity (the gate still fails) and say what halts the kernel, in text, -v, JSON and SARIF', () => {
    const later = findings.filter((f) => f.step.index > 3);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((f) => f.afterHalt?.rule === 'pgtable-alloc-outside-map' && f.afterHalt.step.name === 'paging_init')).toBe(true);
    expect(later.some((f) => f.severity === 'error')).toBe(true);
    expect(report.results[0]?.status).toBe('fail');
    expect(findings.filter((f) => f.step.index <= 3).every((f) => f.afterHalt === undefined)).toBe(true);
    const text = formatText(report.results, PLAIN, { verbose: true, layout: false });
    expect(text).toMatch(/\(step 22 mark_rodata_ro\) in x\/derived\.yaml \[after pgtable-alloc-outside-map at step 3 paging_init halts the kernel\]\n {4}related/);
    expect(text).toMatch(/\n {4}fix: no fix was searched: pgtable-alloc-outside-map at step 3 paging_init halts the kernel before it gets here; fix that first and replay\n/);
    const json = JSON.parse(formatJson(report)) as { results: { findings: { index: number; afterHalt?: unknown }[] }[] };
    expect(json.results[0]?.findings.find((f) => f.index === 22)?.afterHalt).toEqual({ rule: 'pgtable-alloc-outside-map', step: 'paging_init', index: 3 });
    expect(json.results[0]?.findings.find((f) => f.index === 3)?.afterHalt).toBeUndefined();
    const sarif = JSON.parse(formatSarif(report, CTX)) as { runs: { results: { message: { text: string }; properties: { index?: number; afterHalt?: unknown } }[] }[] };
    const r22 = sarif.runs[0]?.results.find((r) => r.properties.index === 22);
    expect(r22?.message.text).toMatch(/\nnote: after pgtable-alloc-outside-map at step 3 paging_init halts the kernel\n/);
    expect(r22?.properties.afterHalt).toEqual({ rule: 'pgtable-alloc-outside-map', step: 'paging_init', index: 3 });
    expect(formatHtml(report, CTX)).toContain('<p><span class="k">note</span>after pgtable-alloc-outside-map at step 3 paging_init halts the kernel</p>');
  });
  it('JSON\'s layout is the state at the halt, and layoutWhen says so; the HTML map\'s rows end there', () => {
    const json = JSON.parse(formatJson(report)) as { results: { layout: unknown; layoutWhen?: string }[] };
    expect(json.results[0]?.layoutWhen).toMatch(/^when step 3 paging_init halts the kernel \(pgtable-alloc-outside-map\), without the \d+ steps after it$/);
    // the model went on past the halt; JSON shows the state the kernel died in, the order up to step 3
    const whole = replayed('scenarios/arm64/v4.6.yaml', 'extends: base.yaml\nname: p\npatch:\n  - move: paging_init\n    before: setup_machine_fdt\n');
    const cut = haltView(whole.plugin, whole.trace, whole.findings);
    expect(JSON.stringify(json.results[0]?.layout)).toBe(JSON.stringify(cut === undefined ? null : whole.plugin.layoutJson(cut.trace)));
    expect(JSON.stringify(json.results[0]?.layout)).not.toBe(JSON.stringify(whole.plugin.layoutJson(whole.trace)));
    const html = formatHtml(report, CTX);
    expect(html).toMatch(/The rows end when step 3 paging_init halts the kernel \(pgtable-alloc-outside-map\), without the \d+ steps after it\./);
    const rowSteps = [...html.matchAll(/after step (\d+) /g)].map((m) => Number(m[1]));
    expect(rowSteps.every((n) => n <= 3)).toBe(true);
  });
});

describe('diff of a boot that a finding halts (src/compare/diff.ts Side.halted)', () => {
  it('compares the state at the halt and says so for that side, in text and JSON', () => {
    const base = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: k\n');
    const kasan = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: k\nconfig: {kasan: true}\n');
    const cut = haltView(kasan.plugin, kasan.trace, kasan.findings);
    expect(cut).toBeDefined();
    const side = (x: typeof base, halted?: typeof cut) => ({ plugin: x.plugin, scenario: x.trace.scenario, trace: x.trace, findings: x.findings, halted });
    const d = diffScenarios(side(base), side(kasan, cut));
    expect(d.layoutWhen).toEqual({ a: null, b: expect.stringMatching(/^when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\), without the \d+ steps after it$/) as unknown });
    // mark_rodata_ro() never runs on b: its linear map is not split by permissions, a's is
    expect(d.layout?.values.find((v) => v.name === 'linear 1G spans split by permissions')).toMatchObject({ a: 1, b: 0, changed: true });
    expect(diffScenarios(side(base), side(kasan)).layout?.values.find((v) => v.name === 'linear 1G spans split by permissions')?.changed).toBe(false);
    expect(formatDiffText(d, PLAIN, false)).toMatch(/\n {2}b: the layout when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\)/);
    expect((JSON.parse(formatDiffJson(d)) as { layout_when: unknown }).layout_when).toEqual(d.layoutWhen);
  });
});

describe('the layout renderings a result carries', () => {
  it('are the ones asked for: none for diff, the JSON layout for -f json, the map for --layout', () => {
    const { plugin, trace, findings } = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: k\n');
    const none = resultOf(plugin, trace, findings, undefined, {});
    expect([none.layoutJson, none.layoutText, none.ptdumpText]).toEqual([undefined, undefined, undefined]);
    const json = resultOf(plugin, trace, findings, undefined, { json: true });
    expect(json.layoutJson).toEqual(plugin.layoutJson(trace));
    expect(json.layoutText).toBeUndefined();
    const map = resultOf(plugin, trace, findings, undefined, { map: true });
    expect(map.layoutText).toEqual(plugin.layoutText(trace));
    expect(map.layoutJson).toBeUndefined();
  });
});
