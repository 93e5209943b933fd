/**
 * x86_32 defaults: the validated `config:`/`machine:` mappings (undefined
 * when the file leaves them out) → the shapes the model reads.
 */
import { parseCmdline } from './cmdline.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE } from './defaults.js';
import { PAGE_SIZE } from './geometry.js';
import type { ConfigParsed, MachineParsed } from './schema.js';
import type { Config, Machine } from './types.js';

function withDefaults<T extends object>(defaults: T, given: { [K in keyof T]?: T[K] | undefined } | undefined): T {
  const out: { -readonly [K in keyof T]: T[K] } = { ...defaults };
  if (given !== undefined) {
    for (const key of Object.keys(given) as (keyof T)[]) {
      const v = given[key];
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/**
 * @param config the output of ConfigSchema, or undefined
 * @param machine the output of MachineSchema, or undefined
 */
export function resolveX86(config: ConfigParsed | undefined, machine: MachineParsed | undefined): { config: Config; machine: Machine } {
  const m = withDefaults(DEFAULT_MACHINE, machine);
  return {
    config: withDefaults(DEFAULT_CONFIG, config),
    machine: {
      ...m,
      // RAM is counted in whole pages (max_pfn = end >> PAGE_SHIFT), so a ragged size rounds down.
      memory: m.memory - (m.memory % PAGE_SIZE),
      params: parseCmdline(m.cmdline).params,
    },
  };
}
