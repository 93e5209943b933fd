/**
 * constraints: the ordering contract of the 2.6.27 setup_arch() over
 * hypervisor × PAE, derived by replay. Pins of issue 8: "vmi_init before
 * early_ioremap_init" (VMI; latent on this order: nothing early_ioremaps in
 * the window) and "early_ioremap_init before dmi_scan_machine", with their
 * rules, and no edge that touches a call without an effect. The pictures are
 * rendered by Graphviz dot (Debian's graphviz package; .ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { constraints, type ConstraintsReport } from '../../src/compare/constraints.js';
import { ReplayEngine } from '../../src/compare/engine.js';
import { judge, MoveTable } from '../../src/compare/judge.js';
import { displayName, type Step } from '../../src/scenario/types.js';
import { formatConstraintsDot, formatConstraintsJson, formatConstraintsMermaid, formatConstraintsText } from '../../src/report/constraints.js';
import { PLAIN } from '../../src/report/text.js';
import { machinesOf, ROOT } from './load.js';

const FILE = 'test/compare/fixtures/2.6.27-vmi.yaml';

async function tables(file: string, sets: string[]): Promise<MoveTable[]> {
  return (await machinesOf(file, sets)).map((m) => new MoveTable(new ReplayEngine(m.plugin, m.scenario)));
}

const report: ConstraintsReport = constraints(await tables(FILE, ['machine.hypervisor=none,vmi,xen', 'config.pae=false,true']));
const edge = (before: string, after: string) => report.edges.find((e) => e.before === before && e.after === after);
const onHypervisor = (hv: string) => report.machines.filter((m) => m.includes(`hypervisor=${hv},`));

describe('constraints under a late acpi=off (break-290 F2)', () => {
  // acpi_numa_init() finds the SRAT in the list acpi_boot_table_init() filled before acpi=off was parsed
  // (drivers/acpi/numa.c:241-253, tables.c:241-258 at caglar10ur/linux-2.6.27.y@6e86841d05f): parsing acpi=off
  // earlier than acpi_numa_init removes nothing, so there is no edge from parse_early_param to it
  it('no "parse_early_param before acpi_numa_init" edge, with acpi=off parsed early or late; acpi_boot_table_init keeps its edge', async () => {
    const early = constraints(await tables('scenarios/x86_32/2.6.27-rc1-vmi-pae-4g.yaml', ['machine.cmdline=acpi=off']));
    expect(early.edges.find((e) => e.before === 'parse_early_param' && e.after === 'acpi_numa_init')).toBeUndefined();
    expect(early.edges.find((e) => e.before === 'parse_early_param' && e.after === 'acpi_boot_table_init')?.labels.map((l) => l.rule)).toContain('fixmap-before-relocation');
    const late = constraints(await tables('test/compare/fixtures/2.6.27-rc1-vmi-pae-4g-acpi-off-late.yaml', []));
    expect(late.edges.find((e) => e.before === 'parse_early_param' && e.after === 'acpi_numa_init')).toBeUndefined();
  });
});

describe('constraints of 2.6.27 over hypervisor × PAE', () => {
  it('vmi_init before early_ioremap_init: latent, on the VMI machines', () => {
    const e = edge('vmi_init', 'early_ioremap_init');
    expect(e?.kind).toBe('latent');
    expect(e?.labels.map((l) => [l.rule, l.severity, l.machines])).toEqual([['early-ioremap-init-before-relocation', 'warning', onHypervisor('vmi')]]);
    expect(e?.example).toMatch(/hooks bm_pte into the PMD at/);
  });

  it('early_ioremap_init before dmi_scan_machine: an error (dmi early_ioremaps before bm_pte is hooked in), on every machine Xen PAE included', () => {
    const e = edge('early_ioremap_init', 'dmi_scan_machine');
    expect(e?.kind).toBe('error');
    // Xen without PAE is left out (config-unsupported); on Xen PAE the other side of the
    // pair (dmi_scan_machine just after early_ioremap_init) breaks too, by straddling
    // bm_pte's PMD, and the edge must still name the machine
    expect(report.unsupported.map((u) => u.machine)).toEqual([`${FILE}[hypervisor=xen,pae=false]`]);
    expect(report.machines).toContain(`${FILE}[hypervisor=xen,pae=true]`);
    expect(e?.labels.map((l) => [l.rule, l.severity, l.machines])).toEqual([['missing-prerequisite', 'error', report.machines]]);
    expect(e?.example).toMatch(/dmi_scan_machine early_ioremaps FIX_BTMAP_BEGIN .* before early_ioremap_init has hooked bm_pte/);
  });

  it('a hazard that only moves between the two sides of a pair gives no edge back (Xen PAE btmap straddle)', () => {
    // dmi_scan_machine just after early_ioremap_init straddles the PMD (an error), just
    // before it the same straddle is early_ioremap_init's warning: not "dmi before early_ioremap_init"
    expect(edge('dmi_scan_machine', 'early_ioremap_init')).toBeUndefined();
  });

  it('the VMI relocation before the fixmap page tables, which come before the DMI scan on VMI', () => {
    expect(edge('vmi_init', 'init_memory_mapping')?.labels.map((l) => [l.rule, l.machines])).toEqual([['fixmap-before-relocation', onHypervisor('vmi')]]);
    // on Xen PAE the 64 KiB DMI scan crosses out of bm_pte's PMD unless the fixmap page tables are built (kind 6)
    expect(edge('init_memory_mapping', 'dmi_scan_machine')?.labels.map((l) => l.rule)).toEqual(['btmap-pmd-straddle', 'stale-early-ioremap']);
  });

  it('no edge touches a call without an effect, and those calls are listed as left out', () => {
    const inert = new Set(report.inert);
    expect(inert.has('copy_edd') && inert.has('kvmclock_init') && inert.has('early_quirks')).toBe(true);
    for (const e of report.edges) {
      expect(inert.has(e.before) || inert.has(e.after), `${e.before} before ${e.after}`).toBe(false);
    }
  });

  it('the transitive reduction drops implied edges, never an error edge for a latent path', () => {
    const reduced = report.edges.filter((e) => e.reduced);
    expect(reduced.length).toBeLessThan(report.edges.length);
    // parse_early_param → find_low_pfn_range is implied by parse_early_param → e820_end_of_ram_pfn → find_low_pfn_range
    expect(edge('parse_early_param', 'find_low_pfn_range')?.reduced).toBe(false);
    expect(edge('vmi_init', 'early_ioremap_init')?.reduced).toBe(true);
    // every dropped edge is still implied by the kept ones
    const kept = new Map<string, string[]>();
    for (const e of reduced) kept.set(e.before, [...(kept.get(e.before) ?? []), e.after]);
    const reach = (a: string, b: string): boolean => {
      const seen = new Set([a]);
      const todo = [a];
      while (todo.length > 0) {
        for (const n of kept.get(todo.pop() as string) ?? []) {
          if (n === b) return true;
          if (!seen.has(n)) { seen.add(n); todo.push(n); }
        }
      }
      return false;
    };
    for (const e of report.edges) expect(reach(e.before, e.after), `${e.before} before ${e.after}`).toBe(true);
  });
});

const r28 = constraints(await tables('scenarios/x86_32/2.6.28-vmi.yaml', ['machine.hypervisor=none,vmi', 'config.pae=false,true']));

describe('edges from every position the engine tries, with the severity per machine (2.6.28 over hypervisor × PAE)', () => {
  // 2.6.28's order already has vmi_init before vmi_activate and early_ioremap_init
  // before dmi_scan_machine: the calls that close vmi_init's own window are
  // others, so these edges come only from positions away from the call's window
  const edge28 = (before: string, after: string) => r28.edges.find((e) => e.before === before && e.after === after);
  const vmi = r28.machines.filter((m) => m.includes('hypervisor=vmi,'));
  const none = r28.machines.filter((m) => m.includes('hypervisor=none,'));

  it('vmi_init before vmi_activate: an error on VMI (vmi_activate needs the VMI ROM), harmless elsewhere', () => {
    const e = edge28('vmi_init', 'vmi_activate');
    expect(e?.kind).toBe('error');
    expect(e?.labels.map((l) => [l.rule, l.severity, l.harmless, l.machines])).toEqual([
      ['missing-prerequisite', 'error', false, vmi],
      ['missing-prerequisite', 'warning', true, none],
    ]);
    expect(e?.example).toMatch(/vmi_activate needs the VMI ROM/);
  });

  it('early_ioremap_init before dmi_scan_machine on every machine, the VMI ones included', () => {
    const e = edge28('early_ioremap_init', 'dmi_scan_machine');
    expect(e?.labels.map((l) => [l.rule, l.severity, l.machines])).toEqual([['missing-prerequisite', 'error', r28.machines]]);
  });

  it('vmi_init before acpi_boot_table_init on both VMI machines, though on non-PAE VMI the other side breaks too', () => {
    // acpi_boot_table_init just before vmi_init maps FIX_ACPI_END before the relocation
    // (both VMI machines); just after it, on non-PAE VMI, the moved fixmap has no page
    // table until init_memory_mapping: both orders of the pair are broken there
    const e = edge28('vmi_init', 'acpi_boot_table_init');
    expect(e?.labels.map((l) => [l.rule, l.severity, l.machines])).toEqual([['fixmap-before-relocation', 'error', vmi]]);
    // that other error names init_memory_mapping, not vmi_init: it is init_memory_mapping's edge
    expect(edge28('acpi_boot_table_init', 'vmi_init')).toBeUndefined();
    expect(edge28('init_memory_mapping', 'acpi_boot_table_init')?.labels.map((l) => l.rule)).toEqual(['missing-prerequisite']);
  });
});

/**
 * The orders of the definition, written out without the move tables: the
 * file's order with `moved` taken out and put back just before or just after
 * `other` (the first occurrence of each).
 */
