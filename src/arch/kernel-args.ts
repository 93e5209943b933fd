/**
 * The kernel's split of its command line into parameters, shared by every
 * architecture: parse_args() hands each whitespace-separated word to
 * next_arg() (kernel/params.c). Whitespace is the kernel's isspace() over
 * ASCII (lib/ctype.c: space, \t, \n, \v, \f, \r), not JavaScript's `\s`,
 * which also splits on U+00A0, U+2028, U+3000 and the rest of Unicode's
 * spaces: to the kernel those are bytes inside a parameter.
 *
 * Source: dandel/linux-2.6.32.y kernel/params.c next_arg() and parse_args()
 * (`isspace(args[i]) && !in_quote`), since 26d052bfce79 "param: allow
 * whitespace as kernel parameter separator" (2.6.32-rc1). Until 2.6.31 only
 * ' ' separated (caglar10ur/linux-2.6.27.y@3fa8749e584b:kernel/params.c:90,
 * `args[i] == ' '`, and parse_args() chews only spaces): a tab between two
 * parameters of a 2.6.2x kernel makes them one ('space'; the x86 model asks
 * for it by version). Quoted values (`"a b"`) are not modeled.
 */

/** What separates parameters: ' ' alone (before 2.6.32-rc1), or the kernel's ASCII isspace(). */
export type ArgSeparators = 'space' | 'isspace';

/** One parameter: its text and its offset in the command line (UTF-16 code units). */
export interface KernelArg {
  readonly text: string;
  readonly offset: number;
}

/** The parameters of `cmdline` in order, as next_arg() splits them. */
export function kernelArgs(cmdline: string, separators: ArgSeparators = 'isspace'): KernelArg[] {
  const out: KernelArg[] = [];
  // a run of characters other than the separators: the kernel's ASCII isspace() set, or the space alone
  const re = separators === 'space' ? /[^ ]+/g : /[^ \t\n\v\f\r]+/g;
  for (let m = re.exec(cmdline); m !== null; m = re.exec(cmdline)) out.push({ text: m[0], offset: m.index });
  return out;
}
