/**
 * Resource limits for reading scenarios. Scenario files come from pull
 * requests in CI, so a hostile or broken file must not crash, hang or eat
 * the runner: each limit is checked before the work it bounds (the size
 * before reading, the nesting depth while parsing, key and item counts
 * before validating), and a file over a limit gets one located error that
 * names the limit, e.g.
 *
 *   x.yaml:9:1: setup_arch: 12345 calls (limit 2048 calls, max-calls; a real setup_arch() makes about 60)
 *
 * The defaults are far above any real scenario (a real x86_32 setup_arch()
 * makes about 60 calls; a scenario file is a few KiB and 3 levels deep) and
 * far below what makes the loader slow: a file at every limit at once still
 * loads and replays in well under a second (`npm run bench`).
 *
 * Walking a directory named on the command line is bounded here too
 * (max-walk-entries). Composing has its limits here too (`extends:` depth, matrix variants,
 * the product of the axes before exclude, calls replayed and expect/allow
 * entries × variants), with the same wording. A new
 * limit belongs here, as a LimitSpec with a default in DEFAULT_LIMITS,
 * reported through limitMessage.
 */

/** The name a limit goes by in messages and the README (kebab-case, stable). */
export type LimitName =
  | 'max-file-bytes' | 'max-depth' | 'max-keys' | 'max-items' | 'max-calls' | 'max-alias-nodes' | 'max-problems'
  | 'max-extends-depth' | 'max-variants' | 'max-matrix-product' | 'max-replayed-calls' | 'max-gate-entries'
  | 'max-walk-entries' | 'max-text-chars' | 'max-findings' | 'max-tokens' | 'max-report-bytes' | 'max-report-values'
  | 'max-merge-bytes' | 'max-merge-values'
  | 'max-repeated-text' | 'max-glob-steps' | 'max-events';

export interface LimitSpec {
  readonly name: LimitName;
  /** what is counted, plural ("bytes", "nesting levels", "keys in one mapping") */
  readonly unit: string;
  /** why the default is what it is, for messages and docs */
  readonly why: string;
}

/** Why merge holds all its shard reports to the limits of one (max-merge-bytes, max-merge-values), and what to do. */
const MERGE_WHY = 'merge holds every shard at once, so all of them may hold what one report may; split the run (a baseline per directory) or run fewer shards';

export const LIMIT_SPECS: Readonly<Record<LimitName, LimitSpec>> = {
  'max-file-bytes': { name: 'max-file-bytes', unit: 'bytes', why: 'a real scenario is a few KiB' },
  'max-depth': { name: 'max-depth', unit: 'nesting levels', why: 'a scenario is 3 levels deep' },
  'max-keys': { name: 'max-keys', unit: 'keys in one mapping', why: 'no mapping of a scenario has more than a dozen keys' },
  'max-items': { name: 'max-items', unit: 'items in one list', why: 'the longest list of a scenario is setup_arch' },
  'max-calls': { name: 'max-calls', unit: 'calls', why: 'a real setup_arch() makes about 60' },
  'max-alias-nodes': { name: 'max-alias-nodes', unit: 'nodes added by aliases', why: 'a scenario needs few aliases, if any' },
  'max-problems': { name: 'max-problems', unit: 'problems per file', why: 'the rest are shown as a count' },
  'max-extends-depth': { name: 'max-extends-depth', unit: 'levels of extends', why: 'merge some of the bases' },
  'max-variants': { name: 'max-variants', unit: 'variants', why: 'a CI matrix has dozens' },
  'max-matrix-product': { name: 'max-matrix-product', unit: 'combinations before exclude', why: 'they are not enumerated above it' },
  'max-replayed-calls': {
    name: 'max-replayed-calls', unit: 'calls and RAM banks replayed per file',
    why: 'GitHub Actions runs at most 256 jobs of a matrix; 256 variants of a real order replay about 15,000 calls, a real machine has a few banks',
  },
  'max-gate-entries': { name: 'max-gate-entries', unit: 'entries × variants', why: 'a real scenario has a handful of expect/allow entries and a matrix a few hundred variants' },
  'max-text-chars': { name: 'max-text-chars', unit: 'characters (Unicode code points: an emoji is one) in one text value', why: 'the longest text of a shipped scenario, a description, is 1.5 KiB' },
  'max-repeated-text': {
    name: 'max-repeated-text', unit: 'characters of scenario and variant names over the variants',
    why: 'every report repeats both in each variant\'s result; 256 variants of a 4,096-character name fit, a real name is under 100 characters',
  },
  'max-glob-steps': {
    name: 'max-glob-steps', unit: 'steps',
    why: 'a part between two * with a ? in it costs its length × each value\'s length; other globs cost none',
  },
  'max-events': { name: 'max-events', unit: 'model events in one replay', why: 'a shipped scenario makes at most 140; 64 for each of max-calls calls' },
  'max-tokens': { name: 'max-tokens', unit: 'YAML tokens', why: 'the longest shipped scenario has about 300' },
  'max-findings': { name: 'max-findings', unit: 'findings per file', why: 'a real order has a handful, 256 variants of one a few thousand' },
  'max-walk-entries': { name: 'max-walk-entries', unit: 'directory entries', why: 'a scenario tree has dozens; name the scenario directory rather than one above it' },
  'max-report-bytes': { name: 'max-report-bytes', unit: 'bytes', why: 'the report of every shipped scenario is 340 KiB; split the run (a baseline per directory)' },
  'max-report-values': {
    name: 'max-report-values', unit: 'JSON values',
    why: 'run --format json writes at least 11 bytes a value, so no report of it within max-report-bytes has more',
  },
  'max-merge-bytes': { name: 'max-merge-bytes', unit: 'bytes of shard reports together', why: MERGE_WHY },
  'max-merge-values': { name: 'max-merge-values', unit: 'JSON values of shard reports together', why: MERGE_WHY },
};

