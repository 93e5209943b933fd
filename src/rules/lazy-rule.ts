/**
 * Rules that judge first and write later. A rule built here is split into
 * detect (the judgement: one hit per finding, plain data, no text), verdict
 * (the hit as a Verdict) and format (the hit in words). check() is
 * format ∘ detect; verdict() is verdict ∘ detect, so the two cannot disagree,
 * and the many-replay engine never pays for messages nobody reads
 * (DESIGN §8: "a rule's verdict first, its message only when printed").
 */
import type { Trace } from '../replay/trace.js';
import type { Finding, Rule, RuleMeta, Verdict } from './types.js';

/**
 * @typeParam T the trace the rule reads
 * @typeParam H what detect() keeps about one finding (events, steps, numbers)
 */
export interface RuleParts<T extends Trace, H> {
  readonly meta: RuleMeta;
  /** one hit per finding, in the order check() reports them */
  detect(trace: T): H[];
  verdict(hit: H, trace: T): Verdict;
  format(hit: H, trace: T): Finding;
}

export function lazyRule<T extends Trace, H>(parts: RuleParts<T, H>): Rule<T> {
  return {
    meta: parts.meta,
    check: (trace) => parts.detect(trace).map((hit) => parts.format(hit, trace)),
    verdict: (trace) => {
      // a loop, not map(): this runs for every rule of every order the engine judges, mostly over no hit
      const hits = parts.detect(trace);
      // as long as it will be: push() from empty would make room for 16
      const out = new Array<Verdict>(hits.length);
      for (let i = 0; i < hits.length; i++) out[i] = parts.verdict(hits[i] as H, trace);
      return out;
    },
  };
}
