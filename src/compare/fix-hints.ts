/**
 * Verified fix hints (issue "fidelity" kind 8, "reasoning" item 2): before a
 * fix is printed, the edited order is replayed on the same machine; the fix
 * is printed only if it removes the finding without adding an error. The
 * candidates are every single-call move of the calls the finding names (its
 * culprit and related steps), then, when none works, moves of two calls; the
 * best is the one that leaves the fewest errors, then warnings, and jumps
 * over the fewest calls with an effect. A call the finding names as missing
 * (Finding.setters) that the order lacks is inserted at every position
 * instead, before the pairs are tried, and placed right after the last step
 * that sets what it reads (searchInsertions). When nothing works the hint
 * says so and why (what each position of each call breaks), followed by the
 * rule's own remedy. A finding whose rule has shown that no order removes it
 * (Finding.noOrderFix) is not searched: the rule's remedy is its fix.
 */
import { MISSING_PREREQUISITE } from '../rules/missing-prerequisite.js';
import { isNeed, isValueSet, type StepRef } from '../replay/trace.js';
import { findingKeys } from '../rules/identity.js';
import type { Finding, Verdict } from '../rules/types.js';
import { applyEditsToNames, editText, indexOfRef, refAt, type OrderEdit } from '../scenario/order-edit.js';
import type { Step } from '../scenario/types.js';
import { moveTo, type ReplayEngine } from './engine.js';
import { BudgetError, errorKeys, findingStays, judge, JudgedWork, KeptFindings, MAX_KEPT_FINDINGS, MAX_PLANNED_STEPS, MoveTable, orderTooLong, type Judgement } from './judge.js';
import { commutingOn, distinctSlots } from './commuting-slots.js';
import { moveEdit, movesToReach } from './move-edits.js';
import { displacement, restOf, slotRangeText, stepLabel } from './slot-text.js';

/**
 * Pair moves tried for one finding at most (each is one replay), unless the
 * whole search fits in WHOLE_PAIR_SEARCH_REPLAYS (searchPairs). The likely
 * pairs come first (a call of the finding where it alone removes it, with a
 * call that blocked that move). Measured at 73a1e34: of the 31 pair searches
 * of `run scenarios/ -f json` none finds a fix, and the one pair fix of the
 * test fixtures (2.6.27-rc1-scrambled-memory-setup) is found at the 5th
 * replay; the failing searches of the 59-call x86 orders, 1,500 replays
 * each, were half of that run's time. 500 leaves every likely pair of most
 * findings tried.
 */
export const MAX_PAIR_REPLAYS_PER_FINDING = 500;
/**
 * Pair moves within which the pair search of one finding runs to the end,
 * budget or not, and says a definite "no move of two of these calls": every
 * pair of four calls of a 20-call order (arm64, riscv) is about 2,700
 * replays; of a 59-call x86 order, about 21,000, which the budget bounds.
 */
export const WHOLE_PAIR_SEARCH_REPLAYS = 3_000;
/**
 * Replayed steps (replays times calls) for the fix hints of one file, all
 * findings of all its searched variants together, shared evenly between the
 * variants (the same share in every shard; a file of one scenario gets it
 * all). The searches keep every judged order (pairs of several findings share
 * them), so without a bound an order of 100 calls with many findings ran the
 * heap out (74 s, then out of memory).
 *
 * Sized in time (review 17b 2.4): 4,000,000 per file was about 10 s of CPU
 * for a 5 KB file (an rc1 VMI order with 59 inserted calls, 118 calls and 61
 * findings, in a 16-memory matrix). Measured at e13ce82 (CPU time of the
 * search alone, on the 2-CPU machine with other work on it): a step costs
 * 1.9 to 10 µs on the x86 orders of 55 to 120 calls (4.6 µs on that
 * 118-call order), and up to about 36 µs on short orders whose every replay
 * is costly (21 calls of arm64 v4.4 with KASAN and DEBUG_RODATA, 32 µs; 16 of
 * riscv 5.12, 36 µs; 34 of x86 2.6.26 native PAE, 36 µs). 120,000 steps is
 * then about 0.5 s on a long x86 order and at most about 4 s on the costliest
 * short ones, and it is what the shipped scenarios need: the most,
 * 2.6.33-reservetop, replays 88,841 steps; the three findings of arm64
 * v4.4-debug-rodata-kasan each end in a whole pair search of 2,694 replays of
 * 21 calls, which the limit must leave room for (at 100,000 the last two
 * stopped at 2,427 and 2,207); each variant of rc3-fix-matrix needs 10,325
 * (its 10 variants get 12,000 each). No shipped hint changed with it.
 * `run -v` of that 118-call order went from 3.5 to 1.4 s of CPU, and of
 * its 16-variant matrix from 9.1 to 0.5 s. (History: those figures are of
 * e13ce82. 2.6.33-reservetop now reaches this limit (at de511fa too), and the
 * costly short orders are bounded by MAX_FIX_EVENTS_PER_FILE instead.)
 */
export const MAX_FIX_STEPS_PER_FILE = 120_000;
/** Replayed steps for the fix hints of one scenario: the whole file's (MAX_FIX_STEPS_PER_FILE), when it is alone. */
export const MAX_FIX_STEPS_PER_SCENARIO = MAX_FIX_STEPS_PER_FILE;
/**
 * The work of the fix hints of one file, in trace events and findings: a
 * search of an order of `calls` calls whose own replay has `events` events
 * and `findings` findings may replay MAX_FIX_EVENTS_PER_FILE × calls /
 * (events + findings) steps (and never more than MAX_FIX_STEPS_PER_FILE). A
 * step is a poor measure of time on its own: a step of arm64 v4.4 with KASAN
 * and DEBUG_RODATA (88 events in 21 calls) cost 13 µs in its search, one of
 * the 73-call x86 2.6.28-rc8 order (89 events) 1 µs, so 120,000 steps were
 * 0.15 s on one and 1.6 s on the other, and a 512-variant arm64 matrix spent
 * 1.1 s of its 2.9 s with -f json in searches that each stopped at their
 * share (helper-191 2). Counted in the events of the order's own replay, the
 * shipped searches cost 0.8 to 4.8 µs per event (measured at de511fa, `run
 * scenarios/ -f json`, 2-CPU machine); the findings count too, since every
 * judged order builds and compares its verdicts: a 120-call order with 506
 * events and 336 findings cost 8 µs per event (break-194 2). 230,000 is what
 * the shipped scenarios need (arm64 v4.4 with KASAN, 88 events and 8
 * findings in 21 calls, gets 50,312 steps; at 200,000 two of its whole pair
 * searches stopped early) and about a second of search at most.
 */
