/**
 * Composing a scenario file: YAML layers (the file and the bases it
 * `extends`) → validated → merged (scalars override, config/machine key by
 * key at any depth, define: by name, setup_arch inherited and edited by each `patch:`) →
 * one scenario per `matrix:` combination (or one), each checked and given
 * its defaults. Pure except for the injected reader.
 *
 * Problems of the file itself (YAML, schema, patch anchors, matrix shape)
 * fail the whole file; problems that only some variants have (a value the
 * architecture rejects for one combination, a call one variant's kernel
 * lacks) fail those variants only, each named in its messages.
 */
import { basename, extname } from 'node:path';
import { isScalar } from 'yaml';
import * as z from 'zod/mini';
import { escapeText } from '../../escape.js';
import { archById, DEFAULT_ARCH, isArchId, loadArches } from '../../arch/index.js';
import type { ArchPlugin } from '../../arch/types.js';
import { isRecord } from '../is-record.js';
import type { Path } from '../path-text.js';
import { DEFAULT_LIMITS, limitMessage, textChars, type Limits } from '../limits.js';
import { capProblems, formatProblem, metLoading, sortProblems, type InputProblem } from '../problems.js';
import { matrixAxes, scenarioSchemaFor, sharedKeysSchema, unknownArchSchema, writtenKeys } from '../schema.js';
import { itemLines } from '../item-lines.js';
import { patchSite } from '../patch-site.js';
import { foldAtPath } from '../folded-lines.js';
import { checkEntries, checkEntriesEarly, machinesImplicit, type MatrixVariants, type OrderGaps } from '../entry-checks.js';
import { parseCallRef, type CallRef } from '../order-edit.js';
import { ENTRY_SEVERITIES, type Allowance, type DefinedCall, type EntrySeverity, type Expectation, type FixSource, type Pos, type Scenario, type Step } from '../types.js';
import { setKey } from '../yaml-document.js';
import { setPath } from '../key-path.js';
import { keyEntries, placeOf, posOf, report } from '../yaml-positions.js';
import { explainIssue, ZOD_PARSE_PARAMS, type Explain } from '../zod-issues.js';
import { readChain, type Chain } from './chain.js';
import type { Axis } from './schema.js';
import { checkVariant, type MergedInput, type VariantSource } from './checks.js';
import { checkInheritedAxes } from './axis-conflicts.js';
import { deepMerge, noteOrigins } from './deep-merge.js';
import { checkDefines, compileDefines, definedNames, isCallName } from './define.js';
import { explainLayerIssues } from './explain.js';
import { parseLayer, type Layer } from './layer.js';
import { axesOf, expandMatrix, repeatedValues, UNREAD, type Assignment, type Combination, type KernelKey, type Matrix } from './matrix.js';
import { keyPaths, selectorSteps } from './variant-name.js';
import { applyPatch, checkUnappliedPatch, type GoneCalls, type PendingAdds } from './patch.js';
import type { FileReader } from './reader.js';
import { stepsOfLayer, type ComposedStep } from './steps.js';
import { replayWeight, replayWeightText } from './replay-weight.js';
import { newSuggestBudget, suggestBudgetLeft } from '../suggest.js';

export type VariantOutcome =
  | { readonly ok: true; readonly scenario: Scenario }
  /** a combination the architecture rejects (or whose kernel lacks a call): replayed no further */
  | { readonly ok: false; readonly variant: string; readonly problems: readonly InputProblem[] };

/**
 * What the run report's matrix table needs: which file, and the variant-name
 * keys as columns; and what selectors need: each key's path.
 */
export interface MatrixInfo {
  readonly file: string;
  readonly keys: readonly string[];
  /** the key path of each of `keys` ("machine.cpu.pge" for "pge"), for selectors that name a key by its path */
  readonly paths: readonly string[];
  /** the names of the combinations `exclude:` dropped (Matrix.excluded) */
  readonly excluded: readonly string[];
}

/**
 * A composed file, or its problems. `unloadedArch`: the file names an
 * architecture whose plug-in is not loaded yet (src/arch/index.ts); the
 * caller loads it (loadArches) and composes again (composeLoading does both).
 * Its one problem says so, for a caller that does not.
 */
export type ComposeResult =
  | {
    readonly ok: true; readonly plugin: ArchPlugin; readonly matrix: MatrixInfo | undefined; readonly variants: readonly VariantOutcome[];
    /**
     * why a file has no matrix when `matrix: null` is the reason: "matrix: null
     * at n1.yaml:2:1 drops the one of m.yaml", for the messages that say it has none
     */
    readonly matrixDropped?: string;
  }
  | { readonly ok: false; readonly problems: InputProblem[]; readonly unloadedArch?: string; readonly resume?: ComposeResume };

/**
 * What composeScenario had read of a file when it found that the file names an architecture whose plug-in is not
 * loaded (ComposeResult's `resume`, with `unloadedArch`): the file and its `extends:` chain, parsed, and what was
 * left of the file's suggestion budget then. Nothing of it depends on a plug-in, so composeLoading composes again
 * from it once the plug-in is loaded. Why: an arm64 or riscv file was parsed twice, chain and all (2,040 calls of
 * the arm64-paging-init-json limit file: its YAML once more, a tenth of the run).
 */
export interface ComposeResume {
  readonly chain: Chain;
  readonly cellsLeft: number;
}

/** Keys that shape the composition rather than the scenario. */
const COMPOSING = new Set(['extends', 'patch', 'matrix', 'define']);

/** Keys whose mappings merge key by key at any depth (deep-merge.ts); every other key is replaced whole. */
const DEEP = new Set(['config', 'machine']);

/**
 * The file's problems in reading order, capped at max-problems (the rest
 * counted in one last problem); each one in a base names `file` (metLoading).
 */
function fail(file: string, problems: readonly InputProblem[], limits: Limits): ComposeResult {
  return { ok: false, problems: capProblems(sortProblems(metLoading(file, problems)), limits.maxProblems) };
}

/**
 * The plug-in `arch:` names (the last layer that sets it wins), with that
 * layer; undefined plug-in for an unknown arch, and `unloaded` for a known
 * one that is not loaded yet.
 */
function pluginOf(layers: readonly Layer[]): { plugin: ArchPlugin | undefined; layer: Layer | undefined; unloaded?: string } {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer === undefined || !Object.hasOwn(layer.data, 'arch')) continue;
    const arch = layer.data['arch'];
    const plugin = typeof arch === 'string' ? archById(arch) : undefined;
    if (plugin === undefined && typeof arch === 'string' && isArchId(arch)) return { plugin, layer, unloaded: arch };
    return { plugin, layer };
  }
  return { plugin: DEFAULT_ARCH, layer: undefined };
}

/**
 * " (arch: arm64 is set at ar.yaml:3:7)" when another file of the chain sets
 * the architecture a layer is validated for: its calls are unknown because of
 * that file, as a call a derived file's kernel lacks says where the kernel is
 * set (checks.ts).
 */
function archNoteFor(layer: Layer, archLayer: Layer | undefined, plugin: ArchPlugin): string | undefined {
  if (archLayer === undefined || archLayer === layer) return undefined;
  const at = posOf(archLayer.ctx, placeOf(archLayer.doc, ['arch']));
  return ` (arch: ${plugin.id} is set at ${archLayer.file}:${at.line}:${at.col})`;
}

