/**
 * The early console of v4.4 … v4.7, as parse_early_param() sets it up: which `earlycon`/`console`
 * parameters map a UART at FIX_EARLYCON_MEM_BASE, and which leave the fixmap alone.
 *
 * do_early_param() calls every early_param("earlycon") handler for `earlycon` and also for `console`
 * (`strcmp(param, "console") == 0 && strcmp(p->str, "earlycon") == 0`, init/main.c:418-421 at
 * chenlihao92/archlinux-4.6.5@b9b6ded1 and calebwilliamsd/linux-4.7.4-casio@01851de9, :423-426 at
 * rivsidn/linux-4.4.155@a1961d75). The two handlers:
 * - setup_of_earlycon() (drivers/of/fdt.c:853-860 at 4.6.5, :850-857 at 4.4.155): only with no value (a bare
 *   `earlycon` or `console`), the UART of /chosen/stdout-path through of_setup_earlycon(), which maps it
 *   without looking at CON_ENABLED (earlycon.c:223-242 at 4.6.5, :200-210 at 4.4.155).
 * - param_setup_earlycon() (earlycon.c:203-219 at 4.6.5): returns 0 for no value or an empty one
 *   (`if (!buf || !buf[0]) return 0;`), else setup_earlycon(): -EALREADY once a console is enabled
 *   (`if (early_con.flags & CON_ENABLED) return -EALREADY;`, earlycon.c:180-181 at 4.6.5, :159-160 at
 *   4.4.155), -ENOENT for a name no driver declares (:183-199), otherwise register_earlycon(): parse_options()
 *   sets port->mapbase for mmio/mmio16/mmio32/mmio32be/0x… and port->iobase for io (:91-118); only
 *   `if (port->mapbase)` does earlycon_map() set_fixmap_io(FIX_EARLYCON_MEM_BASE) (:141-142); then the
 *   driver's setup() (earlycon-drivers.ts) and register_console(), which enables this first boot console
 *   while no console= has been parsed (kernel/printk/printk.c:2519-2524 at 4.6.5; console= itself is a
 *   __setup() parsed after setup_arch()). early_console_dev is static: mapbase, iobase and membase stay
 *   from one attempt to the next.
 */
import { earlyconDriver } from './earlycon-drivers.js';

/** What one earlycon/console parameter hands the handlers (parsed in cmdline.ts, version-free). */
export type EarlyconRequest =
  /** no value: setup_of_earlycon(NULL) maps the /chosen/stdout-path UART */
  | { readonly via: 'stdout-path' }
  /** an empty value: both handlers return 0 */
  | { readonly via: 'empty' }
  /**
   * setup_earlycon(): the driver name and what parse_options() reads after it; null when it reads
   * nothing (no options, or options uart_parse_earlycon() refuses: they go to setup() as text)
   */
  | { readonly via: 'name'; readonly driver: string; readonly options: string | null; readonly port: Port | null };

/** uart_parse_earlycon()'s iotype prefixes (serial_core.c:1811-1846 at 4.6.5); mmio16 only from v4.6 (absent at 4.4.155:1831-1863) */
export const IOTYPES = ['mmio', 'mmio16', 'mmio32', 'mmio32be', 'mmio32native', 'io'] as const;
type Iotype = (typeof IOTYPES)[number] | '0x';

/** What uart_parse_earlycon() reads: the iotype prefix (`0x`: none, UPIO_MEM) and simple_strtoul(p, NULL, 0) of the address. */
export interface Port {
  readonly iotype: Iotype;
  readonly addr: bigint;
  /** how many characters of the address simple_strtoul() read (0: none, the address is 0) */
  readonly digits: number;
}

/**
 * lib/vsprintf.c simple_strtoul(cp, NULL, 0): 0x + a hex digit is hex, another leading 0 octal, else
 * decimal; it stops at the first character that is not a digit of the base (_parse_integer_fixup_radix()).
 */
function simpleStrtoul(text: string): { value: bigint; digits: number } {
  const hex = /^0[xX][0-9a-fA-F]/.test(text);
  const body = hex ? text.slice(2) : text;
  const digits = (hex ? /^[0-9a-fA-F]*/ : text.startsWith('0') ? /^[0-7]*/ : /^[0-9]*/).exec(body)?.[0] ?? '';
  if (digits === '') return { value: 0n, digits: 0 };
  const value = hex ? BigInt(`0x${digits}`) : text.startsWith('0') ? BigInt(`0o${digits}`) : BigInt(digits);
  return { value, digits: digits.length + (hex ? 2 : 0) };
}