export const MAX_FIX_EVENTS_PER_FILE = 230_000;
/**
 * Variants of one file whose fix hints a run searches, in the order the run
 * picked them (the same in every shard). Each search builds the table of
 * every single move of its order first, and the rc1 order's takes 40 to 60
 * ms with its findings, so a matrix of 277 variants took 9 s with -f json
 * (16: about a second); the later variants say how to get theirs (name the
 * variant).
 */
export const MAX_FIX_VARIANTS_PER_FILE = 16;

/**
 * One variant's share of its file's fix search: MAX_FIX_STEPS_PER_FILE and
 * MAX_FIX_EVENTS_PER_FILE divided by the `count` variants a run picked of the
 * file (the same share in every shard). Every variant takes its share, the
 * ones past MAX_FIX_VARIANTS_PER_FILE included, though they are not searched:
 * a file of many variants has spent its time replaying them (a 512-variant
 * matrix of arm64 v4.4 takes 0.7 s in text), so its searches get less: the
 * searches of a file together take at most min(count, 16)/count of the budget.
 */
export interface FixBudget {
  /** replayed steps (replays × calls) */
  readonly steps: number;
  /** trace events and findings' worth of replayed steps, converted with the order's own replay */
  readonly events: number;
  /** the variants that share the file's budget */
  readonly variants: number;
}

/** The fix search budget of each of `count` variants a run picked of one file (FixBudget). */
export function fixBudgetOf(count: number): FixBudget {
  const variants = Math.max(1, count);
  return { steps: Math.floor(MAX_FIX_STEPS_PER_FILE / variants), events: Math.floor(MAX_FIX_EVENTS_PER_FILE / variants), variants };
}

/**
 * The replayed steps a budget leaves the fix search of one order, and how
 * that limit is said when a search reaches it: its step share, or its
 * events converted at the `events` (trace events and findings) of the order's
 * own replay in `calls` calls, whichever is less.
 */
export function fixStepsOf(budget: FixBudget, calls: number, events: number): { readonly maxSteps: number; readonly limitText: string } {
  const perEvents = Math.floor(budget.events * calls / Math.max(1, events));
  const of = budget.variants === 1 ? 'its limit' : `its share of the file's, for its ${budget.variants} variants`;
  if (budget.steps <= perEvents) {
    return { maxSteps: budget.steps, limitText: budget.variants === 1 ? of : `${of}: ${MAX_FIX_STEPS_PER_FILE} steps in all` };
  }
  const total = budget.variants === 1 ? '' : ` (${MAX_FIX_EVENTS_PER_FILE} in all)`;
  return { maxSteps: perEvents, limitText: `${of}: ${budget.events} events and findings' worth${total}, and this order's own replay has ${events} in ${calls} calls` };
}

/**
 * Why the fix hints of the variant at `index` (0-based) of the `count` a run
 * picked from its file are not searched, or undefined when they are.
 */
export function fixSearchSkipped(index: number, count: number, variant: string | undefined): string | undefined {
  if (index < MAX_FIX_VARIANTS_PER_FILE) return undefined;
  const pick = variant === undefined ? '' : `; name it (file.yaml[${variant}]) to search its fixes`;
  return `no fix was searched: fixes are searched for the first ${MAX_FIX_VARIANTS_PER_FILE} variants of a file a run picks, and this is variant ${index + 1} of ${count}${pick}`;
}
/** Calls whose pairs are tried: the finding's own calls first, then the calls that block them. */
export const MAX_PAIR_CALLS = 4;
/** Runs of positions described when explaining why no move works. */
export const MAX_RUNS_EXPLAINED = 4;

/** A verified order change and what the replay left. */
export interface VerifiedFix {
  readonly edits: readonly OrderEdit[];
  readonly result: Judgement;
  /** edits in words, with the step numbers of the scenario's own order */
  readonly text: string;
}

export type FixSearch =
  | { readonly found: true; readonly fix: VerifiedFix; readonly replays: number }
  | { readonly found: false; readonly why: string; readonly replays: number };

interface Candidate {
  readonly order: readonly Step[];
  readonly moved: ReadonlySet<Step>;
  readonly result: Judgement;
  readonly cost: number;
  /** positions moved over, calls with an effect or not (the last tie-break) */
  readonly distance: number;
  /** 1 when the call moves later: of two moves that give the same order (a swap), the one that moves a call earlier reads as the kernel's fixes do ("vmi_init before early_ioremap_init") */
  readonly later: number;
  /** for single moves: the edit anchored the way people read it */
  readonly edit?: OrderEdit;
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  return (a.result.errors - b.result.errors || a.result.warnings - b.result.warnings
    || a.result.harmless - b.result.harmless || a.cost - b.cost || a.distance - b.distance || a.later - b.later) < 0;
}

/**
 * Whether an order fixes the finding `key`: the finding is gone, no new error
 * appears, and no new missing-prerequisite finding either, warning or not: a
 * fix never breaks what a call reads (issue 5: an order that drops the e820
 * map under mem= or DMI's quirk tables is no fix, even where it does no harm).
 * The one exception is an inserted call's own harmless input (addedBlockers).
 * @param before keys of the original order's findings (prerequisites already missing there may stay)
 * @param inserted the call an insertion adds (one the scenario's order lacks), if the order is one
 */