/** How to list a plug-in's calls: the default architecture's catalog is what a bare `steps` lists. */
function stepsCommandOf(plugin: ArchPlugin): string {
  return plugin === DEFAULT_ARCH ? 'bootreplay steps' : `bootreplay steps --arch ${plugin.id}`;
}

function explainer(
  layer: Layer, schema: Explain['schema'], callNames: readonly string[], plugin: ArchPlugin, archLayer?: Layer, counts?: LayerCounts,
): Explain {
  const archNote = archNoteFor(layer, archLayer, plugin);
  return {
    data: layer.data,
    schema,
    callNames,
    // an implicit step (head_32) occurs once; a call as often as the order has it where the text is read: a patch:
    // item's references before that item, expect:/allow: after the whole patch (break-242 F3)
    ...(counts !== undefined ? {
      occurrences: (name: string, at: Path) => {
        if (plugin.implicitStepNames.includes(name)) return 1;
        return at[0] === 'patch' && typeof at[1] === 'number' ? counts.beforeItem(at[1], name) : counts.after.get(name) ?? 0;
      },
    } : {}),
    // a step may also be an implicit boot step (head_32); none without a catalog (an architecture not known yet)
    ...(callNames.length > 0 ? { stepNames: [...callNames, ...plugin.implicitStepNames] } : {}),
    ...(archNote !== undefined ? { archNote } : {}),
    archDefault: archLayer === undefined,
    // the default architecture's catalog is what a bare `steps` lists
    stepsCommand: stepsCommandOf(plugin),
    arch: plugin.id,
    folded: (path: Path) => foldAtPath(layer.ctx, layer.doc, path),
    written: (path: Path) => {
      const node = placeOf(layer.doc, path);
      // a plain scalar's text: a quoted one's source is its value without the quotes, which would read as unquoted
      return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : undefined;
    },
    say: (path: Path, message: string, key?: string): void => report(layer.ctx, placeOf(layer.doc, path, key), message),
  };
}

type Parsed = Readonly<Record<string, unknown>>;

/** Each layer validated against the architecture's schema; its output, or undefined when it has problems. */
function validate(plugin: ArchPlugin, layers: readonly Layer[], archLayer: Layer | undefined): (Parsed | undefined)[] {
  const catalog = new Set(plugin.callNames);
  const defined: string[] = [];
  // how often each call occurs in the order so far (undefined until a layer lists one): for did-you-mean
  let counts: LayerCounts | undefined;
  return layers.map((layer) => {
    checkDefines(layer, plugin);
    for (const n of definedNames(layer)) if (isCallName(n) && !catalog.has(n) && !defined.includes(n)) defined.push(n);
    counts = occurrenceCounts(layer, counts?.after);
    const schema = scenarioSchemaFor(plugin, defined, Object.hasOwn(layer.data, 'extends'), writtenKeys(layer.data));
    const r = schema.safeParse(layer.data, ZOD_PARSE_PARAMS);
    if (r.success) return r.data;
    explainLayerIssues(explainer(layer, schema, [...plugin.callNames, ...defined], plugin, archLayer, counts), r.error.issues);
    return undefined;
  });
}

/** How often each call occurs in the order a layer's patch: item reads (`beforeItem`: the item's index, the call), and after its patch. */
interface LayerCounts {
  readonly beforeItem: (index: number, name: string) => number;
  readonly after: ReadonlyMap<string, number>;
}

/**
 * How often each call occurs in the order a layer's patch: edits and its expect:/allow: read: its own setup_arch's
 * calls, else its bases' (`before`), with one more for each insert:/with: of its patch and one fewer for each
 * remove:/replace:, counted item by item (a NAME#N did-you-mean names an occurrence the order has where it is read,
 * break-239 N3; after `remove: dmi_scan_machine`, dmi_scan_machine#1 was offered and then refused, break-242 F3).
 * A reference that names nothing the order has takes nothing out. Undefined when no layer so far lists a setup_arch.
 */
function occurrenceCounts(layer: Layer, before: ReadonlyMap<string, number> | undefined): LayerCounts | undefined {
  const own = layer.data['setup_arch'];
  let counts: Map<string, number> | undefined;
  if (Array.isArray(own)) {
    counts = new Map();
    for (const item of own as unknown[]) {
      const call = isRecord(item) ? item['call'] : item;
      if (typeof call === 'string') counts.set(call, (counts.get(call) ?? 0) + 1);
    }
  } else if (before !== undefined && !Object.hasOwn(layer.data, 'setup_arch')) counts = new Map(before);
  if (counts === undefined) return undefined;
  const start = new Map(counts);
  const items: readonly unknown[] = Array.isArray(layer.data['patch']) ? layer.data['patch'] as unknown[] : [];
  for (const item of items) editCount(item, counts);
  return {
    // replayed for the one name asked, when asked (a did-you-mean only): a copy of the counts per patch: item made
    // every load quadratic in a patch of many items over an order of many calls
    beforeItem: (index: number, name: string) => {
      const one = new Map([[name, start.get(name) ?? 0]]);
      for (const item of items.slice(0, index)) editCount(item, one, name);
      return one.get(name) ?? 0;
    },
    after: counts,
  };
}

/**
 * What one patch: item does to the counts of the calls in the order: one fewer for the call its remove:/replace:
 * names when the order has that occurrence, one more for what its insert:/with: adds. `only`: count that call alone.
 */
function editCount(item: unknown, counts: Map<string, number>, only?: string): void {
  if (!isRecord(item)) return;
  const gone = item['remove'] ?? item['replace'];
  const ref = typeof gone === 'string' ? parseCallRef(gone) : null;
  if (ref !== null && (only === undefined || ref.name === only)) {
    const left = counts.get(ref.name) ?? 0;
    if (ref.occurrence <= left) counts.set(ref.name, left - 1);
  }
  const added = item['insert'] ?? item['with'];
  if (typeof added === 'string' && (only === undefined || added === only)) counts.set(added, (counts.get(added) ?? 0) + 1);
}

interface Merged extends MergedInput {
  readonly parsed: Parsed;
  /** the last layer with matrix:, if any */
  readonly matrixLayer: number | undefined;
  /** when there is none since a layer wrote `matrix: null`: that layer, and the last layer with a matrix before it */
  readonly matrixDropped: { readonly at: number; readonly from: number | undefined } | undefined;
  /** whether any layer changed the order it inherited, or there are bases: positions of steps are rebuilt */
  readonly composed: boolean;
  /** key path → the last layer that dropped what earlier layers wrote of it (dropSuperseded): their positions are gone too */
  readonly superseded: ReadonlyMap<string, number>;
  /** what `steps` lacks when part of the order did not apply; undefined when it is the whole order */
  readonly gaps: OrderGaps | undefined;
  /** the calls the patches of `steps` took out, for an entry that names one (break-251 N9a) */
  readonly gone: GoneCalls;
}

/** Whether `data` has a value at the key path (a mapping key at each step). */
function writes(data: unknown, path: readonly string[]): boolean {
  let at = data;
  for (const k of path) {
    if (!isRecord(at) || !Object.hasOwn(at, k)) return false;
    at = at[k];
  }
  return true;
}

