/**
 * `--set` of a key whose value is a list or a mapping (arm64's machine.banks,
 * riscv's machine.memory_banks, x86_32's machine.cpu): --set writes scalars,
 * one per path, so no form of the argument can set one. Said once, with what
 * works instead, rather than one refusal per form tried: a flow list was
 * refused for its form ("--set machine.banks=A,B"), that form as an unknown
 * axis ("did you mean machine.acpi?"), one value as "expected a list"
 * (break-212 F6).
 *
 * Asked of every loaded architecture's schema, so that it also answers before
 * the files are read; only on a path that failed, since loading the other
 * architectures costs a cold run time.
 */
import * as z from 'zod/mini';
import { anArch, archById } from '../arch/index.js';
import { clip } from '../escape.js';
import { keysAt, schemaAt } from '../scenario/schema-at.js';
import { scenarioSchemaFor } from '../scenario/schema.js';

/** What a path's value is where it is no scalar: a list (of mappings with `keys`) or a mapping with `keys`. */
interface Structured {
  readonly kind: 'list' | 'mapping';
  /** the path of the list or mapping: the whole path, or the list a longer path is under (machine.banks of machine.banks.0.size) */
  readonly path: readonly string[];
  /** the keys of the mapping, or of each item of the list ([] for a list of scalars) */
  readonly keys: readonly string[];
  /** the architectures whose schema has the path */
  readonly arches: readonly string[];
}

/**
 * The list a dotted `--set` path is in or names (machine.banks, machine.banks.0.size), or the mapping it names
 * (machine.cpu), in every architecture of `ids` that has it alike; undefined when none of them has it so, or they
 * differ (their own messages then say what is wrong). `ids` are loaded architectures (a file of each composed).
 */
function structuredAt(path: readonly string[], ids: readonly string[]): Structured | undefined {
  let found: Structured | undefined;
  for (const plugin of ids.flatMap((id) => archById(id) ?? [])) {
    const root = scenarioSchemaFor(plugin);
    let here: Omit<Structured, 'arches'> | undefined;
    for (let end = 2; end <= path.length && here === undefined; end++) {
      const at = path.slice(0, end);
      const schema = schemaAt(root, at);
      if (schema instanceof z.ZodMiniArray) here = { kind: 'list', path: at, keys: keysAt(root, [...at, 0]) };
      else if (end === path.length && schema instanceof z.ZodMiniObject) here = { kind: 'mapping', path: at, keys: keysAt(root, at) };
      else if (schema === undefined) break;
    }
    if (here === undefined) continue;
    if (found !== undefined && (found.kind !== here.kind || found.path.join('.') !== here.path.join('.'))) return undefined;
    found = { ...(found ?? here), arches: [...(found?.arches ?? []), plugin.id] };
  }
  return found;
}

/**
 * The usage message for the first `--set PATH=…` argument whose path holds
 * (or is under) a list, or holds a mapping, in the architectures of the files
 * given, e.g. "--set machine.banks=1: machine.banks is a list of mappings with
 * base, size (an arm64 key), which --set does not set: …"; undefined when
 * there is none. Only the files' architectures are asked: another's list key
 * is that architecture's key, which the other-architecture hint says
 * (break-215 F4: "name one of its keys" was then refused as "a riscv key").
 *
 * @param sets the --set arguments as given (`PATH=VALUE[,VALUE…]`)
 * @param ids the architectures of the files the values are for
 */
export function structuredSetProblem(sets: readonly string[], ids: readonly string[]): string | undefined {
  for (const arg of sets) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? '' : arg.slice(0, eq).trim();
    const path = key.split('.');
    if (path.length < 2 || (path[0] !== 'config' && path[0] !== 'machine')) continue;
    const found = structuredAt(path, ids);
    if (found === undefined) continue;
    const name = found.path.join('.');
    // "an arm64 key", "an arm64 and a riscv key", as the other-architecture hints say it
    const whose = `${found.arches.map(anArch).join(' and ')} key`;
    if (found.kind === 'mapping') {
      return `--set ${clip(arg)}: ${name} is a mapping (${whose}), which --set does not set whole: name one of its keys: ${found.keys.map((k) => `${name}.${k}`).join(', ')}`;
    }
    const items = found.keys.length > 0 ? ` of mappings with ${found.keys.join(', ')}` : '';
    const last = found.path[found.path.length - 1] ?? name;
    // machine.banks.0.size: under the list, no item of which --set names (break-215 F5: "takes one value, not keys")
    const subject = found.path.length < path.length ? `${clip(key)} is in ${name}, a list` : `${name} is a list`;
    return `--set ${clip(arg)}: ${subject}${items} (${whose}), which --set does not set: it sets one scalar per path; `
      + `write the list in a file that extends the scenario (extends: FILE.yaml, then ${found.path.slice(0, -1).join(': {')}: {${last}: […]}${'}'.repeat(found.path.length - 2)})`;
  }
  return undefined;
}
