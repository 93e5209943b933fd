/**
 * Each architecture's rule-ids.ts lists its plug-in's own rules, in report
 * order: the registry reads those lists to say "it is an arm64 rule" of an
 * entry in another architecture's file without loading that plug-in.
 */
import { describe, expect, it } from 'vitest';
import { allArches, ARCH_IDS, archesWithRule } from '../../src/arch/index.js';
import { RULE_IDS as ARM64 } from '../../src/arch/arm64/rule-ids.js';
import { RULE_IDS as RISCV } from '../../src/arch/riscv/rule-ids.js';
import { RULE_IDS as X86 } from '../../src/arch/x86_32/rule-ids.js';

const LISTS: Readonly<Record<string, readonly string[]>> = { x86_32: X86, arm64: ARM64, riscv: RISCV };
/** The rules every architecture shares (src/rules/generic.ts): in every plug-in, so never another architecture's. */
const SHARED = ['phase-order', 'duplicate-call'];

describe('rule-ids.ts of each architecture', () => {
  it('covers every architecture', () => {
    expect(allArches().map((a) => a.id).sort()).toEqual([...ARCH_IDS].sort());
  });
  for (const plugin of allArches()) {
    it(`${plugin.id}: the plug-in's rules, without the shared ones, in the same order`, () => {
      expect(plugin.rules.map((r) => r.meta.id).filter((id) => !SHARED.includes(id))).toEqual(LISTS[plugin.id]);
    });
  }
  it('archesWithRule: which architectures have a rule, loaded or not', () => {
    expect(archesWithRule('fixmap-before-relocation')).toEqual(['x86_32']);
    expect(archesWithRule('fixmap-before-init')).toEqual(['arm64']);
    expect(archesWithRule('shared-leaf-permissions')).toEqual(['arm64', 'riscv']);
    expect(archesWithRule('missing-prerequisite')).toEqual(['x86_32', 'arm64', 'riscv']);
    expect(archesWithRule('no-such-rule')).toEqual([]);
  });
});