/**
 * Deletes the key at `path` of the merged data, copying the mappings on the
 * way: below the top they may be a base layer's own data (deepMerge keeps a
 * value no later layer changed), which stays as read.
 */
function dropPath(data: Record<string, unknown>, path: readonly string[]): void {
  const [k, ...rest] = path;
  if (k === undefined || !Object.hasOwn(data, k)) return;
  if (rest.length === 0) {
    delete data[k];
    return;
  }
  const child = data[k];
  if (!isRecord(child)) return;
  const copy: Record<string, unknown> = { ...child };
  data[k] = copy;
  dropPath(copy, rest);
}

/**
 * Before `layer` is merged: the keys its bases wrote that a key it writes
 * supersedes (ArchPlugin.supersedes: another way to say the same thing), unless
 * it writes them too (both in one file is the checks' error, said at its lines).
 */
function dropSuperseded(plugin: ArchPlugin, layer: Layer, raw: Record<string, unknown>, out: Record<string, unknown>, origin: Map<string, number>): string[] {
  const dropped: string[] = [];
  for (const [key, others] of Object.entries(plugin.supersedes ?? {})) {
    if (!writes(layer.data, key.split('.'))) continue;
    for (const other of others) {
      const path = other.split('.');
      if (writes(layer.data, path)) continue;
      dropPath(raw, path);
      dropPath(out, path);
      for (const k of [...origin.keys()]) if (within(k, other)) origin.delete(k);
      dropped.push(other);
    }
  }
  return dropped;
}

/** Whether key path `k` is `path` or below it (`machine.banks[0].base` is within `machine.banks`). */
function within(k: string, path: string): boolean {
  return k === path || k.startsWith(`${path}.`) || k.startsWith(`${path}[`);
}

/**
 * The layers merged, root base first: config/machine key by key at any depth
 * (deep-merge.ts), other keys replaced whole, each leaf's origin the layer
 * that wrote it last; each patch edits the steps inherited so far.
 */
function merge(plugin: ArchPlugin, layers: readonly Layer[], parsed: readonly (Parsed | undefined)[], limits: Limits): Merged {
  const raw: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  const origin = new Map<string, number>();
  let steps: ComposedStep[] = [];
  let gone: GoneCalls = new Map();
  let matrixLayer: number | undefined;
  let matrixDropped: { at: number; from: number | undefined } | undefined;
  let lastMatrix: number | undefined;
  const defined: string[] = [];
  const superseded = new Map<string, number>();
  let patched = false;
  // whether a layer so far listed a setup_arch for the patches to edit
  let ordered = false;
  // what the order lacks: the adds of patch: items that did not apply, or anything at all
  let pending: PendingAdds = { adds: new Map(), anyCall: false };
  layers.forEach((layer, i) => {
    const own = i === layers.length - 1;
    const p = parsed[i];
    for (const path of dropSuperseded(plugin, layer, raw, out, origin)) superseded.set(path, i);
    for (const [key, value] of Object.entries(layer.data)) {
      if (COMPOSING.has(key) || key === 'setup_arch') continue;
      // expect:/allow: describe the file's own findings: a derived scenario does not inherit them
      if ((key === 'expect' || key === 'allow') && !own) continue;
      const pv = p?.[key];
      noteOrigins(origin, key, value, Object.hasOwn(raw, key) ? raw[key] : undefined, i);
      if (DEEP.has(key)) {
        raw[key] = deepMerge(raw[key], value);
        out[key] = deepMerge(out[key], pv);
      } else {
        // any other key as data, even __proto__ (the schema reports it; the checks still read raw)
        setKey(raw, key, value);
        setKey(out, key, pv);
      }
    }
    for (const n of definedNames(layer)) defined.push(n);
    // matrix: null drops the one a base has
    if (Object.hasOwn(layer.data, 'matrix')) {
      const dropped = layer.data['matrix'] === null;
      matrixLayer = dropped ? undefined : i;
      if (!dropped) lastMatrix = i;
      matrixDropped = dropped ? { at: i, from: lastMatrix } : undefined;
    }
    const listed = stepsOfLayer(layer, own);
    if (listed !== undefined) {
      // its own order: the removals of the bases' patches are not its history, nor what they failed to add
      steps = listed;
      gone = new Map();
      ordered = true;
      // an item that is no call (stepsOfLayer leaves it out) could be any call once fixed
      pending = { adds: new Map(), anyCall: listed.length < (layer.data['setup_arch'] as unknown[]).length };
    } else if (Object.hasOwn(layer.data, 'setup_arch')) {
      // its own order, not a list: whatever it was meant to be, not the inherited one
      pending.anyCall = true;
    }
    if (Object.hasOwn(layer.data, 'patch') && !ordered) {
      checkUnappliedPatch(layer, unloadedOrderText(layers, i));
      patched = true;
    } else if (Object.hasOwn(layer.data, 'patch')) {
      const known = [...plugin.callNames, ...defined];
      // the items that did not apply are counted into `pending` as they fail, so that a later item's anchor (this
      // layer's or a derived one's) that they would supply is not called missing (break-251 F6)
      ({ steps, gone } = applyPatch(layer, steps, own, new Set(known), known, limits.maxCalls, gone, { arch: plugin.id, stepsCommand: stepsCommandOf(plugin) }, pending));
      patched = true;
    }
  });
  const { adds, anyCall } = pending;
  const gaps = anyCall || adds.size > 0 ? { adds, anyOf: anyCall ? new Set([...plugin.callNames, ...defined]) : undefined } : undefined;
  return { layers, origin, raw, steps, defined: new Set(defined), parsed: out, matrixLayer, matrixDropped, composed: patched || layers.length > 1, superseded, gaps, gone };
}

/**
 * Why the patch of layers[i] has no order to edit (no layer up to it lists a
 * setup_arch), for the one line said at its `patch:`: the chain stops at a
 * base that did not load (layers[0] still has extends:; its problem is said
 * at that extends:), or the root lists no setup_arch.
 */
function unloadedOrderText(layers: readonly Layer[], i: number): string {
  const root = layers[0];
  const layer = layers[i];
  if (root === undefined || layer === undefined) return 'not checked: there is no setup_arch to edit';
  const here = root === layer;
  if (Object.hasOwn(root.data, 'extends')) {
    const at = posOf(root.ctx, placeOf(root.doc, ['extends']));
    return `not checked: its base did not load (extends: at ${here ? '' : `${root.file}:`}${at.line}:${at.col})`;
  }
  if (Object.hasOwn(root.data, 'setup_arch')) return `not checked: the setup_arch it edits${here ? '' : ` (${root.file})`} is not a list of calls`;
  return here
    ? 'nothing to edit: a patch edits the setup_arch of the base named by extends:, and this file has neither extends: nor setup_arch:'
    : `not checked: no file of the chain lists a setup_arch (${root.file}, the root base, has none)`;
}

