/**
 * A finding whose subject is an address (a riscv leaf, an arm64 block or
 * table entry) that a layout edit moved is the same finding to `diff` and
 * `bisect` (review 13a, 3.2): findings.ts pairFindings pairs by key, then
 * what is left by identity.ts movedKey. Two findings of one rule at two
 * leaves of one trace stay two: a table of synthetic verdicts, and real
 * orders (arm64 v4.4's fixup_init splits two blocks).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bisect, type BisectReport, type Side as BisectSide } from '../../src/compare/bisect.js';
import { diffScenarios, type Side } from '../../src/compare/diff.js';
import { scenarioEditText } from '../../src/compare/edit-script.js';
import { pairFindings } from '../../src/compare/findings.js';
import { formatBisectJson, formatBisectText } from '../../src/report/bisect.js';
import { formatDiffJson } from '../../src/report/diff-json.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { PLAIN } from '../../src/report/text.js';
import { replayWith } from '../../src/replay/replay.js';
import type { StepRef } from '../../src/replay/trace.js';
import { findingKeys, movedKey } from '../../src/rules/identity.js';
import { check, verdicts } from '../../src/rules/index.js';
import type { Verdict } from '../../src/rules/types.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { loadScenarioData } from '../../src/compare/scenario-data.js';
import { ROOT } from './load.js';

const step = (index: number, name: string): StepRef => ({ index, name, pos: { file: 'x.yaml', line: index, col: 5 }, implicit: false });
const FIXUP = step(20, 'fixup_init');
const PAGING = step(9, 'paging_init');
const v = (rule: string, subject: string | undefined, related: readonly StepRef[] = []): Verdict =>
  ({ rule, severity: 'error', step: FIXUP, related: related.map((s) => ({ step: s })), ...(subject !== undefined ? { subject } : {}) });
const L2 = (va: string): Verdict => v('bbm-violation', `L2 ${va}`);

/** The pairing as subjects: [a, b] per pair, then A's and B's unpaired ones. */
function pairsOf(a: readonly Verdict[], b: readonly Verdict[]): { pairs: string[][]; onlyA: string[]; onlyB: string[] } {
  const p = pairFindings(a, b);
  const s = (f: Verdict | undefined): string => `${f?.rule ?? ''} ${f?.subject ?? '-'}`;
  return { pairs: p.pairs.map(([i, j]) => [s(a[i]), s(b[j])]), onlyA: p.onlyA.map((i) => s(a[i])), onlyB: p.onlyB.map((j) => s(b[j])) };
}

describe('movedKey: the key without the addresses of the subject', () => {
  it('blanks each address and keeps the kind of thing (leaf, L2, block) and the calls', () => {
    expect(movedKey(v('shared-leaf-permissions', 'leaf 0xffffffff80e00000', [PAGING]))).toBe('shared-leaf-permissions|fixup_init|paging_init|(leaf 0x…)');
    expect(movedKey(L2('0xffffffc000a00000'))).toBe(movedKey(L2('0xffffffc000c00000')));
    expect(movedKey(L2('0xffffffc000a00000'))).not.toBe(movedKey(v('bbm-violation', 'L1 0xffffffc000a00000')));
  });

  it('is undefined for a subject without an address and for none: those keys are exact', () => {
    expect(movedKey(v('layout-overlap', 'lowmem/vmalloc'))).toBeUndefined();
    expect(movedKey(v('fixmap-before-relocation', undefined))).toBeUndefined();
  });

  it('two leaves of one trace keep two keys', () => {
    expect(findingKeys([L2('0xffffffc000a00000'), L2('0xffffffc000c00000')])).toEqual([
      'bbm-violation|fixup_init|(L2 0xffffffc000a00000)', 'bbm-violation|fixup_init|(L2 0xffffffc000c00000)',
    ]);
  });
});