function fixes(j: Judgement, key: string, errorsBefore: ReadonlySet<string>, before: ReadonlyMap<string, Verdict>, inserted?: string): boolean {
  return !findingStays(j, key, before.get(key)) && addedBlockers(j, errorsBefore, before, inserted).length === 0;
}

/**
 * What an order adds that keeps it from being a fix (fixes()): a new error,
 * or a new missing-prerequisite finding of any severity, except a harmless
 * one (Verdict.harmless: the rule says the missing input changes nothing on
 * this machine) of the `inserted` call itself.
 *
 * Why that one may stay: a call that is in the order and is moved before an
 * input breaks what it reads on the machines where the input matters, which
 * the order did not do (issue 5: parse_early_param moved before
 * setup_memory_map loses mem= on every machine that has it, even when this
 * one has none). An inserted call was not in the order at all: what it does
 * was missing on every machine, its readers' findings say so. Inserted where
 * one of its inputs comes later, it does its work everywhere that input does
 * not matter, and where it matters it misses the input as the order missed
 * the whole call: the order loses nothing any machine had. So 2.6.28's
 * dmi_scan_machine, put back before dmi_check_system (setup.c:906-908 at
 * 4a6908a3a05), is a fix although it runs before efi_init: harmless on a BIOS
 * machine, and the release itself has it (ff0c0874905 moved efi_init first in
 * 2.6.29-rc8); the hint says the warning stays. Only a harmless one: a
 * warning the model cannot judge (DMI's quirk tables, a machine-specific
 * need) or an error still refuses the place, and places without the warning
 * rank first (better(): fewer warnings, then fewer harmless ones).
 * `suggest` labels a window's move a fix by the same check (compare/suggest.ts).
 */
export function addedBlockers(j: Judgement, errorsBefore: ReadonlySet<string>, before: ReadonlyMap<string, Verdict>, inserted?: string): Verdict[] {
  const out: Verdict[] = [];
  for (const [k, v] of j.findings) {
    if (v.severity === 'error' && !errorsBefore.has(k)) out.push(v);
    else if (v.rule === MISSING_PREREQUISITE && !before.has(k) && !missingBefore(v, before) && !(v.harmless === true && v.step.name === inserted)) out.push(v);
  }
  return out;
}

/**
 * Whether the order itself already misses what the missing-prerequisite `v`
 * says its call misses (same call, same subject), under another identity: the
 * move breaks no read the order had. With a late noefi the order's error names
 * no setter (efi_init is skipped there, so nothing sets efi), and once the move
 * puts dmi_scan_machine after parse_early_param the same missing input is a
 * harmless warning that names efi_init (break-290 F4).
 */
function missingBefore(v: Verdict, before: ReadonlyMap<string, Verdict>): boolean {
  if (v.subject === undefined) return false;
  for (const b of before.values()) {
    if (b.rule === v.rule && b.step.name === v.step.name && b.subject === v.subject) return true;
  }
  return false;
}

function resultText(j: Judgement): string {
  const warnings = [...j.findings.values()].filter((v) => v.severity === 'warning');
  const w = warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${[...new Set(warnings.map((v) => v.rule))].join(', ')})`;
  if (j.errors === 0) return `replayed: no error left${w}`;
  // the errors left are the scenario's others (a fix adds none): say which, not a fraction
  const left = [...new Set([...j.findings.values()].filter((v) => v.severity === 'error').map((v) => v.rule))].join(', ');
  return `replayed: removes it and adds no error; ${j.errors === 1 ? 'the other error stays' : `${j.errors} other errors stay`} (${left})${w}`;
}

/**
 * Whether the best move for a warning (or info) is tangled with the order's
 * errors: errors stay after it, and it moves a call that an error of the
 * order names (its culprit or a related step). Such a move works on the same
 * calls as the errors' own fixes, which may move them the other way (a
 * define:d reserve_top_address() after paging_init: the warning's move puts
 * vmi_init after it, the errors' fix puts it before vmi_init), so it is no
 * fix to follow while they stand. A move of a call no error names (efi_init
 * before dmi_scan_machine beside a stale-early-ioremap of dmi_scan_machine),
 * or the insertion of a call the order lacks, is still offered, saying which
 * errors stay.
 */
function entangled(best: Candidate, base: readonly Step[], own: Judgement): boolean {
  if (best.result.errors === 0) return false;
  const named = new Set<number>();
  for (const v of own.findings.values()) if (v.severity === 'error') for (const i of involvedPositions(v)) named.add(i);
  return [...best.moved].some((st) => named.has(base.indexOf(st)));
}

/**
 * Why a warning (or info) gets no order move: the move that removes it is
 * tangled with the order's errors (entangled). Names the best move and the
 * errors it leaves.
 */
function errorsFirst(best: Candidate, base: readonly Step[]): string {
  const edits = best.edit !== undefined ? [best.edit] : movesToReach(base, best.order, best.moved, (s) => s.call);
  const names = base.map((st) => st.call);
  const move = edits.map((e) => editLabel(e, base, names)).join(', then ');
  const left = [...new Set([...best.result.findings.values()].filter((v) => v.severity === 'error').map((v) => v.rule))].join(', ');
  const n = best.result.errors;
  return `no order change is proposed for it while the order's errors stand: the best move that removes it (${move}) moves a call they name and leaves ${n === 1 ? 'an error' : `${n} errors`} (${left}); fix the errors first (see their fixes) and replay`;
}

/**
 * "move vmi_init (step 35) after find_low_pfn_range (step 21)": the edit with the scenario's step numbers.
 * @param before the step names in the order this edit applies to (after the edits before it), to tell
 *   a move up to its anchor ("right after") from one across it
 */
