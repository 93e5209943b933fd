/**
 * The kernel command-line parameters the arm64 model reads. Others are
 * accepted and ignored, as the kernel passes unknown ones on to init.
 *
 * - earlycon (drivers/tty/serial/earlycon.c, drivers/of/fdt.c in v4.4 … v4.7):
 *   `earlycon=<name>,[mmio|mmio16|mmio32|mmio32be|io,]<addr>[,options]` or
 *   `<name>,0x<addr>`; earlycon.ts replays them in order as the kernel does:
 *   the first console registered wins (later ones -EALREADY), only a nonzero
 *   MMIO address is earlycon_map()ped (set_fixmap_io(FIX_EARLYCON_MEM_BASE)),
 *   an empty value or an unknown driver maps nothing; a bare `earlycon`
 *   maps the /chosen/stdout-path UART. do_early_param() calls the same
 *   handlers for `console` (init/main.c:418-421 at 4.6.5): `console=<earlycon
 *   driver>,…` is an earlycon, and a bare `console` maps the stdout-path UART;
 *   `console=ttyAMA0` names no earlycon driver and is `known`.
 * - nokaslr (arch/arm64/kernel/kaslr.c kaslr_early_init(), v4.6+): read from
 *   the FDT's /chosen/bootargs before start_kernel, not through next_arg():
 *   `str = strstr(cmdline, "nokaslr"); if (str == cmdline || (str > cmdline
 *   && *(str - 1) == ' ')) return 0;` (kaslr.c:112-114 at v4.6.5 b9b6ded1394
 *   and v4.7.4 01851de9): only the first occurrence counts, at the start or
 *   after a space (not a tab), inside quotes too (`foo="a nokaslr"`), and a
 *   longer word that starts with it (`nokaslrx`) as well; KASLR stays off.
 * - cma (drivers/base/dma-contiguous.c early_cma(), v4.4 … v4.7):
 *   `cma=SIZE[@BASE[-LIMIT]]`, each a memparse() number; the size of the
 *   default CMA area that arm64_memblock_init()'s dma_contiguous_reserve()
 *   takes from memblock (CmaRequest).
 * Options that cannot touch the fixmap, the page tables or the layout
 * (root=, console=tty…, quiet, …) are `known`; anything else is `other`,
 * and the cmdline-not-modeled rule says so once (info).
 */
import { clipped } from '../../scenario/quote.js';
import { kernelArgs } from '../kernel-args.js';
import { kernelMemparse, MEMPARSE_WRAP } from '../memparse.js';
import { hex } from '../../units.js';
import { anyEarlyconDriver } from './earlycon-drivers.js';
import { earlyconRequest, IOTYPES, type EarlyconRequest, type Port } from './earlycon.js';

/**
 * arch/arm64/include/uapi/asm/setup.h: COMMAND_LINE_SIZE 2048 (rivsidn/linux-4.4.155@a1961d75,
 * chenlihao92/archlinux-4.6.5@b9b6ded1, calebwilliamsd/linux-4.7.4-casio@01851de9, line 24 in each).
 * early_init_dt_scan_chosen() copies /chosen/bootargs with `strlcpy(data, p, min((int)l,
 * COMMAND_LINE_SIZE))` (drivers/of/fdt.c:961 at 4.4.155, :963-964 at 4.6.5, :1063 at 4.7.4): at most
 * 2047 bytes reach parse_early_param() (src/arch/cmdline-size.ts).
 */
export const COMMAND_LINE_SIZE = 2048;

export type CmdlineParam =
  /** an earlycon, or a console that names an earlycon driver (or none): earlycon.ts replays them in order */
  | { name: 'earlycon'; key: 'earlycon' | 'console'; request: EarlyconRequest; offset: number; text: string }
  | { name: 'nokaslr'; offset: number; text: string }
  | { name: 'cma'; request: CmaRequest; offset: number; text: string }
  | { name: 'known'; key: string; offset: number; text: string }
  | { name: 'other'; key: string; offset: number; text: string };