describe('pairFindings: exact keys first, then an address that moved', () => {
  const A = '0xffffffc000a00000';
  const C = '0xffffffc000c00000';
  const E = '0xffffffc000e00000';
  const cases: { name: string; a: Verdict[]; b: Verdict[]; pairs: string[][]; onlyA: string[]; onlyB: string[] }[] = [
    { name: 'the same leaf: one pair', a: [L2(A)], b: [L2(A)], pairs: [[`bbm-violation L2 ${A}`, `bbm-violation L2 ${A}`]], onlyA: [], onlyB: [] },
    { name: 'the leaf moved: one pair', a: [L2(A)], b: [L2(C)], pairs: [[`bbm-violation L2 ${A}`, `bbm-violation L2 ${C}`]], onlyA: [], onlyB: [] },
    { name: 'a second leaf goes: it is gone, not paired with the one that stays', a: [L2(A), L2(C)], b: [L2(A)], pairs: [[`bbm-violation L2 ${A}`, `bbm-violation L2 ${A}`]], onlyA: [`bbm-violation L2 ${C}`], onlyB: [] },
    { name: 'a second leaf comes: it is new', a: [L2(C)], b: [L2(A), L2(C)], pairs: [[`bbm-violation L2 ${C}`, `bbm-violation L2 ${C}`]], onlyA: [], onlyB: [`bbm-violation L2 ${A}`] },
    { name: 'both leaves moved: two pairs, in order', a: [L2(A), L2(C)], b: [L2(C), L2(E)], pairs: [[`bbm-violation L2 ${C}`, `bbm-violation L2 ${C}`], [`bbm-violation L2 ${A}`, `bbm-violation L2 ${E}`]], onlyA: [], onlyB: [] },
    { name: 'another level is another thing', a: [L2(A)], b: [v('bbm-violation', `L1 ${A}`)], pairs: [], onlyA: [`bbm-violation L2 ${A}`], onlyB: [`bbm-violation L1 ${A}`] },
    { name: 'other related calls are another finding', a: [L2(A)], b: [v('bbm-violation', `L2 ${C}`, [PAGING])], pairs: [], onlyA: [`bbm-violation L2 ${A}`], onlyB: [`bbm-violation L2 ${C}`] },
    { name: 'another rule is another finding', a: [L2(A)], b: [v('shared-leaf-permissions', `L2 ${C}`)], pairs: [], onlyA: [`bbm-violation L2 ${A}`], onlyB: [`shared-leaf-permissions L2 ${C}`] },
    { name: 'a subject of names that differs is another finding', a: [v('layout-overlap', 'lowmem/vmalloc')], b: [v('layout-overlap', 'lowmem/pkmap')], pairs: [], onlyA: ['layout-overlap lowmem/vmalloc'], onlyB: ['layout-overlap lowmem/pkmap'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pairsOf(c.a, c.b)).toEqual({ pairs: c.pairs, onlyA: c.onlyA, onlyB: c.onlyB });
    });
  }
});

function loaded(file: string, edit: (t: string) => string = (t) => t): BisectSide {
  const r = parseScenario(edit(readFileSync(`${ROOT}/${file}`, 'utf8')), file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return { plugin: r.plugin, scenario: r.scenario };
}
const replayed = (s: BisectSide): Side => {
  const trace = replayWith(s.plugin, s.scenario);
  return { ...s, trace, findings: check(trace, s.plugin) };
};
const editTexts = (r: BisectReport, ids: readonly number[]): string[] => ids.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText);

const V44 = 'scenarios/arm64/v4.4.yaml';
/** v4.4 with another vmlinux section size (config.image, the boot banner's sizes) and no expect: */
const v44 = (image: string): BisectSide => loaded(V44, (t) => t.replace('config:\n  va_bits: 39\n', `config:\n  va_bits: 39\n  image: {${image}}\n`).replace(/^expect:[\s\S]*$/m, ''));

describe('diff: real orders', () => {
  it('arm64 v4.4 against itself: each of fixup_init\'s two split blocks is unchanged, paired with itself', () => {
    const d = diffScenarios(replayed(loaded(V44)), replayed(loaded(V44)));
    expect(d.findings.changed).toEqual([]);
    expect(d.findings.unchanged.filter((u) => u.key.startsWith('bbm-violation|fixup_init|(')).map((u) => [u.a.subject, u.b.subject])).toEqual([
      ['L2 0xffffffc000a00000', 'L2 0xffffffc000a00000'], ['L2 0xffffffc000c00000', 'L2 0xffffffc000c00000'],
    ]);
  });

  it('arm64 v4.4 with .init inside one block: the second block\'s finding is fixed, not paired with the first', () => {
    // .init 0xffffffc000b51000 + 256 KiB ends before 0xffffffc000c00000: fixup_init splits one block
    const d = diffScenarios(replayed(loaded(V44)), replayed(v44('init: 256KiB')));
    expect(d.findings.fixed.map((x) => x.key)).toEqual(['bbm-violation|fixup_init|(L2 0xffffffc000c00000)', 'shared-leaf-permissions|fixup_init|(block 0xffffffc000c00000)']);
    expect(d.findings.unchanged.map((u) => u.key)).toContain('bbm-violation|fixup_init|(L2 0xffffffc000a00000)');
    expect(d.findings.new).toEqual([]);
  });

  it('riscv 5.13-rc5: the BPF image\'s leaf moved by the .data size is changed (moved), not fixed + new', () => {
    const bad = loaded('scenarios/riscv/v5.13-rc5-bpf-after-kernel.yaml');
    const small = loaded('scenarios/riscv/v5.13-rc5-bpf-after-kernel.yaml', (t) => t.replace('data: 3MiB', 'data: 5MiB'));
    const d = diffScenarios(replayed(bad), replayed(small));
    expect(d.findings.new).toEqual([]);
    expect(d.findings.fixed).toEqual([]);
    expect(d.findings.changed.map((c) => [c.key, c.subject])).toEqual([
      ['shared-leaf-permissions|bpf_jit_compile|paging_init|(leaf 0xffffffff80e00000)', ['leaf 0xffffffff80c00000', 'leaf 0xffffffff80e00000']],
    ]);
    expect(d.verdict).toMatchObject({ newErrors: 0, fails: false });
    expect(formatDiffText(d, PLAIN, false)).toContain('moved: leaf 0xffffffff80c00000 → leaf 0xffffffff80e00000; ');
    const json = JSON.parse(formatDiffJson(d)) as { findings: { changed: { subject: unknown }[] } };
    expect(json.findings.changed[0]?.subject).toEqual({ a: 'leaf 0xffffffff80c00000', b: 'leaf 0xffffffff80e00000' });
  });
});

