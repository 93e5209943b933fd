/**
 * The kernel command-line parameters the model reads. The early ones are
 * consumed by parse_early_param(): parse_args() runs the handler of every
 * occurrence, left to right (init/main.c do_early_param), so their order on
 * the command line matters (earlycon= before reservetop= is a set_fixmap
 * before a relocation). Parameters that cannot touch the fixmap or the layout
 * are known as such; anything else is kept as "not modeled" and reported
 * once (cmdline-not-modeled).
 */
import { MEMPARSE_WRAP, kernelMemparse as memparse26 } from '../memparse.js';
import { clipped, quoted } from '../../scenario/quote.js';
import { keptUpTo } from '../../memo.js';
import { kernelArgs, type ArgSeparators, type QuotedParamEnd } from '../kernel-args.js';
import { E820_PARAMS_MERGED_HANDLERS, type E820Params } from './e820-params.js';

/**
 * 2.6.26–2.6.36 strip the closing quote of a parameter that starts with `"`
 * only when it has a value (DerArtem/android-tegra-2.6.36-hc-dev@f6f94e2ab1b:
 * kernel/params.c:157-158, inside the `else` of `if (!equals)`; the same at
 * bce7f793dae and 4a6908a3a05:113-114): `"noefi"` is the unknown `noefi"`.
 */
const QUOTED_PARAM_END: QuotedParamEnd = 'with-value';
export type CmdlineParam =
  /** arch/x86/mm/pgtable_32.c parse_reservetop(): reserve_top_address(memparse(arg)) */
  | { name: 'reservetop'; bytes: number; offset: number; text: string }
  /** parse_vmalloc(): __VMALLOC_RESERVE = memparse(arg) (+ VMALLOC_OFFSET from 2.6.28-rc1) */
  | { name: 'vmalloc'; bytes: number; offset: number; text: string }
  /** parse_memopt() (2.6.26: parse_mem() → limit_regions()): RAM above this is removed from the e820 map (e820-params.ts) */
  | { name: 'mem'; bytes: number; offset: number; text: string }
  /**
   * parse_memmap_opt() (2.6.26: parse_memmap()): exactmap empties the map;
   * X@Y adds RAM, X#Y ACPI data, X$Y reserved (which win over the RAM they cover
   * from 2.6.27-rc1 only: e820-params.ts); plain X limits RAM like mem=.
   */
  | { name: 'memmap'; kind: 'exactmap' | 'limit' | 'ram' | 'acpi' | 'reserved'; bytes: number; at: number; offset: number; text: string }
  /** arch/x86/mm/init_32.c parse_highmem(): highmem_pages = memparse(arg) >> PAGE_SHIFT */
  | { name: 'highmem'; bytes: number; offset: number; text: string }
  /** noexec_setup(): NX on/off (PAE only); a bare "noexec" is "on" (init_32.c: `if (!str || !strcmp(str, "on"))`) */
  | { name: 'noexec'; on: boolean; offset: number; text: string }
  /** arch/x86/kernel/vmi_32.c parse_vmi(): one option per occurrence, strcmp on the whole argument */
  | { name: 'vmi'; option: string; offset: number; text: string }
  /**
   * earlycon=uart8250,mmio,ADDR / console=uart8250,mmio,ADDR (also "uart,"):
   * drivers/serial/8250_early.c early_serial8250_setup() →
   * set_fixmap_nocache(FIX_EARLYCON_MEM_BASE) inside parse_early_param; only
   * the first one is set up (a second returns early). The io form maps nothing.
   */
  | { name: 'earlycon'; iotype: 'mmio' | 'mmio32' | 'io'; address: number; offset: number; text: string }
  /**
   * earlyprintk=VALUE, as given: which consoles it sets up (earlyprintk=dbgp:
   * set_fixmap_nocache(FIX_DBGP_BASE), 2.6.28-rc1+) depends on the version's
   * parser (earlyprintk.ts). null: a bare "earlyprintk", which
   * setup_early_printk() gets as NULL.
   */
  | { name: 'earlyprintk'; value: string | null; offset: number; text: string }
  /**
   * kgdbdbgp=VALUE (2.6.35-rc1+, CONFIG_KGDB): kgdbdbgp_parse_config() calls
   * early_dbgp_init(VALUE) unless a debug port is set up already, which
   * set_fixmap_nocache()s FIX_DBGP_BASE (early-dbgp.ts). null: a bare
   * "kgdbdbgp", which the handler gets as NULL.
   */
  | { name: 'kgdbdbgp'; value: string | null; offset: number; text: string }
  /**
   * pci=OPT[,OPT…] (early_param("pci", pci_setup)): the options in order; some
   * turn early PCI config access off or on again (early-pci.ts). A bare "pci"
   * (NULL) and "pci=" give none.
   */
  | { name: 'pci'; options: readonly string[]; offset: number; text: string }
  /** arch/x86/kernel/efi.c setup_noefi(): efi_enabled = 0 */
  | { name: 'noefi'; offset: number; text: string }
  /** arch/x86/kernel/acpi/boot.c parse_acpi(): off (disable_acpi), noirq, force, strict, ht (until 2.6.35-rc1), … */
  | { name: 'acpi'; value: string; offset: number; text: string }
  /** parse_nolapic() (disable_apic) and parse_noapic() (skip_ioapic_setup) */
  | { name: 'nolapic' | 'noapic'; offset: number; text: string }
  /** drivers/ieee1394/init_ohci1394_dma.c: ohci1394_dma=early sets init_ohci1394_dma_early */
  | { name: 'ohci1394_dma'; early: boolean; offset: number; text: string }
  /** a parameter that cannot touch the fixmap or the layout (root=, console=tty0, quiet, …) */
  | { name: 'known'; key: string; offset: number; text: string }
  /** anything else: the replay ignores it, and says so once */
  | { name: 'other'; key: string; offset: number; text: string };

