/**
 * suggest: the legal windows of a call, pinned on the 2.6.27-rc VMI thread
 * (seeds 000/001). Under rc1 semantics vmi_init needs max_low_pfn, so its only
 * place is between find_low_pfn_range and init_memory_mapping: Alok Kataria's
 * first patch. Under rc3 semantics (no such dependency) the window reaches back
 * past early_ioremap_init, and its warning-free part lies before
 * early_ioremap_init, where 2.6.28 put vmi_init.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../src/compare/engine.js';
import { JudgedWork, KeptFindings, MAX_KEPT_FINDINGS } from '../../src/compare/judge.js';
import { MAX_SUGGEST_PAIR_EVENTS, MAX_SUGGEST_PAIR_STEPS, pairBudget, suggest, suggestMachine, suggestWork, type SuggestReport } from '../../src/compare/suggest.js';
import { restOf } from '../../src/compare/slot-text.js';
import { applyEditsToNames, editData, editText } from '../../src/scenario/order-edit.js';
import { formatSuggestText } from '../../src/report/suggest.js';
import { PLAIN } from '../../src/report/text.js';
import { load, machinesOf, ROOT } from './load.js';

const RC1 = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';

async function machines(file: string, sets: string[] = []) {
  return (await machinesOf(file, sets)).map((m) => suggestMachine(new ReplayEngine(m.plugin, m.scenario)));
}

function vmiInit(report: SuggestReport) {
  const c = report.calls.find((x) => x.call.call === 'vmi_init');
  if (c === undefined) throw new Error('no report for vmi_init');
  return c;
}

describe('suggest', () => {
  it('2.6.27-rc1: vmi_init goes exactly between find_low_pfn_range and init_memory_mapping', async () => {
    const r = suggest(await machines(RC1));
    expect(r.targets.map((t) => t.steps.map((s) => s.call))).toEqual([['init_memory_mapping', 'vmi_init'], ['dmi_scan_machine', 'vmi_init']]);
    const c = vmiInit(r);
    expect(c.windows).toHaveLength(1);
    const w = c.windows[0];
    expect(w?.lo).toBe(w?.hi);
    expect(w?.text).toBe('between find_low_pfn_range (step 27) and init_memory_mapping (step 28)');
    expect(w?.below?.call.call).toBe('find_low_pfn_range');
    expect(w?.below?.findings.map((f) => f.rule)).toEqual(['missing-prerequisite']);
    expect(w?.below?.findings[0]?.message).toMatch(/vmi_init needs max_low_pfn/);
    expect(w?.above?.call.call).toBe('init_memory_mapping');
    expect(w?.above?.findings.map((f) => f.rule)).toEqual(['fixmap-before-relocation']);
    expect(w?.parts.map((p) => p.warningFree)).toEqual([false]);
    expect(w?.move !== undefined ? editData(w.move) : undefined).toEqual({ move: 'vmi_init', after: 'find_low_pfn_range' });
  });

  it('2.6.27-rc3: the error-free window reaches back past early_ioremap_init; its warning-free part lies before it', async () => {
    const [m] = await machines(RC1, ['kernel=2.6.27-rc3']);
    if (m === undefined) throw new Error('no machine');
    const r = suggest([m], { name: 'vmi_init', occurrence: 1 });
    const c = vmiInit(r);
    expect(c.windows).toHaveLength(1);
    const w = c.windows[0];
    if (w === undefined) throw new Error('no window');
    const rest = restOf(m.table.engine.base, c.call.index - 1);
    const eii = rest.findIndex((s) => s.call === 'early_ioremap_init');
    expect(w.lo).toBeLessThanOrEqual(eii); // right before early_ioremap_init is in the window
    expect(w.above?.call.call).toBe('init_memory_mapping');
    const free = w.parts.filter((p) => p.warningFree);
    expect(free.length).toBeGreaterThan(0);
    for (const p of free) expect(p.hi).toBeLessThanOrEqual(eii);
    // right after early_ioremap_init the latent window opens
    const after = w.parts.find((p) => p.lo <= eii + 1 && p.hi >= eii + 1);
    expect(after?.warningFree).toBe(false);
    expect(after?.warnings.map((x) => x.rule)).toContain('early-ioremap-init-before-relocation');
    // the warning-free part puts vmi_init before parse_early_param, whose vmi= options rc3's activate_vmi()
    // reads (a harmless missing prerequisite here): run's fix search refuses that, so the fix is the last
    // position before init_memory_mapping, after parse_early_param (review 13a, 1.3)
    expect(w.move !== undefined ? editData(w.move) : undefined).toEqual({ move: 'vmi_init', before: 'init_memory_mapping' });
    expect(w.adds).toBeUndefined();
  });

  it('a window whose every position adds a missing prerequisite has no fix: the move is shown with what it adds, as run\'s fix search refuses it (review 13a, 1.3)', async () => {
    const [m] = await machines('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', []);
    if (m === undefined) throw new Error('no machine');
    const r = suggest([m], { name: 'dmi_scan_machine', occurrence: 1 });
    const c = r.calls[0];
    if (c === undefined) throw new Error('no call');
    const [before, after] = c.windows;
    // before vmi_init: DMI scanned before the relocation, a fix (its warning-free part)
    expect(before?.move !== undefined ? editData(before.move) : undefined).toEqual({ move: 'dmi_scan_machine', before: 'vmi_init' });
    expect(before?.adds).toBeUndefined();
    // after init_memory_mapping: dmi_check_system(bad_bios_dmi_table) would run before the scan, the point of
    // 2216d199b1 lost; not a fix
    expect(after?.text).toBe('after init_memory_mapping (step 31)');
    expect(after?.adds?.map((a) => a.key)).toEqual(['missing-prerequisite|dmi_check_system|dmi_scan_machine|(dmi)']);
    const text = formatSuggestText([r], PLAIN);
    expect(text).toMatch(/^ {4}no fix: move dmi_scan_machine after init_memory_mapping adds missing-prerequisite \(dmi_check_system, dmi_scan_machine, about dmi\) \(warning\) wherever it goes in this window$/m);
    expect(text).not.toMatch(/^ {4}fix: move dmi_scan_machine after init_memory_mapping/m);
  });

  it('over a matrix, windows hold on every machine and machine-wide errors are set apart', async () => {
    const r = suggest(await machines(RC1, ['machine.hypervisor=none,vmi,xen', 'config.pae=false,true']), { name: 'vmi_init', occurrence: 1 });
    // Xen without PAE cannot be built (CONFIG_XEN depends on X86_PAE): left out, by name, not reasoned over
    expect(r.machines).toHaveLength(5);
    expect(r.unsupported.map((u) => [u.machine, u.findings.map((f) => f.rule)])).toEqual([[`${RC1}[hypervisor=xen,pae=false]`, ['config-unsupported']]]);
    const c = vmiInit(r);
    expect(c.windows.map((w) => w.text)).toEqual(['between find_low_pfn_range (step 27) and init_memory_mapping (step 28)']);
    // Xen PAE's btmap-pmd-straddle is only the kernel's WARN in rc1 (no early_ioremap crosses the PMD): not an error
    // and the unsupported machine is left out, so nothing is an error wherever vmi_init goes
    expect(c.everywhere.filter((e) => e.severity === 'error')).toEqual([]);
    // that WARN holds wherever vmi_init goes: listed apart, so the windows' "warning-free" parts are not read as a clean run
    expect(c.everywhere.map((e) => [e.rule, e.severity, e.machines])).toEqual([['btmap-pmd-straddle', 'warning', [`${RC1}[hypervisor=xen,pae=true]`]]]);
  });

  it('over a matrix, a finding worded differently per machine (its addresses) is given per machine, never one machine\'s words for all (helper-176)', async () => {
    const r = suggest(await machines('test/compare/fixtures/arm64-4.6-pud-held.yaml', ['config.va_bits=39,48']), { name: 'paging_init', occurrence: 1 });
    const c = r.calls.find((x) => x.call.call === 'paging_init');
    const below = c?.windows[0]?.below;
    expect(below?.call.call).toBe('arm64_memblock_init');
    const resources = below?.findings.find((f) => f.rule === 'linear-map-before-map-mem' && f.message?.startsWith('request_standard_resources') === true);
    expect(resources?.machines).toHaveLength(2);
    expect(resources?.messages?.map((m) => [m.machines.map((x) => x.replace(/^.*\[/, '[')), /__va\(0x[0-9a-f]+\) = 0x[0-9a-f]+/.exec(m.message)?.[0]])).toEqual([
      [['[va_bits=39]'], '__va(0xffff9f80) = 0xffffffc07fff9f80'],
      [['[va_bits=48]'], '__va(0xffff7f80) = 0xffff80007fff7f80'],
    ]);
    // words every machine shares stay one line without a machine label
    const same = below?.findings.filter((f) => f.rule === 'missing-prerequisite');
    expect(same?.map((f) => f.messages)).toEqual([undefined, undefined]);
    const text = formatSuggestText([r], PLAIN);
    expect(text).toContain('__va(0xffff9f80) = 0xffffffc07fff9f80, which');
    // every line that quotes one machine's linear-map address says which machine it is
    const lines = text.split('\n');
    expect(lines.filter((l) => / = 0xffffffc0/.test(l)).every((l) => l.endsWith('[on va_bits=39]'))).toBe(true);
    expect(lines.filter((l) => / = 0xffff8000/.test(l)).every((l) => l.endsWith('[on va_bits=48]'))).toBe(true);
    expect(lines.filter((l) => / = 0xffff8000/.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  it('a machine the kernel cannot build is reported, never judged: alone, it is refused', async () => {
    await expect(machines(RC1, ['machine.hypervisor=xen']).then(suggest)).rejects.toThrow(
      /every machine has an error that no order of its calls changes[\s\S]*\[hypervisor=xen\]: config-unsupported: a 32-bit Xen pv guest needs config\.pae: true/,
    );
  });

  it('Xen PAE: the straddle is an error only where a mapping crosses, and moving that mapping fixes it', async () => {
    // rc1: no early_ioremap crosses into the PMD bm_pte does not serve, so there is no error to place around
    expect(suggest(await machines('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml')).pairs).toBeUndefined();
    // 2.6.27.6: the early 64 KiB DMI scan crosses; after init_memory_mapping the fixmap page tables serve it
    const r = suggest(await machines('scenarios/x86_32/2.6.27.6-xen-pae-dmi.yaml'), { name: 'dmi_scan_machine', occurrence: 1 });
    expect(r.calls[0]?.windows.map((w) => w.text)).toEqual(['after init_memory_mapping (step 31)']);
  });

  it('when each error has a single move but none removes all at once, pairs are tried and one is found', async () => {
    const r = suggest(await machines('test/compare/fixtures/2.6.27-rc1-find-low-pfn-range-late.yaml'));
    // the three fixmap-before-relocation errors, the missing max_low_pfn, and kernel-mapping-user: head_32's
    // USER entries stay because init_memory_mapping ran before max_low_pfn was set (it names that call)
    expect(r.targets.map((t) => t.rule)).toEqual(['fixmap-before-relocation', 'fixmap-before-relocation', 'fixmap-before-relocation', 'missing-prerequisite', 'kernel-mapping-user']);
    expect(r.pairs?.reason).toBe('together');
    expect(r.pairs?.stopped).toBe(false);
    expect(r.pairs?.moves.map((m) => m.edits.map(editData))).toContainEqual([
      { move: 'vmi_init', after: 'find_low_pfn_range' }, { move: 'init_memory_mapping', after: 'vmi_init' },
    ]);
  });

  it('the pair searches of one command share MAX_SUGGEST_PAIR_STEPS: a search stops when the steps left run out, and spends what it replays', async () => {
    const file = 'test/compare/fixtures/2.6.27-rc1-find-low-pfn-range-late.yaml';
    const full = suggest(await machines(file));
    const n = full.order.length;
    const tried = full.pairs?.tried ?? 0;
    expect(tried).toBeGreaterThan(10);
    // enough for every order the search tries: the same answer, and the budget is spent by tried × calls
    const roomy = { steps: MAX_SUGGEST_PAIR_STEPS, events: MAX_SUGGEST_PAIR_EVENTS, groups: 1 };
    expect(suggest(await machines(file), undefined, roomy).pairs?.tried).toBe(tried);
    expect(roomy.steps).toBe(MAX_SUGGEST_PAIR_STEPS - tried * n);
    // ten orders' worth left: the search stops at ten, says so, and leaves less than one order's steps
    const tight = { steps: 10 * n + n - 1, events: MAX_SUGGEST_PAIR_EVENTS, groups: 1 };
    const r = suggest(await machines(file), undefined, tight);
    expect(r.pairs?.tried).toBe(10);
    expect(r.pairs?.stopped).toBe(true);
    expect(tight.steps).toBe(n - 1);
    // the next group's search has nothing left, and says so rather than "none removes them" (break-209 F2)
    const starved = suggest(await machines(file), undefined, tight);
    expect(starved.pairs).toMatchObject({ tried: 0, stopped: true });
    const text = formatSuggestText([starved], PLAIN);
    expect(text).toMatch(/^ {2}moves of two of .*: none tried, the limit of the command's work was reached before them; reason over fewer machines at once to search them$/m);
    expect(text).not.toMatch(/none removes/);
    // shared by two groups: the first searches with half, the second with what the first left (break-209 F2: on 6
    // machines the first took it all, and machines 2 to 6 tried 0 orders)
    const two = pairBudget(2);
    two.steps = 20 * n;
    expect(suggest(await machines(file), undefined, two).pairs).toMatchObject({ tried: 10, stopped: true });
    expect(two).toMatchObject({ steps: 10 * n, groups: 1 });
    expect(suggest(await machines(file), undefined, two).pairs).toMatchObject({ tried: 10, stopped: true });
    // a share a search leaves goes to the later groups
    const three = pairBudget(3);
    three.steps = 3 * tried * n;
    three.events = 3 * MAX_SUGGEST_PAIR_EVENTS;
    expect(suggest(await machines(file), undefined, three).pairs).toMatchObject({ tried, stopped: false });
    expect(three).toMatchObject({ steps: 2 * tried * n, groups: 2 });
  });

  it('the pair searches also share MAX_SUGGEST_PAIR_EVENTS: an order costs what judging it made, its trace\'s events and findings (break-204 F5: 211 s on steps alone)', async () => {
    const file = 'test/compare/fixtures/2.6.27-rc1-find-low-pfn-range-late.yaml';
    const ms = await machines(file);
    const full = suggest(ms);
    const tried = full.pairs?.tried ?? 0;
    expect(tried).toBeGreaterThan(10);
    const m = ms[0];
    if (m === undefined) throw new Error('no machine');
    const perOrder = m.table.engine.ownEventCount + m.table.own.findings.size;
    // what the single moves judge, from the same machines with no pair search at all (deterministic)
    const work = (): JudgedWork => new JudgedWork('r', Number.MAX_SAFE_INTEGER);
    const singlesWork = work();
    suggest((await machinesOf(file)).map((x) => suggestMachine(new ReplayEngine(x.plugin, x.scenario), new KeptFindings(MAX_KEPT_FINDINGS, singlesWork))), undefined, { steps: 0, events: MAX_SUGGEST_PAIR_EVENTS, groups: 1 });
    const singles = Number.MAX_SAFE_INTEGER - singlesWork.left;
    // enough for every order: the budget is spent by what the pair search judged, which the command's work counts too
    const allWork = work();
    const roomy = { steps: MAX_SUGGEST_PAIR_STEPS, events: MAX_SUGGEST_PAIR_EVENTS, groups: 1 };
    const roomyReport = suggest((await machinesOf(file)).map((x) => suggestMachine(new ReplayEngine(x.plugin, x.scenario), new KeptFindings(MAX_KEPT_FINDINGS, allWork))), undefined, roomy);
    expect(roomyReport.pairs?.tried).toBe(tried);
    const spent = MAX_SUGGEST_PAIR_EVENTS - roomy.events;
    expect(spent).toBe(Number.MAX_SAFE_INTEGER - allWork.left - singles);
    // about the own replay's each (x86 orders of the same calls make about as many events), and not for nothing
    expect(spent).toBeGreaterThan(tried * perOrder * 0.8);
    expect(spent).toBeLessThan(tried * perOrder * 1.2);
    // ten orders' events left, steps plenty: the search stops after about ten and says so
    const tight = { steps: MAX_SUGGEST_PAIR_STEPS, events: 10 * perOrder + perOrder - 1, groups: 1 };
    const r = suggest(await machines(file), undefined, tight);
    expect(r.pairs?.stopped).toBe(true);
    expect(r.pairs?.tried).toBeGreaterThanOrEqual(8);
    expect(r.pairs?.tried).toBeLessThanOrEqual(12);
    expect(tight.events).toBeLessThan(perOrder * 2);
  });

  it('the pair search leaves the single moves the groups not answered yet planned (JudgedWork reserve/release): heavy30 on 11 machines was refused, its first pair search having taken them', () => {
    const work = new JudgedWork('r', 100);
    work.reserve(60);
    expect(work.left).toBe(40);
    work.spend(30);
    expect(work.left).toBe(10);
    // the group is answered: its single moves count as they are made
    work.release(60);
    expect(work.left).toBe(70);
    work.add(70, { file: 'a.yaml', positions: {} });
    expect(work.left).toBe(0);
    expect(() => work.add(1, { file: 'a.yaml', positions: {} })).toThrow(/made more than 100 trace events and findings .*: r$/);
  });

  it('the command\'s judged work is bounded, not only its plan: an order whose own replay is cheap but whose moved orders are not is charged what they make, and refused past the limit (break-206 F6)', async () => {
    // arm64 v4.4 with 16 small RAM banks and paging_init 4 times, memblock filled only by the last two calls:
    // the own order maps nothing; an order with arm64_memblock_init back before paging_init maps every region 4 times
    const edit = (text: string): string => {
      const banks = Array.from({ length: 16 }, (_, i) => `    - {base: 0x${(0x90000000 + i * 0x400000).toString(16)}, size: 2MiB}`).join('\n');
      const [head, rest] = text.split('expect:')[0]?.split('setup_arch:\n') ?? [];
      const calls = (rest ?? '').split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4));
      const at = calls.indexOf('paging_init');
      const heavy = [...calls.slice(0, at + 1), 'paging_init', 'paging_init', 'paging_init', ...calls.slice(at + 1)];
      const late = [...heavy.filter((c) => c !== 'setup_machine_fdt' && c !== 'arm64_memblock_init'), 'setup_machine_fdt', 'arm64_memblock_init'];
      return `${(head ?? '').replace('  memory: 2GiB\n  phys_offset: 0x80000000\n', `  banks:\n    - {base: 0x80000000, size: 64MiB}\n${banks}\n`)}setup_arch:\n${late.map((c) => `  - ${c}\n`).join('')}`;
    };
    const { plugin, scenario } = load('scenarios/arm64/v4.4-debug-rodata-kasan.yaml', edit);
    const engine = new ReplayEngine(plugin, scenario);
    const own = engine.ownEventCount;
    const machine = suggestMachine(engine, new KeptFindings(MAX_KEPT_FINDINGS, new JudgedWork('r', Number.MAX_SAFE_INTEGER)));
    const pairs = { steps: MAX_SUGGEST_PAIR_STEPS, events: MAX_SUGGEST_PAIR_EVENTS, groups: 1 };
    const report = suggest([machine], undefined, pairs);
    const tried = report.pairs?.tried ?? 0;
    expect(tried).toBeGreaterThan(0);
    // the moved orders made half as many events again as the own replay each, on average (1.75 times here)
    expect(MAX_SUGGEST_PAIR_EVENTS - pairs.events).toBeGreaterThan(1.5 * tried * own);
    // the same command with a limit of work its plan passes (the planned events exactly), but its judged orders do not
    const again = load('scenarios/arm64/v4.4-debug-rodata-kasan.yaml', edit);
    const planned = suggestWork([suggestMachine(new ReplayEngine(again.plugin, again.scenario))]).events;
    const small = new JudgedWork('pick fewer machines', planned);
    expect(() => suggest([suggestMachine(new ReplayEngine(again.plugin, again.scenario), new KeptFindings(MAX_KEPT_FINDINGS, small))]))
      .toThrow(/made more than \d+ trace events and findings \(the limit of the work of one command\); the plan, estimated from each machine's own order, was far less, since moving these calls changes what the rest of the boot does: pick fewer machines$/);
  });

  it('pairs: orders that differ only in where a call lands among inert calls are one answer, the closest to where it was (review 13a, rank 4 item 3)', async () => {
    const ms = await machines('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', ['machine.efi=false,true', 'machine.setup_data=false,true']);
    const r = suggest(ms);
    const moves = r.pairs?.moves ?? [];
    // visws_early_detect, pre_setup_arch_hook and early_cpu_init are inert on all four machines: vmi_init before
    // any of them is one answer (it was printed three times), shown after early_cpu_init, nearest its step 12
    expect(moves.map((m) => m.edits.map(editText).join(', then '))).toEqual([
      'move vmi_init after early_cpu_init, then move efi_init after finish_e820_parsing',
      'move vmi_init after early_cpu_init, then move efi_init after early_dump_pci_devices',
      'move vmi_init after early_cpu_init, then move efi_init after acpi_mps_check',
    ]);
    const engines = ms.map((m) => m.table.engine);
    const inert = (call: string): boolean => engines.every((e) => e.inert(call));
    expect(['visws_early_detect', 'pre_setup_arch_hook', 'early_cpu_init'].map(inert)).toEqual([true, true, true]);
    // the answers kept differ in where efi_init lands among calls with an effect (finish_e820_parsing,
    // early_dump_pci_devices and acpi_mps_check need the early parameters): no two order those calls alike
    expect(['finish_e820_parsing', 'early_dump_pci_devices', 'acpi_mps_check'].map(inert)).toEqual([false, false, false]);
    const names = r.order.map((s) => s.call);
    const answers = moves.map((m) => {
      const applied = applyEditsToNames(names, m.edits);
      if (!applied.ok) throw new Error('edit does not apply');
      return applied.order.filter((c) => !inert(c)).join(' ');
    });
    expect(new Set(answers).size).toBe(answers.length);
  }, 60_000);

  it('machines with different orders are refused', async () => {
    const a = await machines(RC1);
    const b = await machines('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml');
    expect(() => suggest([...a, ...b])).toThrow(/another setup_arch order/);
  });
});

describe('bootreplay suggest (CLI)', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('over several machines, the positions that break on some of them name those machines, as windows do (break-290 N4)', () => {
    const r = cli(['test/compare/fixtures/2.6.29-rc7-efi-noefi-late.yaml', '--matrix', '--set', 'machine.cmdline="",noefi', '--call', 'efi_init']);
    expect(r.status).toBe(0);
    // after parse_early_param efi_init sets efi only where noefi is not parsed: the DMI need is said on each machine as it is there
    expect(r.stdout).toMatch(/^ {2}after parse_early_param \(step 18\): missing-prerequisite \(dmi_scan_machine, efi_init, about efi\) \[on cmdline=""\], missing-prerequisite \(dmi_scan_machine, about efi\) \[on cmdline=noefi\]$/m);
    // before it, efi_init misses the parsed noefi only where the command line has it
    expect(r.stdout).toMatch(/^ {2}after early_ioremap_init \(step 5\) and before dmi_scan_machine \(step 17\): missing-prerequisite \(efi_init, parse_early_param, about early_params\) \[on cmdline=noefi\]$/m);
  });

  it('prints the window with the rules that close it, and exits 0', () => {
    const r = cli([RC1]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^vmi_init \(step 41\): 1 window without an error that depends on where it is\n {2}between find_low_pfn_range \(step 27\) and init_memory_mapping \(step 28\): 1 position; no warning-free part$/m);
    // headers number the file's order; the message under each says which order it numbers
    expect(r.stdout).toMatch(/^ {4}earlier, before find_low_pfn_range \(step 27\) \(messages number that order, where vmi_init is step \d+\):\n {6}error missing-prerequisite: vmi_init needs max_low_pfn, but find_low_pfn_range \(step \d+\) only comes later/m);
    expect(r.stdout).toMatch(/^ {4}fix: move vmi_init after find_low_pfn_range/m);
  });

  it('a call the order lacks is not called "independent of the order": suggest points at run -v, which inserts it (review 11, 3.3)', () => {
    const d = mkdtempSync(join(tmpdir(), 'bootreplay-suggest-'));
    try {
      // 2.6.29-rc7-efi without efi_init: dmi_scan_machine lacks efi.smbios, and no move of the calls it has helps
      const text = readFileSync(join(ROOT, 'scenarios/x86_32/2.6.29-rc7-efi.yaml'), 'utf8').replace(/^ {2}- efi_init\n/m, '').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
      writeFileSync(join(d, 'no-efi.yaml'), text);
      const r = cli([join(d, 'no-efi.yaml')]);
      expect(r.stdout).toMatch(/^ {2}and there is no second call to move with dmi_scan_machine \(step \d+\): no position of the calls the order has removes it; run -v tries inserting a call the finding names as missing$/m);
      expect(r.stdout).not.toContain('does not depend on the order');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('Xen PAE rc1: the straddle is only the kernel\'s WARN, so there is no error to place, as run says', () => {
    const r = cli(['scenarios/x86_32/2.6.27-rc1-xen-pae.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^no error finding: nothing to place \(name a call with --call\)$/m);
  });

  it('JSON carries the windows and their edits', () => {
    const j = JSON.parse(cli([RC1, '-f', 'json', '--call', 'vmi_init']).stdout) as { version: number; reports: { calls: { call: string; windows: { fixEdits: unknown }[] }[] }[] };
    expect(j.version).toBe(1);
    expect(j.reports[0]?.calls[0]?.windows[0]?.fixEdits).toEqual([{ move: 'vmi_init', after: 'find_low_pfn_range' }]);
  });

  it('--set kernel=5.10 is the version 5.10, not the number 5.1 YAML would read', async () => {
    const [m] = await machines('scenarios/riscv/v5.10.yaml', ['kernel=5.10']);
    expect(m?.table.engine.scenario.kernel.text).toBe('5.10');
    // 5.10 and v5.10 name one version: the second value repeats the first (helper-199 2), as 1GiB and 1024MiB do
    await expect(machines('scenarios/riscv/v5.10.yaml', ['kernel=5.10,"v5.10"'])).rejects.toThrow(/kernel, value 2: v5\.10 repeats value 1 \(the same value\)/);
  });

  it('bad --set, --call and matrix inputs are usage errors (exit 2) without a stack trace', () => {
    const bad = cli([RC1, '--set', 'machine.hypervisor=kvm']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml: --set machine\.hypervisor=kvm: machine\.hypervisor: unknown value "kvm"; allowed: none, vmi, xen$/m);
    expect(cli([RC1, '--set', 'nonsense']).stderr).toMatch(/expected PATH=VALUE/);
    // a key with a character no key has: what is wrong with it and the did-you-mean an unknown key gets (break-192 5)
    expect(cli([RC1, '--set', 'machine.me-mory=1G'])).toMatchObject({
      status: 2, stdout: '',
      stderr: 'bootreplay: --set machine.me-mory=1G: machine.me-mory: unknown key: a key has only a–z, 0–9 and _ (not a digit first), and me-mory has "-" (did you mean memory?)\n',
    });
    expect(cli([RC1, '--set', 'machine.mem\x1bory=1G']).stderr).toBe('bootreplay: --set machine.mem\\x1bory=1G: machine.mem\\x1bory: unknown key: a key has only a–z, 0–9 and _ (not a digit first), and mem\\x1bory has "\\x1b" (did you mean memory?)\n');
    // a YAML flow list is named whole with the form --set takes, not as "[1" that YAML cannot read
    expect(cli([RC1, '--set', 'machine.memory=[1,2]'])).toMatchObject({ status: 2, stdout: '', stderr: 'bootreplay: --set machine.memory=[1,2]: [1,2]: a YAML list, where --set takes comma-separated scalars, one value per item (--set machine.memory=1,2)\n' });
    const call = cli([RC1, '--call', 'vmi_activate']);
    expect(call.status).toBe(2);
    // a call of the catalog that this kernel lacks is no typo either: why it cannot be added (no advice to add it)
    expect(call.stderr).toMatch(/--call vmi_activate: not in setup_arch of \S+; vmi_activate is not a setup_arch\(\) call in 2\.6\.27-rc1: it came with ae8d04e2ecb /m);
    expect(call.stderr).not.toMatch(/did you mean|add vmi_activate/);
    // one it has: how to place it
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    try {
      writeFileSync(join(dir, 'short.yaml'), 'kernel: 2.6.28\nmachine: {hypervisor: vmi}\nsetup_arch: [vmi_init, early_ioremap_init, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range, vmi_activate]\n');
      expect(cli([join(dir, 'short.yaml'), '--call', 'efi_init']).stderr).toMatch(/--call efi_init: not in setup_arch of \S+; suggest places the calls an order has: add efi_init to setup_arch first \(or patch: insert it\) to see where it may go$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(cli([RC1, '--call', 'vmi_int']).stderr).toMatch(/--call vmi_int: not in setup_arch of .* \(did you mean vmi_init\?\)/);
    const mixed = cli([RC1, 'scenarios/x86_32/2.6.28-vmi.yaml', '--matrix']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/another setup_arch order/);
    const xen = cli([RC1, '--set', 'machine.hypervisor=xen']);
    expect(xen.status).toBe(2);
    expect(xen.stdout).toBe('');
    expect(xen.stderr).toMatch(/config-unsupported/);
    // the name is there, but not twice: no "did you mean" of another call
    const second = cli([RC1, '--call', 'vmi_init#2']);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/--call vmi_init#2: setup_arch of \S+ has vmi_init once$/m);
    // in the words patch: and expect: use (call-text.ts occurrenceMiss, break-250 N5)
    expect(cli([RC1, '--call', 'insert_resource#4']).stderr).toMatch(/--call insert_resource#4: setup_arch of \S+ has insert_resource 3 times \(insert_resource to insert_resource#3\)$/m);
    // a typo or a written occurrence (#03, "# 2") is offered that occurrence, not the first
    expect(cli([RC1, '--call', 'insert_resourc#2']).stderr).toMatch(/--call insert_resourc#2: not in setup_arch of \S+ \(did you mean insert_resource#2\?\)$/m);
    // past the calls the order has, of the wrong form: how many it has, as a scenario's step: and patch: say it (break-251 N9c)
    expect(cli([RC1, '--call', 'insert_resource#04']).stderr).toMatch(/--call "insert_resource#04" is not a call reference: setup_arch of \S+ has insert_resource 3 times \(insert_resource to insert_resource#3\); write NAME, or NAME#N for the N-th NAME of setup_arch \(N from 1, as in insert_resource#2\)$/m);
    expect(cli([RC1, '--call', 'insert_resource#03']).stderr).toMatch(/--call "insert_resource#03" is not a call reference \(did you mean insert_resource#3\?\); write NAME/);
    // one line per unsupported machine, never a literal \n
    expect(xen.stderr.split('\n')[1]).toMatch(/^ {2}scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml\[hypervisor=xen\]: config-unsupported: /);
    expect(xen.stderr).not.toContain('\\n');
    // --matrix over two architectures is one answer over machines that share nothing
    const arches = cli(['scenarios/x86_32/2.6.27-vmi.yaml', 'scenarios/riscv/v5.14.yaml', '--matrix']);
    expect(arches.status).toBe(2);
    expect(arches.stderr).toMatch(/^bootreplay: --matrix makes one answer over machines of one architecture, but scenarios\/x86_32\/2\.6\.27-vmi\.yaml is x86_32 and scenarios\/riscv\/v5\.14\.yaml is riscv/);
    for (const r of [bad, call, mixed, xen, second, arches]) expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a warning that holds wherever the call goes is listed apart, so a "warning-free" part is read as what its position decides', () => {
    // 2.6.27.6 on VMI: early_ioremap_init's latent window warns wherever dmi_scan_machine goes
    const out = cli(['scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml']).stdout;
    expect(out).toMatch(/^dmi_scan_machine \(step 17\): 2 windows without an error that depends on where it is \(and 1 warning wherever it goes, below\)$/m);
    expect(out).toMatch(/^ {2}wherever it goes: warning early-ioremap-init-before-relocation \(early_ioremap_init, vmi_init\)$/m);
  });

  it('places the calls of the errors the kernel reaches: none after a finding that halts it (review 19a F9)', () => {
    // arm64 v4.7 without setup_machine_fdt: paging_init's table allocation panics (empty memblock), so the
    // model's later errors (mark_rodata_ro, unflatten_device_tree, …) are ones run marks afterHalt
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    try {
      writeFileSync(join(dir, 'no-fdt.yaml'), readFileSync(join(ROOT, 'scenarios/arm64/v4.7.yaml'), 'utf8').replace('  - setup_machine_fdt\n', ''));
      const out = cli([join(dir, 'no-fdt.yaml')]).stdout;
      const errors = out.slice(out.indexOf('errors:\n'), out.indexOf('\n\n')).split('\n').slice(1);
      expect(errors).toEqual([
        '  pgtable-alloc-outside-map: paging_init (step 9)',
        '  missing-prerequisite: parse_early_param (step 3) (about fdt)',
        '  missing-prerequisite: arm64_memblock_init (step 7) (about memblock)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names what it cannot place, and tells findings of one rule and the same calls apart', () => {
    // riscv v5.10: the only error is about setup_vm, before setup_arch(): no move of a call touches it
    const image = cli(['scenarios/riscv/v5.10-image-over-128m.yaml']);
    expect(image.stdout).toMatch(/^no error that moving a call of setup_arch\(\) can touch: setup-vm-constraint is about setup_vm \(before setup_arch\) only/m);
    const json = JSON.parse(cli(['scenarios/riscv/v5.10-image-over-128m.yaml', '-f', 'json']).stdout) as { reports: { notAboutOrder?: { rule: string }[] }[] };
    expect(json.reports[0]?.notAboutOrder?.map((u) => u.rule)).toEqual(['setup-vm-constraint']);
    // arm64 v4.4: two bbm-violations of fixup_init, about two L2 entries; implicit steps named as run names them
    const v44 = cli(['scenarios/arm64/v4.4.yaml']).stdout;
    expect(v44).toMatch(/^ {2}bbm-violation: fixup_init \(step 20\) \(about L2 0xffffffc000a00000\)$/m);
    expect(v44).toMatch(/^ {2}bbm-violation: fixup_init \(step 20\) \(about L2 0xffffffc000c00000\)$/m);
    expect(v44).toMatch(/__create_page_tables \(before setup_arch\)/);
    expect(v44).not.toMatch(/@0/);
  });
});

describe('text', () => {
  it('two findings of one rule at a call listed twice are told apart by their rank (#2), not printed as the same line twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const file = join(dir, 'twice.yaml');
    // reservetop= relocates the fixmap in parse_early_param: both DMI scans before it early_ioremap under the old FIXADDR_TOP
    writeFileSync(file, 'kernel: 2.6.28\nmachine: {memory: 1GiB, cmdline: reservetop=16M}\nsetup_arch: [early_ioremap_init, setup_memory_map, dmi_scan_machine, parse_early_param, dmi_scan_machine, e820_end_of_ram_pfn, find_low_pfn_range, init_memory_mapping, initmem_init, paging_init]\n');
    try {
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', file, '--call', 'parse_early_param'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const lines = r.stdout.split('\n').filter((l) => l.includes('error stale-early-ioremap: dmi_scan_machine'));
      expect(lines.length).toBeGreaterThan(1);
      expect(new Set(lines).size, r.stdout).toBe(lines.length);
      expect(lines.some((l) => l.endsWith(' (#2)'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a finding\'s rank among equal ones (break-196 5)', () => {
  it('is said once, as the errors: header says it ("(efi_init) (#2)"), never as a call the finding names', async () => {
    // riscv 5.10 without the fence: efi_init's four early_memremap()s are four fixmap-no-fence errors, told apart by rank
    const text = formatSuggestText([suggest(await machines('scenarios/riscv/v5.10-set-fixmap-without-fence.yaml'))], PLAIN);
    expect(text).toMatch(/^ {2}fixmap-no-fence: efi_init \(step 5\) \(#2\)$/m);
    const wherever = text.split('\n').filter((l) => l.startsWith('  wherever it goes: '));
    expect(wherever).toContain('  wherever it goes: error fixmap-no-fence (efi_init)');
    expect(wherever).toContain('  wherever it goes: error fixmap-no-fence (efi_init) (#2)');
    expect(wherever).toContain('  wherever it goes: error fixmap-no-fence (efi_init) (#4)');
    // "(efi_init, #2)" named the rank as a related call, and the line said it twice
    expect(text).not.toMatch(/, #\d+\)/);
    for (const l of wherever) expect((l.match(/#\d+/g) ?? []).length, l).toBeLessThanOrEqual(1);
    // so did the list of errors no single move removes
    expect(text).toMatch(/^no single move removes fixmap-no-fence \(efi_init\), fixmap-no-fence \(efi_init\) \(#2\), /m);
  });
});

describe('--call', () => {
  it('an occurrence past 2^53 is said as patch: says it, not as a malformed name (helper-144)', () => {
    const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', RC1, '--call', 'vmi_init#99999999999999999999'], { cwd: ROOT, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, `bootreplay: --call "vmi_init#99999999999999999999" is not a call reference: the occurrence is too large to be one (setup_arch of ${RC1} has vmi_init once); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n`]);
    const bad = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', RC1, '--call', 'vmi init'], { cwd: ROOT, encoding: 'utf8' });
    // with the did-you-mean a scenario's step: gets for the same text (break-250 N5: --call gave one only for white space at an end)
    expect(bad.stderr).toBe('bootreplay: --call "vmi init" is not a call reference (did you mean vmi_init?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n');
    // white space at either end is no part of a call name, as in a scenario (break-232 N2: it was trimmed here)
    const spaced = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', RC1, '--call', ' vmi_init'], { cwd: ROOT, encoding: 'utf8' });
    expect([spaced.status, spaced.stderr]).toEqual([2, 'bootreplay: --call " vmi_init" is not a call reference: white space at its start (did you mean vmi_init?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n']);
  });

  it('must fail: a look-alike character in --call gets a did-you-mean among the calls, as in a scenario; a name no call is close to gets none (break-239 F2, N3)', () => {
    const said = (call: string): string => spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', RC1, '--call', call], { cwd: ROOT, encoding: 'utf8' }).stderr;
    expect(said('vmi_\u0456nit')).toBe('bootreplay: --call "vmi_\u0456nit" is not a call reference: character 5, U+0456, is not ASCII (did you mean vmi_init?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n');
    expect(said('vmi_\uff49nit#1')).toBe('bootreplay: --call "vmi_\uff49nit#1" is not a call reference: character 5, U+FF49, is not ASCII (did you mean vmi_init#1?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n');
    expect(said('vmi_init\u200b')).toBe('bootreplay: --call "vmi_init\\u200b" is not a call reference: character 9, U+200B, is not ASCII (did you mean vmi_init?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n');
    expect(said(' totally_bogus')).toBe('bootreplay: --call " totally_bogus" is not a call reference: white space at its start; write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n');
  });

  it('must fail: the --call did-you-mean is a call of the files\' orders, an occurrence they have, valid in every file (break-242 F2)', () => {
    const run = (files: string[], call: string) => spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', ...files, '--call', call], { cwd: ROOT, encoding: 'utf8' });
    const form = '; write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)\n';
    // an arm64 call on an x86_32 file: was offered setup_machine_fdt, then "not in setup_arch"
    const fdt = run([RC1], 'setup_machine_fd\u0442');
    expect([fdt.status, fdt.stderr]).toEqual([2, `bootreplay: --call "setup_machine_fd\u0442" is not a call reference: character 17, U+0442, is not ASCII${form}`]);
    // arm64's early_fixmap_init is not offered; the closest call of the file is
    expect(run([RC1], ' early_fixmap_init').stderr).toBe(`bootreplay: --call " early_fixmap_init" is not a call reference: white space at its start (did you mean early_ioremap_init?)${form}`);
    // the file has one vmi_init: no fifth, nor second, and it says so (break-251 N9c)
    expect(run([RC1], 'vmi_\u0456nit#5').stderr).toBe(`bootreplay: --call "vmi_\u0456nit#5" is not a call reference: character 5, U+0456, is not ASCII (did you mean vmi_init? setup_arch of ${RC1} has vmi_init once)${form}`);
    expect(run([RC1], 'vmi_\u0456nit#2').stderr).toBe(`bootreplay: --call "vmi_\u0456nit#2" is not a call reference: character 5, U+0456, is not ASCII (did you mean vmi_init? setup_arch of ${RC1} has vmi_init once)${form}`);
    // a call one file has and another (another architecture) lacks: none
    expect(run([RC1, 'scenarios/arm64/v4.4.yaml'], 'vmi_\u0456nit').stderr).toBe(`bootreplay: --call "vmi_\u0456nit" is not a call reference: character 5, U+0456, is not ASCII${form}`);
    // files that do not load: no guess, and still the one line about --call
    const missing = run(['no-such-file.yaml'], 'vmi_\u0456nit');
    expect([missing.status, missing.stderr]).toEqual([2, `bootreplay: --call "vmi_\u0456nit" is not a call reference: character 5, U+0456, is not ASCII${form}`]);
  });
});

describe('machines left out', () => {
  it('without --matrix a machine no order can help is left out and named, and the others are answered (the command ended at it; helper-144)', () => {
    const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', 'scenarios/x86_32/2.6.34-reservetop.yaml', '--set', 'machine.cmdline=reservetop=0xbc00000,reservetop=0xbadc0de'], { cwd: ROOT, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^suggest scenarios\/x86_32\/2\.6\.34-reservetop\.yaml\[cmdline="reservetop=0xbc00000"\]\nleft out, a machine with an error no order of the calls changes .*\n {2}scenarios\/x86_32\/2\.6\.34-reservetop\.yaml\[cmdline="reservetop=0xbadc0de"\]: error fixaddr-top-unaligned: /);
    // all of them left out: exit 2, every machine named
    const all = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', 'scenarios/x86_32/2.6.34-reservetop.yaml', '--set', 'machine.memory=512MiB,2GiB'], { cwd: ROOT, encoding: 'utf8' });
    expect(all.status).toBe(2);
    expect(all.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.replace(/\]:.*/, ']'))).toEqual([
      '  scenarios/x86_32/2.6.34-reservetop.yaml[memory=512MiB]', '  scenarios/x86_32/2.6.34-reservetop.yaml[memory=2GiB]',
    ]);
  });

  it('a VMI host with an unaligned reservetop= is judged: vmi_init() reserves again, page-aligned, and where it sits decides (break-280 F1)', () => {
    const set = ['--set', 'machine.cmdline=reservetop=0x1001'];
    const s = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', RC1, ...set], { cwd: ROOT, encoding: 'utf8' });
    expect([s.status, s.stderr]).toEqual([0, '']);
    expect(s.stdout).not.toMatch(/left out/);
    // the window rc2's first proposal took: vmi_init right after find_low_pfn_range
    expect(s.stdout).toMatch(/\nvmi_init \(step 41\): 1 window without an error that depends on where it is\n {2}between find_low_pfn_range \(step 27\) and init_memory_mapping \(step 28\)/);
    // and run's verified fix for the finding is that move, not "no order change was searched"
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-f1-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, `extends: ${join(ROOT, RC1)}\nmachine:\n  cmdline: "reservetop=0x1001"\n`);
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'run', file, '-v', '-f', 'json'], { cwd: ROOT, encoding: 'utf8' });
      const findings = (JSON.parse(r.stdout) as { results: { findings: { rule: string; fix: string }[] }[] }).results[0]?.findings ?? [];
      expect(findings.find((f) => f.rule === 'fixaddr-top-unaligned')?.fix).toMatch(/^move vmi_init \(step 41\) right after find_low_pfn_range \(step 27\); replayed: no error left/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('limits', () => {
  it('an order far longer than a setup_arch() is refused with its length before anything is replayed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(file, `kernel: "2.6.27"\nsetup_arch:\n${Array.from({ length: 2000 }, () => '  - copy_edd').join('\n')}\n  - early_ioremap_init\n`);
    try {
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', file, '--call', 'early_ioremap_init'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${file}:123:5: setup_arch: the order has 2001 calls, more than the limit of 120 (a setup_arch() has about 55; the work grows with the square of the length): too long for suggest; call 121 is here: shorten the order\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a plan that would keep more findings than MAX_KEPT_FINDINGS is refused with the estimate (16 machines of 124 findings ran out of memory at 4 GB)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const file = join(dir, 'many.yaml');
    // the rc1 order with dmi_scan_machine repeated until 120 calls: each one maps the fixmap before vmi_init
    const rc1 = readFileSync(`${ROOT}/scenarios/x86_32/2.6.27-rc1-vmi.yaml`, 'utf8');
    writeFileSync(file, rc1.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 62 }, () => '  - dmi_scan_machine').join('\n')));
    try {
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', file, '--set', 'machine.memory=512MiB,1GiB,2GiB,4GiB', '--matrix'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      // the refusal names the file (a user may have named several), as constraints' does
      expect(r.stderr.replace(/^bootreplay: suggest for \d+ calls of a 120-call order on /, '').startsWith(`4 machines of ${file} would keep about `), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^bootreplay: suggest for \d+ calls of a 120-call order on 4 machines of .* would keep about \d+ findings of the orders it judges \(\d+ orders\), more than the limit of 500000: use fewer machines or --call, or remove what makes so many findings\n$/);
      const one = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', file], { cwd: ROOT, encoding: 'utf8' });
      expect(one.stderr.replace(/^bootreplay: suggest for \d+ calls of a 120-call order on /, '').startsWith(`${file} (setup_arch at ${file}:17:1) would keep about `), one.stderr).toBe(true);
      expect(one.stderr).toMatch(/ would keep about \d+ findings .*: name one call with --call, or remove/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('machines answered each on its own are bounded together, before any is answered (8 sizes of a 99-call order took minutes; helper-139)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-'));
    const file = join(dir, 'sizes.yaml');
    // 40 dmi_scan_machine before vmi_init: each machine alone is within MAX_KEPT_FINDINGS, eight are not within MAX_JUDGED_FINDINGS
    const rc1 = readFileSync(`${ROOT}/scenarios/x86_32/2.6.27-rc1-vmi.yaml`, 'utf8');
    writeFileSync(file, rc1.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 40 }, () => '  - dmi_scan_machine').join('\n')));
    const sizes = ['--set', 'machine.memory=256MiB,512MiB,768MiB,1GiB,1536MiB,2GiB,3GiB,4GiB'];
    try {
      const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'suggest', file, ...sizes], { cwd: ROOT, encoding: 'utf8' });
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr.startsWith(`bootreplay: suggest for 8 machines of ${file}, each answered on its own, `), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^bootreplay: suggest for 8 machines of .*, each answered on its own, would judge orders holding about \d+ findings in all \(\d+ orders over 8 answers\), more than the limit of 2000000: give --set fewer values, or pick variants \(file\.yaml\[key=value,…\]\), or name one call with --call\n$/);
      // a group over its own limit says so, not "fewer machines"
      const c = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', file, ...sizes], { cwd: ROOT, encoding: 'utf8' });
      // each refusal names the file (a user may have named several), and for one machine where its order is written
      const at = `${file}[memory=256MiB] (setup_arch at ${file}:17:1)`;
      expect(c.stderr.startsWith(`bootreplay: constraints over ${at} would keep about `), c.stderr).toBe(true);
      expect(c.stderr).toMatch(/ findings .*: shorten the order, or remove/);
      const m = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', file, ...sizes, '--matrix'], { cwd: ROOT, encoding: 'utf8' });
      expect(m.stderr.startsWith(`bootreplay: constraints over 8 machines of ${file} would keep about `), m.stderr).toBe(true);
      // 30 calls: each machine alone is within the limits, the eight together are not
      writeFileSync(file, rc1.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 30 }, () => '  - dmi_scan_machine').join('\n')));
      const all = spawnSync(process.execPath, ['bin/bootreplay.js', 'constraints', file, ...sizes], { cwd: ROOT, encoding: 'utf8' });
      expect(all.stderr.startsWith(`bootreplay: constraints for 8 machines of ${file}, each answered on its own, would judge orders holding about `), all.stderr).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what a position breaks is what the kernel reaches there (helper-184 3)', () => {
  it('riscv 5.12 with an early platform probe: paging_init before parse_dtb breaks parse_dtb, not the reads the halt keeps the kernel from', async () => {
    const r = suggest(await machines('scenarios/riscv/v5.12-early-platform-probe.yaml'));
    const pagingInit = r.calls.find((c) => c.call.call === 'paging_init');
    const first = pagingInit?.blocked[0];
    expect(first?.text).toBe('before parse_dtb (step 1)');
    // parse_dtb's own read of dtb_early_va faults and halts the kernel: efi_init's, setup_bootmem's and the later ones are never reached
    expect(first?.findings.filter((f) => f.rule === 'dtb-early-va-stale')).toHaveLength(1);
  });
});