function around(order: readonly Step[], moved: string, other: string, side: 'before' | 'after'): Step[] {
  const m = order.find((s) => s.call === moved) as Step;
  const rest = order.filter((s) => s !== m);
  const at = rest.findIndex((s) => s.call === other) + (side === 'after' ? 1 : 0);
  return [...rest.slice(0, at), m, ...rest.slice(at)];
}

/**
 * The machines where "a before b" breaks when swapped, by the definition: with
 * a moved next to b or b next to a (the other calls where the file has them),
 * the order with b before a has an error of `rule` naming both calls that the
 * order with a before b lacks.
 */
async function swapBreaks(file: string, sets: string[], a: string, b: string, rule: string): Promise<string[]> {
  const out: string[] = [];
  for (const m of await machinesOf(file, sets)) {
    const engine = new ReplayEngine(m.plugin, m.scenario);
    const pairs = [
      [around(engine.base, a, b, 'before'), around(engine.base, a, b, 'after')],
      [around(engine.base, b, a, 'after'), around(engine.base, b, a, 'before')],
    ];
    const breaks = pairs.some(([good, bad]) => {
      const g = judge(engine, good as Step[]);
      return [...judge(engine, bad as Step[]).findings].some(([key, v]) => v.rule === rule && v.severity === 'error' && !g.findings.has(key)
        && [v.step, ...v.related.map((r) => r.step)].some((s) => s.name === a) && [v.step, ...v.related.map((r) => r.step)].some((s) => s.name === b));
    });
    if (breaks) out.push(`${m.scenario.file}[${m.scenario.variant ?? ''}]`);
  }
  return out;
}

