/**
 * Structure-aware generators of JSON reports for property tests (fast-check):
 * the files `merge` and `run --baseline` read back, which CI may take from
 * an artifact, a cache or a pull request (issue 12: hostile input never
 * crashes the program, forges its report or passes a gate).
 *
 * Every case starts from a report the built program wrote (reportSeeds: two
 * shards of one run and the unsharded report, of shipped scenarios of every
 * architecture, findings, fixes and matrix variants included), applies a few
 * data mutations at nodes picked from the whole tree (an odd value, a wrong
 * type, a key dropped, renamed to a prototype key or repeated, a list item
 * repeated or two swapped, deep nesting), writes it as run writes it or
 * compact, then applies a few text mutations (cut, a stray character, a BOM,
 * CRLF, a key written twice). Choices are plain records, so fast-check
 * shrinks a failure to a small one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { mergeReports } from '../../src/report/merge.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/bootreplay.js', import.meta.url));

/** What each seed run replays: a matrix, an extends chain, expected and live findings, three architectures. */
const CORPUS = [
  'scenarios/x86_32/2.6.27-rc1-vmi.yaml',
  'scenarios/x86_32/2.6.27-rc2-vmi-first-proposal.yaml',
  'scenarios/x86_32/variants/rc3-fix-matrix.yaml',
  'scenarios/arm64/v4.7.yaml',
  'scenarios/riscv/v5.10-set-fixmap-without-fence.yaml',
];

/** The reports the cases start from, as the built program writes them. */
export interface ReportSeeds {
  /** `run CORPUS --shard 1/2 -v -f json` and `--shard 2/2` */
  readonly shards: readonly [string, string];
  /** the two merged: the unsharded run's report (test/cli/ci.test.ts holds them equal byte for byte), a baseline */
  readonly full: string;
  /** the files of the run, as given (what a baseline is paired with) */
  readonly files: readonly string[];
}

function runShard(shard: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['FORCE_COLOR', 'NO_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY']) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', ...CORPUS, '-v', '-f', 'json', '--shard', shard], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    // the corpus has live findings: exit 1
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`run --shard ${shard} exited ${code}:\n${Buffer.concat(err).toString('utf8')}`))));
  });
}

/** Runs the built program (npm test builds it first) twice, at once: about a second, once per test file. */
export async function reportSeeds(): Promise<ReportSeeds> {
  const shards = await Promise.all([runShard('1/2'), runShard('2/2')]) as [string, string];
  const merged = mergeReports([{ file: 's1.json', text: shards[0] }, { file: 's2.json', text: shards[1] }]);
  if (!merged.ok) throw new Error(`the seed shards do not merge: ${merged.messages.join('; ')}`);
  return { shards, full: merged.text, files: CORPUS };
}

/** Values that have broken readers of JSON: wrong types, numbers at and past the edges, odd text, prototype names. */
const ODD_STRINGS = [
  '', ' ', 'pass', 'fail', 'error', 'warning', 'info', 'note', 'x86_32', 'arm64', 'riscv', 'sha256:00', 'updated', 'json', 'sarif',
  '\n', '\r\n', '\u0000', '\u001b[2J', '\u202e', '\u2066', '\u200b', '\u2028', '\u0085', '\ud800', '😀',
  '::error file=x::forged', '\n::stop-commands::t', '##[error]forged', 'PASS forged', '__proto__', 'constructor', 'toString',
  '../../etc/passwd', '/abs/path.yaml', 'C:\\x.yaml', 'a.yaml', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml',
];
export type OddValue =
  | { readonly kind: 'string'; readonly at: number }
  | { readonly kind: 'long'; readonly n: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'literal'; readonly value: boolean | null }
  | { readonly kind: 'empty'; readonly list: boolean }
  | { readonly kind: 'deep'; readonly depth: number };
const oddValue: fc.Arbitrary<OddValue> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('string' as const), at: fc.nat(ODD_STRINGS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('long' as const), n: fc.integer({ min: 4097, max: 300_000 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('number' as const), value: fc.constantFrom(0, -1, 1, 2, 3, 1.5, -0, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, 4096, 65536, 8192, 8193) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('literal' as const), value: fc.constantFrom(true, false, null) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('empty' as const), list: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 2, max: 5000 }) }) },
);

const DEEP = '\u0000deep:';
/** The text of DEEP markers (JSON-escaped) replaced with `depth` nested lists around a 1. */
function expandDeep(text: string): string {
  return text.replace(/"\\u0000deep:(\d+)"/g, (_, n: string) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);
}

function valueOf(v: OddValue): unknown {
  switch (v.kind) {
    case 'string': return ODD_STRINGS[v.at];
    case 'long': return 'x'.repeat(v.n);
    case 'number': return v.value;
    case 'literal': return v.value;
    case 'empty': return v.list ? [] : {};
    // a marker the writer replaces with the nesting (JSON.stringify itself would recurse that deep)
    case 'deep': return `${DEEP}${v.depth}`;
  }
}

/** A mutation of the parsed report at the node `node` picks (an index into its nodes, wrapped). */
export type DataOp =
  | { readonly op: 'replace'; readonly node: number; readonly value: OddValue }
  | { readonly op: 'delete'; readonly node: number }
  | { readonly op: 'rename'; readonly node: number; readonly key: number }
  | { readonly op: 'repeat'; readonly node: number }
  | { readonly op: 'swap'; readonly node: number; readonly other: number }
  | { readonly op: 'wrap'; readonly node: number; readonly list: boolean }
  | { readonly op: 'copy'; readonly node: number; readonly from: number };
