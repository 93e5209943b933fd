/**
 * missing-prerequisite (built per architecture): a step runs before
 * something it needs exists. Calls declare what they read (`needs`) and what
 * they provide (`sets`); the replay emits a `need` event with `present:
 * false` when nothing earlier set the value, and a `value-set` event where a
 * step sets it. The rule names the step that comes too late, or the call to
 * add when no step sets it.
 */
import { eventIndex } from '../replay/event-index.js';
import type { NeedEvent, StepRef, Trace, ValueSetEvent } from '../replay/trace.js';
import { lazyRule } from './lazy-rule.js';
import type { Rule } from './types.js';

/** The rule id every architecture's missing-prerequisite shares (fix hints never add one of its findings). */
export const MISSING_PREREQUISITE = 'missing-prerequisite';
const ID = MISSING_PREREQUISITE;

export interface PrerequisiteVocabulary<T extends Trace, V extends string> {
  /** what each value is, in the kernel's words ("memblock with the kernel reserved") */
  readonly names: Readonly<Record<V, string>>;
  /** the call(s) that set each value, for the fix when no step of the order does */
  readonly setters: Readonly<Record<V, string>>;
  /**
   * The calls of this kernel's catalog that set `value` on the trace's machine
   * (catalog order), when no step of the order does: they become the finding's
   * Finding.setters, which the fix search inserts (src/compare/fix-hints.ts),
   * so that a dropped call gets "insert bootmem_init after …", verified, rather
   * than "no single move …". `setters` above stays the words of the rule's own fix.
   */
  readonly setterCalls: (value: V, trace: T) => readonly string[];
  /** how a step is named in messages: "paging_init (step 7)" */
  readonly label: (step: StepRef) => string;
  /**
   * The whole consequence of a missing value when it depends on the order around the need (which later steps run
   * before the setter), or undefined to use the need's own text (NeedEvent.why).
   *
   * @param setter the step that sets the value later, if any
   */
  readonly consequence?: (e: NeedEvent, value: V, setter: StepRef | undefined, trace: T) => string | undefined;
  /** the architecture's explanation: which call needs what, with kernel files; ends with a "Fix: " line */
  readonly explanation: string;
  readonly doc: string;
}

function isValue<V extends string>(names: Readonly<Record<V, string>>, v: string): v is V {
  return Object.hasOwn(names, v);
}

/** The first step after setup_arch step `after` that sets `value`, if any. */
function setterOf(trace: Trace, value: string, after: number): StepRef | undefined {
  for (const e of eventIndex(trace.events).of('value-set') as readonly ValueSetEvent[]) if (e.value === value && e.step.index > after) return e.step;
  return undefined;
}

/** A need without its value, and the step that sets the value later, if any. */
interface Hit<V extends string> {
  readonly e: NeedEvent;
  /** e.value, as one of the vocabulary's values */
  readonly value: V;
  readonly setter: StepRef | undefined;
}

export function missingPrerequisiteRule<T extends Trace, V extends string>(v: PrerequisiteVocabulary<T, V>): Rule<T> {
  return lazyRule<T, Hit<V>>({
    meta: { id: ID, severity: 'error', alsoReports: ['warning'], doc: v.doc, explanation: v.explanation },
    detect(trace) {
      const hits: Hit<V>[] = [];
      for (const e of eventIndex(trace.events).of('need') as readonly NeedEvent[]) {
        if (e.present) continue;
        const value = e.value;
        if (!isValue(v.names, value)) continue;
        hits.push({ e, value, setter: setterOf(trace, value, e.step.index) });
      }
      return hits;
    },
    verdict: ({ e, value, setter }) => ({
      rule: ID, severity: e.matters ? 'error' : 'warning', step: e.step, subject: value, related: setter !== undefined ? [{ step: setter }] : [],
    }),
    format: ({ e, value, setter }, trace) => {
      const name = v.names[value];
      const calls = setter === undefined ? v.setterCalls(value, trace) : [];
      // a reader after setup_arch() (NeedEvent.reader): the step is where setup_arch() ends, not the reader
      const who = e.reader !== undefined ? `${e.reader}, after setup_arch() returns from ${v.label(e.step)},` : e.step.name;
      const before = e.reader !== undefined ? 'the end of setup_arch()' : v.label(e.step);
      return {
        rule: ID, severity: e.matters ? 'error' : 'warning', step: e.step, pos: e.step.pos, subject: value,
        message: `${who} needs ${name}, but ${setter !== undefined ? `${v.label(setter)} only comes later` : `no step sets it (${v.setters[value]})`}`,
        related: setter !== undefined ? [{ step: setter, role: `sets ${name}` }] : [],
        addresses: {},
        consequence: v.consequence?.(e, value, setter, trace)
          ?? (e.reader !== undefined || e.complete === true ? e.why : `${e.why}; without it the step works on empty or unreserved state`),
        fix: setter !== undefined
          ? e.reader !== undefined ? `move ${v.label(setter)} before ${before}` : `move ${v.label(e.step)} after ${v.label(setter)}`
          : `call ${v.setters[value]} before ${before}`,
        ...(calls.length > 0 ? { setters: calls } : {}),
      };
    },
  });
}
