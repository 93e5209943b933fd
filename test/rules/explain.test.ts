/**
 * Every rule's `explain` text serves as its SARIF help (GitHub shows it next
 * to an alert), so it must stand alone: what the rule checks, the kernel
 * source it encodes, what goes wrong, and how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
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
