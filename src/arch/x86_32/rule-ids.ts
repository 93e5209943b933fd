/**
 * The ids of the x86_32 rules (rules/index.ts, without the rules every
 * architecture shares), kept apart from the rules so the registry can say
 * "it is an x86_32 rule" of an `expect:` entry in another architecture's file
 * without loading this model (as catalog-names.ts does for calls). A test
 * holds the list to the plug-in's rules.
 */
export const RULE_IDS: readonly string[] = [
  'fixmap-before-relocation',
  'stale-early-ioremap',
  'early-ioremap-init-before-relocation',
  'lowmem-before-relocation',
  'missing-prerequisite',
  'btmap-pmd-straddle',
  'fixaddr-top-unaligned',
  'layout-overlap',
  'config-unsupported',
  'cmdline-not-modeled',
  'xen-writable-pagetable',
  'kmap-pte-noncontiguous',
  'fixmap-pagetables-replaced',
  'fixmap-pte-lost',
  'pagetable-alloc-panic',
  'kernel-mapping-user',
  'pse-not-used',
  'nx-missing',
];
