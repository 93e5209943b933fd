/**
 * Two loaded scenarios written back as plain scenario data (no extends:,
 * patch: or matrix:), so that bisect's edit script compares like with like
 * whatever each side was (a plain file, a derived file, a matrix variant,
 * `REV:path`) and its intermediates can be loaded by the real loader.
 *
 * - kernel and arch: the resolved ones.
 * - config:/machine:: each leaf key (plugin.inputs, the keys `diff` shows)
 *   that the scenario writes somewhere (its file, a base, its matrix entry;
 *   Scenario.positions knows), with its value as `diff` shows it. A key it
 *   leaves to the default stays unset, so a value that follows from others
 *   (x86_32's xen_pt_base from the memory) keeps following them in an
 *   intermediate. A key whose value is the same on both sides is written on
 *   both or on neither, so that "set to the default" against "not set" is no
 *   edit (`diff`: inputs same).
 * - define:: the union of both sides' definitions (a defined call matters
 *   only through the order edit that inserts it); a call both sides define
 *   with other effects keeps each side's own, and that is an edit.
 * - setup_arch: the composed order, with notes.
 *
 * Pure; architecture-neutral (the plug-in writes the inputs).
 */
import { setPath } from '../scenario/key-path.js';
import { parse } from 'yaml';
import type { ArchPlugin, InputValue } from '../arch/types.js';
import type { DefinedCall, Scenario } from '../scenario/types.js';

/** A loaded scenario and the plug-in that resolved it. */
export interface Loaded {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}


/** Whether the scenario writes the input `key` (`machine.cpu.pse`): the key, or the mapping it is a leaf of, has a position. */
function writes(scenario: Scenario, key: string): boolean {
  // positions of a matrix variant inherit the file's through the prototype chain: `in`, not hasOwn
  if (key in scenario.positions) return true;
  const parts = key.split('.');
  // a nested mapping given whole (a matrix value `machine.cpu: {pse: false}`) writes its leaves
  for (let n = parts.length - 1; n >= 2; n--) if (parts.slice(0, n).join('.') in scenario.positions) return true;
  return false;
}

/** A definition's effects as written, without its doc (a doc is words, not a model change). */
function effectsOf(d: DefinedCall): string {
  return JSON.stringify(Object.entries(d.written).filter(([k]) => k !== 'doc'));
}

function baseData(x: Loaded): Record<string, unknown> {
  return { arch: x.scenario.arch, kernel: x.scenario.kernel.text };
}

function orderData(x: Loaded): (string | { call: string; note: string })[] {
  return x.scenario.steps.map((st) => (st.note === undefined ? st.call : { call: st.call, note: st.note }));
}

/**
 * Both sides as plain scenario data (see the module comment).
 *
 * @returns [GOOD's data, BAD's data]; loading either gives the side's scenario (same order, kernel, effective inputs, definitions)
 */
export function pairData(good: Loaded, bad: Loaded): [Record<string, unknown>, Record<string, unknown>] {
  const g = baseData(good);
  const b = baseData(bad);
  const gi = new Map(good.plugin.inputs(good.scenario).map((v: InputValue) => [v.key, v.value]));
  const bi = new Map(bad.plugin.inputs(bad.scenario).map((v: InputValue) => [v.key, v.value]));
  for (const key of [...new Set([...gi.keys(), ...bi.keys()])]) {
    const gv = gi.get(key);
    const bv = bi.get(key);
    const gw = gv !== undefined && writes(good.scenario, key);
    const bw = bv !== undefined && writes(bad.scenario, key);
    const path = key.split('.');
    if (gv === bv) {
      if (gv !== undefined && (gw || bw)) {
        setPath(g, path, parse(gv) as unknown);
        setPath(b, path, parse(gv) as unknown);
      }
      continue;
    }
    if (gw) setPath(g, path, parse(gv) as unknown);
    if (bw) setPath(b, path, parse(bv) as unknown);
  }
  const gd = good.scenario.defined;
  const bd = bad.scenario.defined;
  const names = [...new Set([...Object.keys(gd), ...Object.keys(bd)])].sort();
  if (names.length > 0) {
    const gDefine: Record<string, unknown> = {};
    const bDefine: Record<string, unknown> = {};
    for (const name of names) {
      const x = gd[name];
      const y = bd[name];
      // same effects (or one side only): one definition on both sides, GOOD's words when it has one
      const shared = x === undefined ? y : y === undefined || effectsOf(x) === effectsOf(y) ? x : undefined;
      gDefine[name] = (shared ?? x)?.written;
      bDefine[name] = (shared ?? y)?.written;
    }
    g['define'] = gDefine;
    b['define'] = bDefine;
  }
  g['setup_arch'] = orderData(good);
  b['setup_arch'] = orderData(bad);
  return [g, b];
}

/** An input edit as people read it: the key and each side's value as `diff` shows it. */
export interface InputChangeText {
  /** `kernel`, `config.pae`, `machine.cpu.pse`, `define.NAME` */
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

/**
 * How an input edit reads, with the values `diff` shows (the effective
 * ones: a key left to its default shows the default; "(not set)" where no
 * default applies), or a definition's effects in the architecture's words
 * (describeDefine), never raw data.
 *
 * @param path the edit's key path
 */
export function inputChange(good: Loaded, bad: Loaded, path: readonly string[]): InputChangeText {
  const key = path.join('.');
  if (path[0] === 'define' && path.length === 2) {
    const name = path[1] ?? '';
    const side = (x: Loaded): string => {
      const d = x.scenario.defined[name];
      return d === undefined ? '(not defined)' : x.plugin.describeDefine(d.compiled).effects;
    };
    return { key, from: side(good), to: side(bad) };
  }
  const value = (x: Loaded): string => {
    if (key === 'kernel') return x.scenario.kernel.text;
    if (key === 'arch') return x.scenario.arch;
    return x.plugin.inputs(x.scenario).find((v) => v.key === key)?.value ?? '(not set)';
  };
  return { key, from: value(good), to: value(bad) };
}
