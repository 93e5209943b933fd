/**
 * `bootreplay trace`: the replay step by step, one line per model event, so a
 * finding can be followed back to the steps that set up the bad state. The
 * architecture describes its own events; prerequisites are shared.
 */
import type { ArchPlugin } from '../arch/types.js';
import { isNeed, isValueSet, type Trace, type TraceEvent } from '../replay/trace.js';
import type { HaltPoint } from '../rules/halting.js';
import { stepKey, stepText } from './step-text.js';
import { escapeText, linePath } from '../escape.js';
import { displayName } from '../scenario/types.js';
import type { Style } from './text.js';

export function describeShared(e: TraceEvent): string | undefined {
  if (isValueSet(e)) return `sets ${e.value}`;
  if (isNeed(e)) return `${e.reader !== undefined ? `then ${e.reader} ` : ''}needs ${e.value}: ${e.present ? 'ok' : `MISSING${e.matters ? '' : ' (harmless here)'}`}`;
  return undefined;
}

/**
 * The events in the order of their steps: a plug-in's finish() appends events
 * of its own on an earlier step (arm64, riscv: start_kernel()'s mm_init() need
 * on the last setup_arch() step, after kernel_init()'s late steps), which a
 * trace read step by step shows at that step (helper-176: it printed step 20
 * after 21 and 22). Stable, and a copy only when some event is out of order.
 */
function inStepOrder(events: readonly TraceEvent[]): readonly TraceEvent[] {
  // by step number: implicit steps are all 0 and come first, in replay order (KASLR's head runs twice)
  const at = (e: TraceEvent): number => e.step.index;
  let prev = -1;
  let sorted = true;
  for (const e of events) {
    const i = at(e);
    if (i < prev) {
      sorted = false;
      break;
    }
    prev = i;
  }
  if (sorted) return events;
  return events.map((e, k) => ({ e, k, i: at(e) })).sort((a, b) => a.i - b.i || a.k - b.k).map((x) => x.e);
}

/** The first finding that halts the kernel (src/report/halt-point.ts firstHalt): its rule and where it stops it. */
export interface TraceHalt {
  readonly rule: string;
  readonly at: HaltPoint;
}

/**
 * @param halt the first finding that halts the kernel, if any: a line marks where the kernel stops, and
 *   the events after it are the model going on past it (the replay does not stop, DESIGN: findings after a halt)
 */
export function formatTrace(plugin: ArchPlugin, trace: Trace, style: Style, all: boolean, halt?: TraceHalt): string {
  const s = trace.scenario;
  const tags = [s.kernel.text, ...plugin.summary(s).tags].join(', ');
  // file, variant and scenario names are user text; events can quote the command line
  const lines = [style.bold(escapeText(`${linePath(displayName(s))}: ${s.name} [${tags}]`))];
  const order = new Map(trace.steps.map((st, i) => [stepKey(st), i]));
  const haltAt = halt === undefined ? undefined : order.get(stepKey(halt.at.step));
  let marked = false;
  let last = '';
  for (const e of inStepOrder(trace.events)) {
    if (halt !== undefined && haltAt !== undefined && !marked) {
      const at = order.get(stepKey(e.step)) ?? 0;
      if (at > haltAt || (halt.at.before && at === haltAt)) {
        marked = true;
        const where = `${stepText(halt.at.step.index, halt.at.step.name)}${halt.at.before ? ', before its effects' : ''}`;
        lines.push(style.warning(`--- the kernel halts here: ${halt.rule} (${escapeText(where)}); below, what the model replays past it`));
      }
    }
    // "needs … ok" and "sets …" lines are bookkeeping; shown with --all
    const missing = isNeed(e) && !e.present;
    if (!all && ((isNeed(e) && e.present) || isValueSet(e))) continue;
    // index and name: several implicit steps share index 0
    const key = `${e.step.index} ${e.step.name}`;
    // a call of the scenario's define: is marked as the scenario's
    const own = !e.step.implicit && Object.hasOwn(s.defined, e.step.name) ? ' (define:)' : '';
    const head = key === last ? '' : `${String(e.step.index).padStart(3)} ${escapeText(e.step.name)}${own}`;
    last = key;
    const text = escapeText(describeShared(e) ?? plugin.describeEvent(e));
    lines.push(`${head.padEnd(42)} ${missing ? style.warning(text) : text}`);
  }
  return `${lines.join('\n')}\n`;
}
