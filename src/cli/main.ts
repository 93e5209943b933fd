/**
 * The command-line program. The only place that touches process.argv and
 * exit codes. Heavy modules (zod, yaml, the model) load inside the actions,
 * through engine.ts; this module and commander are all that `--help` loads.
 */
import { lstatSync, statSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { BootreplayCommand, CommandUsageError, usageErrorText } from './usage-errors.js';
import { EXIT_OK, EXIT_USAGE, FORMATS, LAYOUT_VIEWS, type RunOptions } from './run-options.js';
import { mayBeTerminal, stderrRefusal, stdoutFailed, writeErr, writeOut } from './stdio.js';
import { missingCwd } from './cwd.js';
import type { Engine } from './engine.js';
import { VERSION } from './version.js';
import { errorMessage } from '../errno.js';
import { noteInputRead } from '../inputs-read.js';
import { clip, escapeLines, escapeText, quoteText } from '../escape.js';


const EXAMPLES = `
Examples:
  $ bootreplay run scenarios/                       replay every shipped scenario
  $ bootreplay run scenarios/x86_32/2.6.27-rc1-vmi.yaml -v
                                                    one scenario, with the kernel consequence and fix of each finding
  $ bootreplay run my-order.yaml --format json      machine-readable report (format version 1)
  $ bootreplay run a.yaml b.yaml --layout           compare the final layouts of two variants
  $ bootreplay run scenarios/ -f sarif -o bootreplay.sarif
                                                    for GitHub code scanning (also: github, junit, ktap, html)
  $ bootreplay run scenarios/ --shard 2/4 -f json -o shard2.json && bootreplay merge shard*.json
                                                    split a big run over CI runners, then join the reports
  $ bootreplay layout scenarios/x86_32/2.6.26-seed004-native-pae-no-overwrite.yaml --ptdump
                                                    the final page tables, as kernel_page_tables prints them
  $ bootreplay trace scenarios/x86_32/2.6.27-rc1-vmi.yaml
                                                    the replay step by step, to follow a finding back
  $ bootreplay suggest scenarios/x86_32/2.6.27-rc1-vmi.yaml
                                                    where the calls of each error may go instead
  $ bootreplay bisect scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml
                                                    which change between two orders broke it
  $ bootreplay constraints scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml --matrix \\
      --set machine.hypervisor=none,vmi --set config.pae=false,true -f dot | dot -Tsvg > order.svg
                                                    the ordering rules of setup_arch(), as a picture
  $ bootreplay steps --kernel 2.6.27-rc1            the setup_arch() calls a scenario may name
  $ bootreplay explain fixmap-before-relocation     what a rule checks and why
  $ bootreplay diff HEAD:my-order.yaml my-order.yaml
                                                    what an edit changed: order, findings, layout (exit 1 on a new error)
  $ bootreplay run matrix.yaml --variant 'hypervisor=xen,*'
                                                    some variants of a matrix

Exit status: 0 nothing fails (expected, suppressed and baselined findings do not), 1 an error finding
or an expect: entry that no finding met, 2 invalid input or usage
(diff: 0 no new error in b, 1 a new error, or what --fail-on asks for, 2 bad input;
suggest, bisect and constraints: 0 when they could answer, whatever the findings, 2 bad input or usage,
a plan over their limits included).`;

/**
 * The file `-o` names, or undefined for stdout: `-o -` means stdout, as for
 * tar, curl or sort, rather than a file named "-" in the working directory
 * (`-o ./-` still writes one).
 */
function outputFile(output: string | undefined): string | undefined {
  return output === '-' ? undefined : nonEmpty('-o', output);
}

/** The value of a file option, refused when empty (`-o "$UNSET"`), as an empty path argument is. */
function nonEmpty(option: string, value: string | undefined): string | undefined {
  if (value === '') usageError(`${option} "": an empty name (an unset variable?); name ${option === '--sarif-root' ? 'a directory' : 'a file'}${option === '-o' ? ', or - for stdout' : ''}`);
  return value;
}

/**
 * `--layout` takes an optional view, so commander hands `run --layout a.yaml`
 * the path as the view: a value given apart from the option that is not a
 * view is the first path, unless it cannot be one (a word, a misspelt view
 * that names no file: `--layout PTDUMP`). A value glued to the option
 * (`--layout=VALUE`, `-lVALUE`: `glued`) was meant for it: not a view, it is
 * a usage error, an empty one (`--layout=$UNSET`) included, before anything runs.
 */
async function layoutView(layout: boolean | string, paths: string[], glued: boolean): Promise<{ view: RunOptions['layout']; paths: string[] }> {
  if (layout === false) return { view: false, paths };
  if (layout === true) return { view: 'map', paths };
  if ((LAYOUT_VIEWS as readonly string[]).includes(layout)) return { view: layout as 'map' | 'ptdump', paths };
  const views = `views: ${LAYOUT_VIEWS.join(', ')}`;
  if (glued && layout === '') usageError(`--layout=: an empty view (an unset variable?); ${views} (--layout alone is map)`);
  const { didYouMean } = await load('suggest');
  const hint = didYouMean(layout, LAYOUT_VIEWS);
  const named = namesFile(layout);
  // `--layout=a.yaml`: a file, but given as the option's value
  const apart = glued && named ? `; to replay ${quoteText(clip(layout))} with the map, give it apart from the option: --layout PATH, or PATH --layout` : '';
  if (glued || /^[a-z]+$/.test(layout) || (hint !== '' && !named)) usageError(`--layout: unknown view ${quoteText(clip(layout))}${hint}; ${views}${apart}`);
  return { view: 'map', paths: [layout, ...paths] };
}

/** Whether `path` names something (a file, a directory, a dangling link), as a path argument would read it. */
function namesFile(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Whether `args` (what commander parses for `command`, its options onwards)
 * give `option` its value glued to it: `--layout=VALUE`, `-lVALUE`, or after
 * flags of one letter, `-vlVALUE`. Read as commander reads them
 * (Command.parseOptions): up to `--`; the value of an option that takes one
 * (`-o --layout=x` writes a file of that name) is not an option; an optional
 * value is the next argument unless that looks like an option.
 */
export function givenGlued(command: Command, args: readonly string[], option: Option): boolean {
  const find = (flag: string): Option | undefined => command.options.find((o) => o.short === flag || o.long === flag);
  for (let i = 0; i < args.length; i++) {
    let arg = args[i] as string;
    if (arg === '--') return false;
    // a group of one-letter flags: each boolean one passes on the rest, one that takes a value takes the rest
    let takesRest: Option | undefined;
    while (takesRest === undefined && /^-[^-]./.test(arg)) {
      const short = find(arg.slice(0, 2));
      if (short === undefined) break;
      if (short.required || short.optional) takesRest = short;
      else arg = `-${arg.slice(2)}`;
    }
    if (takesRest !== undefined) {
      if (takesRest === option) return true;
      continue;
    }
    const whole = find(arg);
    if (whole !== undefined) {
      const next = args[i + 1];
      if (whole.required || (whole.optional && next !== undefined && !(next.length > 1 && next.startsWith('-')))) i++;
      continue;
    }
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 2 && find(arg.slice(0, eq)) === option) return true;
  }
  return false;
}

/**
 * The code behind a command: a separate file of the bundle (dist/engine.cjs),
 * read only when a command runs (see engine.ts, which lists what it holds).
 */
async function load<K extends keyof Engine>(name: K): Promise<Awaited<ReturnType<Engine[K]>>> {
  const { ENGINE } = await import('./engine.js');
  return (await ENGINE[name]()) as Awaited<ReturnType<Engine[K]>>;
}

/**
 * Where a format other than text shows the final layout, for the usage error
 * of `run --layout` with it (the layout views are the text report's).
 */
const LAYOUT_ELSEWHERE: Readonly<Record<Exclude<RunOptions['format'], 'text'>, string>> = {
  json: 'the json report has each result\'s layout in results[].layout; for the map or the page-table dump run `bootreplay layout FILE` (--ptdump)',
  html: 'the html report draws each scenario\'s address space; for the map or the page-table dump run `bootreplay layout FILE` (--ptdump)',
  sarif: 'the sarif format has no layout; run `bootreplay layout FILE` (--ptdump) for it',
  github: 'the github format has no layout; run `bootreplay layout FILE` (--ptdump) for it',
  junit: 'the junit format has no layout; run `bootreplay layout FILE` (--ptdump) for it',
  ktap: 'the ktap format has no layout; run `bootreplay layout FILE` (--ptdump) for it',
};

/** The values each choice option takes (choiceOption), checked by checkChoices with a did-you-mean. */
const CHOICES = new WeakMap<Option, readonly string[]>();

/**
 * An option of a few values (`-f text|json|…`). Commander's own check says
 * "error: option '-f, --format <format>' argument 'JSON' is invalid. Allowed
 * choices are …", with no did-you-mean (break-255 N8); its choices are kept
 * for the help, its check replaced by checkChoices, run before the action.
 */
function choiceOption(flags: string, description: string, choices: readonly string[], fallback: string): Option {
  const option = new Option(flags, description).choices(choices).argParser((value: string) => value).default(fallback);
  CHOICES.set(option, choices);
  return option;
}

/**
 * Refuses a choice option's value that is none of its choices, as --layout's
 * view is refused: `-f: unknown format "JSON" (did you mean json?); formats: text, json, …`.
 */
async function checkChoices(command: Command): Promise<void> {
  for (const option of command.options) {
    const choices = CHOICES.get(option);
    const value: unknown = command.getOptionValue(option.attributeName());
    if (choices === undefined || typeof value !== 'string' || choices.includes(value)) continue;
    const { didYouMean } = await load('suggest');
    // the noun of the option's argument: <format> → format
    const noun = /<([a-z-]+)>/.exec(option.flags)?.[1] ?? 'value';
    usageError(`${option.short ?? option.long ?? option.flags}: unknown ${noun} ${quoteText(clip(value))}${didYouMean(value, choices)}; ${noun}s: ${choices.join(', ')}`);
  }
}

function usageError(message: string): never {
  throw new CommanderError(EXIT_USAGE, 'bootreplay.usage', message);
}

/** The terminal's width for help text, or commander's default of 80 when the output is not a terminal. */
function helpWidth(fd: 1 | 2): number {
  if (!mayBeTerminal(fd)) return 80;
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY ? stream.columns : 80;
}

/**
 * Commander writes through our writers: no process.stdout (see stdio.ts).
 * Its help is our text, several lines: each line escaped, the line breaks
 * kept. Its error messages are usage-errors.ts's.
 */
const OUTPUT = {
  writeOut: (s: string): void => writeOut(escapeLines(s)),
  writeErr: (s: string): void => writeErr(escapeLines(s)),
  // unused: BootreplayCommand.error throws its usage error for runMain to word (usage-errors.ts); should commander
  // ever write one itself, it is one escaped line
  outputError: (s: string): void => writeErr(`${escapeText(s.endsWith('\n') ? s.slice(0, -1) : s)}\n`),
  getOutHelpWidth: (): number => helpWidth(1),
  getErrHelpWidth: (): number => helpWidth(2),
  getOutHasColors: (): boolean => false,
  getErrHasColors: (): boolean => false,
};

/** The options a command takes more than once, each value adding to the others (`--set a=1 --set b=2`). */
const REPEATABLE: ReadonlySet<string> = new Set(['--set']);

/**
 * Every option of one value (`--variant`, `--shard`, `--finding`, `-f`, `-o`, …)
 * given twice is a usage error that names it: commander keeps the last value
 * and drops the first unsaid (`--variant hypervisor=xen --variant
 * hypervisor=vmi` ran only vmi). Wraps each option's parser (commander calls
 * it once per value on the command line, never for a default), for the
 * command that runs only, before it parses its options (commander's
 * preSubcommand hook): `--help` wraps nothing, a cold start pays for one
 * command's options; `REPEATABLE` ones collect their values.
 */
function refuseRepeats(command: Command): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.variadic || REPEATABLE.has(option.long ?? '')) continue;
    // the value as the message shows it: an optional option (`--layout [view]`) may come without one
    const shown = (value: string | null | undefined): string => (value === null || value === undefined ? 'without a value' : quoteText(clip(value)));
    let given = false;
    let first: string | null | undefined;
    const seen = (value: string | null | undefined): void => {
      if (given) {
        const name = option.short !== undefined && option.long !== undefined ? `${option.long} (${option.short})` : option.long ?? option.short ?? option.flags;
        const union = option.long === '--variant' && command.name() === 'run' ? '; for the variants of several selectors, name the file once for each: file.yaml[A] file.yaml[B]' : '';
        usageError(`${command.name()}: ${name} given twice (${shown(first)}, then ${shown(value)}): it takes one value, and the second would replace the first; give it once${union}`);
      }
      given = true;
      first = value;
    };
    if (option.optional) {
      // commander calls no parser for an optional option given without a value (it sets the preset): its
      // option:NAME event comes for every occurrence, with or without one (`--layout=ptdump --layout` kept the map
      // unsaid: break-280 N7)
      command.on(`option:${option.name()}`, seen);
      continue;
    }
    const parse = option.parseArg;
    option.argParser(<T>(value: string, previous: T): T => {
      seen(value);
      return parse !== undefined ? parse(value, previous) : (value as T);
    });
  }
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new BootreplayCommand('bootreplay')
    .description('Replay setup_arch() call orders (x86_32, arm64, riscv; `arch:` in the scenario) over a model of the MMU, page tables and virtual address layout, and report early-boot ordering bugs (x86_32: fixmap used before a VMI/Xen/reservetop= relocation; arm64: break-before-make on live tables; riscv: linear map before setup_vm_final, …) without booting anything.')
    .version(VERSION, '-V, --version')
    .addHelpText('after', EXAMPLES)
    // commander's did-you-mean looks at long options only; usageErrorText offers every option and command
    .showSuggestionAfterError(false)
    .configureOutput(OUTPUT)
    .exitOverride();

  const run = program
    .command('run')
    .description('replay scenario files (directories: every *.yaml and *.yml below, sorted, hidden entries and node_modules left out) and report findings')
    // optional for commander only: `--layout [view]` may take the first path as its value (layoutView)
    .argument('[paths...]', 'scenario files or directories (a matrix file: each variant; or file.yaml[key=value,…] for some)')
    .addOption(choiceOption('-f, --format <format>', 'output format', FORMATS, 'text'))
    .option('-v, --verbose', 'show related steps, addresses, the kernel consequence and a fix under each finding; list suppressed findings', false)
    .option('-l, --layout [view]', `also print each scenario's final layout (text format): ${LAYOUT_VIEWS.join(' (default) or ')} (the page tables as /sys/kernel/debug/kernel_page_tables prints them)`, false)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout (- is stdout)')
    .option('--variant <pattern>', 'only the matrix variants it selects: key=value pairs (values may be globs) or a glob over the name, e.g. "hypervisor=xen"')
    .option('--sarif-root <dir>', 'SARIF artifact paths are relative to this directory (default: the working directory)')
    .option('--baseline <report.json>', 'fail only on findings not in this previous --format json report')
    .option('--update-baseline <report.json>', 'write the current findings there as the new baseline (atomically), then gate against it')
    .option('--no-allow', 'ignore the scenarios\' allow: entries: suppressed findings count again')
    .option('--shard <i/n>', 'replay only shard i of n (by a hash of each scenario\'s name; join the JSON reports with merge)')
    .action(async (paths: string[], opts: { format: RunOptions['format']; verbose: boolean; layout: boolean | string; output?: string; sarifRoot?: string; baseline?: string; updateBaseline?: string; allow: boolean; shard?: string; variant?: string }) => {
      const { runCommand } = await load('run');
      const layoutOption = run.options.find((o) => o.long === '--layout') as Option;
      const { view, paths: all } = await layoutView(opts.layout, paths, givenGlued(run, runArgs, layoutOption));
      if (all.length === 0) {
        // `run --layout ptdump` beside a directory ptdump/: the word was the view (break-275 N5), say so
        const taken = typeof opts.layout === 'string' && !givenGlued(run, runArgs, layoutOption) && namesFile(opts.layout)
          ? `; ${quoteText(clip(opts.layout))} after --layout was read as its view: to replay ${quoteText(clip(opts.layout))} with that view, name it again (--layout ${clip(opts.layout)} ./${clip(opts.layout)})`
          : '';
        usageError(`run: missing scenario files or directories (run <paths...>)${taken}`);
      }
      // SARIF alone names files relative to a root; an option another format would silently drop is refused
      // (the github format's file= is the path as given: the runner makes one inside $GITHUB_WORKSPACE
      // relative to the repository itself, actions/runner ActionCommandManager.cs, IssueCommandExtension)
      if (opts.sarifRoot !== undefined && opts.format !== 'sarif') {
        const github = opts.format === 'github' ? ' (its file= is read from the repository\'s top: run there, or give absolute paths inside $GITHUB_WORKSPACE)' : '';
        usageError(`--sarif-root applies to --format sarif only; the ${opts.format} format names each file as given${github}`);
      }
      // the layout views are printed by the text report only; with another format --layout would be dropped silently
      if (view !== false && opts.format !== 'text') usageError(`${view === 'ptdump' ? '--layout=ptdump' : '--layout'} applies to --format text only; ${LAYOUT_ELSEWHERE[opts.format]}`);
      for (const [option, value] of [['--sarif-root', opts.sarifRoot], ['--baseline', opts.baseline], ['--update-baseline', opts.updateBaseline]] as const) nonEmpty(option, value);
      // a baseline is a file the next run reads back: stdout is no place for it (and "-" would be a file named -)
      if (opts.updateBaseline === '-') usageError('--update-baseline -: a baseline is a file the next run reads with --baseline; name one (./- for a file named -)');
      setExit(await runCommand(all, {
        format: opts.format, verbose: opts.verbose, layout: view, output: outputFile(opts.output),
        sarifRoot: opts.sarifRoot, baseline: opts.baseline, updateBaseline: opts.updateBaseline, noAllow: !opts.allow, shard: opts.shard, variant: opts.variant,
      }));
    });

  // what commander parses for run, for givenGlued
  let runArgs: readonly string[] = [];
  const parseRun = run.parseOptions.bind(run);
  run.parseOptions = (args: string[]) => {
    runArgs = [...args];
    return parseRun(args);
  };

  program
    .command('merge')
    .description('join the JSON reports of a sharded run (run --shard i/n -f json) into the report of the unsharded run')
    .argument('<reports...>', 'the shard reports, one per shard, in any order')
    .option('-o, --output <file>', 'write the merged report to a file (atomically) instead of stdout (- is stdout)')
    .action(async (reports: string[], opts: { output?: string }) => {
      const { mergeCommand } = await load('merge');
      setExit(await mergeCommand(reports, outputFile(opts.output)));
    });

  program
    .command('layout')
    .description('print one scenario\'s final virtual address layout, or with --ptdump its page tables as /sys/kernel/debug/kernel_page_tables prints them')
    .argument('<file>', 'scenario file (a matrix file: each variant; or file.yaml[key=value,…] for some); one file, not a directory')
    .option('-p, --ptdump', 'the final page tables as the kernel\'s page-table dump prints them; where the architecture\'s model records it (README, Architectures), each range also names the step that wrote it and the PTE pages behind it', false)
    .option('--variant <pattern>', 'only the matrix variants it selects (key=value pairs or a glob over the name)')
    .action(async (file: string, opts: { ptdump: boolean; variant?: string }) => {
      const { layoutCommand } = await load('layout');
      setExit(await layoutCommand(file, opts.ptdump ? 'ptdump' : 'map', opts.variant));
    });

  program
    .command('trace')
    .description('show the replay of one scenario step by step: relocations, fixmap uses, page tables, values')
    .argument('<file>', 'scenario file (a matrix file: each variant; or file.yaml[key=value,…] for some); one file, not a directory')
    .option('-a, --all', 'also show the values each step sets and the prerequisites it found', false)
    .option('--variant <pattern>', 'only the matrix variants it selects (key=value pairs or a glob over the name)')
    .action(async (file: string, opts: { all: boolean; variant?: string }) => {
      const { traceCommand } = await load('trace');
      setExit(await traceCommand(file, opts.all, opts.variant));
    });

  const collect = (value: string, previous: string[]): string[] => [...previous, value];

  program
    .command('suggest')
    .description('where may a call go? the windows of positions without an error for the calls of each error finding (or --call), replayed on every machine')
    .argument('<files...>', 'scenario files (each variant, with every --set variant, is a machine; file.yaml[key=value,…] for some variants)')
    .option('-c, --call <name>', 'place this call (NAME or NAME#N) instead of the calls of the error findings')
    .option('-m, --matrix', 'one report over all machines: the windows that hold on every one', false)
    .option('-s, --set <path=values>', 'override kernel, config.KEY or machine.KEY (a nested key by its path: machine.KEY.SUBKEY); several comma-separated values make a matrix axis (repeatable; the same path again adds its values to that axis)', collect, [])
    .addOption(choiceOption('-f, --format <format>', 'output format', ['text', 'json'], 'text'))
    .action(async (files: string[], opts: { call?: string; matrix: boolean; set: string[]; format: 'text' | 'json' }) => {
      const { suggestCommand } = await load('suggestCommand');
      setExit(await suggestCommand(files, { ...(opts.call !== undefined ? { call: opts.call } : {}), matrix: opts.matrix, set: opts.set, format: opts.format }));
    });

  program
    .command('constraints')
    .description('the ordering contract of setup_arch(), derived by replay: "A must come before B" for every pair of calls whose order matters, with the rules and machines')
    .argument('<files...>', 'scenario files (each variant, with every --set variant, is a machine; file.yaml[key=value,…] for some variants)')
    .option('-m, --matrix', 'one graph over all machines, each edge labelled with the machines where it breaks', false)
    .option('-s, --set <path=values>', 'override kernel, config.KEY or machine.KEY (a nested key by its path: machine.KEY.SUBKEY); several comma-separated values make a matrix axis (repeatable; the same path again adds its values to that axis)', collect, [])
    .addOption(choiceOption('-f, --format <format>', 'output format (dot and mermaid draw the transitive reduction)', ['text', 'json', 'dot', 'mermaid'], 'text'))
    .action(async (files: string[], opts: { matrix: boolean; set: string[]; format: 'text' | 'json' | 'dot' | 'mermaid' }) => {
      const { constraintsCommand } = await load('constraints');
      setExit(await constraintsCommand(files, { matrix: opts.matrix, set: opts.set, format: opts.format }));
    });

  program
    .command('bisect')
    .description('which edits from GOOD to BAD (order, kernel, config, machine) make a finding of BAD appear? delta debugging over the edit script')
    .argument('<good>', 'scenario without the finding: a file, a variant file.yaml[key=value,…], or REV:path (read with git)')
    .argument('<bad>', 'scenario with it, in the same forms')
    .option('--finding <rule[:call…]>', 'the finding of BAD to explain (default: the first error BAD has and GOOD lacks or has less severe)')
    .addOption(choiceOption('-f, --format <format>', 'output format', ['text', 'json'], 'text'))
    .action(async (good: string, bad: string, opts: { finding?: string; format: 'text' | 'json' }) => {
      const { bisectCommand } = await load('bisect');
      setExit(await bisectCommand(good, bad, { ...(opts.finding !== undefined ? { finding: opts.finding } : {}), format: opts.format }));
    });

  program
    .command('steps')
    .description('list the setup_arch() calls of the catalog with their effect on the model')
    .option('-a, --arch <arch>', 'the architecture (default: the default of scenarios without arch:)')
    .option('-k, --kernel <version>', 'only the calls of this kernel, with its semantics (e.g. 2.6.27-rc1)')
    .option('-s, --scenario <file>', "the calls a scenario may name: its architecture's catalog for its kernel, and the calls of its define:")
    .action(async (opts: { arch?: string; kernel?: string; scenario?: string }) => {
      const [{ formatSteps }, arches, { didYouMean }, { didYouMeanVersion }] = await Promise.all([load('steps'), load('arches'), load('suggest'), load('suggestVersion')]);
      // aarch64 means arm64, though no spelling is near
      const archHint = (id: string): string => {
        const alias = arches.archAlias(id);
        return alias !== undefined ? ` (did you mean ${alias}?)` : didYouMean(id, arches.ARCH_IDS);
      };
      if (opts.arch !== undefined && !arches.ARCH_IDS.includes(opts.arch)) {
        usageError(`--arch: unknown architecture ${quoteText(clip(opts.arch))}${archHint(opts.arch)}; architectures: ${arches.ARCH_IDS.join(', ')}`);
      }
      if (opts.scenario !== undefined) {
        const { scenarioSteps } = await load('stepsScenario');
        setExit(await scenarioSteps(opts.scenario, opts.kernel, opts.arch));
        return;
      }
      if (opts.arch !== undefined) await arches.loadArches([opts.arch]);
      const plugin = opts.arch === undefined ? arches.DEFAULT_ARCH : arches.archById(opts.arch);
      if (plugin === undefined) {
        const id = opts.arch ?? '';
        usageError(`--arch: unknown architecture ${quoteText(clip(id))}${archHint(id)}; architectures: ${arches.ARCH_IDS.join(', ')}`);
      }
      let kernel;
      if (opts.kernel !== undefined) {
        const parsed = plugin.kernels.parse(opts.kernel);
        if (!parsed.ok) {
          // a version another architecture models: that one was meant (steps --kernel 5.10 without --arch riscv; with
          // --arch arm64, "add --arch x86_32" was refused as given twice: break-212 F8)
          const other = arches.archesWithKernel(opts.kernel).find((id) => id !== plugin.id);
          const hint = other !== undefined ? `; it is ${arches.anArch(other)} kernel version: ${opts.arch === undefined ? 'add' : 'use'} --arch ${other}${opts.arch === undefined ? '' : ` (instead of ${plugin.id})`}` : didYouMeanVersion(opts.kernel, plugin.kernels.choices, (t) => plugin.kernels.parse(t).ok);
          usageError(`--kernel: ${parsed.reason}${hint}; modeled: ${plugin.kernels.modeledText}`);
        }
        kernel = parsed.version;
      }
      writeOut(formatSteps(plugin, kernel));
      setExit(EXIT_OK);
    });

  program
    .command('diff')
    .description('compare two scenarios: order edits, inputs, findings (new, fixed, changed) and layout; exit 1 on a regression')
    .argument('<a>', 'the old scenario: a file, a variant file.yaml[key=value,…], or REV:path (read with git show)')
    .argument('<b>', 'the new scenario, in the same forms')
    .addOption(choiceOption('-f, --format <format>', 'output format', ['text', 'json'], 'text'))
    .addOption(choiceOption('--fail-on <gate>', 'what makes the exit status 1', ['new-error', 'new-warning', 'any-change'], 'new-error'))
    .option('-v, --verbose', 'also list the layout values that did not change', false)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout (- is stdout)')
    .action(async (a: string, b: string, opts: { format: 'text' | 'json'; failOn: 'new-error' | 'new-warning' | 'any-change'; verbose: boolean; output?: string }) => {
      const { diffCommand } = await load('diff');
      setExit(await diffCommand(a, b, { format: opts.format, failOn: opts.failOn, verbose: opts.verbose, output: outputFile(opts.output) }));
    });

  program
    .command('explain')
    .description('explain a rule (without a rule: list them)')
    .argument('[rule]', 'rule id, e.g. fixmap-before-relocation')
    .action(async (id: string | undefined) => {
      const [{ formatRule, formatRuleList, formatGateRule, gateRule, explainIds }, { allRules, rulesById }, { didYouMean }, { loadArches }] = await Promise.all([
        load('explain'), load('rules'), load('suggest'), load('arches'),
      ]);
      await loadArches();
      const rules = allRules();
      if (id === undefined) {
        writeOut(formatRuleList(rules));
      } else {
        // the gates of expect:/allow: entries, which reports name like rules (unmet-expectation, bootreplay/unused-allow)
        const gate = gateRule(id);
        const found = rulesById(id);
        if (gate !== undefined) {
          writeOut(formatGateRule(gate));
        } else {
          const { listed, accepted } = explainIds(rules);
          // a rule id typed in part (fixmap-befor) is too far from the whole for an edit distance: its prefix says it
          const started = accepted.filter((r) => id !== '' && r.startsWith(id));
          const hint = didYouMean(id, accepted) || (started.length > 0 ? ` (did you mean ${started.join(' or ')}?)` : '');
          if (found.length === 0) usageError(`unknown rule ${quoteText(clip(id))}${hint}; rules: ${listed.join(', ')}`);
          writeOut(formatRule(found));
        }
      }
      setExit(EXIT_OK);
    });

  // in place of commander's own help command, which answers `help nosuch` with the general help and no
  // error: an unknown name is refused as `bootreplay nosuch` refuses it (unknown command, did you mean …)
  program
    .command('help')
    .description('display help for command')
    .argument('[command]', 'the command to describe')
    .action(async (name: string | undefined) => {
      if (name === undefined) return program.help();
      const command = program.commands.find((c) => c.name() === name);
      if (command !== undefined) return command.help();
      // commander's unknown-command error, said of NAME as a command (after --: `help -- -V` is no option)
      await program.parseAsync(['--', name], { from: 'user' });
    });

  program.hook('preSubcommand', (_, command) => refuseRepeats(command));
  program.hook('preAction', (_, command) => checkChoices(command));
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const noCwd = missingCwd();
  if (noCwd !== undefined) {
    writeErr(`bootreplay: ${noCwd}\n`);
    return EXIT_USAGE;
  }
  // the files the arguments name are inputs from the start: a usage error said before any is read (a
  // --baseline, a -o refusal) must not land in one that stderr was redirected into (helper-186 2)
  noteArgumentFiles(argv.slice(2));
  const code = await runMain(argv);
  // stderr is an input (`2>> x.yaml`): its messages were held back (stdio.ts), which is no success either
  const refused = stderrRefusal();
  if (refused === undefined) return code;
  writeOut(refused);
  return EXIT_USAGE;
}

