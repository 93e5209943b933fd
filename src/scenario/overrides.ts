/**
 * Command-line overrides and ad-hoc matrices: `--set kernel=2.6.27-rc3`,
 * `--set machine.hypervisor=none,vmi,xen --set config.pae=false,true`. Each
 * path with one value overrides the file; a path with several values is an
 * axis, and the axes multiply into variants named like the variants of a
 * `matrix:` (`file.yaml[hypervisor=vmi,pae=true]`). The loader applies the
 * values to the parsed data before validation (parseScenario's `overrides`),
 * so a bad value is reported like one written in the file.
 *
 * Values are YAML scalars ("true", "4GiB", "0xFC000000"); a value cannot
 * contain a comma (it separates the values of an axis).
 */
import { parse } from 'yaml';

/** One value for one path, e.g. ["machine", "hypervisor"] = "vmi". */
export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** An axis of the ad-hoc matrix: a path and its values (one value: a plain override). */
export interface Axis {
  readonly path: readonly string[];
  /** as written, for variant names */
  readonly texts: readonly string[];
  readonly values: readonly unknown[];
}

export interface Variant {
  /** e.g. "hypervisor=vmi,pae=true"; undefined without any --set */
  readonly name: string | undefined;
  readonly overrides: readonly Override[];
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

/** Every combination of the axes, the first axis varying slowest (like a matrix). */
export function variantsOf(axes: readonly Axis[]): Variant[] {
  if (axes.length === 0) return [{ name: undefined, overrides: [] }];
  let combos: { parts: string[]; overrides: Override[] }[] = [{ parts: [], overrides: [] }];
  for (const axis of axes) {
    const next: typeof combos = [];
    for (const c of combos) {
      axis.values.forEach((value, i) => {
        next.push({ parts: [...c.parts, `${axis.path[axis.path.length - 1] ?? ''}=${axis.texts[i] ?? ''}`], overrides: [...c.overrides, { path: axis.path, value }] });
      });
    }
    combos = next;
  }
  return combos.map((c) => ({ name: c.parts.join(','), overrides: c.overrides }));
}

/** The data with the overrides applied (a copy; the parsed data is not changed). */
export function applyOverrides(data: unknown, overrides: readonly Override[]): unknown {
  if (overrides.length === 0 || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const { path, value } of overrides) {
    const [head, leaf] = path;
    if (head === undefined) continue;
    if (leaf === undefined) {
      out[head] = value;
      continue;
    }
    const inner = out[head];
    const base = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner as Record<string, unknown> : {};
    out[head] = { ...base, [leaf]: value };
  }
  return out;
}