export type ModeledParamName = Exclude<CmdlineParam['name'], 'other' | 'known'>;

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
 * Parameters that are not early params touching the fixmap, e820 or the
 * layout: late __setup() handlers, consoles without MMIO, debugging switches.
 * Listed so that the "not modeled" report stays about what could matter.
 */
const KNOWN_HARMLESS: ReadonlySet<string> = new Set([
  'root', 'ro', 'rw', 'quiet', 'debug', 'init', 'single', 'splash', 'loglevel', 'resume', 'rootfstype', 'rootdelay',
  'rootwait', 'panic', 'BOOT_IMAGE', 'initrd', 'vga', 'video', 'selinux', 'enforcing', 'elevator', 'nosmp', 'maxcpus',
  'nr_cpus', 'possible_cpus', 'nmi_watchdog', 'noapictimer', 'lapic', 'apic', 'clocksource', 'notsc', 'hpet', 'idle',
  'nohz', 'highres', 'no_timer_check', 'norandmaps', 'mce', 'nomce', 'noreplace-smp', 'nosoftlockup', 'irqpoll',
  'acpi_sci', 'acpi_os_name', 'pnpacpi', 'noirqdebug', 'ignore_loglevel', 'early_ioremap_debug', 'apm',
  'crashkernel', 'memtest', 'nodmraid', 'edd', 'nousb', 'usbcore.autosuspend', 'ide', 'libata.force', 'noreplace-paravirt',
  'no-kvmclock', 'no-kvmapf', 'kvm-clock', 'reboot', 'nopat', 'nogbpages', 'nopcid', 'disable_mtrr_trim', 'enable_mtrr_cleanup',
  'mtrr_chunk_size', 'mtrr_gran_size', 'mtrr_spare_reg_nr', 'alloc_mptable', 'update_mptable', 'add_efi_memmap',
  'memory_corruption_check', 'memory_corruption_check_size', 'memory_corruption_check_period', 'io_delay', 'iommu',
]);