/** Where each key is written, the later layer winning; steps at their composed places. */
function positionsOf(m: Merged): Record<string, Pos> {
  // no prototype: paths come from the file's keys, and a lookup of a path that is not written
  // (positionOf falls back to '') must find nothing, not Object.prototype's `constructor`
  const positions = Object.create(null) as Record<string, Pos>;
  positions[''] = { line: 1, col: 1 };
  // The later layer wins, and within a layer the first entry of a path (a duplicate key is reported
  // elsewhere): so the layers are read from the last, and a path once set is kept. Written straight
  // into `positions`, with no set of the paths seen: a 10,000-call file has 30,000 paths.
  const superseded = [...m.superseded];
  for (let i = m.layers.length - 1; i >= 0; i--) {
    const layer = m.layers[i] as Layer;
    const own = i === m.layers.length - 1;
    for (const entry of keyEntries(layer.doc)) {
      if (Object.hasOwn(positions, entry.path)) continue;
      // a key a later layer superseded (RAM given another way) is no longer in the data, nor is its place
      if (superseded.some(([path, at]) => i < at && within(entry.path, path))) continue;
      // a composed order's steps are placed below, wherever they came from
      if (m.composed && entry.path.startsWith('setup_arch[')) continue;
      const pos = posOf(layer.ctx, entry.key);
      positions[entry.path] = own ? pos : { ...pos, file: layer.file };
    }
  }
  if (m.composed) m.steps.forEach((s, i) => { positions[`setup_arch[${i}]`] = s.pos; });
  return positions;
}

/** A copy of `data` with the variant's values set at their key paths. */
function withValues(data: Parsed, combo: Combination | undefined, pick: 'raw' | 'parsed', supersede: SupersededByAxes = new Map()): Parsed {
  if (combo === undefined) return data;
  const out: Record<string, unknown> = { ...data };
  // copies of the mappings on the way: `data` and its mappings are shared with the other variants
  for (const a of combo.assignments) setPath(out, a.path.split('.'), a[pick], { copy: true });
  for (const a of combo.assignments) {
    for (const other of supersede.get(a.path) ?? []) {
      if (!combo.assignments.some((b) => within(b.path, other))) dropPath(out, other.split('.'));
    }
  }
  return out;
}

/** The axes of a `--set` overlay's matrix (overrides.ts replacedAxes, keptAxes). */
export interface OverlayAxes {
  /**
   * the file's axes whose values --set replaced: its exclude and include
   * entries that name a value such an axis no longer has are dropped
   * (expandMatrix)
   */
  readonly replacedAxes: ReadonlySet<string>;
  /**
   * the file's axes --set left alone, copied into the overlay: they
   * supersede keys only as the file's own matrix does (supersededByAxes)
   */
  readonly keptAxes: ReadonlySet<string>;
  /**
   * the --set paths the overlay spread over a matrix of include entries only (overrides.ts includeEntries): entries
   * made one machine by it are kept once, not a repeat of the user's (expandMatrix)
   */
  readonly spread?: ReadonlySet<string>;
}

/** Matrix key path → the key paths its value drops (ArchPlugin.supersedes), per supersededByAxes. */
type SupersededByAxes = ReadonlyMap<string, readonly string[]>;

/**
 * The inherited keys each matrix key supersedes: a variant's `machine.memory`
 * over a base that gives `banks:` drops the banks for that variant, as a
 * derived file's plain `memory:` does (dropSuperseded). Only keys that
 * layers before the matrix's wrote: a file that gives RAM both ways, one in
 * its matrix, stays an error at its own lines (helper-181, 1).
 */
function supersededByAxes(plugin: ArchPlugin, merged: Merged, matrix: Matrix | undefined, keptFileAxes: ReadonlySet<string> = new Set()): SupersededByAxes {
  const out = new Map<string, string[]>();
  const at = merged.matrixLayer;
  if (matrix === undefined || at === undefined) return out;
  // an overlay's axis that --set left alone is the file's, copied: written where the file's matrix is (the last
  // base with one), so a file that gives RAM both ways stays an error under any --set (helper-182, 2)
  let fileMatrix = -1;
  merged.layers.forEach((l, i) => { if (i < at && isRecord(l.data['matrix'])) fileMatrix = i; });
  for (const path of matrix.paths) {
    const from = keptFileAxes.has(path) ? fileMatrix : at;
    const drops = (plugin.supersedes?.[path] ?? []).filter((other) => {
      const layers = [...merged.origin].filter(([k]) => within(k, other)).map(([, i]) => i);
      return layers.length > 0 && Math.max(...layers) < from;
    });
    if (drops.length > 0) out.set(path, drops);
  }
  return out;
}

/** Defaults and the final shape: a variant's merged, validated data → the Scenario the replay consumes. */
function resolveVariant(
  plugin: ArchPlugin, file: string, m: Merged, data: Parsed, combo: Combination | undefined, matrix: Matrix | undefined,
  defined: Readonly<Record<string, DefinedCall>>, positions: Readonly<Record<string, Pos>>, steps: readonly Step[],
  source: FixSource | undefined, entries: EntriesReader,
): Scenario | InputProblem {
  const kernelText = data['kernel'];
  const kernel = plugin.kernels.parse(typeof kernelText === 'string' ? kernelText : plugin.kernels.newest);
  // The schema has accepted every kernel value; this would be a bug in the schema.
  if (!kernel.ok) return { file, message: `kernel: ${kernel.reason}` };
  let pos = positions;
  if (combo !== undefined && matrix !== undefined) {
    // A variant's own values are at the matrix entry; every other key is the
    // file's. Variants share the file's positions through the prototype
    // chain (a 1,000-variant matrix would otherwise copy them 1,000 times).
    const mine = Object.create(positions) as Record<string, Pos>;
    for (const a of combo.assignments) mine[a.path] = assignmentPos(matrix, a, matrix.layer === m.layers[m.layers.length - 1]);
    pos = mine;
  }
  const { config, machine } = plugin.resolve(data['config'], data['machine'], kernel.version);
  const { expect, allow } = entries(data);
  const name = data['name'];
  const description = data['description'];
  return {
    file,
    variant: combo?.name,
    name: typeof name === 'string' ? name : basename(file, extname(file)),
    description: typeof description === 'string' ? description : '',
    arch: plugin.id,
    kernel: kernel.version,
    config,
    machine,
    steps,
    defined,
    positions: pos,
    ...(source !== undefined ? { source } : {}),
    ...(expect !== undefined ? { expect } : {}),
    ...(allow !== undefined ? { allow } : {}),
  };
}

interface EntryParsed {
  readonly rule: string; readonly step: string; readonly variant?: unknown; readonly reason?: string | undefined;
  readonly count?: unknown; readonly severity?: unknown;
}

/** `count:` as the schema checked it (a positive integer), else the default 1. */
function countOf(e: EntryParsed): number {
  return typeof e.count === 'number' && Number.isSafeInteger(e.count) && e.count >= 1 ? e.count : 1;
}

function severityOf(e: EntryParsed): EntrySeverity | undefined {
  return ENTRY_SEVERITIES.find((s) => s === e.severity);
}

function isEntry(x: unknown): x is EntryParsed {
  return isRecord(x) && typeof x['rule'] === 'string' && typeof x['step'] === 'string';
}

/** entriesOf for the variants of one file: `data` → its expect:/allow: entries (entriesReader). */
type EntriesReader = (data: Parsed) => { expect?: Expectation[]; allow?: Allowance[] };