/** parse_options() → uart_parse_earlycon(): the port, or null when it refuses the options (-EINVAL). */
function parsePort(options: string): Port | null {
  const iotype = IOTYPES.find((t) => options.startsWith(`${t},`));
  if (iotype === undefined && !options.startsWith('0x')) return null;
  const { value, digits } = simpleStrtoul(iotype === undefined ? options : options.slice(iotype.length + 1));
  return { iotype: iotype ?? '0x', addr: value, digits };
}

/** `earlycon[=VALUE]` or `console[=VALUE]` → what the early_param("earlycon") handlers get. */
export function earlyconRequest(value: string | null): EarlyconRequest {
  if (value === null) return { via: 'stdout-path' };
  if (value === '') return { via: 'empty' };
  // setup_earlycon(): a table name followed by ',' or the end; the rest is parse_options()'s
  const comma = value.indexOf(',');
  if (comma < 0) return { via: 'name', driver: value, options: null, port: null };
  const options = value.slice(comma + 1);
  return { via: 'name', driver: value.slice(0, comma), options, port: parsePort(options) };
}

/** What parse_early_param() did with one parameter. */
export type EarlyconOutcome =
  | { readonly kind: 'mapped'; readonly paddr: number; readonly registered: boolean }
  | { readonly kind: 'skipped'; readonly registered: boolean; readonly why: string };

/** The UART a bare earlycon/console finds through /chosen/stdout-path: the model reads no DT. */
export interface StdoutPath { readonly paddr: number }

/**
 * Each request in command-line order → its outcome.
 * @param kernelKey 400 + minor (the driver table differs between v4.4 and v4.6+)
 */
export function earlyconOutcomes(requests: readonly EarlyconRequest[], kernelKey: number, stdoutPath: StdoutPath): EarlyconOutcome[] {
  let enabled = false;
  let mapbase = 0;
  let iobase = 0;
  let membase = false;
  return requests.map((r): EarlyconOutcome => {
    switch (r.via) {
      case 'empty':
        return { kind: 'skipped', registered: false, why: 'an empty value: param_setup_earlycon() and setup_of_earlycon() return 0' };
      case 'stdout-path':
        // of_setup_earlycon(): no CON_ENABLED check; the stdout-path UART is taken as a pl011 (membase needed, set)
        mapbase = stdoutPath.paddr;
        membase = true;
        enabled = true;
        return { kind: 'mapped', paddr: mapbase, registered: true };
      case 'name': {
        if (enabled) return { kind: 'skipped', registered: false, why: `setup_earlycon() returns -EALREADY: an early console is enabled already (earlycon.c:${kernelKey <= 404 ? '159-160 at 4.4.155' : '180-181 at 4.6.5'})` };
        const needs = earlyconDriver(kernelKey, r.driver);
        if (needs === undefined) return { kind: 'skipped', registered: false, why: `setup_earlycon() returns -ENOENT: no earlycon driver is named ${r.driver} in this version` };
        // v4.4's uart_parse_earlycon() knows no mmio16: -EINVAL, the options go to setup() as text
        const port = r.port !== null && !(r.port.iotype === 'mmio16' && kernelKey <= 404) ? r.port : null;
        if (port !== null && port.iotype !== 'io') mapbase = Number(port.addr);
        if (port?.iotype === 'io') iobase = Number(port.addr);
        const mapped = mapbase !== 0;
        if (mapped) membase = true;
        const ok = needs === 'nothing' || membase || (needs === 'membase-or-iobase' && iobase !== 0);
        enabled ||= ok;
        if (mapped) return { kind: 'mapped', paddr: mapbase, registered: ok };
        const setup = ok ? `${r.driver}'s setup() needs no register mapping and registers the console` : `${r.driver}'s setup() returns -ENODEV (no register base): no console`;
        const why = port?.iotype === 'io' ? `an I/O port (io,) sets port->iobase, not mapbase: nothing to earlycon_map(); ${setup}`
          : port === null ? `no address parse_options() reads (${r.driver} alone, or options without 0x… or mmio…/io,): nothing to earlycon_map(); ${setup}`
            : `address 0: register_earlycon() maps only if (port->mapbase); ${setup}`;
        return { kind: 'skipped', registered: ok, why };
      }
    }
  });
}