describe('bisect: a finding whose leaf an edit moved is still the finding (review 13a, 3.2)', () => {
  const GOOD = 'scenarios/riscv/v5.14.yaml';
  const BAD = 'scenarios/riscv/v5.13-rc5-bpf-after-kernel.yaml';

  it('5.14 → 5.13-rc5 BPF: the insert and the kernel, not the .data size or STRICT_KERNEL_RWX', () => {
    const r = bisect(loaded(GOOD), loaded(BAD), loadScenarioData);
    expect(r.key).toBe('shared-leaf-permissions|bpf_jit_compile|paging_init|(leaf 0xffffffff80c00000)');
    expect(editTexts(r, r.culprits)).toEqual(['insert bpf_jit_compile after mark_rodata_ro', 'kernel: 5.14 → 5.13-rc5']);
    expect(editTexts(r, r.enabling)).toEqual(['remove setup_initial_init_mm']);
    expect(r.movedTo).toBe('leaf 0xffffffff81200000');
    expect(formatBisectText(GOOD, BAD, r, PLAIN)).toContain('in GOOD with the culprits it is about leaf 0xffffffff81200000');
    expect((JSON.parse(formatBisectJson(GOOD, BAD, r)) as { finding: { subject_in_intermediate: string } }).finding.subject_in_intermediate).toBe('leaf 0xffffffff81200000');
  });

  it('GOOD + those edits, replayed: the BPF leaf finding is there; without the kernel or the insert it is not', () => {
    const order = 'setup_arch: [parse_dtb, early_ioremap_setup, jump_label_init, parse_early_param, efi_init, paging_init, unflatten_device_tree, misc_mem_init, init_resources, sbi_init, kasan_init, setup_smp, riscv_fill_hwcap';
    const run = (kernel: string, bpf: boolean): string[] => {
      const r = parseScenario(`arch: riscv\nkernel: "${kernel}"\n${order}${bpf ? ', bpf_jit_compile' : ''}]\n`, 'i.yaml');
      if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
      return findingKeys(verdicts(replayWith(r.plugin, r.scenario), r.plugin)).filter((k) => k.startsWith('shared-leaf-permissions'));
    };
    // STRICT_KERNEL_RWX on (the default) and 5.14's .data size: the BPF image still lands in the kernel's last leaf
    expect(run('5.13-rc5', true)).toEqual(['shared-leaf-permissions|bpf_jit_compile|paging_init|(leaf 0xffffffff81200000)']);
    expect(run('5.14', true)).toEqual([]);
    expect(run('5.13-rc5', false)).toEqual([]);
  });

  it('a second block split in BAD is its own finding: GOOD\'s one block does not hide it', () => {
    // GOOD splits the block at 0xffffffc000a00000 only; BAD (v4.4's .init) also the one at 0xffffffc000c00000
    const r = bisect(v44('init: 256KiB'), v44('init: 832KiB'), loadScenarioData);
    expect(r.key).toBe('bbm-violation|fixup_init|(L2 0xffffffc000c00000)');
    expect(editTexts(r, r.culprits)).toEqual(['config.image.init: 256KiB → 832KiB']);
    expect(r.movedTo).toBeUndefined();
  });

  it('a finding GOOD has at another address is no finding to bisect', () => {
    // a bigger .data moves the BPF image's leaf, nothing else: GOOD has the finding, moved
    const good = loaded(BAD, (t) => t.replace('data: 3MiB', 'data: 5MiB'));
    expect(() => bisect(good, loaded(BAD), loadScenarioData)).toThrow(/BAD has no finding that GOOD lacks or has less severe: nothing to bisect/);
    expect(() => bisect(good, loaded(BAD), loadScenarioData, 'shared-leaf-permissions')).toThrow(/GOOD has shared-leaf-permissions .* too \(an error in both\): nothing to bisect/);
  });
});