/** The values in force; tests pass smaller ones, the CLI always uses DEFAULT_LIMITS. */
export interface Limits {
  /**
   * bytes of one scenario file, checked with stat before it is read (128 KiB:
   * the longest shipped scenario is 3.8 KiB; a cold run's yaml parses 256
   * KiB of double-quoted notes in about 0.7 s here, before any replay)
   */
  readonly maxFileBytes: number;
  /**
   * YAML tokens of one file and the bases it extends, together (one budget for the chain, counted from the file
   * named down its `extends:`: nine files at the limit each took 4 s, break-216 F2): every lexeme yaml's lexer yields except
   * indentation, spaces and comments (scalars, indicators, brackets, anchors,
   * tags, document markers, line breaks), counted as they are lexed, so
   * parsing stops at the limit before yaml composes anything. Within
   * max-file-bytes, 128 KiB of dense flow mappings are about 80,000 tokens,
   * which yaml would take about 1.3 s to parse and compose here; 2,048 calls
   * with a note each are about 18,500, the longest shipped scenario about 300
   */
  readonly maxTokens: number;
  /** nested lists and mappings, checked while parsing, before yaml composes the tree (which recurses) */
  readonly maxDepth: number;
  /** keys of one mapping, counted before validation (yaml's own duplicate check is quadratic, so it is off) */
  readonly maxKeys: number;
  /**
   * items of one list, counted before validation: as many as setup_arch may
   * hold (an allow: list of 7,000 wrong entries took 1.1 s for its 14,000
   * problems; a matrix of max-variants needs two axes)
   */
  readonly maxItems: number;
  /** setup_arch items, counted before validation and replay */
  readonly maxCalls: number;
  /**
   * nodes that aliases add to the document when expanded (each alias adds its
   * anchor's node count): aliases of aliases multiply ("billion laughs")
   */
  readonly maxAliasNodes: number;
  /**
   * characters of one text value (name, description, note, a reason, …),
   * checked while the document is walked: a report repeats a scenario's name
   * in every variant's result, so a 900,000-character name in a 4,096-variant
   * matrix (the limit then) made gigabytes of report before the report-size check (review 12, 2.1)
   */
  readonly maxTextChars: number;
  /** problems reported per file; the rest are counted in one "… and N more" line */
  readonly maxProblems: number;
  /** links of an `extends` chain below the file named (a file, its base, its base's base, …) */
  readonly maxExtendsDepth: number;
  /**
   * variants one `matrix:` may expand to, after exclude and include. Each
   * variant costs its own work whatever its order's length (compose through
   * its extends chain, validate, replay, check, gate, a result in every
   * report, an address map in HTML): 4,096 variants of a 4-call order behind
   * an 8-level extends chain took 1.0–1.2 s in text and 1.8–2.5 s in HTML
   * (helper-187 1), and 1,024 variants of a 16-call order 0.8 s of CPU in
   * text and 1.3 s in HTML, past the second a maximal file may take. 512 is
   * twice what GitHub Actions runs of one matrix (256 jobs).
   */
  readonly maxVariants: number;
  /**
   * combinations of the axes as written, before exclude: above it the
   * product is refused without being enumerated (a typo such as a 100-value
   * axis must not make the loader build millions of combinations first)
   */
  readonly maxMatrixProduct: number;
  /**
   * variants × calls of one file, plus each variant's RAM banks past the
   * first (ArchPlugin.ramBanksOf): what a run replays (and checks, and
   * reports) for it. Each limit above holds alone, but 512 variants of a
   * 2,048-call order would replay a million calls, and 512 variants of
   * 2,048 banks took 5.3 s of CPU and 235 MB (break-255 F3): every replay
   * adds each bank to memblock, maps the ones it takes and checks them,
   * about what a call costs (src/scenario/compose/replay-weight.ts). A real
   * machine has a few banks: memblock.memory holds INIT_MEMBLOCK_REGIONS
   * (128) regions before memblock_allow_resize() (src/arch/memblock-add.ts),
   * and a file may still model 129 of them over 117 variants of a 10-call order.
   */
  readonly maxReplayedCalls: number;
  /**
   * `expect:` + `allow:` entries × variants of one file: what loading checks
   * (each entry's `variant:` selector against every variant name) and the
   * gates weigh and report (every entry for every variant it applies to,
   * src/gate/gate.ts). Each list holds max-items alone, but 2,048 entries
   * over 512 variants are a million checks and unmet entries.
   */
  readonly maxGateEntries: number;
  /**
   * entries (files, directories, links, anything readdir lists) that the
   * walk of one directory named on the command line reads, all levels
   * together: checked after each directory is read, so no tree (/proc, a
   * mount of the whole disk, a deep chain of directories) makes the walk run
   * unbounded before a single file is loaded
   */
  readonly maxWalkEntries: number;
  /**
   * findings of one file's variants together, counted by `run` after each
   * variant is checked: past it the file's remaining variants are not
   * replayed and the file is refused (one problem, exit 2). Findings, not
   * calls, are what a replay costs beyond the calls themselves (messages,
   * sorting, report text: about 50 µs each on a 2-CPU runner), so this bounds
   * a run of a file to max-findings plus one variant's worth: a matrix of
   * max-calls orders in which every call is a finding stops after its second
   * variant. The count is of the findings the rules report, before allow:,
   * expect: or a baseline weigh them (they bound the work, not the verdict).
   */
  readonly maxFindings: number;
  /**
   * characters of the scenario's `name` as the reports print it (control and
   * format characters escaped, up to 6 characters each) times the file's
   * variants: every report repeats the name in each variant's result, so
   * max-text-chars alone let 4,096 variants of a 4,096-character name of
   * control characters make a 68 MB text report and 600 MB of RSS, and seven
   * such files run V8's heap out (helper-147). 1,048,576 keeps a file's
   * repeated name to about 1 MiB of each report
   */
  readonly maxRepeatedText: number;
  /**
   * what matching the `variant:` selectors of one file's entries (or one --variant or file.yaml[…] selector)
   * against its variants may cost beyond linear time (selectorSteps): a part between two `*` with a `?` in it is
   * tried at each place of each distinct value, |part| × |value| steps. Every other glob is matched in linear
   * time. 16,777,216 steps take about 70 ms here; one `cmdline=*a?a?…*` entry of 1,000 characters over 64
   * distinct 2,000-character values would take 64 million, and a file of a hundred of them minutes (break-216 F3)
   */
  readonly maxGlobSteps: number;
  /**
   * model events one replay makes (src/replay/event-limit.ts), counted as
   * they are made: past it the replay stops and the file is refused (one
   * problem at the step that made the event over it, exit 2). The calls are
   * bounded, but not what each does: on a 2.6.26 Xen PAE guest every
   * paging_init() makes a kernel PMD copy and rewrites the direct map over
   * each page-table page made before it, so 2,040 of them made 2 million
   * events (10 s, 1 GB). A shipped scenario makes at most 140; the most any
   * other max-calls order of a shipped scenario's calls made is 107,516
   * (arm64 v4.7, paging_init repeated): 131,072 is 64 per call at max-calls
   */
  readonly maxEvents: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 128 * 1024,
  maxDepth: 64,
  maxKeys: 1_000,
  maxItems: 2_048,
  maxCalls: 2_048,
  maxAliasNodes: 10_000,
  maxTextChars: 4_096,
  maxProblems: 100,
  maxExtendsDepth: 8,
  maxVariants: 512,
  maxMatrixProduct: 512 * 16,
  maxReplayedCalls: 16_384,
  maxGateEntries: 65_536,
  maxWalkEntries: 100_000,
  maxFindings: 8_192,
  maxTokens: 32_768,
  maxRepeatedText: 1_048_576,
  maxGlobSteps: 2 ** 24,
  maxEvents: 131_072,
};

