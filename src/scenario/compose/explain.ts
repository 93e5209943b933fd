/**
 * Schema issues of the composing keys, in the scenario's words: a patch item
 * is explained by the edit it names (the union of four edits would only say
 * "none matched"), an unknown matrix axis or define effect gets its own
 * did-you-mean. Everything else goes to the shared explainer (zod-issues.ts).
 */
import * as z from 'zod/mini';
import { isRecord } from '../is-record.js';
import { pathText, type Path } from '../path-text.js';
import { keysAt, schemaAt } from '../schema-at.js';
import { suggest } from '../suggest.js';
import { clipped, quoted } from '../quote.js';
import { archCandidates, explainIssue, otherArchKeyPathNote, type Explain } from '../zod-issues.js';
import { isAxisKey } from './matrix.js';
import { PATCH_EDITS, PATCH_OPS, type PatchOp } from './schema.js';

type Issue = z.core.$ZodIssue;

const EDIT_FORMS = '{move: CALL, before: CALL} (or after:), {insert: CALL, before: CALL} (or after:), {remove: CALL}, {replace: CALL, with: CALL}';

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${quoted(v)}`;
  return typeof v === 'object' ? 'a mapping' : `${typeof v === 'number' ? 'the number' : ''} ${clipped(String(v))}`.trim();
}

/** One patch item: which edit it is, then that edit's own issues. */
export function explainPatchItem(x: Explain, i: number): void {
  const path: Path = ['patch', i];
  const patch = isRecord(x.data) ? x.data['patch'] : undefined;
  const item: unknown = Array.isArray(patch) ? patch[i] : undefined;
  if (!isRecord(item)) {
    x.say(path, `${pathText(path)}: expected an edit, got ${describe(item)}; edits: ${EDIT_FORMS}`);
    return;
  }
  const ops = PATCH_OPS.filter((op) => Object.hasOwn(item, op));
  if (ops.length > 1) {
    x.say(path, `${pathText(path)}: one edit per item, found ${ops.join(' and ')}; write each as its own item`);
    return;
  }
  const op: PatchOp | undefined = ops[0];
  if (op === undefined) {
    const keys = Object.keys(item);
    const guess = keys.map((k) => suggest(k, PATCH_OPS)).find((g) => g !== undefined);
    x.say(path, `${pathText(path)}: no edit${guess !== undefined ? ` (did you mean ${guess}:?)` : ''}; an item is one of ${EDIT_FORMS}`);
    return;
  }
  const edit = PATCH_EDITS[op];
  const parsed = edit.safeParse(item);
  // The shared explainer finds allowed keys and bounds through the schema at the path.
  const sub: Explain = { ...x, schema: z.object({ patch: z.array(edit) }) };
  const own = Object.keys(edit.def.shape);
  for (const issue of parsed.error?.issues ?? []) {
    if (issue.code !== 'unrecognized_keys' || issue.path.length > 0) {
      explainIssue(sub, issue, path);
      continue;
    }
    for (const key of issue.keys) {
      // "before" written in a replace: say which edits take it
      const guess = suggest(key, own);
      const others = PATCH_OPS.filter((o) => o !== op && Object.keys(PATCH_EDITS[o].def.shape).some((k) => k === key || suggest(key, [k]) === k));
      const otherKey = others.length > 0 ? (Object.keys(PATCH_EDITS[others[0] ?? op].def.shape).find((k) => k === key || suggest(key, [k]) === k) ?? key) : undefined;
      const hint = guess !== undefined ? ` (did you mean ${guess}?)` : otherKey !== undefined ? ` (${otherKey}: goes with ${others.map((o) => `${o}:`).join(' and ')})` : '';
      x.say(path, `${pathText([...path, key])}: unknown key${hint}; allowed in ${pathText(path)}: ${own.join(', ')}`, key);
    }
  }
}

/** An unknown key where matrix axes go: the scalar key paths, matched on the path or on its last key. */
function unknownAxis(x: Explain, at: Path, key: string, axes: readonly string[]): void {
  const where = at.length === 1 ? 'an axis' : 'a key of an exclude/include entry';
  // a mapping's path (machine.cpu): the axes are its scalar keys (helper-183 13: "did you mean machine.efi?")
  const inside = axes.filter((a) => a.startsWith(`${key}.`));
  if (inside.length > 0) {
    x.say(at, `${pathText([...at, key])}: ${key} is a mapping, not a scalar; ${where} names one of its keys: ${inside.join(', ')}`, key);
    return;
  }
  // a list (arm64 machine.banks): a value of the axis would be a whole list, which an axis does not take (break-215 F6:
  // "unknown key (did you mean machine.acpi?)")
  const path = key.split('.');
  if (path.length >= 2 && schemaAt(x.schema, path) instanceof z.ZodMiniArray) {
    x.say(at, `${pathText([...at, key])}: ${key} is a list, not a scalar; ${where} is a scalar key path (write each list in a file that extends this one)`, key);
    return;
  }
  // config.va_bits on x86_32: another architecture's key, as a config: key is said to be (break-211 F8), with no
  // guess at a key of this one beside it (break-215 F6: "did you mean machine.cmdline?" for machine.cpu.pse)
  const other = otherArchKeyPathNote(x, key);
  // guessed among the axes and the keys of config: and machine: (machine.bank is machine.banks, a list, which its own
  // message then says; among the axes alone it was "machine.efi", break-215 F6)
  const sections = ['config', 'machine'].flatMap((s) => keysAt(x.schema, [s]).map((k) => `${s}.${k}`));
  const guess = other !== '' ? undefined : axes.find((a) => a.endsWith(`.${key}`)) ?? suggest(key, [...new Set([...axes, ...sections])]);
  x.say(at, `${pathText([...at, key])}: unknown key${guess !== undefined ? ` (did you mean ${guess}?)` : ''}${other}; ${where} is a scalar key path: ${axes.join(', ')}`, key);
}

/**
 * Every schema issue of one file, in the scenario's words.
 */
export function explainLayerIssues(explain: Explain, issues: readonly Issue[]): void {
  const candidates = archCandidates(explain, issues);
  const x = candidates === undefined ? explain : { ...explain, archCandidates: candidates };
  const items = new Set<number>();
  for (const issue of issues) {
    const [top, second] = issue.path;
    // zod reports a failed union of objects either as the union or as the one branch it found closest; either way, explain the item by its edit, once
    if (top === 'patch' && typeof second === 'number') {
      if (!items.has(second)) explainPatchItem(x, second);
      items.add(second);
    } else if (!explainComposeIssue(x, issue)) {
      explainIssue(x, issue, []);
    }
  }
}

/** An unknown matrix axis or define effect; false for every other issue. */
function explainComposeIssue(x: Explain, issue: Issue): boolean {
  const [top, second, third] = issue.path;
  if (top === 'matrix' && issue.code === 'unrecognized_keys' && (issue.path.length === 1 || issue.path.length === 3)) {
    const axes = keysAt(x.schema, ['matrix']).filter(isAxisKey);
    for (const key of issue.keys) unknownAxis(x, issue.path, key, axes);
    return true;
  }
  if (top === 'define' && typeof second === 'string' && third === undefined && issue.code === 'unrecognized_keys') {
    const allowed = keysAt(x.schema, ['define', second]);
    const effects = allowed.filter((k) => k !== 'doc');
    for (const key of issue.keys) {
      const guess = suggest(key, allowed);
      x.say(issue.path, `${pathText([...issue.path, key])}: unknown effect${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; effects: ${effects.join(', ')} (and doc:)`, key);
    }
    return true;
  }
  return false;
}