/**
 * entriesOf over the variants of one file, at `positions` (the file's): the entries read once per list, shared by
 * every variant whose data holds that list. A matrix varies scalars only, so each variant's data holds the file's
 * own expect: and allow: arrays (withValues copies the mappings on the way to a value, not the lists); read per
 * variant, the 128 entries of 512 variants made 65,000 entries and copies (a seventh of such a run's CPU). The
 * entries are never changed after this (Expectation is readonly), so sharing them is safe; keyed by the lists
 * themselves, a variant whose data held other lists would get its own.
 */
function entriesReader(positions: Readonly<Record<string, Pos>>): EntriesReader {
  const read = new Map<unknown, number>();
  const made = new Map<string, { expect?: Expectation[]; allow?: Allowance[] }>();
  // an id per distinct list (by identity), so that the pair of lists keys one Map
  const idOf = (list: unknown): number => {
    let id = read.get(list);
    if (id === undefined) {
      id = read.size;
      read.set(list, id);
    }
    return id;
  };
  return (data) => {
    const key = `${idOf(data['expect'])}:${idOf(data['allow'])}`;
    let entries = made.get(key);
    if (entries === undefined) {
      entries = entriesOf(data, positions);
      made.set(key, entries);
    }
    return entries;
  };
}

/** The file's own expect:/allow: entries (validated by the schema), at their positions. */
function entriesOf(data: Parsed, positions: Readonly<Record<string, Pos>>): { expect?: Expectation[]; allow?: Allowance[] } {
  const of = (key: 'expect' | 'allow'): Expectation[] | undefined => {
    const list = data[key];
    if (!Array.isArray(list)) return undefined;
    return list.filter(isEntry).map((e, i) => entryOf(e, parseCallRef(e.step) ?? { name: e.step, occurrence: 1 }, positions[`${key}[${i}]`]));
  };
  const expect = of('expect');
  const allowList = data['allow'];
  const allow = of('allow')?.map((a, i): Allowance => {
    const entry: unknown = Array.isArray(allowList) ? allowList[i] : undefined;
    return { ...a, reason: isEntry(entry) ? (entry.reason ?? '').trim() : '' };
  });
  return { ...(expect !== undefined ? { expect } : {}), ...(allow !== undefined ? { allow } : {}) };
}

/**
 * @param selectors whether a variant: is read as a selector (the file's variants are known): one that is no text is
 *   then the schema's problem alone; else it is kept as its JSON text, for "this file has no matrix:"
 */
function entryOf(e: EntryParsed, step: CallRef, pos: Pos | undefined, selectors = true): Expectation {
  const variant = typeof e.variant === 'string' || e.variant === undefined ? e.variant : selectors ? undefined : JSON.stringify(e.variant);
  return { rule: e.rule, step, variant, count: countOf(e), severity: severityOf(e), pos: pos ?? { line: 1, col: 1 } };
}

/**
 * The expect:/allow: entries of a file with schema problems, for checkEntriesEarly: one that is no entry or whose
 * step is not NAME or NAME#N is the schema's problem and a hole here, so that the others keep their indices.
 */
function earlyEntriesOf(data: Parsed, positions: Readonly<Record<string, Pos>>, selectors: boolean): { expect?: (Expectation | undefined)[]; allow?: (Expectation | undefined)[] } {
  const of = (key: 'expect' | 'allow'): (Expectation | undefined)[] | undefined => {
    const list = data[key];
    if (!Array.isArray(list)) return undefined;
    return list.map((e: unknown, i) => {
      const step = isEntry(e) ? parseCallRef(e.step) : null;
      return isEntry(e) && step !== null ? entryOf(e, step, positions[`${key}[${i}]`], selectors) : undefined;
    });
  };
  const expect = of('expect');
  const allow = of('allow');
  return { ...(expect !== undefined ? { expect } : {}), ...(allow !== undefined ? { allow } : {}) };
}

const ENTRY_KEYS = new Set(['rule', 'step', 'variant', 'count', 'severity', 'reason']);

/**
 * The expect:/allow: entries ("expect[1]") whose every key is one an entry has, with a value of its type: two such
 * entries that compare equal repeat each other whatever else the file gets wrong (break-251 F5). One with a bad
 * severity: or count:, or an unknown key, is left out: read without it, it would match an entry it does not repeat.
 */
function cleanEntries(data: Parsed): Set<string> {
  const out = new Set<string>();
  for (const key of ['expect', 'allow'] as const) {
    const list = data[key];
    if (!Array.isArray(list)) continue;
    list.forEach((e: unknown, i) => {
      if (!isEntry(e) || parseCallRef(e.step) === null || !Object.keys(e).every((k) => ENTRY_KEYS.has(k))) return;
      if (e.variant !== undefined && typeof e.variant !== 'string') return;
      if (e.severity !== undefined && severityOf(e) === undefined) return;
      if (e.count !== undefined && countOf(e) !== e.count) return;
      out.add(`${key}[${i}]`);
    });
  }
  return out;
}

/**
 * The file's own expect:/allow: entries, for a file with schema problems
 * (checkEntriesEarly): only when setup_arch lists calls. A malformed entry
 * is the schema's problem and is skipped, the others checked (break-250 F3:
 * one malformed step: held back every other entry's unknown step); steps
 * that parts of the order that did not apply would supply are not reported
 * (Merged.gaps). Their `variant:` is checked when the file's matrix reads
 * on its own (`expanded`, break-251 F5), or when it certainly has none (none
 * in a chain whose bases all loaded): neither depends on the problems found.
 */
function earlyEntryProblems(plugin: ArchPlugin, file: string, merged: Merged, expanded: Matrix | undefined): InputProblem[] {
  if (merged.steps.length === 0) return [];
  const positions = positionsOf(merged);
  // the root still has extends: when a base did not load, and that base may have a matrix
  const loaded = merged.layers[0] !== undefined && !Object.hasOwn(merged.layers[0].data, 'extends');
  const matrix = expanded !== undefined ? variantsOf(expanded) : merged.matrixLayer === undefined && loaded ? 'none' : 'unknown';
  const dropped = droppedText(merged.layers, merged.matrixDropped);
  return checkEntriesEarly({ file, steps: merged.steps, positions, ...earlyEntriesOf(merged.raw, positions, matrix !== 'none' && matrix !== 'unknown') }, plugin, {
    wellFormed: false, matrix, dropped, gaps: merged.gaps, clean: cleanEntries(merged.raw), gone: merged.gone, implicit: matrix === 'unknown' ? undefined : writtenImplicit(plugin, merged, expanded),
  });
}

/**
 * The implicit steps of a file's machines as they write them (ArchPlugin.implicitStepsOf), for the entries of a file
 * that did not become a scenario: the one machine's, or each variant's of its matrix; undefined when one does not say.
 */
function writtenImplicit(plugin: ArchPlugin, merged: Merged, matrix: Matrix | undefined): string[] | undefined {
  const of = plugin.implicitStepsOf;
  if (of === undefined) return undefined;
  const combos: readonly (Combination | undefined)[] = matrix?.combinations ?? [undefined];
  return machinesImplicit(plugin, combos.map((c) => () => of(withValues(merged.raw, c, 'raw')['machine'])));
}

/** A matrix's variants as the entry checks read them. */
function variantsOf(matrix: Matrix): MatrixVariants {
  return { names: matrix.combinations.map((c) => c.name), paths: keyPaths(matrix.keys, matrix.paths), excluded: matrix.excluded };
}