/**
 * The limits of the JSON reports bootreplay reads back (`merge`'s shard
 * reports, `run --baseline`): fixed, with no option, checked before
 * JSON.parse, which holds the whole value tree at once. Set so that the
 * worst text within them parses in V8's default heap on a 7 GB CI runner
 * (a quarter of the memory, about 1.75 GB; GitHub's runners for private
 * repositories): 256 MiB of `{},` items (89 million values) crashed V8's
 * 4 GB heap, and 25 million of them took 2.4 GB (review 16a, 2.4).
 */
export const REPORT_LIMITS = {
  /**
   * bytes of one report, checked with fstat before it is read (128 MiB).
   * run can write longer ones (a report is one V8 string, up to 2^29 − 24
   * UTF-16 code units: src/cli/report-size.ts), but only from hundreds of
   * thousands of findings: 56 MiB of the shipped scenarios' results hold
   * 15,470 findings in 11,900 results, and read back as a baseline with
   * 1.7 s of CPU and 270 MB; a real report is a few KiB to a few MiB
   */
  maxReportBytes: 128 * 2 ** 20,
  /**
   * JSON values of one report (each list, mapping, string, number, boolean
   * and null; keys are not counted), counted in the pass that checks the
   * nesting, before JSON.parse. run writes JSON.stringify(report, null, 2):
   * every value but the top one sits on a line of its own, indented, and
   * the densest it writes are the names in a shard header's `units` list,
   * 3 levels deep: a newline, 6 spaces, the quoted name (3 bytes for the
   * shortest, `"a"`) and a comma, 11 bytes; every other value takes more
   * (a key, or the lines of a mapping). So a report within max-report-bytes
   * that run wrote has at most 2^27 / 11 ≈ 12.2 million values (a real one
   * spends 35 to 45 bytes on a value); rounded up to 12.5 million. The
   * densest text at that count, `{},` items, takes JSON.parse about 1.2 GB
   */
  maxReportValues: 12_500_000,
  /** nesting of lists and mappings: deeper than any report run writes (7), as max-depth bounds a scenario */
  maxReportDepth: 64,
  /**
   * bytes of all the shard reports one `merge` reads, together (128 MiB, as
   * max-report-bytes): merge holds every shard's text and value tree at once
   * until it has checked them against each other, so the per-report limits
   * alone let 1,024 shards hold 1,024 times what one report may (break-253
   * F4: six 37 MB shards, each within the limits, ran V8's heap out after
   * 180 s). Checked with stat before any shard is read. A real sharded run
   * is its unsharded report plus a header per shard (the run's scenario
   * list): the shipped scenarios in 3 shards are 447 KB, in 1,024 about 45 MB
   */
  maxMergeBytes: 128 * 2 ** 20,
  /**
   * JSON values of all the shard reports one `merge` reads, together (as
   * max-report-values), counted in the pass before each shard is parsed:
   * the value trees merge holds at once then cost at most what one report
   * at max-report-values costs (about 1.2 GB), within V8's default heap
   */
  maxMergeValues: 12_500_000,
} as const;

