import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../../../src/arch/arm64/cmdline.js';
import { earlycons } from '../../../../src/arch/arm64/earlycon-params.js';
import { V4_4, V4_6, V4_7 } from '../../../../src/arch/arm64/kernel-version.js';

/** What parse_early_param() does with each earlycon of a command line: "mapped 0x…" / "registered" / "skipped". */
function outcomes(cmdline: string, kernelKey = V4_6): string[] {
  const { params, problems } = parseCmdline(cmdline);
  expect(problems).toEqual([]);
  return earlycons(params, kernelKey).map(({ param, outcome }) => `${param.text}: ${outcome.kind === 'mapped' ? `mapped 0x${outcome.paddr.toString(16)}` : outcome.registered ? 'registered, nothing mapped' : 'nothing'}`);
}

describe('arm64 early console (drivers/tty/serial/earlycon.c, drivers/of/fdt.c of v4.4 … v4.7)', () => {
  it('maps the first earlycon=; a later one gets -EALREADY (earlycon.c:180-181 at 4.6.5, :159-160 at 4.4.155) (break-252 F2)', () => {
    for (const k of [V4_4, V4_6, V4_7]) {
      expect(outcomes('earlycon=pl011,0x9000000 earlycon=pl011,0x9010000', k), String(k)).toEqual([
        'earlycon=pl011,0x9000000: mapped 0x9000000',
        'earlycon=pl011,0x9010000: nothing',
      ]);
      // the reason cites the source of the version replayed (break-254 N9)
      const { params } = parseCmdline('earlycon=pl011,0x9000000 earlycon=pl011,0x9010000');
      const second = earlycons(params, k)[1]?.outcome;
      expect(second?.kind === 'skipped' && second.why, String(k)).toMatch(k === V4_4 ? /\(earlycon\.c:159-160 at 4\.4\.155\)$/ : /\(earlycon\.c:180-181 at 4\.6\.5\)$/);
    }
  });

  it('reads the forms setup_earlycon() and uart_parse_earlycon() read, and maps only a nonzero mapbase', () => {
    // <name>,0x<addr>; <name>,mmio|mmio32|…,<addr> with simple_strtoul(…, 0): decimal, 0x hex, 0 octal
    expect(outcomes('earlycon=uart8250,mmio32,0x1c28000')).toEqual(['earlycon=uart8250,mmio32,0x1c28000: mapped 0x1c28000']);
    expect(outcomes('earlycon=pl011,mmio,150994944')).toEqual(['earlycon=pl011,mmio,150994944: mapped 0x9000000']);
    expect(outcomes('earlycon=pl011,mmio,01000')).toEqual(['earlycon=pl011,mmio,01000: mapped 0x200']);
    expect(outcomes('earlycon=pl011,0x9000000,115200n8')).toEqual(['earlycon=pl011,0x9000000,115200n8: mapped 0x9000000']);
    // a bare earlycon: setup_of_earlycon(NULL), the /chosen/stdout-path UART (assumed QEMU virt's pl011)
    expect(outcomes('earlycon')).toEqual(['earlycon: mapped 0x9000000']);
    // nothing mapped: an empty value (both handlers return 0), an unknown driver (-ENOENT), address 0,
    // an I/O port (iobase, not mapbase), a decimal address without mmio (uart_parse_earlycon() wants 0x: -EINVAL), a name alone
    expect(outcomes('earlycon=')).toEqual(['earlycon=: nothing']);
    expect(outcomes('earlycon=foo,0x9000000')).toEqual(['earlycon=foo,0x9000000: nothing']);
    expect(outcomes('earlycon=pl011,0x0')).toEqual(['earlycon=pl011,0x0: nothing']);
    expect(outcomes('earlycon=pl011,9000000')).toEqual(['earlycon=pl011,9000000: nothing']);
    expect(outcomes('earlycon=pl011')).toEqual(['earlycon=pl011: nothing']);
    expect(outcomes('earlycon=uart8250,io,0x3f8')).toEqual(['earlycon=uart8250,io,0x3f8: registered, nothing mapped']);
    expect(outcomes('earlycon=smh')).toEqual(['earlycon=smh: registered, nothing mapped']);
  });

  it('knows which version has which driver and iotype', () => {
    // v4.4 puts OF_EARLYCON_DECLARE names in __earlycon_of_table only: ns16550a is -ENOENT there, a driver from v4.6 on
    expect(outcomes('earlycon=ns16550a,mmio32,0x1c28000', V4_4)).toEqual(['earlycon=ns16550a,mmio32,0x1c28000: nothing']);
    expect(outcomes('earlycon=ns16550a,mmio32,0x1c28000', V4_6)).toEqual(['earlycon=ns16550a,mmio32,0x1c28000: mapped 0x1c28000']);
    // mmio16 came with v4.6 (serial_core.c:1817 at 4.6.5); v4.4 refuses the options and pl011 gets no base
    expect(outcomes('earlycon=pl011,mmio16,0x9000000', V4_4)).toEqual(['earlycon=pl011,mmio16,0x9000000: nothing']);
    expect(outcomes('earlycon=pl011,mmio16,0x9000000', V4_6)).toEqual(['earlycon=pl011,mmio16,0x9000000: mapped 0x9000000']);
    expect(outcomes('earlycon=meson,0xc81004c0', V4_6)).toEqual(['earlycon=meson,0xc81004c0: nothing']);
    expect(outcomes('earlycon=meson,0xc81004c0', V4_7)).toEqual(['earlycon=meson,0xc81004c0: mapped 0xc81004c0']);
  });

  it('tries the next one while none registered: a console that maps nothing and fails setup() enables nothing', () => {
    expect(outcomes('earlycon=pl011,0x0 earlycon=foo,0x1 earlycon= earlycon=pl011,0x9010000 earlycon=pl011,0x9000000')).toEqual([
      'earlycon=pl011,0x0: nothing',
      'earlycon=foo,0x1: nothing',
      'earlycon=: nothing',
      'earlycon=pl011,0x9010000: mapped 0x9010000',
      'earlycon=pl011,0x9000000: nothing',
    ]);
    // a console that registers without a mapping (semihosting, an I/O port) takes the place all the same
    expect(outcomes('earlycon=smh earlycon=pl011,0x9000000')).toEqual(['earlycon=smh: registered, nothing mapped', 'earlycon=pl011,0x9000000: nothing']);
    // of_setup_earlycon() does not look at CON_ENABLED: a bare earlycon maps the stdout-path UART after any other
    expect(outcomes('earlycon=pl011,0x9010000 earlycon')).toEqual(['earlycon=pl011,0x9010000: mapped 0x9010000', 'earlycon: mapped 0x9000000']);
  });

  it('takes console=<earlycon driver>,… as an earlycon: do_early_param() calls the earlycon handlers for console too (init/main.c:418-421 at 4.6.5) (break-252 F3)', () => {
    for (const k of [V4_4, V4_6, V4_7]) {
      expect(outcomes('console=uart8250,mmio32,0x1c28000', k), String(k)).toEqual(['console=uart8250,mmio32,0x1c28000: mapped 0x1c28000']);
    }
    // first registered wins across both spellings
    expect(outcomes('console=pl011,0x9000000 earlycon=pl011,0x9010000')).toEqual(['console=pl011,0x9000000: mapped 0x9000000', 'earlycon=pl011,0x9010000: nothing']);
    // a bare console is setup_of_earlycon(NULL): the stdout-path UART
    expect(outcomes('console')).toEqual(['console: mapped 0x9000000']);
    // console=ttyAMA0, console=tty0 and an empty console= name no earlycon driver: not earlycons at all
    expect(outcomes('console=ttyAMA0,115200 console=tty0 console=')).toEqual([]);
    expect(parseCmdline('console=ttyAMA0').params.map((p) => p.name)).toEqual(['known']);
  });
});
