/**
 * The command-line program. The only place that touches process.argv and
 * exit codes. Heavy modules (zod, yaml, the model) load inside the actions,
 * through engine.ts; this module and commander are all that `--help` loads.
 */
import { fstatSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT_OK, EXIT_USAGE, type RunOptions } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';
import { VERSION } from './version.js';
import { errorMessage } from '../errno.js';
import { clip, escapeLines, escapeText } from '../escape.js';


const EXAMPLES = `
Examples:
  $ bootreplay run scenarios/                       replay every shipped scenario
  $ bootreplay run scenarios/x86_32/2.6.27-rc1-vmi.yaml -v
                                                    one scenario, with the kernel consequence and fix of each finding
  $ bootreplay run my-order.yaml --format json      machine-readable report (format version 1)
  $ bootreplay run a.yaml b.yaml --layout           compare the final layouts of two variants
  $ bootreplay trace scenarios/x86_32/2.6.27-rc1-vmi.yaml
                                                    the replay step by step, to follow a finding back
  $ bootreplay steps --kernel 2.6.27-rc1            the setup_arch() calls a scenario may name
  $ bootreplay explain fixmap-before-relocation     what a rule checks and why

Exit status: 0 no error findings, 1 error findings, 2 invalid input or usage.`;

/** The commands' code: a separate file of the bundle, read only when a command runs (see engine.ts). */
function engine(): Promise<typeof import('./engine.js')> {
  return import('./engine.js');
}

function usageError(message: string): never {
  throw new CommanderError(EXIT_USAGE, 'bootreplay.usage', message);
}

/** The terminal's width for help text, or commander's default of 80 when the output is not a terminal. */
function helpWidth(fd: 1 | 2): number {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return 80;
  } catch {
    return 80;
  }
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY ? stream.columns : 80;
}

/**
 * Commander writes through our writers: no process.stdout (see stdio.ts),
 * and what it echoes of the command line (an unknown option, an extra
 * argument) is escaped like all user text.
 */
const OUTPUT = {
  writeOut: (s: string): void => writeOut(escapeLines(s)),
  writeErr: (s: string): void => writeErr(escapeLines(s)),
  outputError: (s: string, write: (s: string) => void): void => write(s),
  getOutHelpWidth: (): number => helpWidth(1),
  getErrHelpWidth: (): number => helpWidth(2),
  getOutHasColors: (): boolean => false,
  getErrHasColors: (): boolean => false,
};

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('bootreplay')
    .description('Replay x86_32 setup_arch() call orders over a model of the MMU and virtual address layout, and report early-boot ordering bugs (fixmap used before a VMI/Xen/reservetop= relocation, …) without booting anything.')
    .version(VERSION, '-V, --version')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run bootreplay --help for usage)')
    .configureOutput(OUTPUT)
    .exitOverride();

  program
    .command('run')
    .description('replay scenario files (directories: every *.yaml below, sorted) and report findings')
    .argument('<paths...>', 'scenario files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-v, --verbose', 'show related steps, addresses, the kernel consequence and a fix under each finding', false)
    .option('-l, --layout', 'also print each scenario\'s final virtual address layout (text format)', false)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .action(async (paths: string[], opts: { format: RunOptions['format']; verbose: boolean; layout: boolean; output?: string }) => {
      const { runCommand } = await (await engine()).loadRun();
      setExit(await runCommand(paths, { format: opts.format, verbose: opts.verbose, layout: opts.layout, output: opts.output }));
    });

  program
    .command('trace')
    .description('show the replay of one scenario step by step: relocations, fixmap uses, page tables, values')
    .argument('<file>', 'scenario file')
    .option('-a, --all', 'also show the values each step sets and the prerequisites it found', false)
    .action(async (file: string, opts: { all: boolean }) => {
      const { traceCommand } = await (await engine()).loadTrace();
      setExit(await traceCommand(file, opts.all));
    });

  program
    .command('steps')
    .description('list the setup_arch() calls of the catalog with their effect on the model')
    .option('-a, --arch <arch>', 'the architecture (default: the default of scenarios without arch:)')
    .option('-k, --kernel <version>', 'only the calls of this kernel, with its semantics (e.g. 2.6.27-rc1)')
    .action(async (opts: { arch?: string; kernel?: string }) => {
      const e = await engine();
      const [{ formatSteps }, arches, { didYouMean }] = await Promise.all([e.loadSteps(), e.loadArches(), e.loadSuggest()]);
      const plugin = opts.arch === undefined ? arches.DEFAULT_ARCH : arches.archById(opts.arch);
      if (plugin === undefined) {
        const id = opts.arch ?? '';
        usageError(`--arch: unknown architecture ${JSON.stringify(clip(id))}${didYouMean(id, arches.ARCH_IDS)}; architectures: ${arches.ARCH_IDS.join(', ')}`);
      }
      let kernel;
      if (opts.kernel !== undefined) {
        const parsed = plugin.kernels.parse(opts.kernel);
        if (!parsed.ok) usageError(`--kernel: ${parsed.reason}${didYouMean(opts.kernel, plugin.kernels.choices)}; modeled: ${plugin.kernels.modeledText}`);
        kernel = parsed.version;
      }
      writeOut(formatSteps(plugin, kernel));
      setExit(EXIT_OK);
    });

  program
    .command('explain')
    .description('explain a rule (without a rule: list them)')
    .argument('[rule]', 'rule id, e.g. fixmap-before-relocation')
    .action(async (id: string | undefined) => {
      const e = await engine();
      const [{ formatRule, formatRuleList }, { allRules, rulesById }, { didYouMean }] = await Promise.all([e.loadExplain(), e.loadRules(), e.loadSuggest()]);
      const rules = allRules();
      if (id === undefined) {
        writeOut(formatRuleList(rules));
      } else {
        const found = rulesById(id);
        const ids = [...new Set(rules.map((r) => r.rule.meta.id))];
        if (found.length === 0) usageError(`unknown rule ${JSON.stringify(clip(id))}${didYouMean(id, ids)}; rules: ${ids.join(', ')}`);
        writeOut(formatRule(found));
      }
      setExit(EXIT_OK);
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => { code = c; });
  if (argv.length <= 2) {
    writeErr(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      if (err.code === 'bootreplay.usage') writeErr(`bootreplay: ${escapeText(err.message)}\n`);
      return EXIT_USAGE;
    }
    writeErr(`bootreplay: internal error (please report it with the input): ${escapeText(errorMessage(err))}\n`);
    return EXIT_USAGE;
  }
}
