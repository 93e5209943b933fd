// The least a tool built on this project's dependencies does for `run FILE`, and nothing of
// bootreplay: read the scenario, parse it with yaml (positions through a LineCounter, as
// src/scenario/yaml-document.ts does), validate it with a zod/mini schema of a scenario's
// shape, and write one line. bench/run.mjs bundles it as the build bundles bootreplay
// (esbuild, yaml's ESM build, minified CommonJS) and runs it the way bin/bootreplay.js runs
// the bundle (vm.Script with a code cache warmed by one run), so its cold start is the floor
// under a cold `bootreplay run` that the dependencies alone set (shown for information).
import { readFileSync, writeSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod/mini';

const flag = z.optional(z.boolean());
const size = z.optional(z.union([z.string(), z.number()]));
const text = z.optional(z.string());
const scenario = z.strictObject({
  name: z.string(),
  description: text,
  arch: z.optional(z.enum(['x86_32', 'arm64', 'riscv'])),
  kernel: z.string(),
  config: z.optional(z.strictObject({
    pae: flag, nr_cpus: z.optional(z.number()), page_offset: size, highmem: flag, debug_highmem: flag, local_apic: flag,
    io_apic: flag, acpi: flag, acpi_numa: flag, pci_mmconfig: flag, paravirt: flag, ohci1394_dma_init: flag, intel_txt: flag,
    compat_vdso: flag, system_map: flag, pagetable_init_policy: text,
  })),
  machine: z.optional(z.strictObject({
    memory: size, hypervisor: z.optional(z.enum(['none', 'vmi', 'xen'])), cmdline: text, acpi_tables: text, highmem_start: size,
  })),
  setup_arch: z.array(z.union([z.string(), z.strictObject({ call: z.string(), note: text, source: text })])),
  expect: z.optional(z.array(z.strictObject({ rule: z.string(), step: text, related: text, count: z.optional(z.number()), note: text }))),
});

/** Reads, parses and validates `file`; writes "FILE: N calls, valid" or the first problem at its line:col. */
export function main(file) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, keepSourceTokens: true, prettyErrors: false });
  const result = scenario.safeParse(doc.toJS());
  if (doc.errors.length > 0 || !result.success) {
    const at = doc.errors[0] !== undefined ? lineCounter.linePos(doc.errors[0].pos[0]) : { line: 1, col: 1 };
    writeSync(2, `${file}:${at.line}:${at.col}: ${doc.errors[0]?.message ?? result.error?.issues[0]?.message}\n`);
    return 2;
  }
  writeSync(1, `${file}: ${result.data.setup_arch.length} calls, valid\n`);
  return 0;
}