/** "128 KiB" for the byte limits, "2048 calls" for the others. */
export function limitValueText(name: LimitName, value: number): string {
  if (name === 'max-file-bytes' || name === 'max-report-bytes' || name === 'max-merge-bytes') {
    if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
    if (value >= 1024 && value % 1024 === 0) return `${value / 1024} KiB`;
  }
  return `${value} ${LIMIT_SPECS[name].unit}`;
}

/**
 * The one wording of every limit error: what was found, then the limit, its
 * name and why the default is enough, e.g. "setup_arch: 12345 calls (limit
 * 2048 calls, max-calls; a real setup_arch() makes about 60)".
 */
export function limitMessage(name: LimitName, value: number, found: string): string {
  return `${found} (limit ${limitValueText(name, value)}, ${name}; ${LIMIT_SPECS[name].why})`;
}

/** Whether `message` is limitMessage's for the limit `name` ("… (limit N units, NAME; why)"). */
export function isLimitProblem(message: string, name: LimitName): boolean {
  return message.includes(`, ${name}; ${LIMIT_SPECS[name].why})`);
}

/**
 * A text's length as max-text-chars counts it: Unicode characters (code points), as a user counts them, not
 * JavaScript's UTF-16 code units (an emoji is one character, two code units). A text of at most `limit` code
 * units has at most `limit` characters, so only a longer one is counted (the common case costs nothing).
 */
export function textChars(text: string, limit = 0): number {
  if (text.length <= limit) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // a high surrogate followed by a low one is one character
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
