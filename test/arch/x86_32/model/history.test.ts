/**
 * Kind 2: stable point releases are kernels of their own. Every change with a
 * stable backport is absent from the point release before it and present from
 * it on; every change is absent from the rc before its mainline version.
 */
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_CHANGES, has, type Change } from '../../../../src/arch/x86_32/history.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { MODELED_RELEASES } from '../../../../src/arch/x86_32/releases.js';
import * as S from '../../../../src/arch/x86_32/setup-arch-history.js';

function kernel(text: string) {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(p.reason);
  return p.version;
}

/** the modeled version just before 2.6.N-rcM (or 2.6.N) */
function before(mainline: string): string | null {
  const m = /^2\.6\.(\d+)(?:-rc(\d+))?$/.exec(mainline);
  if (m === null) throw new Error(mainline);
  const sub = Number(m[1]);
  const rc = m[2] === undefined ? null : Number(m[2]);
  if (rc !== null && rc > 1) return `2.6.${sub}-rc${rc - 1}`;
  if (rc === null) {
    const r = MODELED_RELEASES.find((x) => x.sublevel === sub);
    return r !== undefined && r.maxRc > 0 ? `2.6.${sub}-rc${r.maxRc}` : null;
  }
  return MODELED_RELEASES.some((x) => x.sublevel === sub - 1) ? `2.6.${sub - 1}` : null;
}

const changes: [string, Change][] = [
  ...Object.entries(BEHAVIOUR_CHANGES),
  ...Object.entries(S).filter((e): e is [string, Change] => typeof e[1] === 'object' && e[1] !== null && 'commit' in e[1]),
];

describe('history: has() per change', () => {
  for (const [name, c] of changes) {
    it(`${name}: ${c.commit} is in ${c.mainline}, not before${c.backports !== undefined ? `; backported to ${Object.entries(c.backports).map(([s, n]) => `${s}.${n}`).join(', ')}` : ''}`, () => {
      // mainline: present at its version (when modeled) and absent just before
      if (parseKernelVersion(c.mainline).ok) expect(has(kernel(c.mainline), c)).toBe(true);
      const prev = before(c.mainline);
      if (prev !== null && !(c.mainline.endsWith('-rc1') && c.backports?.[prev] !== undefined)) expect(has(kernel(prev), c)).toBe(false);
      for (const [series, n] of Object.entries(c.backports ?? {})) {
        expect(has(kernel(`${series}.${n}`), c)).toBe(true);
        if (n > 1) expect(has(kernel(`${series}.${n - 1}`), c)).toBe(false);
      }
    });
  }

  it('kind 2: the 2.6.27.y backports land exactly at .2, .6, .8, .10, .25, .26', () => {
    const stable = changes.filter(([, c]) => c.backports?.['2.6.27'] !== undefined).map(([, c]) => c.backports?.['2.6.27']);
    expect([...new Set(stable)].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([2, 6, 8, 10, 25, 26]);
  });
});
