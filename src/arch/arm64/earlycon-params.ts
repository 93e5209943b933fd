/**
 * The earlycon/console parameters of a command line, each with what parse_early_param() does with it
 * (earlycon.ts), for the replay, the conditions and the rules that ask whether an early console exists.
 */
import type { CmdlineParam } from './cmdline.js';
import { earlyconOutcomes, type EarlyconOutcome } from './earlycon.js';

/**
 * The UART a bare `earlycon` (or `console`) finds through /chosen/stdout-path (drivers/of/fdt.c early_init_dt_scan_chosen_serial()).
 * The model reads no DT: it assumes QEMU virt's PL011 (hw/arm/virt.c VIRT_UART, 0x09000000) and says so in the trace.
 */
export const STDOUT_PATH_UART = 0x09000000;

/** What the trace says of a bare `earlycon`'s UART: that its address is the model's assumption. */
export const STDOUT_PATH_ASSUMED = 'earlycon: /chosen/stdout-path, not read; assumed QEMU virt\'s pl011 at 0x9000000 — write earlycon=<name>,<address> for another UART';

export type EarlyconParam = Extract<CmdlineParam, { name: 'earlycon' }>;

/** Each earlycon parameter in command-line order with its outcome. */
export function earlycons(params: readonly CmdlineParam[], kernelKey: number): { param: EarlyconParam; outcome: EarlyconOutcome }[] {
  const ecs = params.filter((p): p is EarlyconParam => p.name === 'earlycon');
  const outcomes = earlyconOutcomes(ecs.map((p) => p.request), kernelKey, { paddr: STDOUT_PATH_UART });
  return ecs.flatMap((param, i) => {
    const outcome = outcomes[i];
    return outcome === undefined ? [] : [{ param, outcome }];
  });
}

/** The parameter whose early console parse_early_param() registers first (the one printk() reaches in setup_arch()), if any. */
export function earlyConsole(params: readonly CmdlineParam[], kernelKey: number): EarlyconParam | undefined {
  return earlycons(params, kernelKey).find((e) => e.outcome.registered)?.param;
}

/** Whether parse_early_param() maps FIX_EARLYCON_MEM_BASE. */
export function earlyconMapped(params: readonly CmdlineParam[], kernelKey: number): boolean {
  return earlycons(params, kernelKey).some((e) => e.outcome.kind === 'mapped');
}
