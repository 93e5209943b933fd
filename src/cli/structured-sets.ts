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
import { allArches, anArch } from '../arch/index.js';
import { clip } from '../escape.js';
import { keysAt, schemaAt } from '../scenario/schema-at.js';
import { scenarioSchemaFor } from '../scenario/schema.js';

/** What a path's value is where it is no scalar: a list (of mappings with `itemKeys`) or a mapping with `keys`. */
interface Structured {
  readonly kind: 'list' | 'mapping';
  /** the keys of the mapping, or of each item of the list ([] for a list of scalars) */
  readonly keys: readonly string[];
  /** the architectures whose schema has the path */
  readonly arches: readonly string[];
}

/**
 * The kind of value at a dotted `--set` path (`machine.banks`) when every
 * loaded architecture that has the path takes a list or a mapping there;
 * undefined when none has it, or one takes a scalar (its own messages then
 * say what is wrong). The caller loads the architectures first (loadArches).
 */
function structuredAt(path: readonly string[]): Structured | undefined {
  const arches: string[] = [];
  let kind: Structured['kind'] | undefined;
  let keys: readonly string[] = [];
  for (const plugin of allArches()) {
    const root = scenarioSchemaFor(plugin);
    const schema = schemaAt(root, path);
    if (schema === undefined) continue;
    const here = schema instanceof z.ZodMiniArray ? 'list' : schema instanceof z.ZodMiniObject ? 'mapping' : undefined;
    if (here === undefined || (kind !== undefined && here !== kind)) return undefined;
    kind = here;
    if (arches.length === 0) keys = here === 'list' ? keysAt(root, [...path, 0]) : keysAt(root, path);
    arches.push(plugin.id);
  }
  return kind === undefined ? undefined : { kind, keys, arches };
}

/**
 * The usage message for the first `--set PATH=…` argument whose path holds a
 * list or a mapping in every architecture that has it, e.g. "--set
 * machine.banks=1: machine.banks is a list (of mappings with base, size; an
 * arm64 key), which --set does not set: …"; undefined when there is none.
 *
 * @param sets the --set arguments as given (`PATH=VALUE[,VALUE…]`)
 */
export function structuredSetProblem(sets: readonly string[]): string | undefined {
  for (const arg of sets) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? '' : arg.slice(0, eq).trim();
    const path = key.split('.');
    if (path.length < 2 || (path[0] !== 'config' && path[0] !== 'machine')) continue;
    const found = structuredAt(path);
    if (found === undefined) continue;
    // "an arm64 key", "an arm64 and a riscv key", as the other-architecture hints say it
    const whose = `${found.arches.map(anArch).join(' and ')} key`;
    if (found.kind === 'mapping') {
      return `--set ${clip(arg)}: ${key} is a mapping (${whose}), which --set does not set whole: name one of its keys: ${found.keys.map((k) => `${key}.${k}`).join(', ')}`;
    }
    const items = found.keys.length > 0 ? ` of mappings with ${found.keys.join(', ')}` : '';
    const last = path[path.length - 1] ?? key;
    return `--set ${clip(arg)}: ${key} is a list${items} (${whose}), which --set does not set: it sets one scalar per path; `
      + `write the list in a file that extends the scenario (extends: FILE.yaml, then ${path.slice(0, -1).join(': {')}: {${last}: […]}${'}'.repeat(path.length - 2)})`;
  }
  return undefined;
}
