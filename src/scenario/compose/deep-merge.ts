/**
 * How a derived file's `config:` and `machine:` combine with its bases'
 * (issue 6: "config/machine keys override by deep merge"): mappings merge key
 * by key at any depth, so `machine: {cpu: {pge: false}}` keeps a base's
 * `cpu.nx`; a scalar or a list replaces what it overrides whole (a list of
 * memory banks is one value, not a mapping by index). A leaf is what
 * `matrix:` axes and `--set` name: `machine.cpu.pge`. Pure.
 */
import { childPathText } from '../path-text.js';
import { isRecord } from '../is-record.js';
import { setKey } from '../yaml-document.js';

/**
 * `over` merged onto `base`: both mappings → a new mapping with base's keys,
 * each key of `over` merged onto base's value of it; otherwise `over`.
 * Neither input is modified; a `__proto__` key stays data.
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) setKey(out, key, deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, value));
  return out;
}

/**
 * Notes `layer` as where `path` and every key path below it in `value` were
 * written last (path text as pathText spells it: `config.system_map._end`).
 * Mappings are followed; a scalar or list is a leaf, and the paths an
 * earlier layer wrote below it (in `before`, the merged value it replaces)
 * are forgotten: they are no longer in the merged data. Costs the size of
 * `value` plus what it replaces.
 *
 * @param origin key path → index of the layer that wrote it (updated in place)
 * @param before the merged value at `path` before this layer
 */
export function noteOrigins(origin: Map<string, number>, path: string, value: unknown, before: unknown, layer: number): void {
  origin.set(path, layer);
  if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      noteOrigins(origin, childPathText(path, key), v, isRecord(before) && Object.hasOwn(before, key) ? before[key] : undefined, layer);
    }
  } else if (isRecord(before)) {
    forget(origin, path, before);
  }
}

function forget(origin: Map<string, number>, path: string, replaced: Readonly<Record<string, unknown>>): void {
  for (const [key, v] of Object.entries(replaced)) {
    const child = childPathText(path, key);
    origin.delete(child);
    if (isRecord(v)) forget(origin, child, v);
  }
}