describe('every edge names exactly the machines where the swap breaks (orders written out and replayed)', () => {
  const MATRIX_28 = ['machine.hypervisor=none,vmi', 'config.pae=false,true'];
  const MATRIX_27 = ['machine.hypervisor=none,vmi,xen', 'config.pae=false,true'];
  const supported27 = (ms: string[]): string[] => ms.filter((m) => !m.endsWith('[hypervisor=xen,pae=false]'));
  it.each([
    ['scenarios/x86_32/2.6.28-vmi.yaml', MATRIX_28, 'vmi_init', 'acpi_boot_table_init', 'fixmap-before-relocation'],
    ['scenarios/x86_32/2.6.28-vmi.yaml', MATRIX_28, 'vmi_init', 'early_ioremap_init', 'stale-early-ioremap'],
    ['scenarios/x86_32/2.6.28-vmi.yaml', MATRIX_28, 'init_memory_mapping', 'acpi_boot_table_init', 'missing-prerequisite'],
    [FILE, MATRIX_27, 'early_ioremap_init', 'dmi_scan_machine', 'missing-prerequisite'],
    [FILE, MATRIX_27, 'vmi_init', 'acpi_boot_table_init', 'fixmap-before-relocation'],
  ])('%s %j: %s before %s (%s)', async (file, sets, a, b, rule) => {
    const r = file === FILE ? report : r28;
    const expected = await swapBreaks(file, sets, a, b, rule);
    expect(expected.length).toBeGreaterThan(0);
    const e = r.edges.find((x) => x.before === a && x.after === b);
    expect(e?.labels.filter((l) => l.rule === rule && l.severity === 'error').flatMap((l) => l.machines)).toEqual(file === FILE ? supported27(expected) : expected);
  });
});