async function runMain(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => { code = c; });
  // `bootreplay --` names no command either: the same short help, not commander's long one (break-211 F10)
  if (argv.length <= 2 || (argv.length === 3 && argv[2] === '--')) {
    // the help, then what is wrong, in the words of the other usage errors (break-211 F10: no line said so)
    writeErr(`${program.helpInformation()}\nbootreplay: no command given; commands: ${program.commands.map((c) => c.name()).join(', ')}\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv]);
    // a report cut short on stdout (a full disk under `> report.sarif`) is no success, whatever the replay found
    return stdoutFailed() ? EXIT_USAGE : code;
  } catch (err) {
    // commander's own usage errors, in bootreplay's words (usage-errors.ts)
    if (err instanceof CommandUsageError) {
      const { didYouMean } = await load('suggest');
      writeErr(`${escapeText(usageErrorText(err, didYouMean))}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof CommanderError) {
      // commander shows the help as an error too (`bootreplay --`: no command), on stderr with an exit code of 1
      if (err.code === 'commander.help' && err.exitCode !== 0) return EXIT_USAGE;
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return stdoutFailed() ? EXIT_USAGE : EXIT_OK;
      if (err.code === 'bootreplay.usage') writeErr(`bootreplay: ${escapeText(err.message)}\n`);
      return EXIT_USAGE;
    }
    // a limit met inside a command's work is the input's problem (engine.ts thrownProblem), not an internal error
    const problem = (await import('./engine.js')).thrownProblem(err);
    writeErr(problem !== undefined ? `${problem}\n` : `bootreplay: internal error (please report it with the input): ${escapeText(errorMessage(err))}\n`);
    return EXIT_USAGE;
  }
}

/** Options whose value is a file bootreplay writes, not one it reads. */
const WRITTEN = new Set(['-o', '--output', '--update-baseline']);

/**
 * Notes every argument that names an existing regular file as an input (inputs-read.ts), before a
 * command runs: a scenario, a --baseline, a shard; not the value of an option that names a file to
 * write (-o, --update-baseline). One stat() per argument.
 */
function noteArgumentFiles(args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (WRITTEN.has(arg)) {
      i++;
      continue;
    }
    if ((arg.startsWith('-o') && !arg.startsWith('--')) || [...WRITTEN].some((o) => arg.startsWith(`${o}=`))) continue;
    // a value glued to its option (--baseline=b.json), as commander reads it
    const path = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (path === '' || path.length > 4096) continue;
    try {
      const info = statSync(path, { throwIfNoEntry: false });
      if (info?.isFile() === true) noteInputRead(path, info.dev, info.ino);
    } catch {
      // not a path (ENAMETOOLONG, a NUL): nothing to note
    }
  }
}
