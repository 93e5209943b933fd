/** needsBreak, the rule's verdict-side test, against bbmReasons, the one that writes the reasons. */
import { describe, expect, it } from 'vitest';
import { bbmReasons, needsBreak, PROTS, type EntryDesc, type EntryKind, type ProtName } from '../../../../src/arch/arm64/prot.js';

describe('needsBreak', () => {
  it('is bbmReasons(old, now).length > 0 for every pair of kinds, output addresses and protections', () => {
    const kinds: EntryKind[] = ['invalid', 'table', 'block', 'page'];
    const prots: (ProtName | null)[] = [null, ...(Object.keys(PROTS) as ProtName[])];
    const descs: EntryDesc[] = kinds.flatMap((kind) => [0x40000000, 0x80000000].flatMap((oa) => prots.map((prot) => ({ kind, oa, prot }))));
    let pairs = 0;
    for (const old of descs) {
      for (const now of descs) {
        expect(needsBreak(old, now), `${JSON.stringify(old)} → ${JSON.stringify(now)}`).toBe(bbmReasons(old, now).length > 0);
        pairs++;
      }
    }
    expect(pairs).toBe(descs.length ** 2);
  });
});
