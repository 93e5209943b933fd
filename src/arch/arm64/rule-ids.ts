/**
 * The ids of the arm64 rules (rules/index.ts, without the rules every
 * architecture shares), kept apart from the rules so the registry can say
 * "it is an arm64 rule" of an `expect:` entry in another architecture's file
 * without loading this plug-in (as catalog-names.ts does for calls). A test
 * holds the list to the plug-in's rules.
 */
export const RULE_IDS: readonly string[] = [
  'bbm-violation',
  'ttbr-switch-unsafe',
  'fixmap-before-init',
  'linear-map-before-map-mem',
  'pgtable-alloc-outside-map',
  'memblock-alloc-panic',
  'fixmap-slot-busy',
  'shared-leaf-permissions',
  'missing-prerequisite',
  'cmdline-not-modeled',
];
