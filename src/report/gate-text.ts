/**
 * The gates in text output: how an expected, suppressed or baselined finding
 * is labelled, the lines for unmet expectations and unused suppressions, and
 * their counts in the per-scenario and summary lines.
 */
import { escapeText } from '../escape.js';
import { callRefText, type CallRef } from '../scenario/order-edit.js';
import { displayName, type Expectation } from '../scenario/types.js';
import type { Elsewhere, ElsewherePlace, FindingState, GatedResult, Shortfall, Taker, Totals, UnusedAllow, VariantsHaving } from '../gate/types.js';
import { keptUpTo } from '../memo.js';
import { plural } from './plural.js';
import { locationText } from './location.js';
import type { Style } from './text.js';

/** The word that replaces nothing for live findings and prefixes the severity of the others. */
export function stateWord(state: FindingState): string {
  return state === 'baseline' ? 'baselined' : state;
}

/** "fixmap-before-relocation at dmi_scan_machine", "error missing-prerequisite at vmi_init in variant hypervisor=vmi" */
export function entryText(e: Expectation): string {
  return `${e.severity !== undefined ? `${e.severity} ` : ''}${e.rule} at ${callRefText(e.step)}${e.variant !== undefined ? ` in variant ${e.variant}` : ''}`;
}

/** "3 bbm-violation findings at fixup_init": an entry with its count: */
function countedText(e: Expectation): string {
  return `${e.count} ${e.severity !== undefined ? `${e.severity} ` : ''}${e.rule} findings at ${callRefText(e.step)}${e.variant !== undefined ? ` in variant ${e.variant}` : ''}`;
}

/**
 * "; it occurred as 1 error: severity: warning takes warnings only", for an entry whose severity: its findings lack.
 * `variants`: the entry is said once for that many variants of a matrix, whose counts are each the most of any
 * variant (mergeUnusedAll): "as up to 2 errors in a variant" (break-251: "it occurred as 2 errors", said in the
 * variant that had 1 warning and 1 error, quoted the other variant's count as if it were this one's).
 */
function severityNote(e: Shortfall<Expectation>, variants = 1): string {
  const as = Object.entries(e.otherSeverities).map(([severity, n]) => plural(n, severity));
  if (as.length === 0 || e.severity === undefined) return '';
  const counts = variants > 1 ? `up to ${as.join(' and ')} in a variant` : as.join(' and ');
  return `; it occurred as ${counts}${allowedNote(e)}: severity: ${e.severity} takes ${e.severity === 'info' ? 'infos' : `${e.severity}s`} only`;
}

/**
 * ", suppressed by the allow: entry at line 6 (an expect: entry takes findings first)": an unmet expect: whose
 * findings of another severity an allow: took (Shortfall.othersAllowed). They show as suppressed, not as gone, and
 * the severity advice still holds, since the expect: edited as told takes them (break-250 F2: "did not occur: the
 * scenario no longer reproduces it … drop the expect: entry" dropped the check of a bug that was still there).
 */
function allowedNote(e: Shortfall<Expectation>): string {
  const by = e.othersAllowed ?? [];
  if (by.length === 0) return '';
  const n = by.reduce((k, a) => k + a.count, 0);
  const lines = by.map((a) => `${a.pos.line}${a.pos.file !== undefined ? ` of ${a.pos.file}` : ''}`);
  const where = by.length === 1 ? `the allow: entry at line ${lines[0] ?? ''}` : `the allow: entries at lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] ?? ''}`;
  const some = n < otherSeverityCount(e) ? `${n} of them ` : '';
  return `, ${some}suppressed by ${where} (an expect: entry takes findings first)`;
}

/**
 * "; it occurred as 1 error, which the expect: entry at line 3 takes" (`one`: "takes", `many`: "take"): the findings
 * of other severities that expect: entries have, per entry and severity, and those entries' lines; '' for none.
 */
function byExpectNote(by: readonly { readonly pos: Expectation['pos']; readonly severity: string; readonly count: number; readonly entry?: 'expect' | 'allow' }[], one: string, many: string): string {
  if (by.length === 0) return '';
  const counts = new Map<string, number>();
  for (const x of by) counts.set(x.severity, (counts.get(x.severity) ?? 0) + x.count);
  const as = [...counts].map(([severity, n]) => plural(n, severity)).join(' and ');
  const lines = [...new Set(by.map((x) => `${x.pos.line}${x.pos.file !== undefined ? ` of ${x.pos.file}` : ''}`))];
  // an unused allow: before it may be told to take them too (break-290 F7)
  const kinds = [...new Set(by.map((x) => x.entry ?? 'expect'))];
  const kind = kinds.length === 1 ? `${kinds[0] ?? 'expect'}:` : 'expect: and allow:';
  const where = lines.length === 1 ? `the ${kind} entry at line ${lines[0] ?? ''} ${one}` : `the ${kind} entries at lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] ?? ''} ${many}`;
  return `; it occurred as ${as}, which ${where}`;
}

/**
 * "; it occurred as 1 error, which the expect: entry at line 3 takes": an unmet expect: with severity: whose rule
 * and step have findings of another severity that another expect: entry took (Shortfall.othersExpected). The bug
 * shows and is expected there; changing this entry's severity would not take them (that entry takes them first).
 */
function expectedNote(e: Shortfall<Expectation>): string {
  return byExpectNote(e.othersExpected ?? [], 'takes', 'take');
}

/**
 * "; it occurred as 1 error, which the expect: entry at line 3 is told to take": an unused allow: whose findings of
 * another severity an unmet expect: entry's advice claims (Shortfall.othersClaimed), or ''.
 */
function claimedNote(e: Shortfall<Expectation>): string {
  return byExpectNote(e.othersClaimed ?? [], 'is told to take', 'are told to take');
}

