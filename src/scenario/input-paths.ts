/**
 * A scenario's `config:` and `machine:` as `diff` compares them: one entry
 * per leaf, keyed by its dotted path (`machine.cpu.pse`,
 * `config.system_map._text`), so a nested mapping never prints as
 * "[object Object]" and a change inside it names the key that changed.
 * Lists stay one value, written as compact YAML flow text (`[a, b]`,
 * `{base: 0x80000000, size: 1GiB}`): their items have no stable names.
 * Keys that are not set (no default applies) are left out: the other side
 * then shows "(not set)". Architecture-neutral: the plugin says how a leaf
 * is written (hex for addresses, binary units for sizes).
 */

/** One input: a dotted key path and its value as a scenario writes it. */
export interface InputPathValue {
  readonly key: string;
  readonly value: string;
}

/** How a plugin writes one scalar: `key` is the leaf's own name (`memory`, `base`). */
export type LeafText = (key: string, value: string | number | bigint | boolean) => string;

function isMapping(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as compact flow text: scalars by `leaf`, lists `[…]`, mappings `{k: v, …}`. */
export function flowText(key: string, v: unknown, leaf: LeafText): string {
  if (Array.isArray(v)) return `[${v.map((x) => flowText(key, x, leaf)).join(', ')}]`;
  if (isMapping(v)) return `{${Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${k}: ${flowText(k, x, leaf)}`).join(', ')}}`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return leaf(key, v);
  return v === null ? 'null' : String(v);
}

/**
 * The leaves of one section, in `keys` order (the schema's), nested
 * mappings walked in their own key order.
 * @param section "config" or "machine"
 * @param keys the section's keys in schema order
 * @param data the section after defaults
 */
export function inputPaths(section: string, keys: readonly string[], data: object, leaf: LeafText): InputPathValue[] {
  const out: InputPathValue[] = [];
  const values = new Map<string, unknown>(Object.entries(data));
  const walk = (path: string, key: string, v: unknown): void => {
    if (v === undefined) return;
    if (isMapping(v)) {
      for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, k, x);
      return;
    }
    out.push({ key: path, value: flowText(key, v, leaf) });
  };
  for (const key of keys) walk(`${section}.${key}`, key, values.get(key));
  return out;
}
