/**
 * Command-line overrides and ad-hoc matrices: `--set kernel=2.6.27-rc3`,
 * `--set machine.hypervisor=none,vmi,xen --set config.pae=false,true`. Each
 * path with one value overrides the file; a path with several values is an
 * axis of a `matrix:`. Both become a scenario that `extends` the file
 * (overlayText), so composing, variant names (`file.yaml[hypervisor=vmi,
 * pae=true]`) and the validation of every value are exactly those of a
 * scenario file a user would write.
 *
 * Values are YAML scalars ("true", "4GiB", "0xFC000000"); a value cannot
 * contain a comma (it separates the values of an axis).
 */
import { parse, stringify } from 'yaml';

/** An axis of the ad-hoc matrix: a path and its values (one value: a plain override). */
export interface Axis {
  readonly path: readonly string[];
  /** as written, for variant names */
  readonly texts: readonly string[];
  readonly values: readonly unknown[];
}

const TOP_LEVEL = new Set(['kernel', 'name', 'description']);
const MAPPINGS = new Set(['config', 'machine']);

/**
 * Parses `--set` arguments; the same path given twice adds values to its axis.
 *
 * @returns the axes in the order first given, or a message for the first malformed argument
 */
export function parseSets(args: readonly string[]): { ok: true; axes: Axis[] } | { ok: false; message: string } {
  const axes: { path: string[]; texts: string[] }[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? '' : arg.slice(0, eq).trim();
    const path = key.split('.');
    const valid = (path.length === 1 && TOP_LEVEL.has(key)) || (path.length === 2 && MAPPINGS.has(path[0] ?? '') && /^[a-z_][a-z0-9_]*$/.test(path[1] ?? ''));
    if (eq < 0 || !valid) {
      return { ok: false, message: `--set ${arg}: expected PATH=VALUE[,VALUE…] with PATH kernel, config.KEY or machine.KEY (e.g. --set machine.hypervisor=none,vmi)` };
    }
    const texts = arg.slice(eq + 1).split(',').map((t) => t.trim());
    if (texts.some((t) => t === '')) return { ok: false, message: `--set ${arg}: empty value` };
    const axis = axes.find((a) => a.path.join('.') === key);
    if (axis === undefined) axes.push({ path, texts });
    else for (const t of texts) if (!axis.texts.includes(t)) axis.texts.push(t);
  }
  return { ok: true, axes: axes.map((a) => ({ path: a.path, texts: a.texts, values: a.texts.map((t) => parse(t) as unknown) })) };
}

/**
 * The text of a scenario that `extends` the given file with the overrides as
 * its own keys and the axes as its `matrix:` (which then replaces a matrix
 * the file has; without axes the file's own matrix is inherited). Loaded
 * with composeScenario() under a name next to the file, it gives exactly the
 * variants a user would get by writing that file: extends, matrix and the
 * validation of the values are the composer's.
 *
 * @param base the file's name relative to the overlay's directory
 */
export function overlayText(base: string, axes: readonly Axis[]): string {
  const doc: Record<string, unknown> = { extends: base };
  const matrix: Record<string, unknown[]> = {};
  for (const a of axes) {
    if (a.values.length > 1) {
      matrix[a.path.join('.')] = [...a.values];
      continue;
    }
    const [head, leaf] = a.path;
    if (head === undefined) continue;
    if (leaf === undefined) doc[head] = a.values[0];
    else doc[head] = { ...(typeof doc[head] === 'object' && doc[head] !== null ? doc[head] as Record<string, unknown> : {}), [leaf]: a.values[0] };
  }
  if (Object.keys(matrix).length > 0) doc['matrix'] = matrix;
  return stringify(doc);
}

/** The part of a variant name that the single-valued overrides add, e.g. "kernel=2.6.27-rc3". */
export function overrideName(axes: readonly Axis[]): string | undefined {
  const parts = axes.filter((a) => a.values.length === 1).map((a) => `${a.path[a.path.length - 1] ?? ''}=${a.texts[0] ?? ''}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}
