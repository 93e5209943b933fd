/**
 * Every rule's `explain` text serves as its SARIF help (GitHub shows it next
 * to an alert), so it must stand alone: what the rule checks, the kernel
 * source it encodes, what goes wrong, and how to fix it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, check } from '../../src/rules/index.js';
import { replayWith } from '../../src/replay/replay.js';
import { fsReaderFor } from '../../src/scenario/files.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { ROOT } from '../report/helpers.js';
import { explainMarkdown } from '../../src/report/explain-markdown.js';

describe.each(allRules().map((r) => [`${r.arch}/${r.rule.meta.id}`, r.rule.meta] as const))('%s', (_id, meta) => {
  it('explains what, where in the kernel, and how to fix', () => {
    expect(meta.explanation.length).toBeGreaterThan(600);
    expect(meta.explanation).toMatch(/\b[\w/-]+\.[ch]\b|include\/asm-|Kconfig/);
    expect(meta.explanation).toMatch(/^Fix: /m);
    expect(meta.doc.length).toBeGreaterThan(30);
  });

  it('places reserve_top_address() per version: pgtable_32.c, pgtable.c from 2.6.30-rc1 (DerArtem@577c9c456f0:arch/x86/mm/pgtable.c:323)', () => {
    for (const m of meta.explanation.matchAll(/reserve_top_address\(\) \(([^)]*pgtable[^)]*)\)/g)) expect(m[1]).toBe('arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.30');
  });

  it('becomes Markdown that keeps every word and identifier', () => {
    const md = explainMarkdown(meta.id, meta.doc, meta.explanation);
    const words = (s: string): string[] => s.replace(/\\(.)/g, '$1').replace(/```text\n|```/g, '').split(/\s+/).filter((w) => w !== '' && w !== '-' && w !== '##');
    expect(words(md)).toEqual(words(`${meta.id} ${meta.doc} ${meta.explanation}`).map((w) => w.replace(/^-$/, '')).filter((w) => w !== ''));
  });
});

/**
 * `explain` shows each rule's severities (RuleMeta.severity and alsoReports): a user deciding whether a
 * CI-failing rule can be a warning reads it there (break-253 N2: lowmem-before-relocation was shown as
 * `error` while the shipped 2.6.26-vmi-2g.yaml reports it as a warning). Every severity a shipped
 * scenario's findings take must be among those shown.
 */
describe('the severities explain shows', () => {
  it('include every severity the shipped scenarios make each rule report', () => {
    const seen = new Map<string, Set<string>>();
    for (const file of yamlFilesUnder(join(ROOT, 'scenarios'))) {
      const r = parseVariants(readFileSync(file, 'utf8'), file, fsReaderFor(file));
      if (!r.ok) continue;
      for (const v of r.variants) {
        if (!v.ok) continue;
        for (const f of check(replayWith(r.plugin, v.scenario), r.plugin)) {
          const key = `${r.plugin.id}/${f.rule}`;
          seen.set(key, (seen.get(key) ?? new Set()).add(f.severity));
        }
      }
    }
    const shown = new Map<string, readonly string[]>(allRules().map((r) => [`${r.arch}/${r.rule.meta.id}`, [r.rule.meta.severity, ...(r.rule.meta.alsoReports ?? [])]]));
    const missing = [...seen].flatMap(([key, severities]) => [...severities].filter((s) => !(shown.get(key) ?? []).includes(s)).map((s) => `${key} ${s}`));
    expect(missing).toEqual([]);
    // the table above is not vacuous: the shipped scenarios make rules report more than one severity
    expect([...seen.values()].some((s) => s.size > 1)).toBe(true);
  });
});

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFilesUnder(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []);
}
