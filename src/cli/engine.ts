/**
 * Everything behind the commands, reached from main.ts through one
 * `import('./engine.js')`. The bundle (scripts/bundle.mjs) makes this module
 * its own file, dist/engine.cjs, with its own V8 code cache, so `--help` and
 * `--version` read and deserialize only the small entry file; and each
 * loader below becomes a lazy initializer inside that file, so a command
 * evaluates only the modules it uses (`steps` never evaluates zod or yaml).
 *
 * Keep it that way: commands and architecture code are reached through
 * `import()` here (or further down), never imported statically by main.ts.
 */
export const loadRun = (): Promise<typeof import('./run.js')> => import('./run.js');
export const loadTrace = (): Promise<typeof import('./trace.js')> => import('./trace.js');
export const loadSteps = (): Promise<typeof import('./steps.js')> => import('./steps.js');
export const loadExplain = (): Promise<typeof import('./explain.js')> => import('./explain.js');
export const loadRules = (): Promise<typeof import('../rules/index.js')> => import('../rules/index.js');
export const loadArches = (): Promise<typeof import('../arch/index.js')> => import('../arch/index.js');
export const loadSuggest = (): Promise<typeof import('../scenario/suggest.js')> => import('../scenario/suggest.js');
