/**
 * The earlycon drivers setup_earlycon() can match by name (`earlycon=<name>,…` or `console=<name>,…`) in
 * each modeled version: the `__earlycon_table`. The model takes every driver declared in the tree as built
 * in (it has no .config for them); a name in none of the tables is -ENOENT.
 *
 * v4.4 (rivsidn/linux-4.4.155@a1961d75): only EARLYCON_DECLARE() fills __earlycon_table;
 * OF_EARLYCON_DECLARE() fills the separate __earlycon_of_table that only /chosen/stdout-path reads
 * (include/linux/serial_core.h:351-358). v4.6 (chenlihao92/archlinux-4.6.5@b9b6ded1) and v4.7
 * (calebwilliamsd/linux-4.7.4-casio@01851de9): OF_EARLYCON_DECLARE() puts its name in __earlycon_table
 * too, and EARLYCON_DECLARE() is OF_EARLYCON_DECLARE(_name, "", fn) (serial_core.h:352-359 at 4.6.5), so
 * `earlycon=pl011,…` matches the OF-only declaration amba-pl011.c:2331 has there.
 * Names from `git grep '^EARLYCON_DECLARE\|^OF_EARLYCON_DECLARE' drivers` in each tree (arch/h8300's
 * h8sim left out: not an arm64 driver).
 *
 * What each setup() needs before it sets con->write: most return -ENODEV without a mapped register base
 * (`if (!device->port.membase) return -ENODEV;`, e.g. amba-pl011.c:2325-2326 at 4.6.5); the 8250 ones take
 * an I/O port instead (`if (!(device->port.membase || device->port.iobase))`, 8250_early.c:132-133 at 4.6.5,
 * :139-140 at 4.4.155); ARM semihosting (earlycon-arm-semihost.c:56-59) and xenboot (drivers/tty/hvc/
 * hvc_xen.c:701-705 at 4.6.5) need nothing.
 */

/** What a driver's setup() needs to succeed (and register the console). */
export type SetupNeeds = 'membase' | 'membase-or-iobase' | 'nothing';

const MMIO = 'membase';
const UART_8250 = 'membase-or-iobase';

/** EARLYCON_DECLARE() in 4.4.155 */
const V4_4: Readonly<Record<string, SetupNeeds>> = {
  uart8250: UART_8250, uart: UART_8250,
  jz4740_uart: MMIO, jz4775_uart: MMIO, jz4780_uart: MMIO,
  pl011: MMIO, arc_uart: MMIO, smh: 'nothing', lpuart: MMIO, lpuart32: MMIO,
  msm_serial: MMIO, msm_serial_dm: MMIO,
  s3c2410: MMIO, s3c2412: MMIO, s3c2440: MMIO, s3c6400: MMIO, s5pv210: MMIO, exynos4210: MMIO,
  sprd_serial: MMIO, cdns: MMIO,
};

/** EARLYCON_DECLARE() and OF_EARLYCON_DECLARE() in 4.6.5 */
const V4_6: Readonly<Record<string, SetupNeeds>> = {
  ...V4_4,
  xenboot: 'nothing', ns16550: UART_8250, ns16550a: UART_8250, omap8250: UART_8250,
  mtk8250: MMIO, uniphier: MMIO, bcm63xx_uart: MMIO, ec_imx6q: MMIO, ec_imx21: MMIO, ar3700_uart: MMIO,
  sci: MMIO, scif: MMIO, scifa: MMIO, scifb: MMIO, hscif: MMIO, uartlite: MMIO, uartlite_a: MMIO, uartlite_b: MMIO,
};

/** 4.7.4 adds meson_uart.c:582 and mps2-uart.c:479 */
const V4_7: Readonly<Record<string, SetupNeeds>> = { ...V4_6, meson: MMIO, mps2: MMIO };

/** The setup() needs of the driver `name` in the version (400 + minor), or undefined: setup_earlycon() returns -ENOENT. */
export function earlyconDriver(kernelKey: number, name: string): SetupNeeds | undefined {
  const table = kernelKey <= 404 ? V4_4 : kernelKey <= 406 ? V4_6 : V4_7;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Whether any modeled version has an earlycon driver of this name (a console= that names one goes to it). */
export function anyEarlyconDriver(name: string): boolean {
  return Object.hasOwn(V4_7, name);
}
