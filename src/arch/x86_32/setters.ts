/**
 * The catalog calls of one kernel that set a value (effects.ts VALUES): what
 * a finding about a value no step of the order set names as the calls to
 * insert (Finding.setters), read from the catalog rather than spelled per
 * rule, so that they follow the kernel: max_low_pfn is find_low_pfn_range's
 * from 2.6.27-rc1, setup_memory's in 2.6.26.
 */
import { availability, effectsOf } from './catalog.js';
import { CALL_NAMES, type CallName } from './catalog-names.js';
import type { Value } from './effects.js';
import type { KernelVersion } from './kernel-version.js';

const cache = new Map<string, readonly CallName[]>();

/** The calls `kernel`'s setup_arch() makes that set `value` (catalog order), with no `when`: they set it on every machine. */
export function settersOf(value: Value, kernel: KernelVersion): readonly CallName[] {
  const key = `${value}|${kernel.text}`;
  let out = cache.get(key);
  if (out === undefined) {
    out = CALL_NAMES.filter((c) => availability(c, kernel).ok && effectsOf(c, kernel).some((e) => e.op === 'sets' && e.value === value && e.when === undefined));
    cache.set(key, out);
  }
  return out;
}
