/**
 * The ids of the riscv rules (rules/index.ts, without the rules every
 * architecture shares), kept apart from the rules so the registry can say
 * "it is a riscv rule" of an `expect:` entry in another architecture's file
 * without loading this plug-in (as catalog-names.ts does for calls). A test
 * holds the list to the plug-in's rules.
 */
export const RULE_IDS: readonly string[] = [
  'setup-vm-constraint',
  'linear-map-before-final',
  'dtb-early-va-stale',
  'linear-map-unmapped',
  'fixmap-no-fence',
  'shared-leaf-permissions',
  'wx-mapping',
  'set-memory-failed',
  'kasan-shadow-fault',
  'layout-collision',
  'linear-map-empty',
  'missing-prerequisite',
];