/**
 * The schema's output for a layer's `matrix:` read on its own, for a layer with problems in other keys (validate
 * keeps no output for it); undefined when the matrix itself has problems (the schema says them), or is null.
 */
function matrixAlone(plugin: ArchPlugin, layer: Layer | undefined): unknown {
  if (layer === undefined || !isRecord(layer.data['matrix'])) return undefined;
  const r = z.safeParse(scenarioSchemaFor(plugin).def.shape.matrix, layer.data['matrix'], ZOD_PARSE_PARAMS);
  return r.success ? r.data : undefined;
}

const assignmentPositions = new WeakMap<Assignment, Pos>();

/** Where an assignment is written (computed once per matrix value). */
function assignmentPos(matrix: Matrix, a: Assignment, own: boolean): Pos {
  let p = assignmentPositions.get(a);
  if (p === undefined) {
    const at = posOf(matrix.layer.ctx, placeOf(matrix.layer.doc, a.at));
    p = own ? at : { ...at, file: matrix.layer.file };
    assignmentPositions.set(a, p);
  }
  return p;
}

function isProblem(x: Scenario | InputProblem): x is InputProblem {
  return 'message' in x;
}

/**
 * Whether the file's own `expect:` and `allow:` entries (a derived file does
 * not inherit them) times its variants are over max-gate-entries; reported
 * at the longer list, before any selector is matched against a variant name.
 */
function tooManyEntries(own: Layer, variants: number, limits: Limits): boolean {
  const count = (key: 'expect' | 'allow'): number => {
    const v = own.data[key];
    return Array.isArray(v) ? v.length : 0;
  };
  const entries = count('expect') + count('allow');
  if (entries * variants <= limits.maxGateEntries) return false;
  const at = count('expect') >= count('allow') ? 'expect' : 'allow';
  const found = `expect:/allow: ${entries} entries × ${variants} variant${variants === 1 ? '' : 's'} = ${entries * variants}`;
  report(own.ctx, placeOf(own.doc, [at]), `${limitMessage('max-gate-entries', limits.maxGateEntries, found)}; give fewer entries (one with a variant: selector covers many variants) or split the file`);
  return true;
}

/**
 * Whether matching the `variant:` selectors of the file's own `expect:` and `allow:` entries against its
 * variants would take more than max-glob-steps (selectorSteps: only a `?` between two `*` costs them); reported
 * at the entry that reaches it, before any selector is matched (break-216 F3: one such entry took seconds).
 */
function tooCostlyGlobs(own: Layer, matrix: Matrix, limits: Limits): boolean {
  const names = matrix.combinations.map((c) => c.name);
  const parsed = matrix.combinations.map((c) => c.pairs);
  const paths = keyPaths(matrix.keys, matrix.paths);
  let steps = 0;
  for (const list of ['expect', 'allow'] as const) {
    const entries = own.data[list];
    if (!Array.isArray(entries)) continue;
    for (const [i, e] of entries.entries()) {
      const selector: unknown = isRecord(e) ? e['variant'] : undefined;
      if (typeof selector !== 'string') continue;
      steps += selectorSteps(selector, names, paths, parsed);
      if (steps <= limits.maxGlobSteps) continue;
      const found = `${list}[${i}].variant: matching the selectors of this file's entries against its ${names.length} variants would take ${steps} steps`;
      report(own.ctx, placeOf(own.doc, [list, i, 'variant']), `${limitMessage('max-glob-steps', limits.maxGlobSteps, found)}; write the values out, or use * without ? between stars`);
      return true;
    }
  }
  return false;
}

/**
 * Whether what the reports repeat for each variant of a matrix is over max-repeated-text, checked before any
 * replay (one variant's name is held to max-text-chars by expandMatrix):
 * - the scenario names (a `name` axis's value, else the name the chain sets, control and format characters
 *   printed escaped) and variant names of all variants together over max-repeated-text: every variant's result
 *   repeats both; reported at the file's `name:` when every variant repeats it and that is at least the variant
 *   names, else at `matrix:`.
 * Helper-152: a `name` axis of 4,000 bidi controls per value over 500 values of another axis (a 98 KB file) made a
 * 385 MB text report and 3.5 GB of RSS, with only the repeated top-level `name:` counted.
 */
function repeatedTooMuch(layers: readonly Layer[], matrix: Matrix, limits: Limits): boolean {
  const at = layers.findLast((l) => typeof l.data['name'] === 'string');
  const fileName = at?.data['name'];
  const fileNameChars = typeof fileName === 'string' ? textChars(escapeText(fileName)) : 0;
  let names = 0;
  let fromFileName = 0;
  let variantNames = 0;
  for (const c of matrix.combinations) {
    const own = c.assignments.find((a) => a.path === 'name');
    const name = own !== undefined && typeof own.parsed === 'string' ? textChars(escapeText(own.parsed)) : fileNameChars;
    if (own === undefined) fromFileName += name;
    names += name;
    variantNames += textChars(c.name);
  }
  const total = names + variantNames;
  if (total <= limits.maxRepeatedText) return false;
  const n = matrix.combinations.length;
  // at name: only when every variant repeats it (an include entry may give some variants a name of their own)
  if (at !== undefined && typeof fileName === 'string' && fromFileName === names && fromFileName >= variantNames) {
    const as = fileNameChars === textChars(fileName) ? '' : ` (${textChars(fileName)} as written; control and format characters are printed escaped)`;
    const found = `name: ${fileNameChars} characters${as} × ${n} variants, and ${variantNames} characters of variant names = ${total}`;
    report(at.ctx, placeOf(at.doc, ['name']), `${limitMessage('max-repeated-text', limits.maxRepeatedText, found)}; shorten the name (description: holds the details) or split the file`);
  } else {
    const found = `matrix: ${names} characters of scenario names and ${variantNames} of variant names over ${n} variants = ${total}`;
    report(matrix.layer.ctx, placeOf(matrix.layer.doc, ['matrix']), `${limitMessage('max-repeated-text', limits.maxRepeatedText, found)}; shorten the axis values (description: holds the details) or split the file`);
  }
  return true;
}

/**
 * The repeated values of a matrix's axes (matrix.ts repeatedValues) in a file
 * with schema problems, which expandMatrix does not read: a repeat does not
 * depend on the other problems, so one pass shows it with them. Each item is
 * read with its axis's schema when the layer's matrix did not validate as a
 * whole; an item the schema refuses, and an axis that names no key, are said
 * by the schema.
 *
 * @param parsed the schema's output for the layer's `matrix:`, if it has one
 */
function unexpandedRepeats(plugin: ArchPlugin, layer: Layer, parsed: unknown): void {
  const raw = layer.data['matrix'];
  if (!isRecord(raw)) return;
  let schemas: Map<string, Axis['schema']> | undefined;
  for (const axis of axesOf(raw)) {
    const items = raw[axis];
    if (!Array.isArray(items)) continue;
    const whole = isRecord(parsed) ? parsed[axis] : undefined;
    if (Array.isArray(whole)) {
      repeatedValues(layer, axis, whole, kernelKeyOf(plugin));
      continue;
    }
    schemas ??= new Map(matrixAxes(plugin).map((a) => [a.path, a.schema]));
    const schema = schemas.get(axis);
    if (schema === undefined) continue;
    repeatedValues(layer, axis, items.map((item) => {
      const r = z.safeParse(schema, item, ZOD_PARSE_PARAMS);
      return r.success ? r.data : UNREAD;
    }), kernelKeyOf(plugin));
  }
}

