/**
 * missing-prerequisite (built per architecture): a step runs before
 * something it needs exists. Calls declare what they read (`needs`) and what
 * they provide (`sets`); the replay emits a `need` event with `present:
 * false` when nothing earlier set the value, and a `value-set` event where a
 * step sets it. The rule names the step that comes too late, or the call to
 * add when no step sets it.
 */
import { isNeed, isValueSet, type StepRef, type Trace } from '../replay/trace.js';
import type { Finding, Rule } from './types.js';

/** The rule id every architecture's missing-prerequisite shares (fix hints never add one of its findings). */
export const MISSING_PREREQUISITE = 'missing-prerequisite';
const ID = MISSING_PREREQUISITE;

export interface PrerequisiteVocabulary<V extends string> {
  /** what each value is, in the kernel's words ("memblock with the kernel reserved") */
  readonly names: Readonly<Record<V, string>>;
  /** the call(s) that set each value, for the fix when no step of the order does */
  readonly setters: Readonly<Record<V, string>>;
  /** how a step is named in messages: "paging_init (step 7)" */
  readonly label: (step: StepRef) => string;
  /** the architecture's explanation: which call needs what, with kernel files; ends with a "Fix: " line */
  readonly explanation: string;
  readonly doc: string;
}

function isValue<V extends string>(names: Readonly<Record<V, string>>, v: string): v is V {
  return Object.hasOwn(names, v);
}

/** The first step after setup_arch step `after` that sets `value`, if any. */
function setterOf(trace: Trace, value: string, after: number): StepRef | undefined {
  for (const e of trace.events) if (isValueSet(e) && e.value === value && e.step.index > after) return e.step;
  return undefined;
}

export function missingPrerequisiteRule<T extends Trace, V extends string>(v: PrerequisiteVocabulary<V>): Rule<T> {
  return {
    meta: { id: ID, severity: 'error', doc: v.doc, explanation: v.explanation },
    check(trace) {
      const findings: Finding[] = [];
      for (const e of trace.events) {
        if (!isNeed(e) || e.present || !isValue(v.names, e.value)) continue;
        const name = v.names[e.value];
        const setter = setterOf(trace, e.value, e.step.index);
        findings.push({
          rule: ID, severity: e.matters ? 'error' : 'warning', step: e.step, pos: e.step.pos, subject: e.value,
          message: `${e.step.name} needs ${name}, but ${setter !== undefined ? `${v.label(setter)} only comes later` : `no step sets it (${v.setters[e.value]})`}`,
          related: setter !== undefined ? [{ step: setter, role: `sets ${name}` }] : [],
          addresses: {},
          consequence: `${e.why}; without it the step works on empty or unreserved state`,
          fix: setter !== undefined ? `move ${v.label(e.step)} after ${v.label(setter)}` : `call ${v.setters[e.value]} before ${v.label(e.step)}`,
        });
      }
      return findings;
    },
  };
}