/** 2^53 − 1: bootreplay's sizes are JavaScript numbers, exact up to here (scenario/size.ts MAX_SIZE). */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** A whole memparse() argument, nothing after the number and its suffix (0x hex, 0 octal, decimal; K, M or G). */
const STRICT_SIZE = /^(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)[kKmMgG]?$/;

/**
 * The message for a size past MAX_EXACT, the value written exactly; one at or past 2^64 is said to be past
 * 64 bits, as written (`written`: the text memparse() read), since the kernel's memparse() wraps it
 * (MEMPARSE_WRAP: mem=18446744073709551616 is mem=0) and a hex value past 64 bits would be no kernel value.
 */
function tooLarge(what: string, value: bigint, written: string): string {
  if (value >= MEMPARSE_WRAP) return `${what} ${clipped(written)} is past 64 bits (memparse() would wrap it); bootreplay takes sizes and addresses up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)`;
  return `${what} 0x${value.toString(16)} is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)`;
}

/**
 * lib/cmdline.c memparse(): a number (0x hex, 0 octal, decimal) with an
 * optional K, M or G suffix. The kernel silently stops at garbage; we refuse
 * it, because a typo in vmalloc= or mem= changes the whole layout (reservetop=
 * takes no number, or an empty one, as the kernel does: reservetopParam). null: not a size, or
 * past 2^53 − 1 (memparseTooLarge says which).
 */
export function memparse(text: string): number | null {
  if (!STRICT_SIZE.test(text)) return null;
  const value = kernelMemparse(text).value;
  return value <= MAX_EXACT ? Number(value) : null;
}

/** Whether memparse() refused text for being past 2^53 − 1 rather than for not being a size: the exact value, or null. */
function memparseTooLarge(text: string): bigint | null {
  if (!STRICT_SIZE.test(text)) return null;
  const { value } = kernelMemparse(text);
  return value > MAX_EXACT ? value : null;
}

/**
 * memparse() as 2.6.2x/2.6.3x run it, on the whole argument: K, M or G (src/arch/memparse.ts).
 * @returns the value and how many characters the number and its suffix take
 */
export function kernelMemparse(text: string): { value: bigint; length: number } {
  return memparse26(text, 'kmg');
}

/** The size memparse() reads at the start of text when more follows it (e.g. "512M" of "512MB"), or undefined. */
function sizeRead(text: string): string | undefined {
  const { length } = kernelMemparse(text);
  return length > 0 && length < text.length ? text.slice(0, length) : undefined;
}

/** The example a size message gives: what the kernel read when it is a size with a K, M or G suffix and more than 0 ("512M" of "512MB", not "16" of "16Q"). */
function sizeExample(text: string): string {
  const read = sizeRead(text);
  return read !== undefined && /[kKmMgG]$/.test(read) && kernelMemparse(read).value > 0n ? read : '16M';
}

/**
 * Words for a size with text after it: the kernel's handlers (parse_memopt, parse_vmalloc, parse_highmem:
 * `x = memparse(arg, &arg)`, the rest never read; arch/x86/kernel/setup_32.c:255-319 of 2.6.26 at
 * DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae, e820.c parse_memopt() of 2.6.28 @4a6908a3a05 and 2.6.36
 * @f6f94e2ab1b) take the size and ignore the rest; bootreplay refuses it, since `mem=512MB` and
 * `vmalloc=256m+` are typos more often than not. undefined when no size starts the text.
 */
function trailingText(text: string): string | undefined {
  const read = sizeRead(text);
  return read === undefined ? undefined : `text after the size: the kernel's memparse() reads ${read} and ignores ${quoted(text.slice(read.length))}, which bootreplay refuses as a likely typo;`;
}

/** "uart8250,mmio,0xfe000000[,115200n8]" or "uart,mmio32,…": the iotype and address, or null if it is not an 8250 console */
function uart8250(value: string): { iotype: 'mmio' | 'mmio32' | 'io'; address: number } | null | 'bad' {
  const parts = value.split(',');
  if (parts[0] !== 'uart8250' && parts[0] !== 'uart') return null;
  const iotype = parts[1];
  if (iotype !== 'mmio' && iotype !== 'mmio32' && iotype !== 'io') return 'bad';
  const address = memparse(parts[2] ?? '');
  return address === null ? 'bad' : { iotype, address };
}

