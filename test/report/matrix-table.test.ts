/**
 * The matrix table at the end of `run`: each row counts what the variant's
 * PASS/FAIL line counts, suppressed findings included (review 9: a row said
 * "2 warnings" where the line said "2 warnings, 1 suppressed").
 */
import { describe, expect, it } from 'vitest';
import { matrixRows } from '../../src/cli/matrix-rows.js';
import type { LoadedFile } from '../../src/cli/load.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { formatMatrixTables } from '../../src/report/matrix-table.js';
import { formatText, PLAIN } from '../../src/report/text.js';
import { reportOf, shipped } from './helpers.js';

// 2.6.27 on Xen PAE: btmap-pmd-straddle until 2.6.27.8 dropped Xen's two pages of padding (5dc64a3442b),
// expected on one variant and allowed on another
const FILES = { 'x/2.6.27-vmi.yaml': shipped('scenarios/x86_32/2.6.27-vmi.yaml') };
const TEXT = `extends: 2.6.27-vmi.yaml
name: 2.6.27.y Xen PV
config: {pae: true}
machine: {memory: 1GiB, hypervisor: xen}
matrix:
  kernel: [2.6.27, 2.6.27.7, 2.6.27.8]
expect:
  - {rule: btmap-pmd-straddle, step: early_ioremap_init, variant: "kernel=2.6.27"}
allow:
  - {rule: btmap-pmd-straddle, step: early_ioremap_init, variant: "kernel=2.6.27.7", reason: "Xen padding; fixed in 2.6.27.8"}
`;

describe('matrix table', () => {
  it('counts each variant as its PASS/FAIL line does: live findings, then expected and suppressed ones', () => {
    const file = 'x/m.yaml';
    const composed = parseVariants(TEXT, file, memoryReader({ ...FILES, [file]: TEXT }));
    if (!composed.ok || composed.matrix === undefined) throw new Error('no matrix');
    const entries = composed.variants.map((v) => (v.ok ? { ok: true as const, plugin: composed.plugin, scenario: v.scenario } : { ok: false as const, variant: v.variant }));
    const loaded: LoadedFile = { file, matrix: composed.matrix, entries };
    const { results } = reportOf([{ file, text: TEXT, files: { ...FILES, [file]: TEXT } }]);
    const table = formatMatrixTables(matrixRows([loaded], results), PLAIN);
    expect(table.split('\n').slice(2, 6)).toEqual([
      '  kernel    verdict',
      '  2.6.27    PASS  1 expected',
      '  2.6.27.7  PASS  2 warnings, 1 suppressed',
      '  2.6.27.8  PASS  2 warnings',
    ]);
    // and the PASS lines say the same
    const text = formatText(results, PLAIN, { verbose: false, layout: false });
    for (const row of ['1 expected', '2 warnings, 1 suppressed', '2 warnings']) expect(text).toMatch(new RegExp(`^PASS .*  ${row}$`, 'm'));
  });
});