/** "an error", "a warning", "another severity": what findings of `severities` (distinct) changed to, in the advice */
function changeText(severities: readonly string[]): string {
  const only = severities.length === 1 ? severities[0] : undefined;
  return only === undefined ? 'another severity' : `${only === 'error' || only === 'info' ? 'an' : 'a'} ${only}`;
}

/** changeText of the findings another expect: took */
function changedTo(e: Shortfall<Expectation>): string {
  return changeText([...new Set((e.othersExpected ?? []).map((x) => x.severity))]);
}

/** Before a remedy that gives up on the bug, in a run that left out variants which may still have it (break-215 F8). */
const ONCE_ALL_RAN = 'once a run of every variant says so, ';

/**
 * ": the scenario no longer reproduces 2 of them (fix the order back, …)": an entry with a count: whose findings
 * are not all there; those there with another severity are not lost (the severity note counts them), and the
 * remedies take them: every remedy offered takes what is there and nothing more (break-212 F4: "lower count: to 1"
 * alone kept severity: warning, which then took none of the error it was meant to keep; three overlapping pieces
 * of advice for one entry). What the entry keeps is what it took (`matched`), not what occurred: findings another
 * entry took are not this one's to take.
 */
function lostText(e: Shortfall<Expectation>, missing: number, partial = false): string {
  const other = Math.min(missing, otherSeverityCount(e));
  const keep = e.matched + other;
  // the variants of a matrix took different numbers: an entry each, the same advice in every variant (break-218 F2)
  // (a partial run's groups are of the variants it replayed: what it says of them, once every variant ran, break-219 F9)
  const groups = other === 0 ? groupsEdit(e.keptByVariants) : undefined;
  const keepEdit = groups ?? `lower count: to ${keep}${other > 0 ? ' and leave severity: out' : ''}`;
  // (a variant that took none, where others took some, gives their edit: break-223 F3, "drop the expect: entry")
  const remedy = `${partial ? `, ${ONCE_ALL_RAN}` : ' '}${keep === 0 && groups === undefined ? 'drop the expect: entry if the bug is fixed' : `${keepEdit} if they are fixed`}`;
  // "0 occurred; it occurred as 1 error: …: the scenario no longer reproduces 1 of them" read as a contradiction (break-212 F4)
  const lost = other > 0 ? `the other ${missing - other}` : `${missing - other} of them`;
  return `: ${partial ? 'this variant' : 'the scenario'} no longer reproduces ${lost}${otherCulpritNote(e)} (fix the order back, ${pointNote(e, keep, other > 0, groups)}or${remedy})`;
}

/**
 * "write an entry each in place of this one: count: 3, variant: "a=1"; count: 1, variant: "a=2"", or with one group
 * "lower count: to 1 and write variant: "a=2" in the entry": the edit that keeps what each variant of a matrix took
 * (Shortfall.keptByVariants), the same in every variant; undefined without groups (one "lower count:" fits all)
 */
function groupsEdit(groups: Shortfall<Expectation>['keptByVariants']): string | undefined {
  const [only] = groups ?? [];
  if (groups === undefined || only === undefined) return undefined;
  if (groups.length === 1) return `lower count: to ${only.count} and write variant: ${JSON.stringify(only.selector)} in the entry`;
  return `write an entry each in place of this one: ${groups.map((g) => `count: ${g.count}, variant: ${JSON.stringify(g.selector)}`).join('; ')}`;
}

/** How many findings of the entry's rule at its call have another severity than the entry's `severity:`. */
function otherSeverityCount(e: Shortfall<Expectation>): number {
  return Object.values(e.otherSeverities).reduce((n, k) => n + k, 0);
}

/**
 * "write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an
 * error is the regression": for an entry whose findings are there (no entry took them) with another severity than
 * it pins. Only what would take `count:` findings is offered (break-211 F2: count: 2 over a warning and an error
 * was told "write severity: error", which then said "write severity: warning"): a severity that has as many,
 * leaving severity: out when all of them together have, else a lower count:.
 */
function severityAdvice(e: Shortfall<Expectation>): string {
  const now = Object.entries(e.otherSeverities).filter(([, n]) => n > 0);
  if (e.severity === undefined || now.length === 0) return '';
  const all = e.matched + otherSeverityCount(e);
  const ways = now.filter(([, n]) => n >= e.count).map(([s]) => `write severity: ${s}`);
  if (all >= e.count) ways.push('leave severity: out');
  const way = ways.length > 0 ? ways.join(' or ') : `lower count: to ${all} and leave severity: out`;
  const change = changeText(now.map(([severity]) => severity));
  return `${way} if it is the same bug, or fix the order back if its change to ${change} is the regression`;
}

/**
 * "leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression":
 * severityAdvice in a matrix where that edit takes `count:` findings in every variant (Shortfall.severityOut); a
 * `write severity:` fits this variant's findings only
 */
function severityOutAdvice(e: Shortfall<Expectation>, write: readonly string[]): string {
  const now = Object.entries(e.otherSeverities).filter(([, n]) => n > 0);
  const change = changeText(now.map(([severity]) => severity));
  // every variant has count: findings of one severity: "write severity: error or leave severity: out", as without a matrix
  if (write.length > 0) return `${[...write.map((s) => `write severity: ${s}`), 'leave severity: out'].join(' or ')} if it is the same bug, or fix the order back if its change to ${change} is the regression`;
  return `leave severity: out (in every variant of this file it then takes ${e.count === 1 ? 'its finding' : `${e.count} findings`}) if it is the same bug, or fix the order back if its change to ${change} is the regression`;
}

/**
 * "; 1 of them was taken by the expect: entry at line 5 (an entry with severity: takes findings first)", when entries
 * overlap: which entries took them (Shortfall.takenBy), as "suppressed by the allow: entry at line 6" names its
 * entry (break-251 N9b), and why they came first
 */