/**
 * Options read only after the early memory setup the model covers (root
 * mount, init, log level, the late console), so they cannot change a replay.
 */
const KNOWN_HARMLESS: ReadonlySet<string> = new Set([
  'root', 'rootwait', 'rootfstype', 'rootflags', 'rootdelay', 'ro', 'rw', 'init', 'quiet', 'debug', 'loglevel',
  'ignore_loglevel', 'panic', 'nfsroot', 'ip', 'systemd.unit', 'single',
]);

/**
 * What one `cma=` sets in early_cma() (drivers/base/dma-contiguous.c:60-75 at
 * chenlihao92/archlinux-4.6.5@b9b6ded1; the same at v4.4.155 and v4.7.4):
 * size_cmdline always; base_cmdline and limit_cmdline only with `@BASE`
 * (limit_cmdline = BASE + SIZE without `-LIMIT`), so a later `cma=SIZE`
 * keeps an earlier one's base and limit. Bytes, as u64 (phys_addr_t).
 */
export interface CmaRequest {
  readonly size: bigint;
  /** undefined: no `@BASE`, base_cmdline and limit_cmdline stay as they were (0 at boot) */
  readonly placed?: { readonly base: bigint; readonly limit: bigint };
}

const U64 = MEMPARSE_WRAP;

/** lib/cmdline.c memparse() of v4.4 … v4.7: suffixes E, P, T, G, M, K (src/arch/memparse.ts). */
function memparse(text: string): { value: bigint; length: number } {
  return kernelMemparse(text, 'kmgtpe');
}

const CMA_FORM = 'write cma=SIZE[@BASE[-LIMIT]] with memparse() numbers (e.g. cma=64M or cma=64M@0x90000000)';

/** `cma=VALUE` → its request, or why the model refuses it (text the kernel would read in part, a number past u64). */
function cmaRequest(value: string, text: string): CmaRequest | string {
  const fields: bigint[] = [];
  let rest = value;
  for (const sep of ['', '@', '-']) {
    if (sep !== '') {
      if (rest === '') break;
      if (!rest.startsWith(sep)) return `${clipped(text)}: early_cma() reads ${clipped(value.slice(0, value.length - rest.length))} and ignores ${clipped(rest)}; ${CMA_FORM}`;
      rest = rest.slice(1);
    }
    const { value: n, length } = memparse(rest);
    // memparse() reads "M" as 0: the kernel would take no digits for a size of 0, refused here as a slip
    if (!/^[0-9]/.test(rest)) return `${clipped(text)}: ${rest === '' ? 'a number is missing' : `${clipped(rest)} is not a number`}; ${CMA_FORM}`;
    if (n >= U64) return `${clipped(text)}: ${clipped(rest.slice(0, length))} is past the 64-bit phys_addr_t (memparse() would wrap it); ${CMA_FORM}`;
    if (n >= BigInt(PHYS_LIMIT)) return `${clipped(text)}: ${clipped(rest.slice(0, length))} is past the 48-bit physical address space (PHYS_MASK_SHIFT 48); at most ${hex(PHYS_LIMIT - 1)}`;
    fields.push(n);
    rest = rest.slice(length);
  }
  if (rest !== '') return `${clipped(text)}: early_cma() ignores ${clipped(rest)} after the limit; ${CMA_FORM}`;
  const [size = 0n, base, limit] = fields;
  if (base === undefined) return { size };
  return { size, placed: { base, limit: limit ?? (base + size) % U64 } };
}

export interface CmdlineProblem {
  /** character offset of the parameter inside the command line */
  readonly offset: number;
  readonly message: string;
}

/**
 * PHYS_MASK_SHIFT: arm64 physical addresses have 48 bits in every modeled version (no 52-bit PA before
 * v4.16's CONFIG_ARM64_PA_BITS_52): `#define PHYS_MASK_SHIFT (48)` (chenlihao92/archlinux-4.6.5@b9b6ded1
 * arch/arm64/include/asm/pgtable-hwdef.h:198; the same in v4.4 and v4.7). earlycon_map() hands the address to
 * set_fixmap_io() (drivers/tty/serial/earlycon.c:41-56), whose pfn_pte() ORs it into the descriptor
 * (arch/arm64/include/asm/pgtable.h:67): bits 48 and up would land in the attribute bits, not the address.
 */
