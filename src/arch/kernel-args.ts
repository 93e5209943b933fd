/**
 * The kernel's split of its command line into parameters, shared by every
 * architecture: parse_args() skips the leading separators and hands the rest
 * to next_arg() (kernel/params.c; lib/cmdline.c from v4.x), which cuts one
 * parameter off, splits it into a name and a value at its first '=', strips
 * the value's quotes, and skips the separators after it.
 *
 * Separators: the kernel's isspace() over ASCII (lib/ctype.c: space, \t, \n,
 * \v, \f, \r), not JavaScript's `\s`, which also splits on U+00A0, U+2028,
 * U+3000 and the rest of Unicode's spaces: to the kernel those are bytes
 * inside a parameter. Source: dandel/linux-2.6.32.y kernel/params.c
 * next_arg() and parse_args() (`isspace(args[i]) && !in_quote`), since
 * 26d052bfce79 "param: allow whitespace as kernel parameter separator"
 * (2.6.32-rc1). Until 2.6.31 only ' ' separated
 * (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:kernel/params.c:90,
 * `args[i] == ' '`, and parse_args() chews only spaces, :141): a tab between
 * two parameters of a 2.6.2x kernel makes them one ('space'; the x86 model
 * asks for it by version).
 *
 * Quotes, as next_arg() handles them (4a6908a3a05:kernel/params.c:77-127 in
 * 2.6.26–2.6.31, the same code with isspace() at 2.6.36 f6f94e2ab1b:121-169):
 * - a parameter that starts with `"` is `quoted` and starts inside a quote
 *   (:83-87); every `"` after that toggles "inside a quote" (:96-97), and a
 *   separator inside a quote does not split (:90), so `foo="a b"` is one
 *   parameter, and an unterminated quote runs to the end of the command line;
 * - the name ends at the first `=`, quoted or not (:92-95, :104); an `=` at
 *   the parameter's first byte is not seen (`equals == 0` is "none"), so
 *   `=a` has no value and `=a=b` is the name `=a` with the value `b`;
 * - a value that starts with `"` loses it, and the parameter's last byte if
 *   that is a `"` (:108-112); a quoted parameter with a value loses its last
 *   byte if that is a `"` (:113-114). Nothing else is stripped: a quote in
 *   the middle stays (`foo=a"b c"d` is the value `a"b c"d`, `foo="a"b` is
 *   `a"b`), and so does the closing quote of a quoted parameter without a
 *   value on 2.6.x (`"quiet"` is the name `quiet"`: the strip is inside the
 *   `else` of `if (!equals)`).
 * By v4.4 that last strip runs with or without a value
 * (rivsidn/linux-4.4.155@a1961d7580f:kernel/params.c:202-203; the same in
 * v4.6.5 b9b6ded1394 and v4.7.4 01851de9bbf, and in lib/cmdline.c next_arg()
 * of v5.10.7 3791f9c5514:238-239, v5.12.9 38c16b0cce6 and v5.14.2
 * 56e6f69d075:263-264), so there `"quiet"` is `quiet` ('always').
 *
 * The handlers get the name and the value (init/main.c do_early_param():
 * `strcmp(param, p->str)`, `p->setup_func(val)`); `text` keeps the
 * parameter as written, for messages and offsets.
 */

/** What separates parameters: ' ' alone (before 2.6.32-rc1), or the kernel's ASCII isspace(). */
export type ArgSeparators = 'space' | 'isspace';

/**
 * When next_arg() strips the closing quote of a parameter that starts with
 * `"`: only when it has a value (2.6.x, 'with-value'), or always (by v4.4).
 */
export type QuotedParamEnd = 'with-value' | 'always';

/** One parameter, as next_arg() cuts it. Offsets are in UTF-16 code units. */
export interface KernelArg {
  /** the parameter as written on the command line, quotes included */
  readonly text: string;
  /** where `text` starts in the command line */
  readonly offset: number;
  /** the name the handlers are looked up by (`*param`) */
  readonly name: string;
  /** the value the handler gets (`*val`), quotes stripped; null without an `=` */
  readonly value: string | null;
}

const ISSPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/** The parameters of `cmdline` in order, as parse_args() and next_arg() split them. */
export function kernelArgs(cmdline: string, separators: ArgSeparators = 'isspace', quotedEnd: QuotedParamEnd = 'always'): KernelArg[] {
  const isSep = separators === 'space' ? (c: string | undefined): boolean => c === ' ' : (c: string | undefined): boolean => c !== undefined && ISSPACE.has(c);
  const out: KernelArg[] = [];
  let pos = 0;
  while (isSep(cmdline[pos])) pos++;
  while (pos < cmdline.length) {
    const offset = pos;
    const quoted = cmdline[pos] === '"';
    // args: where next_arg()'s `args` points once the opening quote is skipped
    const args = quoted ? pos + 1 : pos;
    let inQuote = quoted;
    let equals = 0;
    let i = 0;
    for (; args + i < cmdline.length; i++) {
      const c = cmdline[args + i];
      if (isSep(c) && !inQuote) break;
      if (equals === 0 && c === '=') equals = i;
      if (c === '"') inQuote = !inQuote;
    }
    const lastIsQuote = i > 0 && cmdline[args + i - 1] === '"';
    let name: string;
    let value: string | null;
    if (equals === 0) {
      name = cmdline.slice(args, args + (quotedEnd === 'always' && quoted && lastIsQuote ? i - 1 : i));
      value = null;
    } else {
      name = cmdline.slice(args, args + equals);
      let start = equals + 1;
      // `if (**val == '"') { (*val)++; if (args[i-1] == '"') args[i-1] = '\0'; }`, then the quoted parameter's own strip
      const valueQuoted = cmdline[args + start] === '"';
      if (valueQuoted) start++;
      const end = (valueQuoted || quoted) && lastIsQuote ? i - 1 : i;
      value = cmdline.slice(args + start, args + Math.max(start, end));
    }
    out.push({ text: cmdline.slice(offset, args + i), offset, name, value });
    pos = args + i;
    // the separator that ended it, then "Chew up trailing spaces"
    while (isSep(cmdline[pos])) pos++;
  }
  return out;
}

/**
 * The value next_arg() hands the handler for one parameter as written
 * (`text` of a KernelArg): null without an `=`. A parameter holds no
 * separator outside quotes, so it splits alone as it did in its command line,
 * whatever the separators; the value does not depend on QuotedParamEnd.
 */
export function kernelArgValue(text: string): string | null {
  return kernelArgs(text, 'space')[0]?.value ?? null;
}

/**
 * A command line as its parameters make it: each parameter as written, one
 * space between them, without the separators parse_args() skips before the
 * first and next_arg() chews after each ('' when it has no parameter). Two
 * lines that differ only there hand the handlers the same parameters, so
 * `diff` and bisect's edit script compare machine.cmdline this way, as a
 * matrix axis calls "a" and "  a  " one value (break-196 3), and
 * "quiet  splash" is "quiet splash" (break-279 N3): next_arg() cuts a
 * parameter at the first separator outside quotes and then "Chew up
 * trailing spaces" (caglar10ur/linux-2.6.27.y@3fa8749e584b:kernel/params.c:
 * 90 `if (args[i] == ' ' && !in_quote) break;`, 123-125 `while (*next == ' ')
 * next++;`), so a run of separators is one. A separator inside quotes is
 * part of its parameter (`foo="a  b"` keeps both spaces), and so is one
 * inside a quote that runs to the end.
 */
export function argsSpan(cmdline: string, separators: ArgSeparators = 'isspace'): string {
  return kernelArgs(cmdline, separators).map((a) => a.text).join(' ');
}
