/**
 * x86_32 defaults: the validated `config:`/`machine:` mappings (undefined
 * when the file leaves them out) → the shapes the model reads.
 */
import { parseCmdline } from './cmdline.js';
import { argSeparators } from './history.js';
import { x86Kernel } from './kernel-version.js';
import type { KernelVersion as GenericKernelVersion } from '../types.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE, defaultSystemMap } from './defaults.js';
import { PAGE_SIZE } from './geometry.js';
import { pfnUp } from './pagetables/image.js';
import { xenBoot } from './pagetables/xen-boot.js';
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
 * @param kernel the scenario's kernel: how it splits machine.cmdline (history.ts PARAMS_ISSPACE)
 */
export function resolveX86(config: ConfigParsed | undefined, machine: MachineParsed | undefined, kernel?: GenericKernelVersion): { config: Config; machine: Machine } {
  // nested mappings get their own defaults below
  const { cpu: givenCpu, ...flatMachine } = machine ?? {};
  const { system_map: givenMap, ...flatConfig } = config ?? {};
  const m = withDefaults(DEFAULT_MACHINE, flatMachine);
  const c = withDefaults(DEFAULT_CONFIG, flatConfig);
  const systemMap = withDefaults(defaultSystemMap(c.page_offset), givenMap);
  // RAM is counted in whole pages (max_pfn = end >> PAGE_SHIFT), so a ragged size rounds down.
  const memory = m.memory - (m.memory % PAGE_SIZE);
  // start_info.pt_base / nr_pt_frames: the given ones, else where the domain builder puts them
  const givenBase = machine?.xen_pt_base;
  const xen = xenBoot(pfnUp(systemMap._end - c.page_offset), memory / PAGE_SIZE,
    givenBase === undefined ? null : Math.floor((givenBase - c.page_offset) / PAGE_SIZE), machine?.xen_nr_pt_frames ?? null);
  return {
    config: { ...c, system_map: systemMap },
    machine: {
      ...m,
      cpu: withDefaults(DEFAULT_MACHINE.cpu, givenCpu),
      memory,
      xen_pt_base: c.page_offset + xen.ptBase * PAGE_SIZE,
      xen_nr_pt_frames: xen.nrPtFrames,
      params: parseCmdline(m.cmdline, argSeparators(x86Kernel(kernel))).params,
    },
  };
}