export const PHYS_LIMIT = 2 ** 48;

/**
 * Why the model refuses an earlycon's port: an iotype with no number after it (the kernel reads address 0
 * and maps nothing: a slip), or an address past PHYS_MASK_SHIFT; null when it takes it.
 */
function portProblem(options: string | null, port: Port | null, text: string): string | null {
  // `uart8250,mmio32`: an iotype with no comma, so no address; uart_parse_earlycon() refuses it (-EINVAL)
  if (port === null && (IOTYPES as readonly string[]).includes(options ?? '')) return `${clipped(text)}: no UART address after ${options ?? ''} (uart_parse_earlycon() wants ${options ?? ''},<address>, and register_earlycon() maps nothing); write earlycon=<name>,<address> (e.g. earlycon=pl011,0x9000000), or a bare earlycon to use /chosen/stdout-path`;
  if (port === null || port.iotype === 'io') return null;
  if (port.digits === 0) return `${clipped(text)}: no UART address after ${port.iotype === '0x' ? '0x' : `${port.iotype},`} (simple_strtoul() reads 0, and register_earlycon() maps nothing); write earlycon=<name>,<address> (e.g. earlycon=pl011,0x9000000), or a bare earlycon to use /chosen/stdout-path`;
  if (port.addr >= BigInt(PHYS_LIMIT)) return `${clipped(text)}: the UART address 0x${port.addr.toString(16)} is past the 48-bit physical address space (PHYS_MASK_SHIFT 48): set_fixmap_io() would put its high bits in the descriptor's attributes; at most ${hex(PHYS_LIMIT - 1)}`;
  return null;
}

export function parseCmdline(cmdline: string): { params: CmdlineParam[]; problems: CmdlineProblem[] } {
  const params: CmdlineParam[] = [];
  const problems: CmdlineProblem[] = [];
  // the handlers see next_arg()'s name and value, quotes stripped (kernel-args.ts); messages quote the parameter as written
  const first = cmdline.indexOf('nokaslr');
  const nokaslr = first === 0 || (first > 0 && cmdline[first - 1] === ' ');
  for (const { text, offset, name: key, value } of kernelArgs(cmdline)) {
    // kaslr_early_init() read the raw line already (nokaslr above); no handler takes it from next_arg()
    if (key === 'nokaslr' && value === null) {
      params.push({ name: 'known', key, offset, text });
    } else if (key === 'earlycon' || key === 'console') {
      // do_early_param() hands console= to the earlycon handlers too (init/main.c:418-421 at 4.6.5, earlycon.ts)
      const request = earlyconRequest(value);
      // console=ttyAMA0 and the like match no earlycon driver (-ENOENT): the late console's, nothing early
      if (key === 'console' && (request.via === 'empty' || (request.via === 'name' && !anyEarlyconDriver(request.driver)))) {
        params.push({ name: 'known', key, offset, text });
        continue;
      }
      const problem = request.via === 'name' ? portProblem(request.options, request.port, text) : null;
      if (problem !== null) problems.push({ offset, message: problem });
      else params.push({ name: 'earlycon', key, request, offset, text });
    } else if (key === 'cma') {
      // a bare `cma` hands early_cma() a NULL value
      const request = value === null ? `${clipped(text)}: no size; ${CMA_FORM}` : cmaRequest(value, text);
      if (typeof request === 'string') problems.push({ offset, message: request });
      else params.push({ name: 'cma', request, offset, text });
    } else {
      params.push({ name: KNOWN_HARMLESS.has(key) ? 'known' : 'other', key, offset, text });
    }
  }
  if (nokaslr) params.push({ name: 'nokaslr', offset: first, text: 'nokaslr' });
  params.sort((a, b) => a.offset - b.offset);
  return { params, problems };
}
