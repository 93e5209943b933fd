/**
 * Machines broken whatever the order: their own order has an error of a
 * rule that is about the machine, never the order (RuleMeta.machineWide:
 * x86_32's config-unsupported for a Xen guest without PAE, which the kernel
 * cannot build or run; fixaddr-top-unaligned for a reservetop= that is no
 * page multiple). No order can fix such a machine, and every
 * position of every call would carry the error, so the commands that reason
 * over orders report these machines by name and leave them out, rather than
 * building them silently. Architecture-neutral: it sees only findings and
 * the rules' metadata.
 */
import type { Finding } from '../rules/types.js';
import { displayName } from '../scenario/types.js';
import type { ReplayEngine } from './engine.js';

/** A machine left out, with the errors that make it unsupported (formatted: they are printed). */
export interface UnsupportedMachine {
  readonly machine: string;
  readonly findings: readonly Finding[];
}

/**
 * Every machine is unsupported: the command has nothing to work on. The
 * message has several lines (the reason, then one per machine and error);
 * `lines` has them apart, so a command prints each escaped on its own line
 * (escaping the whole message would turn its line breaks into `\n`).
 */
export class UnsupportedError extends Error {
  readonly lines: readonly string[];

  constructor(readonly machines: readonly UnsupportedMachine[]) {
    const lines = ['every machine has an error that no order of its calls changes (its kernel, configuration, machine or command line), so no order can be judged:', ...machines.flatMap(unsupportedText)];
    super(lines.join('\n'));
    this.lines = lines;
  }
}

/** "  file.yaml[hypervisor=xen,pae=false]: config-unsupported: a 32-bit Xen pv guest needs …", one line per error */
export function unsupportedText(u: UnsupportedMachine): string[] {
  return u.findings.map((f) => `  ${u.machine}: ${f.rule}: ${f.message}`);
}

/**
 * The errors of the engine's own order from machine-wide rules (none: the machine is supported); an error whose
 * rule found that another call of the order may undo its cause on this machine (Finding.orderMayFix) is not one.
 */
export function machineErrors(engine: ReplayEngine): Finding[] {
  const wide = new Set(engine.plugin.rules.filter((r) => r.meta.machineWide === true).map((r) => r.meta.id));
  if (wide.size === 0) return [];
  return engine.findings(engine.base).findings.filter((f) => f.severity === 'error' && wide.has(f.rule) && f.orderMayFix !== true);
}

/**
 * Splits machines into those to reason over and those left out.
 *
 * @throws UnsupportedError when no machine is left
 */
export function supportedOnly<T>(machines: readonly T[], engineOf: (m: T) => ReplayEngine): { supported: T[]; unsupported: UnsupportedMachine[] } {
  const supported: T[] = [];
  const unsupported: UnsupportedMachine[] = [];
  for (const m of machines) {
    const engine = engineOf(m);
    const errors = machineErrors(engine);
    if (errors.length === 0) supported.push(m);
    else unsupported.push({ machine: displayName(engine.scenario), findings: errors });
  }
  if (supported.length === 0 && unsupported.length > 0) throw new UnsupportedError(unsupported);
  return { supported, unsupported };
}

/**
 * The groups of machines a command answers each on its own (suggest and
 * constraints without --matrix), with the work each plans: a group whose
 * every machine is unsupported is left out (its machines in `leftOut`), not
 * the end of the command, unless every group is.
 *
 * @param work the group's planned work; throws UnsupportedError when the group has no supported machine
 * @throws UnsupportedError naming every machine when no group is left
 */
export function withoutUnsupported<G, W>(groups: readonly G[], work: (group: G) => W): { answerable: { group: G; work: W }[]; leftOut: UnsupportedMachine[] } {
  const answerable: { group: G; work: W }[] = [];
  const leftOut: UnsupportedMachine[] = [];
  for (const group of groups) {
    try {
      answerable.push({ group, work: work(group) });
    } catch (err) {
      if (!(err instanceof UnsupportedError)) throw err;
      for (const m of err.machines) leftOut.push(m);
    }
  }
  if (answerable.length === 0 && leftOut.length > 0) throw new UnsupportedError(leftOut);
  return { answerable, leftOut };
}
