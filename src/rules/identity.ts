/**
 * The identity of a finding across variants, edits and runs, never step
 * numbers or lines, which shift with every edit. `diff` (besides its order
 * alignment), baselines, `bisect`, the replay engine and SARIF
 * partialFingerprints all match findings by it.
 *
 * A finding's key is `rule|culprit|related…` (but related steps that are
 * only examples of its effect, Verdict.related), then `|(subject)` when the rule
 * names one (Verdict.subject: the regions that overlap, the entry that
 * changes), calls by name (`dmi_scan_machine`, an implicit step as
 * `head_32@0`). Calls are named without their occurrence number on purpose:
 * inserting a second dmi_scan_machine before the first must not rename the
 * untouched call's finding to dmi_scan_machine#2 (which made it new in
 * baselines and fixed + new in SARIF). When several findings of one replay
 * share a key, they are told apart by their order: the second is `KEY|#2`,
 * the third `KEY|#3`. Adding a duplicate that has the same finding then
 * counts one new finding, as it should, whichever of the two it names.
 *
 * A subject may hold an address (`leaf 0xffffffff80e00000`, `L2 0x…`): it
 * tells apart two findings of one trace, but an edit of the layout (a bigger
 * kernel image, another config) moves it. movedKey is the key without those
 * addresses; src/compare/findings.ts pairFindings falls back on it for what
 * the exact keys leave unpaired, so two findings of one side stay two.
 */
import type { StepRef } from '../replay/trace.js';
import type { CallRef } from '../scenario/order-edit.js';
import type { Verdict } from './types.js';

/**
 * The call each step is, by name and occurrence among the setup_arch() calls
 * (vmi_init#2 is the second vmi_init); an implicit step is its name, once.
 * What `expect:`/`allow:` entries and `patch:` name (not part of the key).
 * The occurrences are counted in one pass over the steps, so each lookup is
 * O(1) (a scan per finding made gating 10,000 findings quadratic).
 * @param steps the trace's steps
 * @returns step → { name, occurrence } (1 for an implicit or unknown step)
 */
export function stepCallRefs(steps: readonly StepRef[]): (step: StepRef) => CallRef {
  const occurrence = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const s of steps) {
    if (s.implicit) continue;
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    occurrence.set(s.index, n);
  }
  return (step) => ({ name: step.name, occurrence: step.implicit ? 1 : occurrence.get(step.index) ?? 1 });
}

function callOf(step: StepRef): string {
  return step.implicit ? `${step.name}@0` : step.name;
}

/**
 * The key of a finding before it is told apart from equal ones:
 * "fixmap-before-relocation|dmi_scan_machine|vmi_init", or with a subject
 * "layout-overlap|find_low_pfn_range|e820_end_of_ram_pfn|(lowmem/vmalloc)".
 */
export function baseKey(f: Verdict): string {
  // appended, not an array joined: one key per finding, 10,000s in a big file
  let calls = `${f.rule}|${callOf(f.step)}`;
  for (const r of f.related) if (r.example !== true) calls += `|${callOf(r.step)}`;
  return f.subject === undefined ? calls : `${calls}|(${f.subject})`;
}

/** An address in a subject, as the rules write one (units.ts hex: lowercase 0x…). */
const ADDRESS = /0x[0-9a-f]+/g;

/**
 * The key of a finding with the addresses of its subject left out
 * ("shared-leaf-permissions|bpf_jit_compile|paging_init|(leaf 0x…)"), or
 * undefined when its subject holds no address (then baseKey is all there is).
 * Two findings with the same movedKey are the same rule at the same calls
 * about a thing of the same kind (a leaf, a level-2 entry) at another address.
 */
export function movedKey(f: Verdict): string | undefined {
  if (f.subject === undefined) return undefined;
  const subject = f.subject.replace(ADDRESS, '0x…');
  return subject === f.subject ? undefined : baseKey({ ...f, subject });
}

/**
 * The keys of every finding of one replay, in their order: baseKey, with
 * `|#k` for the k-th (k ≥ 2) finding whose baseKey an earlier one has.
 * @param findings all findings (or verdicts) of one replay, in report order
 */
export function findingKeys(findings: readonly Verdict[]): string[] {
  // one finding has no equal to be told apart from (the orders the replay engine judges have one or two): no map
  if (findings.length === 1) return [baseKey(findings[0] as Verdict)];
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = baseKey(f);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}|#${n}`;
  });
}

/** The calls a key names, for people: "dmi_scan_machine, vmi_init", an implicit step as "head_32 (before setup_arch)". */
export function keyCalls(key: string): string[] {
  return key.split('|').slice(1).filter((c) => !c.startsWith('(') && !c.startsWith('#')).map((c) => c.replace(/@0$/, ' (before setup_arch)'));
}
