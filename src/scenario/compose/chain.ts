/**
 * `extends`: from the file the user named to its root base, reading each
 * base through the injected reader. A cycle, a chain deeper than
 * limits.maxExtendsDepth (max-extends-depth), a base that is not a *.yaml/*.yml file or an
 * unreadable base is an error at the `extends:` value that leads there, naming the chain.
 */
import { MAX_QUOTED } from '../../escape.js';
import { shownText } from '../quote.js';
import { suggest } from '../suggest.js';
import type { InputProblem } from '../problems.js';
import { DEFAULT_LIMITS, limitMessage, type Limits } from '../limits.js';
import { placeOf, report } from '../yaml-positions.js';
import { parseLayer, type Layer } from './layer.js';
import { readProblem, type FileReader } from './reader.js';

/** What a base may be named: a scenario file, as `run DIR` finds them (src/scenario/files.ts). */
export const SCENARIO_FILE = /\.ya?ml$/;

/**
 * " (did you mean rc1.yaml?)" when `ext`, written in `extends:` of `from`, names no scenario file but the same name
 * with .yaml or .yml added, or with the other of the two, is a file there (a stat through the reader's identity(),
 * no read: break-280 N4, `extends: rc1` beside rc1.yaml); else, when the reader can list the directory, the
 * scenario file there whose name is the nearest spelling (break-290 N1: `base_efi.yaml` or `Base-efi.yaml` beside
 * base-efi.yaml); else ''. Said as written: `bases/rc1` gets `bases/rc1.yaml`. A reader with neither (git) offers nothing.
 */
function didYouMeanBase(reader: FileReader, from: string, ext: string): string {
  const stem = ext.replace(SCENARIO_FILE, '');
  const candidates = stem === ext ? [`${ext}.yaml`, `${ext}.yml`] : [ext.endsWith('.yml') ? `${stem}.yaml` : `${stem}.yml`];
  const found = reader.identity === undefined ? undefined : candidates.find((c) => reader.identity?.(reader.resolve(from, c)) !== undefined);
  const guess = found ?? nearestSibling(reader, from, ext);
  return guess === undefined ? '' : ` (did you mean ${shownText(guess, MAX_QUOTED)}?)`;
}

/** The scenario file beside where `ext` points whose name is the nearest spelling of its last part, as `ext` writes its directory; or undefined. */
function nearestSibling(reader: FileReader, from: string, ext: string): string | undefined {
  const slash = ext.lastIndexOf('/');
  // never the file that extends (it would extend itself)
  const names = reader.siblings?.(reader.resolve(from, ext))?.filter((n) => reader.resolve(from, `${ext.slice(0, slash + 1)}${n}`) !== from);
  if (names === undefined || names.length === 0) return undefined;
  const last = ext.slice(slash + 1);
  // the whole name (`base_efi.yaml`, `rc1.ymal`), else as a stem: `base_efi` is a slip of base-efi.yaml's
  const stemGuess = (): string | undefined => {
    const stem = suggest(last, names.map((n) => n.replace(SCENARIO_FILE, '')));
    return stem === undefined ? undefined : names.find((n) => n.replace(SCENARIO_FILE, '') === stem);
  };
  const guess = suggest(last, names) ?? (SCENARIO_FILE.test(last) ? undefined : stemGuess());
  return guess === undefined || guess === last ? undefined : `${ext.slice(0, slash + 1)}${guess}`;
}

export interface Chain {
  /** root base first, the named file last; cut short where a link failed */
  readonly layers: readonly Layer[];
  /** problems of following the chain (reading, cycles, depth) and of the bases' YAML */
  readonly problems: readonly InputProblem[];
}

function chainText(files: readonly string[]): string {
  return files.join(' → ');
}

/**
 * @param uncounted how many files at the leaf end are not the user's and not counted against max-extends-depth:
 *   1 for a `--set` overlay, which extends the file the user named (break-223 F6: a chain at the limit was refused
 *   under --set, "9 levels: (--set) → l0.yaml → …")
 */
export function readChain(leaf: Layer, reader: FileReader, limits: Limits = DEFAULT_LIMITS, uncounted = 0): Chain {
  const fromLeaf: Layer[] = [leaf];
  const problems: InputProblem[] = [];
  for (let cur = leaf; ;) {
    const ext = cur.data['extends'];
    // Anything but a non-empty string is a schema problem, reported with the rest.
    if (typeof ext !== 'string' || ext.trim() === '') break;
    const name = reader.resolve(cur.file, ext);
    const files = fromLeaf.map((l) => l.file);
    const at = placeOf(cur.doc, ['extends']);
    // by name, and by the file a name is (a symbolic link back to a file of the chain is a cycle too)
    const id = reader.identity?.(name);
    const same = files.includes(name) ? name : id !== undefined ? files.find((f) => reader.identity?.(f) === id) : undefined;
    if (same !== undefined) {
      report(cur.ctx, at, `extends: cycle: ${chainText([...files, name])}${same !== name ? ` (${name} is ${same})` : ''}; a base cannot extend a file that extends it`);
      break;
    }
    if (fromLeaf.length - uncounted > limits.maxExtendsDepth) {
      report(cur.ctx, at, limitMessage('max-extends-depth', limits.maxExtendsDepth, `extends: ${fromLeaf.length - uncounted} levels: ${chainText([...files.slice(uncounted), name])}`));
      break;
    }
    // `base.yaml/.` names a directory, as `base.yaml/` does; resolve() takes `/.` away as text, and read the file
    // that the file system (and `run base.yaml/.`) refuses as a path going on past a file (break-270 N4)
    const pastFile = /(^|\/)\.$/.test(ext) && !name.endsWith('/') && SCENARIO_FILE.test(name);
    if (pastFile) {
      report(cur.ctx, at, `extends: ${shownText(`${name}/.`, MAX_QUOTED)} is not a scenario file: the path goes on past ${shownText(name, MAX_QUOTED)} as if it were a directory (it ends with /.); a base is another scenario, named *.yaml or *.yml`);
      break;
    }
    // only scenario files: a base's text may be quoted back in messages, and CI logs are public
    if (!SCENARIO_FILE.test(name)) {
      report(cur.ctx, at, `extends: ${shownText(name, MAX_QUOTED)} is not a scenario file; a base is another scenario, named *.yaml or *.yml${didYouMeanBase(reader, cur.file, ext)}`);
      break;
    }
    const read = reader.read(name);
    if (!read.ok) {
      // a reason at a place in the base (a byte that is not UTF-8) is reported there, as its syntax errors are
      if (read.line !== undefined) problems.push(readProblem(name, read));
      else report(cur.ctx, at, `extends: cannot read ${shownText(name, MAX_QUOTED)}: ${read.reason}${reader.missingNote?.(cur.file, ext) ?? ''}${read.reason === 'no such file or directory' ? didYouMeanBase(reader, cur.file, ext) : ''}`);
      break;
    }
    // one max-tokens budget for the file and its bases: each within the limits, nine of them took 4 s (break-216 F2)
    const parsed = parseLayer(read.text, name, limits, cur.tokens ?? 0);
    if (!parsed.ok) {
      for (const p of parsed.problems) problems.push(p);
      break;
    }
    fromLeaf.push(parsed.layer);
    cur = parsed.layer;
  }
  return { layers: fromLeaf.reverse(), problems };
}