function editLabel(e: OrderEdit, order: readonly Step[], before: readonly string[]): string {
  if (e.op !== 'move' && e.op !== 'insert') return editText(e);
  const find = (name: string, occurrence: number): Step | undefined => order.filter((s) => s.call === name)[occurrence - 1];
  const anchor = find(e.anchor.name, e.anchor.occurrence);
  const text = editText(e);
  if (anchor === undefined) return text;
  const anchorText = `${stepLabel(anchor)}${e.anchor.occurrence > 1 ? ` (#${e.anchor.occurrence})` : ''}`;
  if (e.op === 'insert') return `insert ${e.call} ${e.where} ${anchorText}`;
  const call = find(e.call.name, e.call.occurrence);
  if (call === undefined) return text;
  // a call already after its anchor moves up to it ("move reserve_early_setup_data (step 13) after parse_early_param
  // (step 11)" read as a move that changes nothing: review 13a, 4.4); the same for one already before it
  const from = indexOfRef(before, e.call);
  const to = indexOfRef(before, e.anchor);
  const already = from >= 0 && to >= 0 && (e.where === 'after' ? from > to : from < to);
  return `move ${stepLabel(call)}${e.call.occurrence > 1 ? ` (#${e.call.occurrence})` : ''} ${already ? 'right ' : ''}${e.where} ${stepLabel(anchor)}`;
}

/** The calls a finding names that can move (not the implicit steps before setup_arch), as positions in the order. */
export function involvedPositions(f: { readonly step: StepRef; readonly related: readonly { readonly step: StepRef; readonly example?: boolean }[] }): number[] {
  const out: number[] = [];
  // a related step that is only an example of the effect (Verdict.related) is no call to move
  for (const s of [f.step, ...f.related.filter((r) => r.example !== true).map((r) => r.step)]) {
    if (!s.implicit && !out.includes(s.index - 1)) out.push(s.index - 1);
  }
  return out;
}

/**
 * Searches a verified order change for one finding of the engine's scenario.
 *
 * @param key the finding's key among all findings of the scenario (findingKeys)
 * @param table single-move judgements of the scenario (shared between findings)
 */
export function searchFix(table: MoveTable, finding: Finding, key = findingKeys([finding])[0] ?? '', maxPairReplays = MAX_PAIR_REPLAYS_PER_FINDING, cap = Number.POSITIVE_INFINITY): FixSearch {
  const { engine } = table;
  const base = engine.base;
  const replaysBefore = engine.replays;
  const errorsBefore = new Set(errorKeys(table.own));
  const involved = involvedPositions(finding);
  const effect = (call: string): boolean => engine.hasEffect(call);
  if (involved.length * base.length * base.length > MAX_PLANNED_STEPS) {
    return { found: false, why: `no fix was searched: moving ${involved.length} calls through a ${base.length}-call order is more than the limit of ${MAX_PLANNED_STEPS} replayed steps`, replays: 0 };
  }

  let best: Candidate | undefined;
  for (const from of involved) {
    const slots = table.slots(from);
    const ok = slots.map((j, k) => k !== from && fixes(j, key, errorsBefore, table.own.findings));
    ok.forEach((good, k) => {
      if (!good) return;
      const j = slots[k] as Judgement;
      const item = base[from] as Step;
      const cand: Candidate = {
        order: table.orderAt(from, k), moved: new Set([item]), result: j,
        cost: displacement(base, from, k, effect), distance: Math.abs(k - from), later: k > from ? 1 : 0, edit: moveEdit(base.map((s) => s.call), from, k, anchorSide(ok, k)),
      };
      if (better(cand, best)) best = cand;
    });
  }
  // a call the finding names as missing that the order lacks: no move brings it in, an insertion may. Tried
  // even when a move works, since such a move often only hides the finding (riscv 5.14 without paging_init:
  // misc_mem_init before parse_dtb allocates nothing, so it faults nowhere, and 4 errors stay); the better
  // of the two wins (fewest errors, then warnings, then the smaller change: better())
  const inserts = searchInsertions(table, finding, key, errorsBefore);
  if (inserts?.best !== undefined && better(inserts.best, best)) best = inserts.best;
  let pairNote = '';
  if (best === undefined && involved.length > 0) {
    // what the finding's own single moves and insertions left of the cap (break-194 1: given the whole cap again, one
    // finding could spend twice what was left, and 2.6.33-reservetop replayed 125,195 steps of its 120,000)
    const left = Math.max(0, cap - (engine.replays - replaysBefore));
    const pair = searchPairs(table, key, errorsBefore, involved, maxPairReplays, Math.min(left, Math.floor(MAX_PLANNED_STEPS / Math.max(1, base.length))));
    best = pair.best;
    pairNote = pair.note;
  }
  const replays = engine.replays - replaysBefore;
  if (best !== undefined && finding.severity !== 'error' && entangled(best, base, table.own)) {
    return { found: false, why: errorsFirst(best, base), replays };
  }
  if (best !== undefined) {
    const edits = best.edit !== undefined ? [best.edit] : movesToReach(base, best.order, best.moved, (s) => s.call);
    const labels: string[] = [];
    let names = base.map((st) => st.call);
    for (const e of edits) {
      labels.push(editLabel(e, base, names));
      const next = applyEditsToNames(names, [e]);
      if (next.ok) names = next.order;
    }
    const text = `${labels.join(', then ')}; ${resultText(best.result)}`;
    return { found: true, fix: { edits, result: best.result, text }, replays };
  }
  const names = involved.map((i) => stepLabel(base[i] as Step));
  const insertWhy = inserts.why !== '' ? inserts.why : undefined;
  if (names.length === 0) {
    if (insertWhy !== undefined) return { found: false, why: `${insertWhy}: insert it together with the calls it needs (not replayed)`, replays };
    // the calls the finding names as missing are all in the order: the claim below would not hold
    const present = [...new Set(finding.setters ?? [])];
    if (present.length > 0) return { found: false, why: `no call of setup_arch() is involved, and ${present.join(' and ')}, which would provide what it lacks, ${present.length === 1 ? 'is' : 'are'} in the order already: no order change was tried`, replays };
    return { found: false, why: 'no call of setup_arch() is involved: this is not an ordering problem', replays };
  }
  const why = involved.map((from) => `${(base[from] as Step).call}: ${whyNot(table, from, key, errorsBefore)}`).join('. ');
  return { found: false, why: `no single move of ${names.join(' or ')} removes it without adding an error or a missing prerequisite (${why})${pairNote}${insertWhy !== undefined ? `; ${insertWhy}` : ''}`, replays };
}

/**
 * Insertions of the calls a finding names as missing (Finding.setters, from
 * the rule or the plug-in, each a call of this kernel's catalog) that the
 * order does not name: each at every position, replayed and judged like a
 * move. The best is the one that leaves the fewest errors, then warnings,
 * then harmless warnings; among those, the place right after the last step
 * that sets what the call reads (insertionsOf; the start of setup_arch() when
 * no step does) or the nearest after it, and only when no place from there
 * on works, the nearest before it.
 *
 * Why not the place nearest the finding, as before: an inserted call also
 * provides for the calls after it, and a model that gives a call no effect
 * knows nothing of what it reads. Put as late as the finding allowed, 2.6.26's
 * paging_init went after sparse_init and zone_sizes_init ("none" in the
 * model), which allocate from bootmem through the page tables it builds
 * (setup_32.c:848-877 at bce7f793dae); put as early as a finding before
 * setup_arch() allowed (head_32), 2.6.28's find_low_pfn_range went before
 * mtrr_trim_uncached_memory and the second e820_end_of_ram_pfn, so
 * max_low_pfn came from the untrimmed max_pfn (setup.c:938-949 at
 * 4a6908a3a05). Right after its last input the call reads final values and
 * is not put past calls that may read what it provides: after the second
 * e820_end_of_ram_pfn, the kernel's place, for find_low_pfn_range; after
 * vmi_init ("before kernel pagetables are setup") for paging_init, where the
 * kernel also has kvm_guest_init and smp_alloc_memory first. (Right before
 * the first step that reads what it provides would put a call that reads
 * nothing past the calls whose reading the model does not know: 2.6.36's
 * find_smp_config after initmem_init, which it precedes to "Find and
 * reserve possible boot-time SMP configuration" (setup.c:935-938 and 1002 at
 * f6f94e2ab1b; reserve_early_overlap_ok, mpparse.c:660, 689) before bootmem
 * hands memory out.) The place depends on the call and the order only, not
 * on the finding, so every finding one missing call causes gets the same
 * place wherever that place fixes it.
 * @returns the best verified insertion, or why none works (empty when there is nothing to insert)
 */
function searchInsertions(table: MoveTable, finding: Finding, key: string, errorsBefore: ReadonlySet<string>): { best: Candidate | undefined; why: string } {
  const base = table.engine.base;
  const missing = [...new Set(finding.setters ?? [])].filter((c) => !base.some((s) => s.call === c));
  let best: Candidate | undefined;
  const whys: string[] = [];
  for (const call of missing) {
    const { orders, judged, after } = insertionsOf(table, call, finding.pos);
    const ok = judged.map((j) => fixes(j, key, errorsBefore, table.own.findings, call));
    ok.forEach((good, k) => {
      if (!good) return;
      const order = orders[k] as Step[];
      // from `after` on, the nearer the better; before it, worse than any place from there on
      const distance = k >= after ? k - after : base.length + after - k;
      const cand: Candidate = { order, moved: new Set([order[k] as Step]), result: judged[k] as Judgement, cost: 0, distance, later: 0, edit: insertEdit(base, call, k, ok, after) };
      if (better(cand, best)) best = cand;
    });
    if (!ok.includes(true)) whys.push(`no single insertion of ${call} removes it without adding an error or a missing prerequisite (${call}: ${runsText(judged.map((j) => statusOf(j, key, errorsBefore, table.own.findings, call)), base)})`);
  }
  return { best, why: best !== undefined ? '' : whys.join('; ') };
}

/** The insertions of one call into one scenario's order (insertionsOf). */
interface Insertions {
  /** orders[k]: the call inserted before base[k] (k = base.length: at the end) */
  readonly orders: readonly (readonly Step[])[];
  readonly judged: readonly Judgement[];
  /**
   * the position right after the last step of the order that sets a value
   * the call reads on this machine; 0 when no step does (a value set before
   * setup_arch(), or none)
   */
  readonly after: number;
}

/** Insertions already judged, per table and call: every finding the same missing call causes shares them. */
const insertionCache = new WeakMap<MoveTable, Map<string, Insertions>>();

/**
 * Every insertion of `call` into the scenario's order, judged, and where its
 * inputs are ready. What the call reads on this machine comes from its own
 * `need` events in one replay (at the end of the order: every step is before
 * it), which steps set it from the `value-set` events of the scenario's own
 * trace: generic trace events that every architecture's catalog emits for
 * its needs and sets.
 */
function insertionsOf(table: MoveTable, call: string, pos: Step['pos']): Insertions {
  let perTable = insertionCache.get(table);
  if (perTable === undefined) {
    perTable = new Map();
    insertionCache.set(table, perTable);
  }
  const known = perTable.get(call);
  if (known !== undefined) return known;
  const { engine } = table;
  const base = engine.base;
  const orders: Step[][] = [];
  const judged: Judgement[] = [];
  for (let k = 0; k <= base.length; k++) {
    const near = base[Math.min(k, base.length - 1)];
    const step: Step = { call, note: undefined, index: k + 1, pos: near?.pos ?? pos };
    const order = [...base.slice(0, k), step, ...base.slice(k)];
    orders.push(order);
    // not judgeOrder: its cache knows the scenario's own steps only
    judged.push(judge(engine, order));
  }
  const reads = new Set<string>();
  for (const e of engine.trace(orders[base.length] as Step[]).events) if (isNeed(e) && !e.step.implicit && e.step.name === call) reads.add(e.value);
  // a step's index is its 1-based position (0 before setup_arch()): right after step i is position i
  let after = 0;
  for (const e of engine.trace(base).events) if (isValueSet(e) && reads.has(e.value) && e.step.index > after) after = e.step.index;
  const out: Insertions = { orders, judged, after };
  perTable.set(call, out);
  return out;
}

/**
 * The insertion of `call` at position k (before base[k]): right after its
 * last input (`after` > 0), anchored after that step ("after
 * e820_end_of_ram_pfn (#2)", the reason for the place); else like anchorSide,
 * on the call that closes the run of good places.
 */
function insertEdit(base: readonly Step[], call: string, k: number, ok: readonly boolean[], after: number): OrderEdit {
  const names = base.map((s) => s.call);
  const side = k === after ? 'after' : anchorSide(ok, k);
  if (k >= base.length || (side === 'after' && k > 0)) return { op: 'insert', call, where: 'after', anchor: refAt(names, k - 1) };
  return { op: 'insert', call, where: 'before', anchor: refAt(names, k) };
}

/**
 * At the lower edge of a run of good slots, anchor after the call that closes
 * it from below (the prerequisite); at the upper edge, before the call that
 * closes it from above; inside a run, on the call it jumps over.
 */
function anchorSide(ok: readonly boolean[], k: number): 'after' | 'before' | 'nearest' {
  if (k > 0 && ok[k - 1] !== true) return 'after';
  if (k < ok.length - 1 && ok[k + 1] !== true) return 'before';
  return 'nearest';
}

/** What each position of a call does to the finding, as runs: "before X: adds missing-prerequisite; after X: it stays". */
function whyNot(table: MoveTable, from: number, key: string, errorsBefore: ReadonlySet<string>): string {
  return runsText(table.slots(from).map((j) => statusOf(j, key, errorsBefore, table.own.findings)), restOf(table.engine.base, from));
}

/** What an order does to the finding `key`: "the finding stays", "adds missing-prerequisite (warning)", "removes it". */
function statusOf(j: Judgement, key: string, errorsBefore: ReadonlySet<string>, before: ReadonlyMap<string, Verdict>, inserted?: string): string {
  if (findingStays(j, key, before.get(key))) return 'the finding stays';
  // what fixes() refused it for: a new error, or a new missing prerequisite (a warning too)
  const bySeverity = new Map<string, Set<string>>();
  // a finding of the finding's own rule that the order adds is another one (other calls, another subject): said with
  // where it is, so that "adds layout-overlap" never reads as the move adding the very finding it removes
  const own = (before.get(key) as Verdict | undefined)?.rule;
  for (const v of addedBlockers(j, errorsBefore, before, inserted)) {
    const name = v.rule === own ? `another ${v.rule} (at ${v.step.implicit ? `${v.step.name}, before setup_arch` : v.step.name})` : v.rule;
    const sev = bySeverity.get(name) ?? new Set<string>();
    sev.add(v.severity);
    bySeverity.set(name, sev);
  }
  // a rule's errors by name alone (they are what a fix may never add); a new missing prerequisite that is only a warning, said so
  const added = [...bySeverity].map(([rule, sev]) => (!sev.has('error') ? `${rule} (${[...sev].join(', ')})` : sev.size > 1 ? `${rule} (error and ${[...sev].filter((x) => x !== 'error').join(', ')})` : rule));
  return added.length === 0 ? 'removes it' : `adds ${added.join(' and ')}`;
}

/** Statuses of the slots of `rest` (slot k before rest[k]) as runs: "before X: adds …; after X: it stays". */
function runsText(status: readonly string[], rest: readonly Step[]): string {
  const runs: string[] = [];
  let lo = 0;
  for (let k = 1; k <= status.length; k++) {
    if (k < status.length && status[k] === status[lo]) continue;
    runs.push(`${status.length === 1 || (lo === 0 && k === status.length) ? 'anywhere' : slotRangeText(rest, lo, k - 1)} ${status[lo] ?? ''}`);
    lo = k;
  }
  const shown = runs.slice(0, MAX_RUNS_EXPLAINED);
  return shown.join('; ') + (runs.length > shown.length ? `; … (${runs.length - shown.length} more)` : '');
}

/**
 * Calls worth moving together: the finding's own, then those that block a
 * single move: named by what fixes() refused it for (a new error, or a new
 * missing prerequisite, a warning too) at a position where the move did
 * remove the finding. (Where the finding stays wherever its calls go, as for
 * a machine's FIX_BTMAP straddle, a third call cannot help, and none is
 * tried.)
 */
function pairCalls(table: MoveTable, involved: readonly number[], key: string, errorsBefore: ReadonlySet<string>): number[] {
  const calls = [...involved];
  for (const from of involved) {
    for (const j of table.slots(from)) {
      if (findingStays(j, key, table.own.findings.get(key))) continue;
      for (const v of addedBlockers(j, errorsBefore, table.own.findings)) {
        for (const s of [v.step, ...v.related.filter((r) => r.example !== true).map((r) => r.step)]) {
          // positions in the variant order; map back by name and occurrence through the base
          const at = table.engine.base.findIndex((b) => b.call === s.name);
          if (!s.implicit && at >= 0 && !calls.includes(at)) calls.push(at);
        }
      }
    }
  }
  return calls.slice(0, MAX_PAIR_CALLS);
}

function searchPairs(
  table: MoveTable, key: string, errorsBefore: ReadonlySet<string>, involved: readonly number[], budget: number, hardLimit: number,
): { best: Candidate | undefined; note: string } {
  const { engine } = table;
  const base = engine.base;
  const calls = pairCalls(table, involved, key, errorsBefore);
  if (calls.length < 2) return { best: undefined, note: '' };
  const effect = (call: string): boolean => engine.hasEffect(call);
  const commutes = commutingOn(engine);
  // the likely pairs below, where a call of the finding alone removes it
  const removingAt = involved.map((from) => table.slots(from).flatMap((j, k) => (k !== from && !findingStays(j, key, table.own.findings.get(key)) ? [k] : [])));
  const blockers = calls.filter((c) => !involved.includes(c)).length;
  const likely = removingAt.reduce((n, r) => n + r.length * blockers * (base.length - 1), 0);
  const every = (calls.length * (calls.length - 1) / 2) * base.length * (base.length - 1);
  // the whole search when it is short (a definite answer for a short order), else the budget
  const maxReplays = likely + every <= WHOLE_PAIR_SEARCH_REPLAYS ? likely + every : budget;
  // what the scenario's fix search has left is counted in replays the engine makes: an order another
  // finding's search judged already is free (the three findings of arm64 v4.4 with KASAN judge
  // mostly the same pairs, 2,155 each, and the second and third replay few)
  const replaysBefore = engine.replays;
  let best: Candidate | undefined;
  let tried = 0;
  let stopped: 'budget' | 'left' | undefined;
  /** judges an order of two moved calls; false once the budget is spent */
  const attempt = (order: Step[], x: Step, y: Step): boolean => {
    if (order.every((s, n) => s === base[n])) return true;
    if (tried >= maxReplays || engine.replays - replaysBefore >= hardLimit || table.kept.work.left === 0) {
      stopped = tried >= maxReplays ? 'budget' : 'left';
      return false;
    }
    tried++;
    // what judging it made counts against the search's events (MoveTable.judgeOrder; break-208 F1)
    const result = table.judgeOrder(order);
    if (!fixes(result, key, errorsBefore, table.own.findings)) return true;
    const cost = jumped(base, order, x, effect) + jumped(base, order, y, effect);
    const distance = Math.abs(order.indexOf(x) - base.indexOf(x)) + Math.abs(order.indexOf(y) - base.indexOf(y));
    const cand: Candidate = { order, moved: new Set([x, y]), result, cost, distance, later: 0 };
    if (better(cand, best)) best = cand;
    return true;
  };
  // First the likely pairs: a call of the finding where it alone removes the finding, with a call
  // that blocked that move (pairCalls) anywhere: a few dozen positions times the order, where the
  // search over every position of two calls below is the order's length squared per pair.
  for (const [n, from] of involved.entries()) {
    const x = base[from] as Step;
    const removing = removingAt[n] ?? [];
    for (const c of calls) {
      if (c === from || involved.includes(c) || stopped) continue;
      const y = base[c] as Step;
      // one slot of x of each run of equivalent ones: across calls that commute with both (commuting-slots.ts)
      const distinct = new Set(distinctSlots(restOf(base, from), from, (z) => commutes(z, x, y)));
      for (const k of removing) {
        if (!distinct.has(k)) continue;
        const withX = moveTo(base, from, k);
        const at = withX.indexOf(y);
        const slots = distinctSlots(restOf(withX, at), base.indexOf(y), (z) => commutes(z, y));
        for (const j of slots) if (j !== at && (stopped || !attempt(moveTo(withX, at, j), x, y))) break;
        if (stopped) break;
      }
    }
  }
  // then any positions of any two of them (two calls of the finding that only together remove it)
  for (let a = 0; a < calls.length && !stopped; a++) {
    for (let b = a + 1; b < calls.length && !stopped; b++) {
      const x = base[calls[a] as number] as Step;
      const y = base[calls[b] as number] as Step;
      const rest = base.filter((s) => s !== x && s !== y);
      // x across a call that commutes with both (then y's placements reach every order the other slot would)
      const xHome = base.indexOf(x) - (base.indexOf(y) < base.indexOf(x) ? 1 : 0);
      for (const i of distinctSlots(rest, xHome, (z) => commutes(z, x, y))) {
        if (stopped) break;
        // x at i of rest (made once per i, not per j: it was as costly as the order itself), then y at j of it
        const withX = [...rest.slice(0, i), x, ...rest.slice(i)];
        for (const j of distinctSlots(withX, base.indexOf(y), (z) => commutes(z, y))) {
          if (stopped || !attempt([...withX.slice(0, j), y, ...withX.slice(j)], x, y)) break;
        }
      }
    }
  }
  const list = calls.map((c) => (base[c] as Step).call).join(', ');
  // a limit below the per-finding budget is what the scenario's fix search had left (the findings before spent the rest)
  const limit = stopped === 'budget' ? `, stopped at the limit of ${maxReplays}`
    : stopped === 'left' ? `${engine.replays - replaysBefore < tried ? `, ${engine.replays - replaysBefore} of them new` : ''}, stopped at the limit of ${hardLimit}, what the fix search of this scenario had left` : '';
  const note = best !== undefined ? '' : `, nor does any move of two of ${list} (${tried} replays${limit})`;
  return { best, note };
}

/** How many calls with an effect (other than itself) change sides relative to `item` between two orders of the same steps. */
export function jumped(base: readonly Step[], order: readonly Step[], item: Step, effect: (call: string) => boolean): number {
  const a = base.indexOf(item);
  const b = order.indexOf(item);
  const posB = new Map(order.map((s, i) => [s, i]));
  let n = 0;
  base.forEach((z, i) => {
    if (z === item || !effect(z.call)) return;
    const j = posB.get(z) ?? 0;
    if ((i < a) !== (j < b)) n++;
  });
  return n;
}

/** How withVerifiedFixes searches. */
export interface FixSearchOptions {
  /** judged orders to share with other searches of the same scenario (a new table by default) */
  readonly table?: MoveTable | undefined;
  /** the share of the file's fix search this scenario has (fixBudgetOf; the whole file's by default) */
  readonly budget?: FixBudget | undefined;
  /** replayed steps for all the searches of this scenario, instead of what `budget` gives (tests) */
  readonly maxSteps?: number | undefined;
  /** why no fix is searched for this scenario at all (fixSearchSkipped), said in each finding */
  readonly skipped?: string | undefined;
}

/** Whether a rule's fix text is itself a change of the order (the unverified kind). */
export function isOrderEdit(fix: string): boolean {
  return /^(move|insert|call|remove) /.test(fix);
}

/**
 * The findings with verified fixes: `fix` becomes the replayed order change
 * (and `fixEdits` its edits), or says why no order change works, followed by
 * the rule's remedy. Info findings, and those whose rule has shown that no
 * order removes them (Finding.noOrderFix), keep their own text, and no order
 * is replayed for them.
 */
export function withVerifiedFixes(engine: ReplayEngine, findings: readonly Finding[], options: FixSearchOptions = {}): Finding[] {
  const { table, skipped } = options;
  // each finding's key among all of them (a second finding with the same rule and calls is KEY|#2)
  const keys = findingKeys(findings);
  const calls = Math.max(1, engine.base.length);
  // An order longer than any kernel's (suggest and constraints refuse it too): thousands of findings,
  // each judged order as long as the file, took a minute and 4 GB for 2 variants of 5,000 calls.
  const long = orderTooLong(calls);
  const notSearched = long !== undefined ? `no fix was searched: ${long}` : skipped;
  // What the search's judged orders really make is bounded too, not only the steps converted at the own replay's
  // events: an arm64 order with 2,041 banks whose own replay maps nothing (its memblock calls last) has moved
  // orders that map 128 regions 31 times, and `run -v` of that one file took 8 s (break-208 F1).
  const events = options.maxSteps !== undefined ? Number.POSITIVE_INFINITY : (options.budget ?? fixBudgetOf(1)).events;
  const moves = notSearched === undefined
    ? (table ?? new MoveTable(engine, new KeptFindings(MAX_KEPT_FINDINGS, new JudgedWork('', events, `the fix search's ${events} events and findings' worth`))))
    : undefined;
  // the events of the order's own replay (made now, when there is a search: it is the first thing any search replays)
  const { maxSteps, limitText } = options.maxSteps !== undefined ? { maxSteps: options.maxSteps, limitText: 'its limit' }
    : moves === undefined ? { maxSteps: 0, limitText: '' }
      : fixStepsOf(options.budget ?? fixBudgetOf(1), calls, engine.ownEventCount + moves.own.findings.size);
  let left = maxSteps;
  const out = findings.slice();
  const metaOf = new Map(engine.plugin.rules.map((r) => [r.meta.id, r.meta]));
  // errors search first: with many warnings before them in the file, the budget is theirs (findings of one
  // severity in file order, so the same ones get hints on every run)
  const bySeverity = [...findings.keys()].sort((a, b) => rank(findings[a] as Finding) - rank(findings[b] as Finding) || a - b);
  for (const i of bySeverity) {
    const f = findings[i] as Finding;
    // info is what the replay could not model: no order change is a fix for it, and none is searched
    if (f.severity === 'info') continue;
    // the rule has shown that the cause is none of the order's (a command-line option): its remedy is the whole
    // fix, and a search would only spend replays to say "no single move … removes it" before it (break-231 N1)
    if (f.noOrderFix === true) continue;
    // a rule that finds the same in every order of these calls (a call listed twice): no move can fix
    // it, and its own remedy (remove a call) is the fix
    const meta = metaOf.get(f.rule);
    if (meta?.emptyUnderReordering === true) {
      out[i] = { ...f, fix: `no move of a call removes it (it does not depend on where the calls are); ${f.fix}` };
      continue;
    }
    // a machine-wide error (a kernel that cannot run on this machine and configuration, whatever the order):
    // a move that hides it only leaves the call where the model has nothing for it to do (riscv 5.10's
    // kasan_init before memblock knows any memory: no fault, and no shadow either), which is no fix
    // (unless the rule found that another call of this order may undo its cause: Finding.orderMayFix)
    if (meta?.machineWide === true && f.orderMayFix !== true) {
      out[i] = { ...f, fix: `no order change was searched: the ${f.severity === 'error' ? 'error' : 'finding'} is about this kernel, configuration and machine, not where the calls are; ${f.fix}` };
      continue;
    }
    // the single moves of its calls not judged yet, replayed before anything else: a search that cannot
    // afford them is not started (each is a whole table: 118 calls of one finding were 28,000 steps)
    const first = moves === undefined ? 0 : involvedPositions(f).filter((p) => !moves.has(p)).length * (calls - 1) * calls;
    const s: FixSearch = moves === undefined ? { found: false, why: notSearched ?? '', replays: 0 }
      : moves.kept.work.left === 0
        ? { found: false, why: `no fix was searched: the fix search of this scenario already judged orders making ${moves.kept.work.limit} trace events and findings (${moves.kept.work.of})`, replays: 0 }
      : left < calls
        ? { found: false, why: `no fix was searched: the fix search of this scenario already replayed ${maxSteps - left} steps of its ${maxSteps} (${limitText})`, replays: 0 }
        : first > left
          ? { found: false, why: `no fix was searched: the single moves of its calls would replay ${first} steps, more than the ${left} left of the fix search's ${maxSteps} (${limitText})`, replays: 0 }
          : searchWithin(moves, f, keys[i], Math.floor(left / calls));
    left -= s.replays * calls;
    // A rule's own fix that is an order edit ("move A after B", "call C before D", "remove step N") is
    // exactly what the search just replayed and found wanting, or a call it cannot verify: never print
    // it as a fix; its remedy in words for that case (Finding.otherwise) takes its place. A remedy in words
    // (a config, a kernel change) follows the reason.
    const remedy = isOrderEdit(f.fix) ? f.otherwise : f.fix;
    out[i] = s.found ? { ...f, fix: s.fix.text, fixEdits: s.fix.edits } : { ...f, fix: remedy !== undefined ? `${s.why}; ${remedy}` : s.why };
  }
  return out;
}

/**
 * searchFix, or why it stopped: the single-move tables of an order with very
 * many findings would hold more than MAX_KEPT_FINDINGS (judge.ts); what was
 * replayed before that stays counted in the step budget.
 */
function searchWithin(table: MoveTable, finding: Finding, key: string | undefined, cap: number): FixSearch {
  const before = table.engine.replays;
  try {
    return searchFix(table, finding, key, MAX_PAIR_REPLAYS_PER_FINDING, cap);
  } catch (err) {
    if (!(err instanceof BudgetError)) throw err;
    return { found: false, why: `no fix was searched: ${err.message}`, replays: table.engine.replays - before };
  }
}

/** Search order: errors, then warnings, then info. */
function rank(f: Finding): number {
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2;
}