function takenNote(e: Shortfall<Expectation>, list: 'expect' | 'allow'): string {
  const others = e.occurred - e.matched;
  if (others <= 0) return '';
  const by = e.takenBy ?? [];
  const at = (t: Taker): string => `${t.pos.line}${t.pos.file !== undefined ? ` of ${t.pos.file}` : ''}`;
  const lists = [...new Set(by.map((t) => t.list))].map((l) => {
    const lines = by.filter((t) => t.list === l).map(at);
    return lines.length === 1 ? `the ${l}: entry at line ${lines[0] ?? ''}` : `the ${l}: entries at lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] ?? ''}`;
  });
  // why they took first (gate.ts assign): expect: before allow:, then severity: before none, then the order written
  const why = by.map((t) => (t.list !== list ? 'an expect: entry takes findings first' : t.severity && e.severity === undefined ? 'an entry with severity: takes findings first' : 'an entry written before this one takes findings first'));
  const reason = new Set(why).size === 1 ? why[0] : 'expect: entries take findings first, then those with severity:, then in the order written';
  const who = lists.length === 0 ? 'another entry' : lists.join(' and ');
  return `; ${others === e.occurred ? (others === 1 ? 'it' : 'all of them') : `${others} of them`} ${others === 1 ? 'was' : 'were'} taken by ${who} (${reason ?? ''})`;
}

/**
 * "; lower count: to 1": an entry whose findings all occurred but some were taken by another entry takes what
 * is left when its count is lowered to what it took, as an unused allow: is told (break-212 F9: no remedy)
 */
function takenRemedy(e: Shortfall<Expectation>): string {
  if (e.occurred - e.matched <= 0) return '';
  return e.matched === 0 ? '; drop this entry' : `; lower count: to ${e.matched}`;
}

/** How many items of a long run of one call's occurrences a message names before it counts the rest: these first, then the last. */
export const LISTED_FIRST = 3;

/**
 * A run of one call's occurrences longer than this is shortened; shorter lists and runs are written in full
 * (break-239 N4: 9 and 12 items, about 1 KB, lost names they had before).
 */
export const LISTED_RUN = 8;

/** One item of a list listedText bounds: its text, the culprit it names, and its text without that culprit (`form`). */
interface ListItem {
  readonly text: string;
  readonly ref: CallRef;
  /** the item's text but its culprit: a run is left out only when every item of it has the same (count:, variant:, …) */
  readonly form?: string;
}

/**
 * The items in runs: the longest stretches of items of one call whose occurrences follow each other (NAME#a, NAME#a+1,
 * …) with the same `form`, each of which can be written "N more the same for NAME#b to NAME#c" and worked out. In the
 * items' order when that makes a run longer than LISTED_RUN; else, when the calls take turns (q1#1, q2#1, q1#2, …),
 * each call's items together in the order of their occurrences, if that makes one (break-242 F1: 900 q1 and q2 each
 * in turn made one 90 KB line): the entries to write are a set, so their order is free. Otherwise the items as they are.
 */
function runsOf(items: readonly ListItem[]): ListItem[][] {
  const inOrder = consecutiveRuns(items);
  if (inOrder.some((r) => r.length > LISTED_RUN)) return inOrder;
  const byCall = new Map<string, ListItem[]>();
  for (const i of items) {
    const key = `${i.ref.name}\u0000${i.form ?? ''}`;
    const group = byCall.get(key);
    if (group === undefined) byCall.set(key, [i]);
    else group.push(i);
  }
  if (byCall.size === items.length) return inOrder;
  const grouped = [...byCall.values()].flatMap((g) => consecutiveRuns([...g].sort((a, b) => a.ref.occurrence - b.ref.occurrence)));
  return grouped.some((r) => r.length > LISTED_RUN) ? grouped : inOrder;
}

