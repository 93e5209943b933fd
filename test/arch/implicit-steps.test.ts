/**
 * ArchPlugin.implicitStepNames lists every name init() gives an implicit
 * step on some machine: the expect:/allow: checks of a file with schema
 * problems accept exactly these. Every shipped scenario (each variant of
 * its matrix) must find its implicit steps in the list.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { archById } from '../../src/arch/index.js';
import { loadVariantsFile } from '../../src/scenario/files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? yamlFiles(p) : d.name.endsWith('.yaml') ? [p] : [];
  });
}

describe('implicit step names', () => {
  it('every implicit step of every shipped scenario is in its plug-in\'s implicitStepNames, and each name occurs', async () => {
    const seen = new Map<string, Set<string>>();
    for (const file of yamlFiles(join(ROOT, 'scenarios'))) {
      const r = await loadVariantsFile(file);
      if (!r.ok) continue;
      for (const v of r.variants) {
        if (!v.ok) continue;
        const plugin = archById(v.scenario.arch);
        if (plugin === undefined) throw new Error(`no plug-in ${v.scenario.arch}`);
        const names = plugin.init(v.scenario, () => undefined).implicit.map((s) => s.name);
        // what the machine says of them (a file with problems reads it, break-251 N9a) is what init() gives
        if (plugin.implicitStepsOf !== undefined) expect(plugin.implicitStepsOf(v.scenario.machine), file).toEqual(names);
        for (const n of names) expect(plugin.implicitStepNames, `${file}${v.scenario.variant === undefined ? '' : `[${v.scenario.variant}]`}`).toContain(n);
        const mine = seen.get(plugin.id) ?? new Set<string>();
        for (const n of names) mine.add(n);
        seen.set(plugin.id, mine);
      }
    }
    // no name listed that no shipped scenario produces (a stale entry would hide a typo)
    for (const [id, names] of seen) expect([...names].sort(), id).toEqual([...(archById(id)?.implicitStepNames ?? [])].sort());
  });

  it('x86_32: a machine as a file writes it says its implicit step (none written is native); a value that does not read says nothing', () => {
    const plugin = archById('x86_32');
    expect(plugin?.implicitStepsOf?.({ memory: '512MiB' })).toEqual(['head_32']);
    expect(plugin?.implicitStepsOf?.(undefined)).toEqual(['head_32']);
    expect(plugin?.implicitStepsOf?.({ hypervisor: 'vmi' })).toEqual(['head_32']);
    expect(plugin?.implicitStepsOf?.({ hypervisor: 'xen' })).toEqual(['xen_start_kernel']);
    expect(plugin?.implicitStepsOf?.({ hypervisor: 'xne' })).toBeUndefined();
  });
});
