/**
 * cmdline-not-modeled (info): command-line options the arm64 replay does not
 * model, and options this kernel version does not have, said once per
 * scenario so that nothing on the command line is silently dropped (as the
 * x86_32 rule of the same name does).
 */
import { cmdlineNotModeledFinding, CMDLINE_NOT_MODELED } from '../../../rules/cmdline-not-modeled.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { StepRef } from '../../../replay/trace.js';
import type { Rule } from '../../../rules/types.js';
import { V4_6 } from '../kernel-version.js';
import type { Arm64Trace } from '../types.js';

const ID = CMDLINE_NOT_MODELED;

/** The options to list (their text as written) and the step the finding names. */
interface Hit {
  readonly step: StepRef;
  /** options the replay does not model */
  readonly unknown: readonly string[];
  /** nokaslr on a kernel before v4.6 */
  readonly gaps: readonly string[];
}

export const cmdlineNotModeled: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'info',
    doc: 'command-line options the arm64 replay does not model, or that this kernel version does not have (said once)',
    explanation: `The arm64 replay reads three early parameters: earlycon[=<name>,<addr>], which maps the UART at
FIX_EARLYCON_MEM_BASE through earlycon_map() (drivers/tty/serial/earlycon.c; the first console that registers
wins, and console=<earlycon driver>,… is one too, as do_early_param() in init/main.c has it); nokaslr, which
kaslr_early_init() reads from /chosen/bootargs before start_kernel (arch/arm64/kernel/kaslr.c, v4.6+); and
cma=SIZE[@BASE[-LIMIT]], the default CMA area arm64_memblock_init() reserves (drivers/base/dma-contiguous.c).
Options that cannot touch the fixmap, the page tables or the layout (root=, console=tty…, quiet, init=,
loglevel=, …) are passed over silently. Anything else (mem=, which arm64_memblock_init() applies with
memblock_enforce_memory_limit() in arch/arm64/mm/init.c; earlyprintk=, numa=, …) is reported here once, as
info: the replay ran as if it were not there. nokaslr on v4.4 is reported too: KASLR came with v4.6
(f80fb3a3d508, "arm64: add support for kernel ASLR"), so v4.4 ignores it.
Fix: nothing, if the options cannot touch early memory; otherwise the model needs them.`,
  },
  detect(trace) {
    const { params } = trace.scenario.machine;
    const unknown = params.filter((p) => p.name === 'other').map((p) => p.text);
    const gaps = trace.scenario.kernel.key < V4_6 ? params.filter((p) => p.name === 'nokaslr').map((p) => p.text) : [];
    if (unknown.length === 0 && gaps.length === 0) return [];
    const step = trace.steps.find((s) => s.name === 'parse_early_param') ?? trace.steps.find((s) => !s.implicit) ?? trace.steps[0];
    return step === undefined ? [] : [{ step, unknown, gaps }];
  },
  verdict: ({ step }) => ({ rule: ID, severity: 'info', step, related: [] }),
  format: ({ step, unknown, gaps }, trace) => {
    const kernel = trace.scenario.kernel.text;
    const parts = [
      ...(unknown.length > 0 ? [`not modeled: ${unknown.join(' ')}`] : []),
      ...(gaps.length > 0 ? [`not in ${kernel}: ${gaps.map((g) => `${g} (KASLR came with v4.6, f80fb3a3d508; ${kernel} ignores it)`).join('; ')}`] : []),
    ];
    return cmdlineNotModeledFinding(trace.scenario, step, parts, 'the fixmap, the page tables or the layout');
  },
});
