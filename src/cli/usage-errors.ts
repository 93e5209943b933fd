/**
 * Commander's own usage errors (an unknown command or option, an option
 * without its value, a missing or extra argument) in bootreplay's words:
 * one line, `bootreplay CMD: what is wrong; what is allowed`, with a
 * did-you-mean for a misspelt command or option (break-270 N7). Commander
 * said "error: unknown option '--f'" on a line of its own, a "(Did you
 * mean …?)" line only for some, and "(run bootreplay --help for usage)".
 */
import { Command, CommanderError } from 'commander';
import { clip, quoteText } from '../escape.js';

/** A commander usage error, with the command it was raised on, worded by usageErrorText once suggest is loaded. */
export class CommandUsageError extends CommanderError {
  /**
   * @param command the command whose arguments were wrong (the program for an unknown command)
   * @param code commander's code (`commander.unknownOption`, …)
   * @param message commander's message, read for what it quotes
   */
  constructor(readonly command: Command, code: string, message: string) {
    super(2, code, message);
  }
}

/**
 * A Command whose errors are thrown as CommandUsageError instead of
 * written by commander; its subcommands are made the same
 * (Command.createCommand is how `.command(name)` makes one).
 */
export class BootreplayCommand extends Command {
  /** A subcommand of this class, so its errors are reworded too. */
  override createCommand(name?: string): Command {
    return new BootreplayCommand(name);
  }

  /** Throws the error for runMain to word (usageErrorText), writing nothing. */
  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    throw new CommandUsageError(this, errorOptions?.code ?? 'commander.error', message);
  }
}

/** The text commander quoted first in `message` (`error: unknown option '--f'` → `--f`), or undefined. */
function quoted(message: string): string | undefined {
  return /'(.*)'/s.exec(message)?.[1];
}

/** `-o (--output)`, `--finding`: how messages name an option. */
function optionName(option: { short?: string | undefined; long?: string | undefined; flags: string }): string {
  if (option.short !== undefined && option.long !== undefined) return `${option.short} (${option.long})`;
  return option.long ?? option.short ?? option.flags;
}

/** The usage line of a command, as its help starts: `bootreplay diff [options] <a> <b>`. */
function usageLine(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return `${names.join(' ')} ${command.usage()}`;
}

/**
 * The one line (without its line feed) that says a commander usage error,
 * naming what is allowed: the commands, the command's options, the value
 * an option takes, the arguments a command takes.
 * @param didYouMean " (did you mean X?)" or "" for a word among choices (scenario/suggest.ts, loaded lazily)
 */
export function usageErrorText(err: CommandUsageError, didYouMean: (word: string, choices: readonly string[]) => string): string {
  const { command } = err;
  const prefix = command.parent === null ? 'bootreplay' : `bootreplay ${command.name()}`;
  const raw = quoted(err.message);
  const show = (text: string): string => quoteText(clip(text));
  const visible = command.options.filter((o) => !o.hidden);
  const flags = [...visible.flatMap((o) => [o.long, o.short]), '--help', '-h'].filter((f): f is string => f !== undefined);
  const longs = [...visible.map((o) => o.long ?? o.short ?? o.flags), '--help'];
  switch (err.code) {
    case 'commander.unknownCommand': {
      const names = command.commands.map((c) => c.name());
      const name = command.args[0] ?? raw ?? '';
      return `${prefix}: unknown command ${show(name)}${didYouMean(name, names)}; commands: ${names.join(', ')}`;
    }
    case 'commander.unknownOption': {
      const flag = raw ?? '';
      const eq = flag.indexOf('=');
      const bare = flag.startsWith('--') && eq > 2 ? flag.slice(0, eq) : flag;
      const known = command.options.find((o) => o.long === bare);
      // `--verbose=yes`: a flag that takes no value was given one; commander calls that an unknown option
      if (known !== undefined && !known.required && !known.optional) {
        return `${prefix}: ${show(flag)}: ${optionName(known)} takes no value; write ${bare} alone`;
      }
      // a one-letter flag is one edit from every other: no guess for `-Z`; `--f` is one from -f
      const hint = bare.startsWith('--') ? didYouMean(bare, flags) : '';
      return `${prefix}: unknown option ${show(flag)}${hint}; options: ${longs.join(', ')} (\`${prefix} --help\` says what each does)`;
    }
    case 'commander.optionMissingArgument': {
      const option = command.options.find((o) => o.flags === raw);
      if (option !== undefined) {
        const value = /<[^>]*>/.exec(option.flags)?.[0] ?? 'VALUE';
        return `${prefix}: ${optionName(option)} needs a value and was given none; write ${option.short ?? option.long ?? ''} ${value}`;
      }
      break;
    }
    case 'commander.missingArgument': {
      const argument = command.registeredArguments.find((a) => a.name() === raw);
      const about = argument?.description !== undefined && argument.description !== '' ? ` (${argument.description})` : '';
      return `${prefix}: missing argument <${raw ?? ''}>${about}; usage: ${usageLine(command)}`;
    }
    case 'commander.excessArguments': {
      const counts = /Expected (\d+) arguments? but got (\d+)/.exec(err.message);
      if (counts !== null) {
        return `${prefix}: too many arguments: ${counts[2]} given, it takes ${counts[1]}; usage: ${usageLine(command)}`;
      }
      break;
    }
    default:
      break;
  }
  // any other of commander's errors: its words, without its "error: ", after whose they are
  return `${prefix}: ${err.message.replace(/^error: /, '')}`;
}