const node = fc.nat(100_000);
const dataOp: fc.Arbitrary<DataOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), node, value: oddValue }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), node }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), node, key: fc.nat(ODD_STRINGS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('repeat' as const), node }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap' as const), node, other: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), node, list: fc.boolean() }) },
  // a value of one place at another (a status where a severity goes, a finding of another result, …): plausible edits
  { weight: 3, arbitrary: fc.record({ op: fc.constant('copy' as const), node, from: node }) },
);

type Container = Record<string, unknown> | unknown[];
interface Place { readonly parent: Container; readonly key: string | number }

/** Every node below the root, parent first (depth-first): the places a mutation can pick. */
function places(root: unknown): Place[] {
  const out: Place[] = [];
  const walk = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    if (Array.isArray(x)) {
      x.forEach((v, i) => { out.push({ parent: x, key: i }); walk(v); });
    } else {
      for (const k of Object.keys(x)) { out.push({ parent: x as Record<string, unknown>, key: k }); walk((x as Record<string, unknown>)[k]); }
    }
  };
  walk(root);
  return out;
}

/** Sets an own property, `__proto__` included (JSON.parse makes such keys own properties; plain assignment would set the prototype). */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyDataOp(root: unknown, op: DataOp): void {
  const all = places(root);
  const p = all[op.node % Math.max(1, all.length)];
  if (p === undefined) return;
  const { parent, key } = p;
  const get = (): unknown => (Array.isArray(parent) ? parent[key as number] : parent[key as string]);
  const set = (v: unknown): void => { if (Array.isArray(parent)) parent[key as number] = v; else setOwn(parent, key as string, v); };
  switch (op.op) {
    case 'replace': set(valueOf(op.value)); return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case 'rename':
      if (!Array.isArray(parent)) {
        const v = get();
        delete parent[key as string];
        setOwn(parent, ODD_STRINGS[op.key] ?? '', v);
      }
      return;
    case 'repeat':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(get()));
      return;
    case 'swap':
      if (Array.isArray(parent) && parent.length > 1) {
        const j = op.other % parent.length;
        const a = parent[key as number];
        parent[key as number] = parent[j];
        parent[j] = a;
      }
      return;
    case 'wrap': set(op.list ? [get()] : { value: get() }); return;
    case 'copy': {
      const from = all[op.from % all.length];
      if (from !== undefined) set(structuredClone(Array.isArray(from.parent) ? from.parent[from.key as number] : from.parent[from.key as string]));
      return;
    }
  }
}

/** A mutation of the written text. */
export type TextOp =
  | { readonly op: 'cut'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'bom' }
  | { readonly op: 'crlf' }
  | { readonly op: 'twice'; readonly at: number };
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cut' as const), at: fc.nat(1_000_000) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(1_000_000), text: fc.constantFrom(',', '"', '{', '}', '[', ']', ':', '\\', '\n', '\u0000', '\u2028', 'x', '1', ' ', '/*c*/', '\ud800') }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  // a key written a second time with another value (JSON.parse keeps the last; a reader may see the first)
  { weight: 2, arbitrary: fc.record({ op: fc.constant('twice' as const), at: fc.nat(1_000_000) }) },
);

function applyTextOp(text: string, op: TextOp): string {
  switch (op.op) {
    case 'cut': return text.slice(0, op.at % (text.length + 1));
    case 'insert': {
      const at = op.at % (text.length + 1);
      return text.slice(0, at) + op.text + text.slice(at);
    }
    case 'bom': return `\ufeff${text}`;
    case 'crlf': return text.replace(/\n/g, '\r\n');
    case 'twice': {
      // the key-value pair at or after `at` whose value is a string, number or literal, repeated with "fail" / 0
      const re = /"([^"\\]*)": ("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g;
      re.lastIndex = op.at % (text.length + 1);
      const m = re.exec(text) ?? /"([^"\\]*)": ("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/.exec(text);
      if (m === null) return text;
      const other = m[2]?.startsWith('"') === true ? '"fail"' : '0';
      const end = m.index + m[0].length;
      return `${text.slice(0, end)}, "${m[1] ?? ''}": ${other}${text.slice(end)}`;
    }
  }
}

/** One mutated report: which seed, the data and text mutations, and how it is written. */
export interface ReportEdit {
  readonly dataOps: readonly DataOp[];
  /** 2-space indentation and a final newline, as run writes it, or compact */
  readonly pretty: boolean;
  readonly textOps: readonly TextOp[];
}
export const reportEdit: fc.Arbitrary<ReportEdit> = fc.record({
  dataOps: fc.array(dataOp, { maxLength: 3 }),
  pretty: fc.boolean(),
  textOps: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 2 }) }),
});

/** The text of a seed after the edit (an edit without mutations written pretty is the seed itself). */
export function editedText(seed: string, e: ReportEdit): string {
  if (e.dataOps.length === 0 && e.textOps.length === 0 && e.pretty) return seed;
  const data: unknown = JSON.parse(seed);
  for (const op of e.dataOps) applyDataOp(data, op);
  let text = expandDeep(e.pretty ? `${JSON.stringify(data, null, 2)}\n` : JSON.stringify(data));
  for (const op of e.textOps) text = applyTextOp(text, op);
  return text;
}
