/**
 * Done-when of the variants issue: every shipped variant replays byte for
 * byte like the same order written out by hand. A replay's output (findings
 * with messages, addresses, fixes; the layout; the step-by-step trace) is
 * compared with everything that only says where text is (file, line,
 * column, the scenario's name) left out, since those differ by design.
 *
 * The hand-written twins are independent of composing: the shipped flat
 * files (../2.6.27-rc1-vmi.yaml, -rc2-…, -rc3-…), and for the matrix and the
 * define: example, a flat file made by editing the rc3 text as text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gateResult } from '../../src/gate/gate.js';
import { replayWith } from '../../src/replay/replay.js';
import { formatJson } from '../../src/report/json.js';
import { resultOf } from '../../src/report/result.js';
import { PLAIN } from '../../src/report/text.js';
import { formatTrace } from '../../src/report/trace-text.js';
import { check } from '../../src/rules/index.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import { composeScenario } from '../../src/scenario/compose/compose.js';
import { fsReaderFor, loadScenarioFile } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/loader.js';
import type { Scenario } from '../../src/scenario/types.js';

const DIR = 'scenarios/x86_32';
const VARIANTS = `${DIR}/variants`;

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!['file', 'line', 'column', 'name', 'variant'].includes(k)) out[k] = strip(x);
  return out;
}

/** The replay's output without positions and names. */
function replayBytes(plugin: ArchPlugin, s: Scenario): string {
  const trace = replayWith(plugin, s);
  const { result } = gateResult(resultOf(plugin, trace, check(trace, plugin)), { expect: [], allow: [] }, { noAllow: false });
  const json = JSON.parse(formatJson({ results: [result], problems: [], baseline: false, absent: [] })) as unknown;
  const steps = formatTrace(plugin, trace, PLAIN, true).split('\n').slice(1).join('\n');
  return `${JSON.stringify(strip(json), null, 1)}\n${steps}`;
}

async function flat(file: string): Promise<string> {
  const r = await loadScenarioFile(file);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return replayBytes(r.plugin, r.scenario);
}

function flatText(text: string, file: string): string {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return replayBytes(r.plugin, r.scenario);
}

function composed(file: string): { variant: string | undefined; bytes: string; scenario: Scenario }[] {
  const r = composeScenario(readFileSync(file, 'utf8'), file, fsReaderFor(file));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.variants.map((v) => {
    if (!v.ok) throw new Error(`${v.variant} is invalid`);
    return { variant: v.scenario.variant, bytes: replayBytes(r.plugin, v.scenario), scenario: v.scenario };
  });
}

const rc3 = readFileSync(`${DIR}/2.6.27-rc3-vmi-fix.yaml`, 'utf8');

/** The rc3 text with machine/config values replaced, as a person would edit the file. */
function rc3With(hypervisor: string, memory: string, pae: string): string {
  return rc3.replace(/^ {2}pae: false$/m, `  pae: ${pae}`).replace(/^ {2}memory: 512MiB$/m, `  memory: ${memory}`).replace(/^ {2}hypervisor: vmi$/m, `  hypervisor: ${hypervisor}`);
}

const TWINS: Readonly<Record<string, (variant: string | undefined) => Promise<string> | string>> = {
  'base-2.6.27-rc1-vmi.yaml': () => flat(`${DIR}/2.6.27-rc1-vmi.yaml`),
  '2.6.27-rc2-first-proposal.yaml': () => flat(`${DIR}/2.6.27-rc2-vmi-first-proposal.yaml`),
  '2.6.27-rc3-fix.yaml': () => flat(`${DIR}/2.6.27-rc3-vmi-fix.yaml`),
  '2.6.27-rc3-early-quirk.yaml': () => flatText(
    rc3.replace(/^ {2}- setup_memory_map$/m, '  - setup_memory_map\n  - bios_quirk_probe')
      .replace(/^setup_arch:$/m, 'define:\n  bios_quirk_probe:\n    doc: quirk\n    needs: [e820]\n    early_ioremap: 4KiB\nsetup_arch:'),
    'flat-quirk.yaml',
  ),
  'rc3-fix-matrix.yaml': (variant) => {
    const m = /^hypervisor=(\w+),memory=(\w+),pae=(\w+)$/.exec(variant ?? '');
    if (m === null) throw new Error(`unexpected variant ${variant ?? ''}`);
    return flatText(rc3With(m[1] ?? '', m[2] ?? '', m[3] ?? ''), 'flat-matrix.yaml');
  },
};

describe('every shipped variant replays byte for byte like its order written out by hand', () => {
  const files = readdirSync(VARIANTS).filter((f) => f.endsWith('.yaml')).sort();

  it('every file of scenarios/x86_32/variants has a hand-written twin here', () => {
    expect(files).toEqual(Object.keys(TWINS).sort());
  });

  for (const name of files) {
    it(name, async () => {
      const twin = TWINS[name];
      if (twin === undefined) throw new Error(`no twin for ${name}`);
      const variants = composed(`${VARIANTS}/${name}`);
      for (const v of variants) expect(v.bytes, v.variant ?? name).toBe(await twin(v.variant));
    });
  }

  it('the matrix has 10 variants and the derived files really are derived (their steps point into the base)', () => {
    expect(composed(`${VARIANTS}/rc3-fix-matrix.yaml`)).toHaveLength(10);
    const [rc3fix] = composed(`${VARIANTS}/2.6.27-rc3-fix.yaml`);
    expect(rc3fix?.scenario.steps[0]?.pos.file).toBe(`${VARIANTS}/base-2.6.27-rc1-vmi.yaml`);
    expect(rc3fix?.scenario.steps.find((s) => s.call === 'vmi_init')?.pos.file).toBeUndefined();
  });
});