describe('pictures', () => {
  const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).error === undefined;

  // CI installs graphviz (.ci/run), so there a missing dot fails instead of skipping
  it.skipIf(!hasDot && process.env.CI === undefined)('DOT renders with Graphviz dot, latent edges dashed', () => {
    const dot = formatConstraintsDot(report);
    expect(dot).toMatch(/"vmi_init" -> "early_ioremap_init" \[label="early-ioremap-init-before-relocation \(latent\) \[.*\]", style=dashed\];/);
    expect(dot).toMatch(/"early_ioremap_init" -> "dmi_scan_machine" \[label="missing-prerequisite.*"\];/);
    const r = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    expect(r.error, 'Graphviz dot is not installed (apt-get install graphviz)').toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/<svg[\s\S]*<title>vmi_init&#45;&gt;early_ioremap_init<\/title>[\s\S]*stroke-dasharray/);
  });

  it('Mermaid is a flowchart of declared nodes and labelled edges (dotted for latent)', () => {
    const lines = formatConstraintsMermaid(report).trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart TD');
    const nodes = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const node = /^ {2}(n\d+)\["([a-z0-9_]+)"\]$/.exec(l);
      if (node !== null) { nodes.set(node[2] ?? '', node[1] ?? ''); continue; }
      expect(l, 'an edge line').toMatch(/^ {2}n\d+ (-- "[^"]+" -->|-\. "[^"]+" \.->) n\d+$/);
      for (const id of l.match(/\bn\d+\b/g) ?? []) expect([...nodes.values()]).toContain(id);
    }
    expect(lines).toContain(`  ${nodes.get('vmi_init') ?? '?'} -. "early-ioremap-init-before-relocation (latent) [hypervisor=vmi,pae=false; hypervisor=vmi,pae=true]" .-> ${nodes.get('early_ioremap_init') ?? '?'}`);
  });
});