/** The version a `kernel:` text names under this architecture's parser (matrix.ts modelKey): v4.6 and 4.6 are one. */
function kernelKeyOf(plugin: ArchPlugin): KernelKey {
  return (text) => {
    const r = plugin.kernels.parse(text);
    return r.ok ? String(r.version.key) : undefined;
  };
}

/**
 * A scenario file → its scenarios (one, or one per matrix variant), or every
 * problem of the file at once.
 *
 * @param file the name reports use (a path as the user gave it, or REV:path)
 * @param reader how `extends` reads its bases
 * @param limits the resource limits (limits.ts); the CLI always uses the defaults
 * @param overlay for a `--set` overlay (overrides.ts): which of its axes are
 *   the file's (OverlayAxes)
 */
export function composeScenario(
  text: string, file: string, reader: FileReader, limits: Limits = DEFAULT_LIMITS, overlay?: OverlayAxes, resume?: ComposeResume,
): ComposeResult {
  // the did-you-mean of each file has its own bounded cost (suggest.ts)
  newSuggestBudget(resume?.cellsLeft);
  const chain = resume?.chain ?? readLayers(text, file, reader, limits, overlay);
  if (!('layers' in chain)) return fail(file, chain.problems, limits);
  const { layers } = chain;
  const layerProblems = (): InputProblem[] => [...chain.problems, ...layers.flatMap((l) => l.ctx.problems)];

  const { plugin, layer: archLayer, unloaded } = pluginOf(layers);
  if (unloaded !== undefined) {
    return {
      ok: false, unloadedArch: unloaded, problems: [{ file, message: `internal: the ${unloaded} plug-in is not loaded (compose with composeLoading)` }],
      resume: { chain, cellsLeft: suggestBudgetLeft() },
    };
  }
  if (plugin === undefined) {
    // Only the shared keys: another architecture's complaints would bury the typo in arch:.
    if (archLayer !== undefined) {
      const shared = sharedKeysSchema().safeParse(archLayer.data, ZOD_PARSE_PARAMS);
      const x = explainer(archLayer, sharedKeysSchema(), [], DEFAULT_ARCH);
      for (const issue of shared.error?.issues ?? []) explainIssue(x, issue, []);
    }
    return fail(file, layerProblems(), limits);
  }
  const root = layers[0];
  // the chain stopped at the root's extends: (readChain reported why: unreadable, not a scenario, a cycle, too
  // deep), or the root's extends: is no file name at all (a list, empty: the schema below says so)
  const rootBase = root?.data['extends'];
  const stopped = typeof rootBase === 'string' && rootBase.trim() !== '' ? layerProblems().length > 0 : root !== undefined && Object.hasOwn(root.data, 'extends');
  if (archLayer === undefined && stopped) {
    // A base that did not load may be the file that sets arch:: validated for the default architecture,
    // a riscv file's config keys, rule names and calls were all "unknown", with advice to add the arch:
    // the base already has (helper-179, 4). Until the base loads, only what does not depend on the
    // architecture is checked (unknownArchSchema, and the patch's edits as far as they hold without an order).
    let listed = false;
    layers.forEach((layer, i) => {
      const shared = unknownArchSchema().safeParse(layer.data, ZOD_PARSE_PARAMS);
      if (!shared.success) explainLayerIssues(explainer(layer, unknownArchSchema(), [], DEFAULT_ARCH), shared.error.issues);
      listed ||= Object.hasOwn(layer.data, 'setup_arch');
      // a patch with no order to edit still says so once, and the edits that are wrong whatever the order
      if (!listed && Object.hasOwn(layer.data, 'patch')) checkUnappliedPatch(layer, unloadedOrderText(layers, i));
    });
    return fail(file, layerProblems(), limits);
  }

  const parsed = validate(plugin, layers, archLayer);
  const merged = merge(plugin, layers, parsed, limits);
  if (merged.matrixLayer !== undefined) checkInheritedAxes(layers, merged.matrixLayer, parsed);
  const valid = parsed.every((p) => p !== undefined) && layerProblems().length === 0;
  const matrixLayer = merged.matrixLayer === undefined ? undefined : layers[merged.matrixLayer];
  // a file with problems elsewhere still has its variants when its matrix: reads on its own, so that an entry's
  // variant: that picks none is said beside those problems (break-251 F5), as the file's repeated axis values are
  const matrixParsed = merged.matrixLayer === undefined ? undefined : parsed[merged.matrixLayer]?.['matrix'] ?? matrixAlone(plugin, matrixLayer);
  const matrix = matrixLayer !== undefined && isRecord(matrixParsed) ? expandMatrix(matrixLayer, matrixParsed, limits, merged.matrixLayer === layers.length - 1 ? overlay?.replacedAxes : undefined, kernelKeyOf(plugin), merged.matrixLayer === layers.length - 1 ? overlay?.spread : undefined) : undefined;

  const supersede = supersededByAxes(plugin, merged, matrix, overlay?.keptAxes);
  // each variant's machine as written: the banks it lists weigh as calls (a base's banks that an axis supersedes do not)
  const weight = matrix === undefined ? undefined : replayWeight(plugin, matrix.combinations, (c) => withValues(merged.raw, c, 'raw', supersede)['machine'], merged.steps.length);
  if (matrix !== undefined && weight !== undefined && weight.total > limits.maxReplayedCalls) {
    report(matrix.layer.ctx, placeOf(matrix.layer.doc, ['matrix']), `${limitMessage('max-replayed-calls', limits.maxReplayedCalls, replayWeightText(weight))}; split the file or exclude combinations (the limit holds for the matrix as written, whichever variants a run picks)`);
    return fail(file, layerProblems(), limits);
  }
  const own = layers[layers.length - 1];
  if (own !== undefined && tooManyEntries(own, matrix?.combinations.length ?? 1, limits)) return fail(file, layerProblems(), limits);
  if (own !== undefined && matrix !== undefined && tooCostlyGlobs(own, matrix, limits)) return fail(file, layerProblems(), limits);
  if (matrix !== undefined && repeatedTooMuch(layers, matrix, limits)) return fail(file, layerProblems(), limits);
  // expandMatrix said the repeated values of a matrix that reads whole
  if (!valid && matrixLayer !== undefined && !isRecord(matrixParsed)) unexpandedRepeats(plugin, matrixLayer, matrixParsed);
  if (!valid || (matrixLayer !== undefined && matrix === undefined)) {
    // The semantic checks still run on what can be read, so that one pass shows every problem.
    return fail(file, [...layerProblems(), ...checkVariant(plugin, merged, merged.raw, undefined), ...earlyEntryProblems(plugin, file, merged, matrix)], limits);
  }

  const defined = compileDefines(plugin, layers, parsed.map((p) => {
    const d = p?.['define'];
    return isRecord(d) ? (d as Readonly<Record<string, Readonly<Record<string, unknown>>>>) : undefined;
  }));
  const positions = positionsOf(merged);
  // every variant has the same steps (a matrix varies scalars only): built once, shared
  // the items' own lines (what a SARIF fix rewrites) only when the order is the file's own list, unedited (a base's
  // order and patches are then not used); else a fix is written as patch: items of the file (patch-site.ts)
  const listed = own !== undefined && Array.isArray(own.data['setup_arch']) && !Object.hasOwn(own.data, 'patch');
  const lines = own === undefined || !listed ? [] : itemLines(own.ctx, keyEntries(own.doc), merged.steps.length);
  const steps: readonly Step[] = merged.steps.map((s, i) => ({ call: s.call, note: s.note, index: i + 1, pos: s.pos, lines: lines[i] }));
  const fileSource: FixSource | undefined = own === undefined ? undefined : { text: own.ctx.text, lineBreak: own.lineBreak, patch: listed ? undefined : patchSite(own.ctx, own.doc) };
  const combos: readonly (Combination | undefined)[] = matrix?.combinations ?? [undefined];
  const outcomes: VariantOutcome[] = [];
  const fileProblems: InputProblem[] = [];
  const entries = entriesReader(positions);
  for (const combo of combos) {
    const source: VariantSource | undefined = combo === undefined || matrix === undefined
      ? undefined
      : { layer: matrix.layer, assigned: new Map(combo.assignments.map((a) => [a.path, a])) };
    const problems = checkVariant(plugin, merged, withValues(merged.raw, combo, 'raw', supersede), source);
    if (problems.length === 0) {
      const s = resolveVariant(plugin, file, merged, withValues(merged.parsed, combo, 'parsed', supersede), combo, matrix, defined, positions, steps, fileSource, entries);
      const definedProblems = isProblem(s) ? [] : (plugin.checkDefined?.(s) ?? []).map((d): InputProblem => {
        const def = defined[d.call];
        const at = (d.key !== undefined ? def?.keys?.[d.key] : undefined) ?? def?.pos;
        return at === undefined ? { file, message: d.message } : { file: at.file ?? file, line: at.line, col: at.col, message: d.message };
      });
      if (isProblem(s)) fileProblems.push(s);
      else if (definedProblems.length === 0) outcomes.push({ ok: true, scenario: s });
      else if (combo === undefined) for (const p of definedProblems) fileProblems.push(p);
      else outcomes.push({ ok: false, variant: combo.name, problems: definedProblems });
    } else if (combo === undefined) {
      for (const p of problems) fileProblems.push(p);
    } else {
      outcomes.push({ ok: false, variant: combo.name, problems });
    }
  }
  // expect:/allow: steps are the same for every variant (a matrix varies scalars only): checked once, and also
  // when no variant can be replayed (every one lacks a call, say): the entries' problems do not depend on that
  const ok = outcomes.flatMap((o) => (o.ok ? [o.scenario] : []));
  const [firstOk, ...otherOk] = ok;
  const dropped = droppedText(layers, merged.matrixDropped);
  const variants = matrix === undefined ? undefined : variantsOf(matrix);
  const entryChecks = firstOk !== undefined
    ? checkEntries([firstOk, ...otherOk], plugin, variants, dropped, merged.gone)
    : checkEntriesEarly({ file, steps: merged.steps, positions, ...entriesOf(merged.parsed, positions) }, plugin, {
      wellFormed: true, matrix: variants ?? 'none', dropped, gone: merged.gone, implicit: writtenImplicit(plugin, merged, matrix),
    });
  for (const p of entryChecks) fileProblems.push(p);
  const invalid = outcomes.filter((o): o is Extract<VariantOutcome, { ok: false }> => !o.ok);
  const allInvalid = invalid.length > 0 && invalid.length === outcomes.length;
  if (fileProblems.length > 0 || allInvalid) {
    // Every variant has the problem: it is the file's, reported once; the rest by variant. The variants' problems
    // come with the file's, so that fixing one does not reveal the other.
    const counts = new Map<string, number>();
    if (allInvalid) for (const o of invalid) for (const key of new Set(o.problems.map(formatProblem))) counts.set(key, (counts.get(key) ?? 0) + 1);
    const common = (p: InputProblem): boolean => counts.get(formatProblem(p)) === invalid.length;
    return fail(file, invalid.flatMap((o) => o.problems.filter((p) => !common(p)).map((p) => named(p, o.variant)))
      .concat(allInvalid ? (invalid[0]?.problems.filter(common) ?? []) : [], fileProblems), limits);
  }
  // each variant's problems capped at max-problems; the file-wide cap is applied to the variants a
  // run picks (cli/load.ts), so a variant named on its own shows its problems whatever the others have
  return {
    ok: true,
    plugin,
    matrix: matrix === undefined ? undefined : { file: matrix.layer.file, keys: matrix.keys, paths: matrix.paths, excluded: matrix.excluded },
    ...(dropped !== undefined ? { matrixDropped: dropped } : {}),
    variants: outcomes.map((o) => {
      if (o.ok) return o;
      const shown = capProblems(sortProblems(o.problems), limits.maxProblems, 'variant');
      return { ...o, problems: metLoading(file, shown.map((p) => named(p, o.variant))) };
    }),
  };
}

