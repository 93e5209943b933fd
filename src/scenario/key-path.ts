/**
 * Key paths into the plain data of a scenario: `['machine', 'cpu', 'pge']`
 * for `machine: {cpu: {pge: …}}`, as matrix axes, `--set` and input keys
 * name a nested key (dotted: `machine.cpu.pge`).
 *
 * Own properties only, both ways: a key named `__proto__` (or `toString`) is
 * a key of the data like any other, read as absent when the data does not
 * have it and written as plain data (setKey), never a read from or a write
 * to Object.prototype. The schema then reports it as an unknown key.
 */
import { isRecord } from './is-record.js';
import { setKey } from './yaml-document.js';

/**
 * The value at a key path, or undefined when a mapping on the way is missing
 * or is not a mapping (a list, a scalar, null) or lacks the key.
 *
 * @param data plain data read from YAML (any shape)
 * @param path keys from the top, e.g. `['machine', 'memory']`; `[]` gives `data`
 */
export function getPath(data: unknown, path: readonly string[]): unknown {
  let at = data;
  for (const key of path) {
    if (!isRecord(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

/**
 * Sets `value` at a key path of `doc`, making the mappings on the way: a
 * missing key, or one whose value is not a mapping, gets a new empty one.
 * Mutates `doc`.
 *
 * @param path keys from the top, at least one; `['config', 'pae']` sets `doc.config.pae`
 * @param options.copy replace each mapping on the way with a shallow copy
 *   before writing into it, so that mappings `doc` shares with other data
 *   (a base file's, another variant's) are left as they were; `doc` itself
 *   is written into.
 */
export function setPath(doc: Record<string, unknown>, path: readonly string[], value: unknown, options: { readonly copy?: boolean } = {}): void {
  let at = doc;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      setKey(at, key, value);
      return;
    }
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    const inner: Record<string, unknown> = !isRecord(next) ? {} : options.copy === true ? { ...next } : next;
    setKey(at, key, inner);
    at = inner;
  });
}


/** A dotted key path's last key: "memory" for "machine.memory", "kernel" for "kernel". */
export function lastKey(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