describe('pictures of hostile machine names (variant values are user text)', () => {
  // a --set or matrix value that tries to close the label, add HTML, start an entity or a comment
  const evil = 'f.yaml[cmdline=r}"];\nevil [label="<b>&#35;x%%\u202e\u0000`|]';
  const hostile: ConstraintsReport = {
    machines: ['f.yaml[cmdline=x]', evil],
    file: 'f.yaml',
    unsupported: [],
    halted: [],
    calls: ['vmi_init', 'early_ioremap_init'],
    inert: [],
    edges: [{
      before: 'vmi_init', after: 'early_ioremap_init', kind: 'latent', reduced: true, example: '',
      labels: [{ rule: 'early-ioremap-init-before-relocation', severity: 'warning', harmless: false, machines: [evil] }],
    }],
    phases: [],
    replays: 1,
  };

  it('Mermaid: every character that HTML or Mermaid would read is an entity code, each line one line', () => {
    const edgeLine = formatConstraintsMermaid(hostile).split('\n').find((l) => l.includes(' -. ')) ?? '';
    const label = /^ {2}n0 -\. "(.*)" \.-> n1$/.exec(edgeLine)?.[1];
    expect(label).toBeDefined();
    // nothing that ends the label, opens a tag or an entity, a Markdown string, edge text or a comment
    expect(label).not.toMatch(/["<>&`|%\u0000\u202e]|#(?!\d+;)/);
    // the newline of the value is shown as text output shows it (\n), the controls as escapes
    expect(label).toBe('early-ioremap-init-before-relocation (latent) [cmdline=r#125;#34;];#92;nevil [label=#34;#60;b#62;#38;#35;35;x#37;#37;#92;u202e#92;x00#96;#124;]');
  });

  it('DOT: quotes and backslashes escaped for DOT, controls and bidi shown as escapes', () => {
    const edgeLine = formatConstraintsDot(hostile).split('\n').find((l) => l.includes(' -> ')) ?? '';
    expect(edgeLine).toBe('  "vmi_init" -> "early_ioremap_init" [label="early-ioremap-init-before-relocation (latent) [cmdline=r}\\"];\\\\nevil [label=\\"<b>&#35;x%%\\\\u202e\\\\x00`|]", style=dashed];');
    expect(edgeLine).not.toMatch(/[\u0000\u202e]/);
    const r = spawnSync('dot', ['-Tsvg'], { input: formatConstraintsDot(hostile), encoding: 'utf8' });
    if (r.error === undefined) expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('bootreplay constraints (CLI)', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('text lists the edges with rules and machines; one graph per file needs --matrix for pictures', () => {
    const r = cli([FILE, '--matrix', '--set', 'machine.hypervisor=none,vmi', '--set', 'config.pae=false,true']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\* vmi_init before early_ioremap_init +early-ioremap-init-before-relocation \(latent\) \[hypervisor=vmi,pae=false; hypervisor=vmi,pae=true\]$/m);
    const two = cli([FILE, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', '-f', 'dot']);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/use --matrix/);
    // one file named twice is read once (as run reads it): one machine, one graph
    const same = cli([FILE, `./${FILE}`, '-f', 'dot']);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^digraph setup_arch \{\n {2}label="setup_arch\(\) ordering constraints \(1 machine\)/);
    // one variant of a matrix file is one graph
    const one = cli(['scenarios/x86_32/variants/rc3-fix-matrix.yaml[hypervisor=vmi,memory=512MiB,pae=false]', '-f', 'dot']);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^digraph setup_arch \{\n {2}label="setup_arch\(\) ordering constraints \(1 machine\)/);
  });
});

describe('bootreplay constraints: what it refuses, and how it says so', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('one graph over two architectures: exit 2, naming both files and their architectures', () => {
    const r = cli(['scenarios/x86_32/2.6.27-vmi.yaml', 'scenarios/riscv/v5.14.yaml', '--matrix']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bootreplay: --matrix makes one answer over machines of one architecture, but scenarios/x86_32/2.6.27-vmi.yaml is x86_32 and scenarios/riscv/v5.14.yaml is riscv: reason over each architecture in its own run, or leave out --matrix for one answer per machine\n');
    // without --matrix each file is its own graph
    const own = cli(['scenarios/x86_32/2.6.27-vmi.yaml', 'scenarios/riscv/v5.14.yaml']);
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^constraints of scenarios\/riscv\/v5\.14\.yaml$/m);
  });

  it('every machine unsupported: one line for the reason and one per machine and error, no escaped line break', () => {
    const r = cli(['scenarios/x86_32/2.6.27-rc1-vmi.yaml', '--set', 'machine.hypervisor=xen', '--set', 'config.pae=false']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('\\n');
    expect(r.stderr.split('\n')).toEqual([
      'bootreplay: every machine has an error that no order of its calls changes (its kernel, configuration, machine or command line), so no order can be judged:',
      expect.stringMatching(/^ {2}scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml\[hypervisor=xen,pae=false\]: config-unsupported: a 32-bit Xen pv guest needs config\.pae: true/),
      '',
    ]);
  });

  it('--set of a label (name, description) is refused with what --set may change', () => {
    for (const set of ['name=a,b', 'description=x']) {
      const r = cli(['scenarios/x86_32/2.6.28-vmi.yaml', '--set', set]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^bootreplay: --set ${set}: ${set.split('=')[0] ?? ''} only labels the scenario .*PATH kernel, config\\.KEY or machine\\.KEY`));
    }
  });
});

describe('limits', () => {
  it('an order far longer than a setup_arch() is refused with its length, not run for seconds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const file = join(dir, 'long.yaml');
    const order = readFileSync(`${ROOT}/scenarios/x86_32/2.6.27-rc1-vmi.yaml`, 'utf8').split('\n').filter((l) => /^ {2}- [a-z_0-9]+$/.test(l));
    writeFileSync(file, `kernel: 2.6.27-rc1\nmachine: {hypervisor: vmi}\nsetup_arch:\n${order.join('\n')}\n${Array.from({ length: 550 }, () => '  - io_delay_init').join('\n')}\n`);
    try {
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', file], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      // located at the first call past the limit, so that with several files the message says which one (helper-156)
      expect(r.stderr).toBe(`${file}:124:5: setup_arch: the order has 608 calls, more than the limit of 120 (a setup_arch() has about 55; the work grows with the square of the length): too long for constraints; call 121 is here: shorten the order\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a plan whose steps each do much is refused by its trace events, before anything is judged (break-201 1: 61 s and 1 GB within the step limit)', () => {
    // arm64 v4.4 with 106 RAM banks: every replay maps and KASAN-populates each of them; 128 fdt sizes are 37,632
    // orders of 21 calls, far within MAX_PLANNED_STEPS. (2,041 banks, as break-201 wrote it, are now refused by
    // max-replayed-calls, which weighs each bank past the first as a call: 128 × (21 + 105) = 16,128 is within it.)
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const banks = Array.from({ length: 105 }, (_, i) => `    - {base: 0x${(0x90000000 + i * 0x400000).toString(16)}, size: 2MiB}`).join('\n');
    const base = readFileSync(`${ROOT}/scenarios/arm64/v4.4-debug-rodata-kasan.yaml`, 'utf8').split('expect:')[0] ?? '';
    expect(base).toContain('  memory: 2GiB\n  phys_offset: 0x80000000\n');
    const many = base.replace('  memory: 2GiB\n  phys_offset: 0x80000000\n', `  banks:\n    - {base: 0x80000000, size: 64MiB}\n${banks}\n`);
    writeFileSync(join(dir, 'banks.yaml'), `${many}matrix:\n  machine.fdt_size: [${Array.from({ length: 128 }, (_, i) => 4096 * (i + 1)).join(', ')}]\n`);
    writeFileSync(join(dir, 'few.yaml'), `${many}matrix:\n  machine.fdt_size: [4096, 8192]\n`);
    try {
      const cli = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [`${ROOT}/bin/bootreplay.js`, ...args], { cwd: dir, encoding: 'utf8' });
      const matrix = cli('constraints', 'banks.yaml', '--matrix');
      expect([matrix.status, matrix.stdout]).toEqual([2, '']);
      expect(matrix.stderr).toMatch(/^bootreplay: constraints over 128 machines of banks\.yaml would replay orders making about 13\d{6} trace events and findings \(37632 orders of 21 calls\), more than the limit of 8000000: use fewer machines\n$/);
      // each machine on its own: the whole command is bounded before any is answered
      expect(cli('constraints', 'banks.yaml').stderr).toMatch(/^bootreplay: constraints for 128 machines of banks\.yaml, each answered on its own, would replay orders making about \d+ trace events and findings in all \(\d+ orders over 128 answers\), more than the limit of 8000000: /);
      // the same machine twice is well within it, and answered
      const few = cli('constraints', 'few.yaml', '--matrix');
      expect([few.status, few.stderr]).toEqual([0, '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inert calls are listed once by name, however often the order has them', () => {
    expect(new Set(report.inert).size).toBe(report.inert.length);
    expect(report.inert.some((c) => c.includes('#'))).toBe(false);
  });
});

describe('the example finding of an edge', () => {
  it('is one at the edge\'s own calls, not a later finding the model reports after a BUG the kernel never survives (review 16b, 3.2)', async () => {
    // v4.6 with paging_init before setup_machine_fdt: early_pgtable_alloc() → memblock_alloc() panics at paging_init
    // (chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:1208-1219); the model goes on and
    // reports mark_rodata_ro's live writes too, which the kernel never reaches
    const r = constraints(await tables('scenarios/arm64/v4.6.yaml', []));
    const e = r.edges.find((x) => x.before === 'setup_machine_fdt' && x.after === 'paging_init');
    expect(e?.example).toMatch(/^paging_init needs a new pgd \(L1\) table and early_pgtable_alloc\(\) cannot provide it/);
    // and those never-reached findings give the edge no label either (review 19c F5): bbm-violation is mark_rodata_ro's, after the panic
    expect(e?.labels.map((l) => l.rule)).not.toContain('bbm-violation');
  });
});

describe('a machine whose kernel halts before setup_arch() (review 19c F5)', () => {
  // riscv 5.10 with a 138 MiB image: setup_vm()'s BUG_ON(load_sz > MAX_EARLY_MAPPING_SIZE) with the MMU off
  // (ejga2001/linux-5.10.7@d71d8a767497 arch/riscv/mm/init.c:456, setup_vm()), before setup_arch(): every order halts there
  const HALTED = 'scenarios/riscv/v5.10-image-over-128m.yaml';

  it('gives no edge from the findings the kernel never reaches, and says why (as suggest does)', async () => {
    const r = constraints(await tables(HALTED, []));
    expect(r.machines).toEqual([]);
    expect(r.halted).toEqual([{ machine: HALTED, rule: 'setup-vm-constraint', step: 'setup_vm' }]);
    expect(r.edges).toEqual([]);
    expect(r.replays).toBe(0);
    const cli = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', HALTED], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`  ${HALTED}: error setup-vm-constraint halts the kernel in setup_vm\n`);
    expect(cli.stdout).toContain('no edge "A before B": no call of setup_arch() can touch what the kernel reaches');
  });

  it('in a matrix with a machine that boots: that machine alone gives the edges', async () => {
    const both = constraints([...await tables('scenarios/riscv/v5.10.yaml', []), ...await tables(HALTED, [])]);
    const alone = constraints(await tables('scenarios/riscv/v5.10.yaml', []));
    expect(both.machines).toEqual(['scenarios/riscv/v5.10.yaml']);
    expect(both.halted.map((h) => h.machine)).toEqual([HALTED]);
    expect(both.edges).toEqual(alone.edges);
  });
});

describe('every edge is true by replay, and the graph has no cycle (review 19c F5)', () => {
  it('riscv 5.10: no edge from a move that passes a call instead of the cause, no two-way pair', async () => {
    const r = constraints(await tables('scenarios/riscv/v5.10.yaml', []));
    const has = (a: string, b: string): boolean => r.edges.some((e) => e.before === a && e.after === b);
    // unflatten_device_tree before parse_dtb is itself an error (it reads __va(dtb_early_pa) under early_pg_dir)
    expect(has('unflatten_device_tree', 'parse_dtb')).toBe(false);
    // efi_init reads the DTB through initial_boot_params: fine before paging_init or after unflatten_device_tree
    expect(has('efi_init', 'unflatten_device_tree')).toBe(false);
    expect(has('unflatten_device_tree', 'efi_init')).toBe(false);
    expect(has('paging_init', 'unflatten_device_tree')).toBe(true);
    expect(has('parse_dtb', 'setup_bootmem')).toBe(true);
  });

  // every shipped scenario, each file's machines as one matrix: about 7 s on one CPU
  const files = ['x86_32', 'x86_32/variants', 'arm64', 'riscv'].flatMap((d) => readdirSync(join(ROOT, 'scenarios', d)).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${d}/${f}`));
  it.each(files)('%s: acyclic, and its own order keeps every edge but those of its own findings', async (file) => {
    let r: ConstraintsReport;
    const ms = await machinesOf(file, []);
    const ts = ms.map((m) => new MoveTable(new ReplayEngine(m.plugin, m.scenario)));
    try {
      r = constraints(ts);
    } catch (err) {
      // every machine unsupported (riscv 5.10 + KASAN): nothing to check
      expect((err as Error).message).toMatch(/no order of its calls changes/);
      return;
    }
    // the edges folded into phase notes are edges too: checked, and part of the graph
    const every = [...r.edges, ...r.phases.flatMap((p) => p.edges)];
    const next = new Map<string, string[]>();
    for (const e of every) next.set(e.before, [...(next.get(e.before) ?? []), e.after]);
    const state = new Map<string, number>();
    const cycle = (u: string): boolean => {
      state.set(u, 1);
      for (const v of next.get(u) ?? []) if (state.get(v) === 1 || (state.get(v) === undefined && cycle(v))) return true;
      state.set(u, 2);
      return false;
    };
    expect([...next.keys()].some((u) => state.get(u) === undefined && cycle(u))).toBe(false);
    let checked = 0;
    for (const t of ts) {
      const name = displayName(t.engine.scenario);
      if (!r.machines.includes(name)) continue;
      checked++;
      const seen = new Map<string, number>();
      const nodes = t.engine.base.map((s) => {
        const n = (seen.get(s.call) ?? 0) + 1;
        seen.set(s.call, n);
        return n === 1 ? s.call : `${s.call}#${n}`;
      });
      const ownRules = new Set([...t.own.findings.values()].map((v) => v.rule));
      for (const e of every) {
        const here = e.labels.filter((l) => l.machines.includes(name));
        if (here.length === 0 || nodes.indexOf(e.before) < nodes.indexOf(e.after)) continue;
        // an edge the order breaks is its bug: the order itself reports that rule
        expect(here.some((l) => ownRules.has(l.rule)), `${name}: ${e.before} before ${e.after}`).toBe(true);
      }
    }
    expect(checked).toBe(r.machines.length);
  });
});

describe('edges that only restate the boot phases: one note per pair of phases', () => {
  it('arm64 v4.7: the setup_arch() calls before fixup_init and mark_rodata_ro are one note, each of its edges checked', async () => {
    const r = constraints(await tables('scenarios/arm64/v4.7.yaml', []));
    expect(r.phases.map((p) => [p.before, p.after, p.kind])).toEqual([['setup_arch()', 'kernel_init() after setup_arch() returns', 'error']]);
    const note = r.phases[0];
    if (note === undefined) throw new Error('no phase note');
    expect(note.edges.length).toBeGreaterThan(10);
    const late = new Set(['fixup_init', 'mark_rodata_ro']);
    for (const e of note.edges) {
      expect(e.labels.map((l) => l.rule)).toEqual(['phase-order']);
      expect([late.has(e.before), late.has(e.after)]).toEqual([false, true]);
    }
    // no edge left that says only what the note says
    expect(r.edges.filter((e) => e.labels.every((l) => l.rule === 'phase-order'))).toEqual([]);
    // an edge with a rule of its own stays an edge; phase-order is not among its labels: with paging_init moved
    // after mark_rodata_ro, unflatten_device_tree's __va() write faults first (linear-map-before-map-mem halts
    // the kernel), so the phase-order finding at paging_init's new step is one the kernel never reaches
    expect(r.edges.find((e) => e.before === 'paging_init' && e.after === 'mark_rodata_ro')?.labels.map((l) => l.rule)).toEqual(['bbm-violation']);
    expect(note.example).toMatch(/^(fixup_init|mark_rodata_ro) runs in kernel_init\(\) after setup_arch\(\) returns, but here \(step \d+\) it comes before setup_arch\(\) call /);
  });

  it('a halt the order itself has does not hide the edges after it: only a halt a move makes does (helper-184 2)', async () => {
    // the order's own linear-map-before-final at unflatten_device_tree halts the kernel; every neighbouring order keeps
    // it, so cutting there lost "paging_init before misc_mem_init" and mislabelled init_resources before protect_kernel_text_data
    const r = constraints(await tables('test/compare/fixtures/riscv-5.12-unflatten-before-paging.yaml', []));
    const labels = (before: string, after: string): string[] | undefined => r.edges.find((e) => e.before === before && e.after === after)?.labels.map((l) => l.rule);
    expect(labels('paging_init', 'misc_mem_init')).toEqual(['linear-map-before-final']);
    expect(labels('paging_init', 'protect_kernel_text_data')).toEqual(['linear-map-before-final']);
    expect(labels('setup_bootmem', 'paging_init')).toEqual(['dtb-early-va-stale', 'missing-prerequisite']);
    expect(labels('parse_dtb', 'paging_init')).toEqual(['dtb-early-va-stale']);
    expect(labels('init_resources', 'protect_kernel_text_data')).toBeUndefined();
  });

  it('riscv 5.10: an edge with a rule of its own beside phase-order stays an edge, with both labels', async () => {
    const r = constraints(await tables('scenarios/riscv/v5.10.yaml', []));
    expect(r.edges.find((e) => e.before === 'setup_bootmem' && e.after === 'mark_rodata_ro')?.labels.map((l) => l.rule)).toEqual(['phase-order', 'set-memory-failed']);
    expect(r.phases[0]?.edges.some((e) => e.before === 'setup_bootmem' && e.after === 'mark_rodata_ro')).toBe(false);
  });

  it('riscv 5.13-rc5 with a BPF JIT compile: three pairs, earlier phases first', async () => {
    const r = constraints(await tables('scenarios/riscv/v5.13-rc5-bpf-after-kernel.yaml', []));
    expect(r.phases.map((p) => [p.before, p.after])).toEqual([
      ['setup_arch()', 'kernel_init() after setup_arch() returns'],
      ['setup_arch()', 'run time (after boot)'],
      ['kernel_init() after setup_arch() returns', 'run time (after boot)'],
    ]);
    expect(r.phases[2]?.edges.map((e) => `${e.before} before ${e.after}`)).toEqual(['free_initmem before bpf_jit_compile']);
  });

  it('x86_32 has no late step: no note, and the JSON has no phases field', () => {
    expect(report.phases).toEqual([]);
    expect(Object.keys(JSON.parse(formatConstraintsJson(report)) as object)).not.toContain('phases');
  });

  it('in a matrix, a note names the machines where it holds', async () => {
    const r = constraints([...await tables('scenarios/riscv/v5.14.yaml', []), ...await tables('scenarios/riscv/v5.14-free-initmem-alias.yaml', [])]);
    expect(r.phases.map((p) => p.machines)).toEqual([['scenarios/riscv/v5.14-free-initmem-alias.yaml']]);
    expect(formatConstraintsText(r, PLAIN)).toMatch(/^phase order: setup_arch\(\) calls before kernel_init\(\) after setup_arch\(\) returns calls \(\d+ edges\) \[scenarios\/riscv\/v5\.14-free-initmem-alias\.yaml\]$/m);
  });

  it('text, JSON and pictures: one line, one phases entry, one edge between two phase nodes', async () => {
    const r = constraints(await tables('scenarios/arm64/v4.7.yaml', []));
    const n = r.phases[0]?.edges.length ?? 0;
    const text = formatConstraintsText(r, PLAIN).split('\n');
    expect(text.filter((l) => l.startsWith('phase order: '))).toEqual([`phase order: setup_arch() calls before kernel_init() after setup_arch() returns calls (${n} edges)`]);
    expect(text).toContain(`${r.edges.length} other edges "A before B" (${r.edges.filter((e) => e.reduced).length} after transitive reduction, marked *):`);
    const json = JSON.parse(formatConstraintsJson(r)) as { edges: unknown[]; phases: { before: string; after: string; kind: string; edges: { before: string; after: string }[] }[] };
    expect(json.edges).toHaveLength(r.edges.length);
    expect(json.phases.map((p) => [p.before, p.after, p.kind, p.edges.length])).toEqual([['setup_arch()', 'kernel_init() after setup_arch() returns', 'error', n]]);
    const dot = formatConstraintsDot(r).split('\n');
    expect(dot.filter((l) => l.includes('"phase '))).toEqual([
      '  "phase setup_arch()" [label="setup_arch()", shape=ellipse];',
      '  "phase kernel_init() after setup_arch() returns" [label="kernel_init() after setup_arch() returns", shape=ellipse];',
      `  "phase setup_arch()" -> "phase kernel_init() after setup_arch() returns" [label="phase order (${n} edges)"];`,
    ]);
    // no drawn edge into a late step: every one of them is in the note, or implied by it
    expect(dot.some((l) => / -> "(fixup_init|mark_rodata_ro)"/.test(l))).toBe(false);
    const mermaid = formatConstraintsMermaid(r).split('\n');
    expect(mermaid.filter((l) => /^ {2}p\d/.test(l))).toEqual([
      '  p0(["setup_arch()"])',
      '  p1(["kernel_init() after setup_arch() returns"])',
      `  p0 -- "phase order (${n} edges)" --> p1`,
    ]);
    const g = spawnSync('dot', ['-Tsvg'], { input: formatConstraintsDot(r), encoding: 'utf8' });
    if (g.error === undefined) expect([g.status, g.stderr]).toEqual([0, '']);
  });
});
