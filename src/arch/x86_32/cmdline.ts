/**
 * The kernel command-line parameters the model reads (all consumed by
 * parse_early_param()). Others are accepted and ignored, as the kernel passes
 * unknown ones on to init.
 */
export type CmdlineParam =
  /** arch/x86/mm/pgtable_32.c parse_reservetop(): reserve_top_address(memparse(arg)) */
  | { name: 'reservetop'; bytes: number; offset: number; text: string }
  /** arch/x86/mm/pgtable_32.c parse_vmalloc(): __VMALLOC_RESERVE = memparse(arg) + VMALLOC_OFFSET */
  | { name: 'vmalloc'; bytes: number; offset: number; text: string }
  /** arch/x86/kernel/e820.c parse_memopt(): RAM above this is removed from e820 */
  | { name: 'mem'; bytes: number; offset: number; text: string }
  /** arch/x86/mm/init_32.c parse_highmem(): highmem_pages = memparse(arg) >> PAGE_SHIFT */
  | { name: 'highmem'; bytes: number; offset: number; text: string }
  /** arch/x86/mm/init_32.c noexec_setup(): NX on/off (PAE only) */
  | { name: 'noexec'; on: boolean; offset: number; text: string }
  /** arch/x86/kernel/vmi_32.c parse_vmi(): disable_pge, disable_pse, disable_sep, disable_tsc, disable_mtrr, disable_timer, disable_noidle */
  | { name: 'vmi'; options: readonly string[]; offset: number; text: string }
  | { name: 'other'; key: string; offset: number; text: string };

export type ModeledParamName = Exclude<CmdlineParam['name'], 'other'>;

export interface CmdlineProblem {
  /** character offset of the parameter inside the command line */
  readonly offset: number;
  readonly message: string;
}

/**
 * include/asm-x86/setup.h (2.6.26 bce7f793, 2.6.27-rc1 6e86841d) and
 * arch/x86/include/asm/setup.h (2.6.28 4a6908a3): COMMAND_LINE_SIZE 2048.
 * The boot code copies at most COMMAND_LINE_SIZE - 1 bytes of the command
 * line; parse_early_param() strlcpy()s it into a buffer of that size.
 */
export const COMMAND_LINE_SIZE = 2048;

export const VMI_OPTIONS = ['disable_pge', 'disable_pse', 'disable_sep', 'disable_tsc', 'disable_mtrr', 'disable_timer', 'disable_noidle'] as const;

/**
 * lib/cmdline.c memparse(): a number (0x hex, 0 octal, decimal) with an
 * optional K, M or G suffix. The kernel silently stops at garbage; we refuse
 * it, because a typo in reservetop= changes the whole layout.
 */
export function memparse(text: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)([kKmMgG]?)$/.exec(text);
  if (!m || m[1] === undefined) return null;
  const digits = m[1];
  const base = /^0[xX]/.test(digits) ? Number(digits) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  const shift = { '': 0, k: 10, m: 20, g: 30 }[(m[2] ?? '').toLowerCase()] ?? 0;
  const value = base * 2 ** shift;
  return Number.isSafeInteger(value) ? value : null;
}

export function parseCmdline(cmdline: string): { params: CmdlineParam[]; problems: CmdlineProblem[] } {
  const params: CmdlineParam[] = [];
  const problems: CmdlineProblem[] = [];
  const re = /\S+/g;
  for (let m = re.exec(cmdline); m !== null; m = re.exec(cmdline)) {
    const text = m[0];
    const offset = m.index;
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const value = eq < 0 ? '' : text.slice(eq + 1);
    switch (key) {
      case 'reservetop':
      case 'vmalloc':
      case 'highmem':
      case 'mem': {
        if (key === 'mem' && value === 'nopentium') {
          params.push({ name: 'other', key, offset, text });
          break;
        }
        const bytes = memparse(value);
        if (bytes === null) problems.push({ offset, message: `${text}: not a size; ${key}= takes a number with an optional K, M or G suffix (e.g. ${key}=16M)` });
        else params.push({ name: key, bytes, offset, text });
        break;
      }
      case 'noexec':
        if (value !== 'on' && value !== 'off') problems.push({ offset, message: `${text}: noexec= takes on or off` });
        else params.push({ name: 'noexec', on: value === 'on', offset, text });
        break;
      case 'vmi': {
        const options = value.split(',').filter((o) => o.length > 0);
        const bad = options.filter((o) => !(VMI_OPTIONS as readonly string[]).includes(o));
        if (options.length === 0 || bad.length > 0) {
          problems.push({ offset, message: `${text}: unknown vmi= option${bad.length === 1 ? '' : 's'} ${bad.join(', ') || '(none given)'}; allowed: ${VMI_OPTIONS.join(', ')}` });
        } else params.push({ name: 'vmi', options, offset, text });
        break;
      }
      default:
        params.push({ name: 'other', key, offset, text });
    }
  }
  return { params, problems };
}

/** The last occurrence wins, as with repeated early_param() handlers that assign. */
export function lastParam<N extends ModeledParamName>(params: readonly CmdlineParam[], name: N): Extract<CmdlineParam, { name: N }> | undefined {
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i];
    if (p !== undefined && p.name === name) return p as Extract<CmdlineParam, { name: N }>;
  }
  return undefined;
}