/** The longest stretches of `items`, in their order, of one call's occurrences one after another with the same `form`. */
function consecutiveRuns(items: readonly ListItem[]): ListItem[][] {
  const runs: ListItem[][] = [];
  let run: ListItem[] = [];
  for (const i of items) {
    const prev = run[run.length - 1];
    if (prev !== undefined && (i.ref.name !== prev.ref.name || i.ref.occurrence !== prev.ref.occurrence + 1 || i.form !== prev.form)) {
      runs.push(run);
      run = [];
    }
    run.push(i);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Whether listedText leaves any of the items out (some run of them is longer than LISTED_RUN). */
function shortens(items: readonly ListItem[]): boolean {
  return items.length > LISTED_RUN && runsOf(items).some((r) => r.length > LISTED_RUN);
}

/**
 * "A, B and C"; a run of more than LISTED_RUN occurrences of one call in a row, alike but for the occurrence, is
 * written as its first LISTED_FIRST items, `more` of how many are left out and which (NAME#b to NAME#c), then its last
 * ("A, B, C, at 2035 more culprits (early_cpu_init#5 to early_cpu_init#2039) and Z"), so that a message stays a
 * line whatever the order's length (break-232 N3: an unused allow: at a call repeated 2,040 times listed 2,039 places
 * and 2,039 entries, one 150 KB line). Nothing else is left out: an item that cannot be worked out from what is
 * written (another call, a gap in the occurrences, another count: or variant:) is written in full, since the advice
 * must still name every entry to write (break-239 F3: "8 more" in a matrix, whose entries each need their variant:).
 * The lists are bounded by max-calls, max-variants and max-gate-entries.
 */
function listedText(items: readonly ListItem[], sep: string, last: string, more: (n: number, run: string) => string): string {
  const texts = runsOf(items).flatMap((r) => {
    const from = r[LISTED_FIRST];
    const to = r[r.length - 2];
    const end = r[r.length - 1];
    if (r.length <= LISTED_RUN || from === undefined || to === undefined || end === undefined) return r.map((i) => i.text);
    return [...r.slice(0, LISTED_FIRST).map((i) => i.text), more(r.length - LISTED_FIRST - 1, `${callRefText(from.ref)} to ${callRefText(to.ref)}`), end.text];
  });
  const end = texts[texts.length - 1];
  if (end === undefined || texts.length === 1) return end ?? '';
  return `${texts.slice(0, -1).join(sep)}${last}${end}`;
}

/** ", 2039 in all" after "an entry each" when listedText leaves some of them out */
function inAll(items: readonly ListItem[]): string {
  return shortens(items) ? `, ${items.length} in all` : '';
}

/** listedText's `more` for entries to write: "2035 more the same for early_cpu_init#5 to early_cpu_init#2039" */
function moreEntries(n: number, run: string): string {
  return `${n} more the same for ${run}`;
}

/** "dmi_scan_machine (step 31)", "head_32 (before setup_arch)": a finding's culprit as an entry's step: would name it */
function culpritText(w: Pick<Elsewhere, 'culprit' | 'index'>): string {
  return `${callRefText(w.culprit)} (${w.index === 0 ? 'before setup_arch' : `step ${w.index}`})`;
}

/** " as an error": the severity a named finding has when the entry pins another (Elsewhere.severity) */
function asSeverity(w: Elsewhere): string {
  return w.severity === undefined ? '' : ` as ${w.severity === 'error' ? 'an' : 'a'} ${w.severity}`;
}

/**
 * Where the entry's rule did occur when its `step:` names the call a finding conflicts with (`related`):
 * "; fixmap-before-relocation occurred at dmi_scan_machine (step 31), with vmi_init as the call it
 * conflicts with: step: names the culprit call (step: dmi_scan_machine)"; with further culprits "occurred
 * at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with vmi_init as the call it
 * conflicts with: step: names the culprit call (an entry each: step: init_memory_mapping, step:
 * dmi_scan_machine)"; null when no such finding.
 */
function relatedNote(e: Shortfall<Expectation> | UnusedAllow): string | null {
  const w = e.elsewhere;
  if (w === undefined || !w.related) return null;
  const also = w.alsoAt ?? [];
  const at = placesText(w);
  // a matrix's unused allow:, said at its first variant: the variant the findings are in
  // (the union of several variants' culprits: those variants, break-223 F1)
  const inVariant = w.from !== undefined ? ` in ${variantsText(w.from)}` : w.variant !== undefined ? ` in variant ${w.variant}` : '';
  const head = `; ${e.rule} occurred${asSeverity(w)}${inVariant} ${at}, ${also.length > 0 ? 'each ' : ''}with ${callRefText(e.step)} as the call it conflicts with`;
  // another entry already names that finding by its culprit: this one repeats it (break-204 F8)
  // (an expect: that took some findings here keeps them with a lower count: break-215 F1, "drop this entry" made them live)
  // (in a matrix whose variants took different numbers, an entry each: break-219 F3, each variant's own "lower count:"
  // left the others unmet)
  if (w.taken === true) {
    // a variant that took none, where the others took the same number: their edit (break-225 F2: "drop this entry"
    // beside the others' "lower count: to 1 and write variant: …", and followed it left theirs live)
    const v = e.inVariants;
    const theirs = e.matched === 0 && v !== undefined && !v.met && v.took !== undefined && v.selector !== undefined
      ? groupsEdit([{ count: v.took, selector: v.selector }]) : undefined;
    const kept = groupsEdit(e.keptByVariants) ?? theirs ?? (e.matched > 0 ? `lower count: to ${e.matched}` : 'drop this entry');
    return `${head}, and another entry already names it there: ${kept}`;
  }
  const sep = also.length === 0 ? ',' : ';';
  const severity = w.severity === undefined ? '' : `${sep} severity: ${w.severity}`;
  // each entry's count: where it is not the entry's own (count: 2 at the conflicting call, one finding at each of two
  // culprits: two entries of count: 2 would each be unmet again, as "point step:" was in break-212 F4), as pointNote
  // writes it; the default said once (countsOf)
  const { count, leaveOut } = countsOf(e, [w, ...also], (c) => c.count > 0 && c.count !== e.count);
  const out = leaveOut ? `${sep} leave count: out` : '';
  if (also.length === 0) return `${head}: step: names the culprit call (step: ${callRefText(w.culprit)}${count(w)}${onlyInText(w)}${severity}${out})`;
  const each = [w, ...also].map((c) => ({ text: `step: ${callRefText(c.culprit)}${count(c)}${onlyInText(c)}`, ref: c.culprit, form: `${count(c)}${onlyInText(c)}` }));
  return `${head}: step: names the culprit call (an entry each${inAll(each)}: ${listedText(each, ', ', ', ', moreEntries)}${severity}${out})`;
}

/**
 * How the entries written in place of entry `e` say their count:: " with count: 3" after each entry whose count
 * `differs` from what `e` has; where every one of them takes 1, the default, nothing after each and `leaveOut`, said
 * once after them (break-250 N4: "step: A with count: 1, step: B with count: 1" spelled out the default; an entry of
 * count: 2 edited as told must still lose its count:).
 */
function countsOf(
  e: Expectation, places: readonly Pick<Elsewhere, 'count'>[], differs: (c: Pick<Elsewhere, 'count'>) => boolean,
): { count: (c: Pick<Elsewhere, 'count'>) => string; leaveOut: boolean } {
  const leaveOut = e.count !== 1 && places.every((c) => c.count === 1);
  return { count: (c) => (!leaveOut && differs(c) ? ` with count: ${c.count}` : ''), leaveOut };
}

/**
 * ', variant: "memory=4GiB"': the selector an entry for a culprit only some variants have needs (ElsewherePlace.onlyIn);
 * ', variant: "memory=1GiB" and one more with variant: "memory=2GiB"' (', variant: "a=1" and 2 more, one each with
 * variant: "a=2", variant: "a=3"') when no one selector picks them: an entry each, every one named (break-219 F5)
 */
function onlyInText(c: Pick<ElsewherePlace, 'onlyIn'>): string {
  const o = c.onlyIn;
  if (o === undefined) return '';
  const [first, ...rest] = o.selectors.map((s) => `variant: ${JSON.stringify(s)}`);
  const others = rest.length === 0 ? '' : rest.length === 1 ? ` and one more with ${rest[0] ?? ''}` : ` and ${rest.length} more, one each with ${rest.join(', ')}`;
  // variants no selector picks apart from those without it (Picking.left: a name all of whose pairs one without it
  // has): said, never left to guess
  const n = o.more;
  const more = n === 0 ? '' : first === undefined
    ? `, though no variant: picks the ${n === 1 ? 'variant' : `${n} variants`} that ${n === 1 ? 'has' : 'have'} it apart from those without it`
    : `; no variant: picks the ${n === 1 ? 'other variant' : `${n} other variants`} that ${n === 1 ? 'has' : 'have'} it apart from those without it`;
  return `${first === undefined ? '' : `, ${first}`}${others}${more}`;
}

/**
 * "at A (step 1)", "at A (step 1) and at B (step 2)": the culprits of an Elsewhere; of many, the first few, how many
 * more and the last (listedText: "at 2035 more culprits (early_cpu_init#5 to early_cpu_init#2039)")
 */
function placesText(w: Elsewhere): string {
  // a culprit once, though the union of several variants' places may give it for each number of findings (break-223 F2)
  const places = new Map<string, ListItem>();
  for (const c of [w, ...(w.alsoAt ?? [])]) {
    const text = `at ${culpritText(c)}`;
    if (!places.has(text)) places.set(text, { text, ref: c.culprit });
  }
  return listedText([...places.values()], ', ', ' and ', (n, run) => `at ${n} more culprits (${run})`);
}

/** ", though X occurred at Y (step N)": the rule at other culprits, which may be the same bug moved */
function otherCulpritNote(e: Shortfall<Expectation>): string {
  const w = e.elsewhere;
  return w === undefined || w.related ? '' : ` at ${callRefText(e.step)}, though ${e.rule} occurred${asSeverity(w)}${w.from !== undefined ? ` in ${variantsText(w.from)}` : ''} ${placesText(w)}`;
}

/**
 * "point step: at dmi_scan_machine if that is the same bug, ": the advice for a rule found at other culprits,
 * only as edits that leave the entry taking `count:` findings (break-212 F4: with count: 2 and one finding at
 * each of two steps, "point step: at the other" was then told to point back): pointed at a culprit with fewer
 * findings, the count is lowered to theirs; an entry that keeps some findings at its own step (`keep`, with
 * severity: left out when `leaveSeverityOut`) keeps them with a lower count, or in a matrix whose variants took
 * different numbers with `groups` (groupsEdit), and an entry is added for each culprit. '' when the rule occurs at
 * no other culprit.
 */
function pointNote(e: Shortfall<Expectation>, keep = 0, leaveSeverityOut = false, groups?: string): string {
  const w = e.elsewhere;
  if (w === undefined || w.related) return '';
  // culprits whose findings are all taken (or of another severity than the one named) are no remedy
  const places = [w, ...(w.alsoAt ?? [])].filter((c) => c.count > 0);
  if (places.length === 0) return '';
  // the findings' severity when the entry pins another: step: alone would leave it unmet (break-211 F7)
  const severity = w.severity !== undefined ? w.severity : e.severity;
  if (keep > 0 || groups !== undefined) {
    // a new entry takes one finding unless told more; it names the severity the entry pins, or the findings' own
    const added = places.map((c) => {
      const form = `${c.count > 1 ? `, count: ${c.count}` : ''}${severity !== undefined ? `, severity: ${severity}` : ''}${onlyInText(c)}`;
      return { text: `step: ${callRefText(c.culprit)}${form}`, ref: c.culprit, form };
    });
    // in a matrix whose variants took different numbers, what each took, as the "fixed" branch says it (break-219 F6:
    // "lower count: to 1" in the variants that took 1 left the entry unmet in those that took 3)
    const keepEdit = groups !== undefined ? `${groups},` : leaveSeverityOut ? `lower count: to ${keep}, leave severity: out` : `lower count: to ${keep}`;
    return `${keepEdit} and add ${added.length === 1 ? 'an entry' : `an entry each${inAll(added)}:`} ${listedText(added, '; ', '; ', moreEntries)} if that is the same bug, `;
  }
  // the entry itself is moved, so it keeps its count: unless told a lower one
  const lower = (n: number): string => (n < e.count ? ` and lower count: to ${n}` : '');
  const pinned = w.severity === undefined ? '' : `severity: ${w.severity}`;
  const [only] = places;
  if (places.length === 1 && only !== undefined) {
    return `point step: at ${callRefText(only.culprit)}${pinned === '' ? '' : ` (${pinned})`}${lower(only.count)}${only.onlyIn === undefined ? '' : ` and write${onlyInText(only).slice(1)}`} if that is the same bug, `;
  }
  const { count, leaveOut } = countsOf(e, places, (c) => c.count < e.count);
  const each = places.map((c) => {
    const form = `${count(c)}${onlyInText(c)}`;
    return { text: `step: ${callRefText(c.culprit)}${form}`, ref: c.culprit, form };
  });
  return `point step: at the culprit if that is the same bug (an entry each${inAll(each)}: ${listedText(each, ', ', ', ', moreEntries)}${pinned === '' ? '' : `; ${pinned}`}${leaveOut ? '; leave count: out' : ''}), `;
}

/** "variant hypervisor=xen", "variants a=1 and a=2", "4 variants (a=1, …)": where an entry is met in a matrix */
function variantsText(names: readonly string[]): string {
  const [first] = names;
  if (names.length === 1 && first !== undefined) return `variant ${first}`;
  if (names.length <= 3) return `variants ${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `${names.length} variants (${first ?? ''}, …)`;
}

/**
 * "the entry is met in variant hypervisor=xen,pae=true of this file: write variant: "hypervisor=xen" in the entry if
 * only such variants have the bug": an unmet entry of a matrix that other variants of the run meet (or, none
 * meeting it, where its rule occurs at its step). The selector picks them and none of the variants of the run
 * that lack it; the findings this variant's entry took are kept by an entry of its own; the variants the run
 * did not replay are said to be unknown, not guessed.
 */
function inVariantsText(e: Shortfall<Expectation>, v: VariantsHaving): string {
  const where = v.met ? `the entry is met in ${variantsText(v.names)} of this file` : `${e.rule} occurs at ${callRefText(e.step)} in ${variantsText(v.names)} of this file`;
  const quoted = (selector: string): string => JSON.stringify(selector);
  // the count those variants took, where none met it: the same edit as theirs ("lower count: to 1 and write variant:")
  const lower = v.took !== undefined ? `lower count: to ${v.took} and ` : '';
  // no one selector: an entry each, as lostText writes the entries of an entry whose variants took different counts
  const entries = v.cover === undefined ? [] : v.cover.map((c) => `${v.took !== undefined ? `count: ${v.took}, ` : ''}variant: ${quoted(c)}`);
  const edit = v.selector !== undefined
    ? `${lower}write variant: ${quoted(v.selector)} in the entry`
    : entries.length > 0
      ? `write an entry each in place of this one${entries.length > 3 ? `, ${entries.length} in all` : ''}: ${entries.join('; ')}`
      : undefined;
  // leaving this variant out, the findings its entry took become live: an entry of its own keeps them
  // (and the other variants' that took some, in every variant: break-223 F3)
  const [one] = v.owns;
  const whom = one === undefined || v.owns.length > 1
    ? e.matched > 0 ? 'this one and the others that took some of its findings' : 'the variants that took some of its findings'
    : one.mine ? one.variants > 1 ? 'this one and the others it picks' : 'this one' : one.variants > 1 ? `the variants that took ${one.count}` : `the variant that took ${one.count}`;
  const owns = v.owns.map((o) => `variant: ${quoted(o.selector)} and count: ${o.count}`);
  const own = !v.met || one === undefined ? '' : `, and ${owns.length === 1 ? 'an entry with' : 'an entry each:'} ${owns.join('; ')} for ${whom}`;
  const unknown = v.notRun > 0 ? notRunNote(v.notRun) : '';
  // a name all of whose pairs a variant without it has (gate/selector-search.ts Picking.left): no edit picks just them
  if (edit === undefined) return `${where}, but no variant: picks just those variants, as some share every key=value pair with one that lacks it${unknown}`;
  return `${where}: ${edit}${own} if only such variants have the bug${unknown}`;
}

/**
 * An expect: entry that took fewer than `count` findings: "expected X at Y,
 * which did not occur: …" (count 1), "expected 3 X findings at Y, 1
 * occurred: …"; what the rest became (taken by another entry, another
 * severity) is said. When the rule occurred with Y as the call the finding
 * conflicts with, that is said instead of "no longer reproduces" (whose
 * advice, drop the entry, would lose a valid guard); when it occurred at
 * another culprit, that is named.
 */
export function unmetMessage(e: Shortfall<Expectation>): string {
  const missing = e.count - e.occurred;
  // every missing finding is there with another severity: the bug still shows, so no "no longer reproduces" (break-209 F4),
  // and no finding elsewhere is what the entry meant (break-211 F1: "step: fixup_init" for errors at its own step)
  // in a matrix where leaving severity: out passes every variant: that edit alone, the same in every variant
  // (break-251 F3: a variant: restriction was offered instead, and followed it left the findings live)
  const reseverity = e.severityOut !== undefined
    ? severityOutAdvice(e, e.severityOut.write)
    : missing > 0 && missing <= otherSeverityCount(e) ? severityAdvice(e) : '';
  const related = missing > 0 && reseverity === '' ? relatedNote(e) : null;
  // another variant of the file meets it: "no longer reproduces it … drop the expect: entry" is false there (break-212 F1);
  // and advice about this variant alone (another severity, the call it conflicts with) would mirror the problem to
  // the variants that meet it (break-215 F1, F3): where it is met, that comes first
  const v = e.inVariants;
  // (and where the findings occurred but another entry took them: "drop this entry" left it unmet in none here but
  // made the findings live in the variants that meet it, break-225 F1)
  const short = missing > 0 || (v?.met === true && e.matched < e.count);
  const elsewhereInRun = short && v !== undefined && e.severityOut === undefined && (v.met || (related === null && reseverity === '')) ? inVariantsText(e, v) : '';
  if (elsewhereInRun !== '') {
    if (e.count === 1) return `expected ${entryText(e)}, which ${e.occurred === 0 ? 'did not occur' : 'occurred'} in this variant${takenNote(e, 'expect')}${severityNote(e)}; ${elsewhereInRun}`;
    return `expected ${countedText(e)}, ${e.occurred} occurred in this variant${takenNote(e, 'expect')}${severityNote(e)}; ${elsewhereInRun}`;
  }
  // the variants the run left out may still have it: the advice to drop the entry says it is not known (break-212 F1)
  const notRun = e.notRun ?? e.inVariants?.notRun ?? 0;
  const unknown = notRun > 0 && missing > 0 ? notRunNote(notRun) : '';
  return `${unmetText(e, missing, reseverity, related, unknown !== '')}${unknown}`;
}

/** "; the run did not replay 3 other variants it applies to, so whether they have it is not known" */
function notRunNote(n: number): string {
  return `; the run did not replay ${plural(n, 'other variant')} it applies to, so whether ${n === 1 ? 'it has' : 'they have'} it is not known`;
}

/**
 * unmetMessage for an entry no other variant of the run meets. `partial`: the run left out variants the entry
 * applies to, which may have the finding: "the scenario no longer reproduces it" and "drop the expect: entry"
 * are said of this variant only (break-215 F8).
 */
function unmetText(e: Shortfall<Expectation>, missing: number, reseverity: string, related: string | null, partial = false): string {
  const scenario = partial ? 'this variant' : 'the scenario';
  const drop = `or${partial ? `, ${ONCE_ALL_RAN}` : ' '}drop the expect: entry if the bug is fixed`;
  // the related findings are another variant's (fileUnmet: this one has none): said of this variant, then of that one
  const inOther = related !== null && (e.elsewhere?.variant !== undefined || e.elsewhere?.from !== undefined);
  if (e.count === 1) {
    if (related !== null) return `expected ${entryText(e)}, which did not occur ${inOther ? 'in this variant' : 'there'}${severityNote(e)}${related}`;
    if (reseverity !== '') return `expected ${entryText(e)}, which did not occur${severityNote(e)}: ${reseverity}`;
    // the finding is there with another severity and another expect: entry has it: this one is the duplicate, not
    // a bug gone (drop it, as an entry whose finding another entry took is told)
    if (missing > 0 && e.matched === 0 && (e.othersExpected?.length ?? 0) > 0) {
      return `expected ${entryText(e)}, which did not occur${expectedNote(e)}: ${partial ? ONCE_ALL_RAN : ''}drop this entry if it is the same bug, or fix the order back if its change to ${changedTo(e)} is the regression`;
    }
    if (missing > 0) return `expected ${entryText(e)}, which did not occur${severityNote(e)}: ${scenario} no longer reproduces it${otherCulpritNote(e)} (fix the order back, ${pointNote(e)}${drop})`;
    // as an unused allow: says it (break-212 F9): the other entry takes it without this one
    return `expected ${entryText(e)}, which occurred${takenNote(e, 'expect')}; drop this entry`;
  }
  // "3 … findings at vmi_init, 0 occurred" already says how many are missing there (break-204 F8)
  const lost = related !== null
    ? related
    : reseverity !== ''
      ? `: ${reseverity}`
      : missing > 0
      ? lostText(e, missing, partial)
      : takenRemedy(e);
  return `expected ${countedText(e)}, ${e.occurred} occurred${inOther ? ' in this variant' : ''}${takenNote(e, 'expect')}${severityNote(e)}${lost}`;
}

/**
 * An allow: entry that took fewer than `count` findings: "allow: X at Y
 * matched no finding; remove it", "allow: 3 X findings at Y matched 1;
 * lower count: to 1"; in a matrix, over every variant it applies to.
 */
export function unusedAllowMessage(e: UnusedAllow): string {
  // a run that left out variants the entry applies to (--variant, --shard) knows nothing of their findings (break-212 F7)
  const partial = e.variants !== undefined && e.ofVariants !== undefined && e.ofVariants > e.variants ? e.ofVariants - e.variants : 0;
  const where = e.variants === undefined
    ? ''
    : partial > 0
      ? ` in the ${e.variants} of its ${e.ofVariants ?? 0} variants this run replayed`
      : e.variants === 1 ? ' in its 1 variant' : ` in any of its ${e.variants} variants`;
  const notes = `${takenNote(e, 'allow')}${severityNote(e, e.variants)}`;
  // "the 3 other variants may use it", "the other variant may use it" (break-215 F11: "the other 1 may use it more")
  const others = partial === 1 ? 'the other variant may use it' : `the ${partial} other variants may use it`;
  // findings no entry took at its own step, with another severity than its severity: (break-250 N4: "remove it"):
  // the bug still shows, so the advice is to change the severity, as for an expect: entry. Removing the entry would
  // leave the finding as live as it is now, and drop the permission should the order be fixed back to the severity it
  // names; "write severity: error" accepts only the findings of its rule at its step that are there, and says which
  const reseverity = severityAdvice(e);
  // its findings of another severity are the ones an unmet expect: entry is told to take: one entry for one finding
  // (break-280 N3: told to change severity: as well, following both wrote two)
  const claimed = claimedNote(e);
  if (reseverity === '' && claimed !== '' && e.matched === 0) {
    return `allow: ${e.count === 1 ? entryText(e) : countedText(e)} matched no finding${where}${notes}${claimed}: ${partial > 0 ? `${others}: run them all before removing it` : 'drop this entry if it is the same bug'}`;
  }
  if (reseverity !== '') {
    const head = `allow: ${e.count === 1 ? entryText(e) : countedText(e)} matched ${e.matched === 0 ? 'no finding' : `${e.variants === undefined || e.variants === 1 ? '' : 'at most '}${e.matched}`}${where}${notes}`;
    return `${head}: ${partial > 0 ? `${others}: run them all before changing it` : reseverity}`;
  }
  // at the call its findings conflict with: where they are, not "remove it" (break-206 F8)
  const related = e.matched === 0 ? relatedNote(e) : null;
  if (related !== null) return `allow: ${e.count === 1 ? entryText(e) : countedText(e)} matched no finding${where}${notes}${related}`;
  if (e.matched === 0) return `allow: ${e.count === 1 ? entryText(e) : countedText(e)} matched no finding${where}${notes}; ${partial > 0 ? `${others}: run them all before removing it` : 'remove it'}`;
  const most = e.variants === undefined || e.variants === 1 ? '' : ' at most';
  return `allow: ${countedText(e)} matched${most} ${e.matched}${where}${notes}; ${partial > 0 ? `${others} more: run them all before lowering count:` : `lower count: to ${e.matched}`}`;
}

/** The two pseudo-rules the gates report under (not rules of any architecture). */
export const UNMET_RULE = 'unmet-expectation';
export const UNUSED_ALLOW_RULE = 'unused-allow';

/** What a gate pseudo-rule is, for SARIF's rule descriptors and `bootreplay explain` (one source for both). */
export interface GateRuleText {
  readonly id: string;
  readonly severity: 'error' | 'warning';
  /** which entries of a scenario the gate checks: "expect:" or "allow:" */
  readonly entries: string;
  readonly doc: string;
  readonly explanation: string;
}

/** Where the gates are documented, named by every gate's explanation. */
const GATE_DOCS = 'See docs/ci.md, "Known findings: `expect:`, `allow:`, baselines", for how entries match findings.';

export const GATE_RULE_TEXTS: readonly GateRuleText[] = [
  {
    id: UNMET_RULE,
    severity: 'error',
    entries: 'expect:',
    doc: 'an expect: entry of the scenario was not met: the finding it names did not occur',
    explanation: `A scenario that reproduces a known bug lists the findings it must produce under expect: (rule and step,
optionally a variant). When the replay no longer produces one of them, the scenario stopped reproducing
the regression it documents: the order, the kernel profile or a rule changed.

Fix: restore the order that reproduces the bug, or, if the bug is meant to be gone, remove the expect: entry.

${GATE_DOCS}`,
  },
  {
    id: UNUSED_ALLOW_RULE,
    severity: 'warning',
    entries: 'allow:',
    doc: 'an allow: entry of the scenario matched no finding',
    explanation: `An allow: entry suppresses a finding (rule and step, optionally a variant) with a reason. One that matches
no finding suppresses nothing and hides the day the finding comes back under another step; like ESLint's
unused disable directives, it is reported.

Fix: remove the allow: entry, or correct its rule or step.

${GATE_DOCS}`,
  },
];

/**
 * One string for each text of an entry's message, escaped (escapeText), by the message as made: the variants of a
 * matrix tell an entry the same (512 variants with 128 unmet expect: entries each: 65,536 lines of 128 texts), and a
 * report's lines are all held until they are joined, so each copy of a text survived every scavenge until promoted.
 * The copy made for a line is dropped young. Kept by the text before escaping, so that a message already seen is
 * neither escaped again (a scan of every character, and a lookup of its own when it is not plain ASCII) nor looked up
 * twice: one lookup where there were two or three. Bounded: emptied when full (keptUpTo).
 */
const MESSAGES = new Map<string, string>();

/** How many message texts MESSAGES keeps (each a few hundred characters). */
const MESSAGES_KEPT = 4096;

function sharedEscaped(message: string): string {
  return keptUpTo(MESSAGES, MESSAGES_KEPT, message, () => escapeText(message));
}

export function gateLines(r: GatedResult, style: Style): string[] {
  const lines: string[] = [];
  // the real path first (file:line:col parsers), then whose entry it is, as finding lines say it;
  // file and variant names, call references and variants of expect:/allow: are user text
  // (whose: the same text for every entry of the result, made on first use, not once per entry)
  let owner: string | undefined;
  const whose = (e: Expectation): string => {
    if (e.pos.file === undefined && r.variant === undefined) return '';
    owner ??= ` in ${escapeText(displayName(r))}`;
    return owner;
  };
  for (const e of r.unmet) lines.push(`${escapeText(locationText(r, e.pos))}: ${style.error('error')} ${style.bold(UNMET_RULE)}: ${sharedEscaped(unmetMessage(e))}${whose(e)}`);
  for (const a of r.unusedAllows) lines.push(`${escapeText(locationText(r, a.pos))}: ${style.warning('warning')} ${style.bold(UNUSED_ALLOW_RULE)}: ${sharedEscaped(unusedAllowMessage(a))}${whose(a)}`);
  return lines;
}

/** "3 expected", "1 suppressed", … for the counts that are not zero (live infos are counted with errors and warnings). */
export function gateTotals(t: Totals): string[] {
  return [
    t.expected > 0 ? `${t.expected} expected` : '',
    t.suppressed > 0 ? `${t.suppressed} suppressed` : '',
    t.baseline > 0 ? `${t.baseline} in baseline` : '',
    t.unmet > 0 ? `${t.unmet} unmet expectation${t.unmet === 1 ? '' : 's'}` : '',
    t.unusedAllows > 0 ? `${t.unusedAllows} unused allow${t.unusedAllows === 1 ? '' : 's'}` : '',
  ].filter((x) => x !== '');
}

/**
 * "2 warnings, 1 suppressed": a result's counts, live findings first and then
 * the gates', as its PASS/FAIL line, its row of a matrix table and diff's
 * line for it all say them (they once disagreed: a row without "1 suppressed").
 * Empty when everything is zero.
 */
export function countsText(live: Pick<Totals, 'errors' | 'warnings' | 'infos'>, gates?: Totals): string {
  return [
    live.errors > 0 ? plural(live.errors, 'error') : '',
    live.warnings > 0 ? plural(live.warnings, 'warning') : '',
    live.infos > 0 ? `${live.infos} info` : '',
    ...(gates !== undefined ? gateTotals(gates) : []),
  ].filter((x) => x !== '').join(', ');
}
