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
 *   A default that follows the kernel version (a Kconfig `default y` from
 *   some release on) is the exception: a side that leaves such a key to its
 *   default writes its value (kernelPinned), so the `kernel:` edit alone
 *   keeps it and a difference is a config:/machine: edit of its own, as
 *   `diff` lists it. Otherwise the kernel edit would flip the key silently
 *   and be blamed for what the key does.
 * - define:: the union of both sides' definitions (a defined call matters
 *   only through the order edit that inserts it); a call both sides define
 *   with other effects keeps each side's own, and that is an edit.
 * - setup_arch: the composed order, with notes.
 *
 * Pure; architecture-neutral (the plug-in writes the inputs).
 */
import { setPath } from '../scenario/key-path.js';
import { unquoteText } from '../escape.js';
import { parseDocument, stringify, visit } from 'yaml';
import { parseScenario } from '../scenario/loader.js';
import { scalarData } from '../scenario/yaml-document.js';
import type { ArchPlugin, InputValue, KernelVersion } from '../arch/types.js';
import type { DefinedCall, Scenario } from '../scenario/types.js';

/** A loaded scenario and the plug-in that resolved it. */
export interface Loaded {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

/**
 * Plain scenario data (an intermediate of bisect) through the real loader, as YAML text: the scenario, or null
 * when the loader rejects it, and the length of that text in characters.
 */
export function loadScenarioData(data: Readonly<Record<string, unknown>>, label: string): { readonly loaded: Loaded | null; readonly chars: number } {
  const text = stringify(data);
  const r = parseScenario(text, label);
  return { loaded: r.ok ? { plugin: r.plugin, scenario: r.scenario } : null, chars: text.length };
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

/**
 * An input's value as the plug-in writes it (YAML text), as data, read as
 * the loader reads a file: an integer past 2^53 (arm64's 64-bit kaslr_seed)
 * stays its text (yaml-document.ts), which the schema reads exactly. As a
 * double, two seeds that differ past 2^53 were one value and bisect saw no
 * edit (helper-177). Silent: yaml never prints to stderr itself.
 */
function inputValue(text: string): unknown {
  // a quoted text (the command line) is quoteText's: its escapes are read back by unquoteText. As YAML, a character
  // past U+FFFF (written \u{e0041}) was an invalid escape kept as its nine characters (helper-199 5)
  const quoted = text.startsWith('"') ? unquoteText(text) : null;
  if (quoted !== null) return quoted;
  const doc = parseDocument(text, { logLevel: 'silent' });
  visit(doc, {
    Scalar(key, node) {
      if (key !== 'key') node.value = scalarData(node);
    },
  });
  return doc.toJS() as unknown;
}

/**
 * The keys `x` leaves to a default whose value would change with `kernel`
 * (a Kconfig default that depends on the release): `x`'s written config:
 * and machine: keys validated by the plug-in's schemas and resolved again
 * with the other kernel, compared with `x`'s own inputs. Asking the plug-in
 * keeps this architecture-neutral; a default that follows another input
 * (a page-table base that follows the memory) does not change here, so it
 * keeps following that input in an intermediate.
 *
 * @param kernel the other side's kernel (same architecture)
 * @returns dotted input keys (`config.debug_rodata`); empty for the same kernel
 */
export function kernelPinned(x: Loaded, kernel: KernelVersion): Set<string> {
  const pinned = new Set<string>();
  if (kernel.key === x.scenario.kernel.key) return pinned;
  const own = x.plugin.inputs(x.scenario);
  const written: Record<string, unknown> = {};
  for (const v of own) if (setsInput(x.scenario, v)) setPath(written, pathOf(v), inputValue(v.value));
  // a section the side does not write is undefined for resolve(), as the loader passes it
  const valid = (schema: ArchPlugin['configSchema'], data: unknown): { ok: boolean; data: unknown } => {
    if (data === undefined) return { ok: true, data };
    const r = schema.safeParse(data);
    return r.success ? { ok: true, data: r.data } : { ok: false, data: undefined };
  };
  const config = valid(x.plugin.configSchema, written['config']);
  const machine = valid(x.plugin.machineSchema, written['machine']);
  // the side's own values always validate (they are what the loader accepted); if not, nothing to pin
  if (!config.ok || !machine.ok) return pinned;
  const moved = x.plugin.resolve(config.data, machine.data, kernel);
  const there = new Map(x.plugin.inputs({ ...x.scenario, kernel, config: moved.config, machine: moved.machine }).map((v) => [v.key, v.value]));
  for (const v of own) if (!setsInput(x.scenario, v) && there.get(v.key) !== v.value) pinned.add(v.key);
  return pinned;
}

/** Whether the scenario sets input `v`: its key, or for a derived input (InputValue.writtenAs) any key it comes from. */
function setsInput(scenario: Scenario, v: InputValue): boolean {
  return writes(scenario, v.key) || (v.writtenAs?.from.some((k) => writes(scenario, k)) ?? false);
}

/** The key path an input is written back with (InputValue.writtenAs). */
function pathOf(v: InputValue): string[] {
  return (v.writtenAs?.key ?? v.key).split('.');
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
  // one version written two ways (v4.6 and 4.6) is no kernel edit: BAD's data names it as GOOD does (helper-199 2)
  if (good.plugin === bad.plugin && good.scenario.kernel.key === bad.scenario.kernel.key) b['kernel'] = g['kernel'];
  const gInputs = new Map(good.plugin.inputs(good.scenario).map((v: InputValue) => [v.key, v]));
  const bInputs = new Map(bad.plugin.inputs(bad.scenario).map((v: InputValue) => [v.key, v]));
  // only within one architecture: another plug-in's defaults are not this side's
  const sameArch = good.plugin === bad.plugin;
  const gPinned = sameArch ? kernelPinned(good, bad.scenario.kernel) : new Set<string>();
  const bPinned = sameArch ? kernelPinned(bad, good.scenario.kernel) : new Set<string>();
  for (const key of [...new Set([...gInputs.keys(), ...bInputs.keys()])]) {
    const gInput = gInputs.get(key);
    const bInput = bInputs.get(key);
    const gv = gInput?.value;
    const bv = bInput?.value;
    const gw = gInput !== undefined && (setsInput(good.scenario, gInput) || gPinned.has(key));
    const bw = bInput !== undefined && (setsInput(bad.scenario, bInput) || bPinned.has(key));
    const either = gInput ?? bInput;
    if (either === undefined) continue;
    const path = pathOf(either);
    if (gv === bv) {
      if (gv !== undefined && (gw || bw)) {
        setPath(g, path, inputValue(gv));
        setPath(b, path, inputValue(gv));
      }
      continue;
    }
    if (gw && gv !== undefined) setPath(g, path, inputValue(gv));
    if (bw && bv !== undefined) setPath(b, path, inputValue(bv));
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
    return x.plugin.inputs(x.scenario).find((v) => v.key === key || v.writtenAs?.key === key)?.value ?? '(not set)';
  };
  return { key, from: value(good), to: value(bad) };
}