/**
 * arch/x86/kernel/e820.c parse_memmap_opt() (2.6.28 DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:
 * e820.c:1201-1242): mem_size and start_at are u64 from memparse(), and e820_add_region() keeps
 * start_at + mem_size (2.6.26 parse_memmap(), caglar10ur/linux-2.6.27.y@bce7f793da arch/x86/kernel/e820_32.c:695-738:
 * unsigned long long, add_memory_region()). The model's e820 holds numbers, exact up to 2^53 − 1, so a size,
 * a start or an end (start + size) past that is refused rather than rounded. `limitedBy`: what the kernel's
 * SIZE form calls, for the message (e820-params.ts).
 */
function memmapParam(value: string, offset: number, text: string, limitedBy: string): CmdlineParam | string {
  if (value === 'exactmap') return { name: 'memmap', kind: 'exactmap', bytes: 0, at: 0, offset, text };
  const m = /^([^@#$]+)(?:([@#$])(.+))?$/.exec(value);
  const big = m?.[1] !== undefined ? memparseTooLarge(m[1]) : null;
  if (big !== null) return `${text}: ${tooLarge('the size', big, m?.[1] ?? '')}`;
  const bytes = m?.[1] !== undefined ? memparse(m[1]) : null;
  if (m === null || bytes === null) {
    const read = sizeRead(value);
    // parse_memmap_opt() (2.6.26: parse_memmap()): after the size, anything but @, # or $ falls to the `else`, which limits RAM to the size
    const asLimit = read !== undefined && !/^[@#$]/.test(value.slice(read.length))
      ? ` (the kernel reads the size ${read} and, with no @, # or $ right after it, limits RAM to it as memmap=${read} does: ${limitedBy})`
      : '';
    return `${text}: memmap= takes exactmap, SIZE, SIZE@START, SIZE#START or SIZE$START (sizes with an optional K, M or G suffix)${asLimit}`;
  }
  if (m[2] === undefined) return { name: 'memmap', kind: 'limit', bytes, at: 0, offset, text };
  const bigAt = memparseTooLarge(m[3] ?? '');
  if (bigAt !== null) return `${text}: ${tooLarge(`the start after ${m[2]}`, bigAt, m[3] ?? '')}`;
  const at = memparse(m[3] ?? '');
  if (at === null) return `${text}: the start after ${m[2]} is not a size (e.g. memmap=64M@16M)`;
  const end = BigInt(at) + BigInt(bytes);
  if (end > MAX_EXACT) return `${text}: ${tooLarge(`the end ${hexOf(at)} + ${hexOf(bytes)} =`, end, end.toString())}`;
  const kind = m[2] === '@' ? 'ram' : m[2] === '#' ? 'acpi' : 'reserved';
  return { name: 'memmap', kind, bytes, at, offset, text };
}

function hexOf(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * parse_reservetop() (arch/x86/kernel/setup_32.c:326-337 of 2.6.26, DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae;
 * arch/x86/mm/pgtable_32.c:137-148 of 2.6.28 @4a6908a3a05; :123-134 of 2.6.34 @e40152ee1e1, :122-133 of 2.6.36
 * @f6f94e2ab1b): `if (!arg) return -EINVAL;` (a bare reservetop: do_early_param() prints "Malformed early
 * option" and nothing is reserved), else reserve_top_address(memparse(arg, &arg)) with whatever memparse()
 * stops at left unread (2.6.27: arch/x86/mm/pgtable_32.c:136-147 of caglar10ur/linux-2.6.27.y@3fa8749e584b,
 * `address = memparse(arg, &arg); reserve_top_address(address);`): reservetop=abc and reservetop= (an
 * empty, not a NULL, argument: next_arg() points past the '=') reserve 0, i.e. __FIXADDR_TOP = -PAGE_SIZE,
 * still behind BUG_ON(fixmaps_set > 0). A size with text after it (reservetop=16MB, 16Mxyz, 0x1000 and a
 * U+202E) is refused as for mem=, vmalloc= and highmem= (trailingText): the kernel reserves the size, but
 * the text is a typo more often than not.
 */
function reservetopParam(value: string | null, offset: number, text: string): CmdlineParam | string {
  if (value === null) return `${clipped(text)}: no value; parse_reservetop() returns -EINVAL without one (the kernel prints "Malformed early option 'reservetop'" and reserves nothing); write reservetop=SIZE (e.g. reservetop=16M)`;
  const { value: bytes } = kernelMemparse(value);
  const tail = trailingText(value);
  if (tail !== undefined) return `${clipped(text)}: ${tail} reservetop= takes a number with an optional K, M or G suffix (e.g. reservetop=${sizeExample(value)})`;
  if (bytes > MAX_EXACT) return `${clipped(text)}: ${tooLarge('the value', bytes, value)}`;
  return { name: 'reservetop', bytes: Number(bytes), offset, text };
}

/** What parseCmdline reads of a command line: its parameters and its problems, each at its offset. Shared: never changed. */
export interface ParsedCmdline {
  readonly params: readonly CmdlineParam[];
  readonly problems: readonly CmdlineProblem[];
}

/**
 * parseCmdline's answers, by the kernel's mem=/memmap= handlers (held weakly), separators and command line.
 * Why: each variant of a matrix reads its command line three times (checkCmdline, and resolveX86 when it is
 * checked and when it is resolved), and a matrix has few command lines: 512 variants of two 1,900-character
 * ones parsed 1,536 times. Bounded: a map is emptied when it holds CMDLINES_KEPT lines.
 */
const PARSED = new WeakMap<object, Map<ArgSeparators, Map<string, ParsedCmdline>>>();
const CMDLINES_KEPT = 4096;

/**
 * The parameters and problems of a command line, as this kernel's next_arg() and early_param handlers read it
 * (readCmdline), read once per line.
 * @param separators how this kernel's next_arg() splits parameters (history.ts argSeparators)
 * @param e820 this kernel's mem=/memmap= handlers, named in messages (e820-params.ts e820ParamsFor)
 */
export function parseCmdline(cmdline: string, separators: ArgSeparators = 'isspace', e820: Pick<E820Params, 'memmapLimit'> = E820_PARAMS_MERGED_HANDLERS): ParsedCmdline {
  let bySeparators = PARSED.get(e820);
  if (bySeparators === undefined) PARSED.set(e820, (bySeparators = new Map()));
  let lines = bySeparators.get(separators);
  if (lines === undefined) bySeparators.set(separators, (lines = new Map()));
  return keptUpTo(lines, CMDLINES_KEPT, cmdline, () => readCmdline(cmdline, separators, e820));
}

/** parseCmdline, without its memo. */
function readCmdline(cmdline: string, separators: ArgSeparators, e820: Pick<E820Params, 'memmapLimit'>): ParsedCmdline {
  const params: CmdlineParam[] = [];
  const problems: CmdlineProblem[] = [];
  for (const arg of kernelArgs(cmdline, separators, QUOTED_PARAM_END)) {
    // the handlers see next_arg()'s name and value, quotes stripped; messages quote the parameter as written
    const { text, offset, name: key } = arg;
    const bare = arg.value === null;
    const value = arg.value ?? '';
    // before 2.6.32-rc1 a tab or line break is part of the parameter (kernel-args.ts): say so where it makes one bad
    const joined = separators === 'space' && /[\t\n\v\f\r]/.test(text)
      ? ' (before 2.6.32-rc1 only a space separates parameters: 26d052bfce79 "param: allow whitespace as kernel parameter separator"; this kernel reads one parameter here)'
      : '';
    const bad = (message: string): void => { problems.push({ offset, message: message + joined }); };
    switch (key) {
      case 'reservetop': {
        const p = reservetopParam(arg.value, offset, text);
        if (typeof p === 'string') bad(p);
        else params.push(p);
        break;
      }
      case 'vmalloc':
      case 'highmem':
      case 'mem': {
        if (key === 'mem' && value === 'nopentium') {
          // parse_memopt(): clears X86_FEATURE_PSE, no e820 change
          params.push({ name: 'known', key: 'mem=nopentium', offset, text });
          break;
        }
        const bytes = memparse(value);
        const big = memparseTooLarge(value);
        if (big !== null) bad(`${clipped(text)}: ${tooLarge('the value', big, value)}`);
        else if (bytes === null) bad(`${clipped(text)}: ${trailingText(value) ?? 'not a size;'} ${key}= takes a number with an optional K, M or G suffix (e.g. ${key}=${sizeExample(value)})`);
        else params.push({ name: key, bytes, offset, text });
        break;
      }
      case 'memmap': {
        const p = memmapParam(value, offset, text, e820.memmapLimit);
        if (typeof p === 'string') bad(p);
        else params.push(p);
        break;
      }
      case 'noexec':
        if (bare || value === 'on') params.push({ name: 'noexec', on: true, offset, text });
        else if (value === 'off') params.push({ name: 'noexec', on: false, offset, text });
        else bad(`${clipped(text)}: noexec= takes on or off (a bare noexec means on)`);
        break;
      case 'vmi':
        if (value.includes(',')) {
          // each part that is a vmi option gets its own vmi=; another part (earlyprintk=vga) is a parameter of its own
          const parts = value.split(',').filter((o) => o !== '').map((o) => ((VMI_OPTIONS as readonly string[]).includes(o) ? `vmi=${o}` : o));
          bad(`${clipped(text)}: vmi= takes one option per occurrence (parse_vmi() compares the whole argument with strcmp, so a list matches nothing); write ${parts.join(' ')}`);
        } else if (!(VMI_OPTIONS as readonly string[]).includes(value)) {
          bad(`${clipped(text)}: unknown vmi= option ${value === '' ? '(none given)' : value}; allowed: ${VMI_OPTIONS.join(', ')}`);
        } else params.push({ name: 'vmi', option: value, offset, text });
        break;
      case 'earlycon':
      case 'console': {
        const u = uart8250(value);
        if (u === 'bad') bad(`${clipped(text)}: an 8250 early console is uart8250,mmio,ADDR, uart8250,mmio32,ADDR or uart8250,io,PORT (e.g. ${key}=uart8250,mmio,0xfed00000,115200n8)`);
        else if (u !== null) params.push({ name: 'earlycon', iotype: u.iotype, address: u.address, offset, text });
        else params.push({ name: key === 'console' ? 'known' : 'other', key, offset, text });
        break;
      }
      case 'earlyprintk':
        params.push({ name: 'earlyprintk', value: arg.value, offset, text });
        break;
      case 'kgdbdbgp':
        params.push({ name: 'kgdbdbgp', value: arg.value, offset, text });
        break;
      case 'pci':
        // pci_setup(): `char *k = strchr(str, ','); … if (*str && …pcibios_setup(str)…)`: empty options are skipped
        params.push({ name: 'pci', options: value.split(',').filter((o) => o !== ''), offset, text });
        break;
      case 'noefi':
        params.push({ name: 'noefi', offset, text });
        break;
      case 'acpi':
        if (value === '') bad(`${clipped(text)}: acpi= takes off, force, strict, noirq, ht, …`);
        else params.push({ name: 'acpi', value, offset, text });
        break;
      case 'nolapic':
      case 'noapic':
        params.push({ name: key, offset, text });
        break;
      case 'ohci1394_dma':
        params.push({ name: 'ohci1394_dma', early: value === 'early', offset, text });
        break;
      default:
        params.push({ name: KNOWN_HARMLESS.has(key) ? 'known' : 'other', key, offset, text });
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

/** Whether the command line has a parameter (any occurrence). */
export function hasParam(params: readonly CmdlineParam[], name: ModeledParamName): boolean {
  return params.some((p) => p.name === name);
}