/**
 * "matrix: null at n1.yaml:2:1 drops the one of m.yaml" (Merged.matrixDropped), or
 * "matrix: null at n1.yaml:2:1, and no base has one"; undefined when no layer wrote it.
 */
function droppedText(layers: readonly Layer[], dropped: Merged['matrixDropped']): string | undefined {
  const at = dropped === undefined ? undefined : layers[dropped.at];
  if (dropped === undefined || at === undefined) return undefined;
  const pos = posOf(at.ctx, placeOf(at.doc, [], 'matrix'));
  const from = dropped.from === undefined ? undefined : layers[dropped.from];
  const where = `matrix: null at ${at.file}:${pos.line}:${pos.col}`;
  return from === undefined ? `${where}, and no base has one` : `${where} drops the one of ${from.file}`;
}

/** A variant's problem says which variant it is about. */
function named(p: InputProblem, variant: string): InputProblem {
  return { ...p, message: `[${variant}] ${p.message}`, variant };
}

/**
 * composeScenario with the architecture plug-ins it needs loaded: when the
 * file names one that is not loaded yet, loads it and composes again (once:
 * a scenario has one architecture).
 */
export async function composeLoading(compose: (resume?: ComposeResume) => ComposeResult): Promise<ComposeResult> {
  const first = compose();
  if (first.ok || first.unloadedArch === undefined) return first;
  await loadArches([first.unloadedArch]);
  return compose(first.resume);
}

/** A file's layer and its `extends:` chain (readChain), or the problems of its own text. */
function readLayers(text: string, file: string, reader: FileReader, limits: Limits, overlay: OverlayAxes | undefined): Chain | { readonly problems: InputProblem[] } {
  const first = parseLayer(text, file, limits);
  if (!first.ok) return { problems: first.problems };
  // a --set overlay is bootreplay's text, not the user's: its tokens are not the chain's (break-219 F1: a file
  // within max-tokens was refused under --set, "17 in those" though nothing extends it), nor its level (break-223 F6)
  return overlay === undefined ? readChain(first.layer, reader, limits) : readChain({ ...first.layer, tokens: 0 }, reader, limits, 1);
}
