/**
 * matrix: variants with stable names, CI-matrix exclude/include semantics
 * (GitHub Actions' documented example, in scenario keys), the variant limit,
 * per-variant problems, and located errors with did-you-mean for every key.
 */
import { DEFAULT_ARCH } from '../../src/arch/index.js';
import { matrixAxes } from '../../src/scenario/schema.js';
import { describe, expect, it } from 'vitest';
import { globMatch, keyPaths, parseVariantName, selectorMatches, selectorMiss, variantName } from '../../src/scenario/compose/variant-name.js';
import { BASE, compose, one, problems } from './helpers.js';
import { composeScenario } from '../../src/scenario/compose/compose.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';

function names(matrix: string): string[] {
  const r = compose({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n${matrix}` });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
  return r.variants.map((v) => (v.ok ? v.scenario.variant ?? '' : `INVALID ${v.variant}`));
}

describe('matrix', () => {
  it('3 hypervisors × 2 memory sizes × 2 paging modes without Xen on non-PAE: 10 variants, named in axis order', () => {
    const r = compose({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi, xen]\n  machine.memory: [512MiB, 4GiB]\n  config.pae: [false, true]\n  exclude:\n    - {machine.hypervisor: xen, config.pae: false}\n' });
    if (!r.ok) throw new Error('invalid');
    expect(r.matrix).toEqual({ file: 'd/s.yaml', keys: ['hypervisor', 'memory', 'pae'], paths: ['machine.hypervisor', 'machine.memory', 'config.pae'], excluded: ['hypervisor=xen,memory=512MiB,pae=false', 'hypervisor=xen,memory=4GiB,pae=false'] });
    expect(r.variants.map((v) => (v.ok ? v.scenario.variant : v.variant))).toEqual([
      'hypervisor=none,memory=512MiB,pae=false', 'hypervisor=none,memory=512MiB,pae=true',
      'hypervisor=none,memory=4GiB,pae=false', 'hypervisor=none,memory=4GiB,pae=true',
      'hypervisor=vmi,memory=512MiB,pae=false', 'hypervisor=vmi,memory=512MiB,pae=true',
      'hypervisor=vmi,memory=4GiB,pae=false', 'hypervisor=vmi,memory=4GiB,pae=true',
      'hypervisor=xen,memory=512MiB,pae=true', 'hypervisor=xen,memory=4GiB,pae=true',
    ]);
    const last = r.variants[9];
    if (last?.ok !== true) throw new Error('invalid variant');
    const s = last.scenario as unknown as { machine: { hypervisor: string; memory: number }; config: { pae: boolean; nr_cpus: number } };
    expect([s.machine.hypervisor, s.machine.memory, s.config.pae, s.config.nr_cpus]).toEqual(['xen', 4 * 2 ** 30, true, 4]);
    // where a variant's value comes from: the matrix entry
    expect(last.scenario.positions['machine.memory']).toEqual({ line: 4, col: 28 });
  });

  it('include and exclude as in a CI matrix (GitHub Actions\' own example, fruit → hypervisor, animal → pae)', () => {
    expect(names([
      '  machine.hypervisor: [none, vmi]',
      '  config.pae: [false, true]',
      '  include:',
      '    - {machine.cmdline: "mem=256M"}',
      '    - {machine.cmdline: "reservetop=16M", config.pae: false}',
      '    - {machine.hypervisor: none, config.nr_cpus: 2}',
      '    - {machine.hypervisor: xen}',
      '    - {machine.hypervisor: xen, config.pae: true}',
      '',
    ].join('\n'))).toEqual([
      'hypervisor=none,pae=false,cmdline="reservetop=16M",nr_cpus=2',
      'hypervisor=none,pae=true,cmdline="mem=256M",nr_cpus=2',
      'hypervisor=vmi,pae=false,cmdline="reservetop=16M"',
      'hypervisor=vmi,pae=true,cmdline="mem=256M"',
      'hypervisor=xen',
      'hypervisor=xen,pae=true',
    ]);
  });

  it('an include entry that fits a combination keeps its axis values as the axis writes them (1024MiB fits 1GiB, the name stays memory=1GiB)', () => {
    const r = compose({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n  include:\n    - {machine.memory: 1024MiB, config.pae: true}\n' });
    if (!r.ok) throw new Error('invalid');
    expect(r.variants.map((v) => (v.ok ? v.scenario.variant : v.variant))).toEqual(['memory=512MiB', 'memory=1GiB,pae=true']);
    const s = r.variants[1]?.ok === true ? r.variants[1].scenario : undefined;
    expect([(s?.machine as { memory: number } | undefined)?.memory, (s?.config as { pae: boolean } | undefined)?.pae]).toEqual([2 ** 30, true]);
    // the value comes from the axis (line 3), the key the entry adds from the entry (line 5)
    expect([s?.positions['machine.memory'], s?.positions['config.pae']]).toEqual([{ line: 3, col: 28 }, { line: 5, col: 45 }]);
    // a combination of an entry's own is named by the axis's text for a value the axis has
    expect(names([
      '  machine.memory: [512MiB, 1GiB]',
      '  machine.hypervisor: [none, vmi]',
      '  exclude:',
      '    - {machine.memory: 1GiB, machine.hypervisor: vmi}',
      '  include:',
      '    - {machine.memory: 1024MiB, machine.hypervisor: vmi, config.pae: true}',
      '',
    ].join('\n'))).toEqual(['memory=512MiB,hypervisor=none', 'memory=512MiB,hypervisor=vmi', 'memory=1GiB,hypervisor=none', 'memory=1GiB,hypervisor=vmi,pae=true']);
    // so two entries that spell one combination two ways are the same variant twice
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n  machine.hypervisor: [none]\n  include:\n    - {machine.memory: 1024MiB, machine.hypervisor: vmi}\n    - {machine.memory: 1GiB, machine.hypervisor: vmi}\n' })).toEqual([
      'd/s.yaml:7:7: matrix: the variant memory=1GiB,hypervisor=vmi appears twice; an include entry repeats a combination',
    ]);
  });

  it('include entries only: each entry is a variant of its own, as a CI matrix of include entries runs each (break-196 1)', () => {
    // they were merged into the one empty combination: one variant, named after the last entry
    expect(names('  include:\n    - {machine.memory: 2GiB}\n    - {machine.memory: 4GiB}\n')).toEqual(['memory=2GiB', 'memory=4GiB']);
    expect(names('  include:\n    - {machine.hypervisor: vmi}\n    - {machine.memory: 4GiB}\n')).toEqual(['hypervisor=vmi', 'memory=4GiB']);
    expect(names('  include:\n    - {machine.hypervisor: vmi, machine.memory: 1GiB}\n')).toEqual(['hypervisor=vmi,memory=1GiB']);
  });

  it('include entries only: an exclude entry has nothing to drop, and the limit advice does not offer exclude (helper-199 7)', () => {
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  exclude:\n    - {machine.memory: 512MiB}\n  include:\n    - {machine.memory: 1GiB}\n' })).toEqual([
      'd/s.yaml:4:8: matrix.exclude[0]["machine.memory"]: this matrix has no axes (include entries only), so an exclude entry has nothing to drop; remove the entry, or list the key\'s values as an axis',
    ]);
    const entries = Array.from({ length: 513 }, (_, i) => `    - {machine.memory: ${i + 1}MiB}\n`).join('');
    expect(problems({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n  include:\n${entries}` })).toEqual([expect.stringMatching(/max-variants.*; split the include entries over several files$/)]);
  });

  it('an include entry that repeats another\'s combination as the model reads it is an error, however it is spelled (break-196 1)', () => {
    const twice = (matrix: string): string[] => problems({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n${matrix}` });
    // beside an axis, neither entry fits a combination of it: two variants of one 2 GiB machine
    expect(twice('  machine.memory: [512MiB]\n  include:\n    - {machine.memory: 2GiB}\n    - {machine.memory: 2048MiB}\n')).toEqual([
      'd/s.yaml:6:7: matrix: the variant memory=2048MiB appears twice (as memory=2GiB: the same values as the model reads them); an include entry repeats a combination',
    ]);
    // include entries only
    expect(twice('  include:\n    - {machine.memory: 2GiB}\n    - {machine.memory: 2048MiB}\n')).toEqual([
      'd/s.yaml:5:7: matrix: the variant memory=2048MiB appears twice (as memory=2GiB: the same values as the model reads them); an include entry repeats a combination',
    ]);
    // kernel and cmdline text is trimmed, as an axis compares it
    expect(twice('  include:\n    - {kernel: 2.6.27-rc3}\n    - {kernel: "2.6.27-rc3 "}\n')).toEqual([
      expect.stringMatching(/^d\/s\.yaml:5:7: matrix: the variant kernel="2\.6\.27-rc3 " appears twice \(as kernel=2\.6\.27-rc3: the same values/),
    ]);
    // one kernel in two spellings the architecture's parser reads alike (helper-199 2)
    const arm64 = (matrix: string): string[] => problems({ 'd/s.yaml': `arch: arm64\nsetup_arch: [early_fixmap_init, setup_machine_fdt, paging_init]\nmatrix:\n${matrix}` });
    expect(arm64('  kernel: [v4.6, "4.6"]\n')).toEqual(['d/s.yaml:4:18: matrix.kernel[1]: 4.6 repeats item 0 of the axis (the same value)']);
    expect(arm64('  include:\n    - {kernel: v4.6}\n    - {kernel: "4.6"}\n')).toEqual([
      expect.stringMatching(/^d\/s\.yaml:6:7: matrix: the variant kernel=4\.6 appears twice \(as kernel=v4\.6: the same values/),
    ]);
    // and an entry's spelling fits the axis's: it adds to that combination, named as the axis writes it
    const arm64Names = (matrix: string): string[] => {
      const r = compose({ 'd/s.yaml': `arch: arm64\nsetup_arch: [early_fixmap_init, setup_machine_fdt, paging_init]\nmatrix:\n${matrix}` });
      if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
      return r.variants.map((v) => (v.ok ? v.scenario.variant ?? '' : `INVALID ${v.variant}`));
    };
    expect(arm64Names('  kernel: [v4.6, v4.7]\n  include:\n    - {kernel: "4.6", machine.memory: 4GiB}\n')).toEqual(['kernel=v4.6,memory=4GiB', 'kernel=v4.7']);
    // white space the kernel does not skip is no repeat: a tab ends a parameter only from 2.6.32-rc1 on x86_32, and
    // arm64's nokaslr test needs a space before it (helper-199 1)
    expect(names('  include:\n    - {machine.cmdline: quiet}\n    - {machine.cmdline: "quiet\\t"}\n')).toEqual(['cmdline=quiet', 'cmdline="quiet\\t"']);
    // spaces every modeled parser skips
    expect(twice('  include:\n    - {machine.cmdline: quiet}\n    - {machine.cmdline: " quiet "}\n')).toEqual([
      expect.stringMatching(/^d\/s\.yaml:5:7: matrix: the variant cmdline=" quiet " appears twice \(as cmdline=quiet:/),
    ]);
    // a run of spaces between parameters is one to next_arg() (break-279 N3); inside quotes the spaces are the value's
    expect(twice('  include:\n    - {machine.cmdline: quiet splash}\n    - {machine.cmdline: "quiet  splash"}\n')).toEqual([
      expect.stringMatching(/^d\/s\.yaml:5:7: matrix: the variant cmdline="quiet  splash" appears twice \(as cmdline="quiet splash": the same values/),
    ]);
    expect(names('  include:\n    - {machine.cmdline: \'foo="a b"\'}\n    - {machine.cmdline: \'foo="a  b"\'}\n')).toHaveLength(2);
    // the same spelling: the message as before
    expect(twice('  include:\n    - {machine.memory: 2GiB}\n    - {machine.memory: 2GiB}\n')).toEqual([
      'd/s.yaml:5:7: matrix: the variant memory=2GiB appears twice; an include entry repeats a combination',
    ]);
  });

  it('full paths where two axes end alike; any scalar key path is an axis, including kernel', () => {
    expect(names('  kernel: [2.6.27-rc1, 2.6.27-rc3]\n  machine.acpi_tables: [low]\n  config.acpi: [true]\n')).toEqual([
      'kernel=2.6.27-rc1,acpi_tables=low,acpi=true', 'kernel=2.6.27-rc3,acpi_tables=low,acpi=true',
    ]);
    expect(names('  config.highmem: [true]\n  name: [a, "b c"]\n')).toEqual(['highmem=true,name=a', 'highmem=true,name="b c"']);
  });

  it('is inherited; a file\'s own matrix: replaces it, and matrix: null drops it (one machine of a matrix base)', () => {
    const m = 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n';
    const variants = (child: string): (string | undefined)[] => {
      const r = compose({ 'd/m.yaml': m, 'd/s.yaml': `extends: m.yaml\n${child}` });
      if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
      return r.variants.map((v) => (v.ok ? v.scenario.variant : `INVALID ${v.variant}`));
    };
    expect(variants('name: child\n')).toEqual(['hypervisor=none', 'hypervisor=vmi']);
    expect(variants('matrix:\n  machine.memory: [512MiB, 4GiB]\n')).toEqual(['memory=512MiB', 'memory=4GiB']);
    expect(variants('matrix: null\nmachine: {hypervisor: xen}\nconfig: {pae: true}\n')).toEqual([undefined]);
    expect(one({ 'd/m.yaml': m, 'd/s.yaml': 'extends: m.yaml\nmatrix: null\nmachine: {hypervisor: vmi}\n' }).machine.hypervisor).toBe('vmi');
    // and the result says so, for the messages that say the file has no matrix
    const dropped = (files: Readonly<Record<string, string>>): string | undefined => {
      const r = compose({ 'd/m.yaml': m, ...files });
      return r.ok ? r.matrixDropped : 'invalid';
    };
    expect(dropped({ 'd/s.yaml': 'extends: m.yaml\nmatrix: null\n' })).toBe('matrix: null at d/s.yaml:2:1 drops the one of d/m.yaml');
    expect(dropped({ 'd/n.yaml': 'extends: m.yaml\nname: n\nmatrix: null\n', 'd/s.yaml': 'extends: n.yaml\n' })).toBe('matrix: null at d/n.yaml:3:1 drops the one of d/m.yaml');
    expect(dropped({ 'd/s.yaml': 'extends: base.yaml\nmatrix: null\n' })).toBe('matrix: null at d/s.yaml:2:1, and no base has one');
    expect(dropped({ 'd/s.yaml': 'extends: m.yaml\n' })).toBeUndefined();
    expect(dropped({ 'd/n.yaml': 'extends: m.yaml\nmatrix: null\n', 'd/s.yaml': 'extends: n.yaml\nmatrix:\n  machine.memory: [1GiB]\n' })).toBeUndefined();
    // an expect: entry with variant: in such a file
    expect(problems({ 'd/m.yaml': m, 'd/s.yaml': 'extends: m.yaml\nmatrix: null\nexpect:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, variant: hypervisor=vmi}\n' })).toEqual([
      'd/s.yaml:4:62: expect[0].variant: this file has no matrix: (matrix: null at d/s.yaml:2:1 drops the one of d/m.yaml), so it has no variants; remove variant:',
    ]);
    // anything else that is not a mapping is still an error
    expect(problems({ 'd/m.yaml': m, 'd/s.yaml': 'extends: m.yaml\nmatrix: 3\n' })).toEqual(['d/s.yaml:2:9: matrix: expected a mapping, got the number 3']);
    // in the project's words, not zod's ("expected record", "must be at least 1 items")
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.memory: []\n' })).toEqual(['d/s.yaml:3:19: matrix["machine.memory"]: an empty list; it needs at least 1 item']);
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\ndefine: [a]\n' })).toEqual(['d/s.yaml:2:9: define: expected a mapping, got a list']);
  });

  it('a combination the model rejects fails that variant only, named in its messages', () => {
    const r = compose({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  kernel: [2.6.27-rc1, 2.6.26]\n  machine.memory: [512MiB, 2TiB]\n' });
    if (!r.ok) throw new Error('invalid');
    expect(r.variants.map((v) => (v.ok ? `ok ${v.scenario.variant ?? ''}` : `${v.variant}: ${v.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join(' | ')}`))).toEqual([
      'ok kernel=2.6.27-rc1,memory=512MiB',
      'kernel=2.6.27-rc1,memory=2TiB: d/s.yaml:4:28: [kernel=2.6.27-rc1,memory=2TiB] machine.memory: 2 TiB (0x20000000000) is too much; the model takes 1 MiB to 1 TiB',
      // every call 2.6.26 lacks is reported (kind 4), the first being 2.6.27-rc1's setup_memory_map
      expect.stringMatching(/^kernel=2\.6\.26,memory=512MiB: d\/base\.yaml:10:5: \[kernel=2\.6\.26,memory=512MiB\] setup_arch\[1\] \(step 2\): setup_memory_map is not a setup_arch\(\) call in 2\.6\.26.*\| d\/base\.yaml:13:5: \[kernel=2\.6\.26,memory=512MiB\] setup_arch\[4\] \(step 5\): find_low_pfn_range is not a setup_arch\(\) call in 2\.6\.26/),
      expect.stringMatching(/^kernel=2\.6\.26,memory=2TiB: .*find_low_pfn_range.*\| .*init_memory_mapping.*\| d\/s\.yaml:4:28: .*2 TiB/),
    ]);
    expect(r.variants[1]?.ok === false && r.variants[1].problems[0]?.variant).toBe('kernel=2.6.27-rc1,memory=2TiB');
  });

  it('a problem every variant has is the file\'s, reported once', () => {
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nkernel: 2.6.26\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n' }).slice(0, 1)).toEqual([
      'd/base.yaml:10:5: setup_arch[1] (step 2): setup_memory_map is not a setup_arch() call in 2.6.26: it came with 0dbfafa5fcd "x86: move i386 memory setup code to e820_32.c" (2.6.27-rc1); 2.6.26 calls memory_setup instead; kernel: 2.6.26 is set at d/s.yaml:2:9',
    ]);
  });

  it('limits the number of variants, as a located error', () => {
    const cpus = Array.from({ length: 255 }, (_, i) => i + 1).join(', ');
    const memory = Array.from({ length: 17 }, (_, i) => `${i + 1}GiB`).join(', ');
    expect(problems({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n  config.nr_cpus: [${cpus}]\n  machine.memory: [${memory}]\n` })).toEqual([
      'd/s.yaml:3:3: matrix: 255 × 17 = 4335 combinations (limit 512 variants, max-variants; a CI matrix has dozens); split the file or exclude combinations',
    ]);
    // with an exclude that leaves too many
    expect(problems({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n  config.nr_cpus: [${cpus}]\n  machine.memory: [${memory}]\n  exclude:\n    - {config.nr_cpus: 1}\n` })).toEqual([
      'd/s.yaml:3:3: matrix: 4318 variants (limit 512 variants, max-variants; a CI matrix has dozens); split the file or exclude combinations',
    ]);
    // past max-matrix-product an exclude is not even tried: the combinations are never enumerated
    const many = Array.from({ length: 2048 }, (_, i) => i + 1).join(', ');
    const nine = Array.from({ length: 9 }, (_, i) => `${i + 1}GiB`).join(', ');
    expect(problems({ 'd/s.yaml': `extends: base.yaml\nmatrix:\n  config.nr_cpus: [${many}]\n  machine.memory: [${nine}]\n  exclude:\n    - {config.nr_cpus: 1}\n` })).toEqual([
      'd/s.yaml:3:3: matrix: 2048 × 9 = 18432 combinations before exclude (limit 8192 combinations before exclude, max-matrix-product; they are not enumerated above it); split the file or list fewer values on an axis (more exclude: entries cannot help: they apply after this count; include: adds single combinations)',
    ]);
  });

  it('limits the calls a file replays (variants × calls), at the matrix', () => {
    const limits = { ...DEFAULT_LIMITS, maxReplayedCalls: 30 };
    const run = (values: string): ReturnType<typeof composeScenario> => composeScenario(
      `extends: base.yaml\nmatrix:\n  machine.memory: [${values}]\n`, 'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), limits);
    // the base order has 9 calls: 3 variants replay 27, 4 would replay 36
    expect(run('512MiB, 1GiB, 2GiB').ok).toBe(true);
    const r = run('512MiB, 1GiB, 2GiB, 4GiB');
    expect(r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`)).toEqual([
      'd/s.yaml:3:3: matrix: 4 variants × 9 calls = 36 calls to replay (limit 30 calls and RAM banks replayed per file, max-replayed-calls; GitHub Actions runs at most 256 jobs of a matrix; 256 variants of a real order replay about 15,000 calls, a real machine has a few banks); split the file or exclude combinations (the limit holds for the matrix as written, whichever variants a run picks)',
    ]);
  });

  it('weighs each RAM bank past the first as a call (max-replayed-calls; break-255 F3)', () => {
    // 512 variants of 2,048 riscv banks took 5.3 s of CPU: every replay adds each bank to memblock and maps it
    const bank = (i: number): string => `    - {base: 0x${(0x100000000 + i * 0x400000).toString(16)}, size: 2MiB}\n`;
    const file = (banks: number, variants: number): string => `name: b\narch: riscv\nkernel: "5.14"\nmachine:\n  memory_banks:\n    - {base: 0x80000000, size: 2GiB}\n${
      Array.from({ length: banks - 1 }, (_, i) => bank(i)).join('')}setup_arch: [parse_dtb, paging_init]\nmatrix:\n  machine.dtb_size: [${Array.from({ length: variants }, (_, i) => `${64 + 4 * i}KiB`).join(', ')}]\n`;
    const run = (text: string): ReturnType<typeof composeScenario> => composeScenario(text, 'd/s.yaml', memoryReader({}), DEFAULT_LIMITS);
    // at the limit: 128 variants × (2 calls + 126 banks past the first) = 16,384
    expect(run(file(127, 128)).ok).toBe(true);
    const r = run(file(128, 128));
    expect(r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`)).toEqual([
      'd/s.yaml:136:3: matrix: 128 variants × (2 calls + 127 RAM banks past the first) = 16512 calls and banks to replay (limit 16384 calls and RAM banks replayed per file, max-replayed-calls; GitHub Actions runs at most 256 jobs of a matrix; 256 variants of a real order replay about 15,000 calls, a real machine has a few banks); split the file or exclude combinations (the limit holds for the matrix as written, whichever variants a run picks)',
    ]);
    // more banks than memblock.memory holds before memblock_allow_resize() (the -ENOMEM the model replays) stay reachable
    expect(run(file(200, 8)).ok).toBe(true);
  });

  it('weighs a base\'s banks only for the variants whose axis does not replace them (arm64 machine.memory)', () => {
    const limits = { ...DEFAULT_LIMITS, maxReplayedCalls: 40 };
    const banks = Array.from({ length: 10 }, (_, i) => `    - {base: 0x${(0x80000000 + i * 0x40000000).toString(16)}, size: 512MiB}\n`).join('');
    const base = `name: b\narch: arm64\nkernel: v4.4\nmachine:\n  banks:\n${banks}setup_arch: [early_fixmap_init, paging_init]\n`;
    const run = (matrix: string): ReturnType<typeof composeScenario> => composeScenario(`extends: base.yaml\nmatrix:\n${matrix}`, 'd/s.yaml', memoryReader({ 'd/base.yaml': base }), limits);
    // machine.memory supersedes the base's banks: 4 variants × 2 calls, no banks past the first
    expect(run('  machine.memory: [1GiB, 2GiB, 3GiB, 4GiB]\n').ok).toBe(true);
    const r = run('  machine.kaslr_seed: [1, 2, 3, 4]\n');
    expect(r.ok ? [] : r.problems.map((p) => p.message.slice(0, p.message.indexOf(' (limit')))).toEqual(['matrix: 4 variants × (2 calls + 9 RAM banks past the first) = 44 calls and banks to replay']);
  });

  it('limits expect:/allow: entries × variants (max-gate-entries), at the longer list, before any selector is matched', () => {
    // 9,999 variant: entries over a 4,096-variant matrix ran Node out of heap: every entry was matched against every name
    const limits = { ...DEFAULT_LIMITS, maxGateEntries: 6 };
    const list = (key: string, variants: (string | undefined)[]): string => (variants.length === 0 ? '' : `${key}:\n${variants.map((v) =>
      `  - {rule: duplicate-call, step: early_ioremap_init${v !== undefined ? `, variant: '${v}'` : ''}${key === 'allow' ? ', reason: known' : ''}}\n`).join('')}`);
    const messages = (expects: (string | undefined)[], allows: (string | undefined)[] = []): string[] => {
      const r = composeScenario(`extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB, 2GiB]\n${list('expect', expects)}${list('allow', allows)}`,
        'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), limits);
      return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    };
    const over = (at: string, n: number): string => `d/s.yaml:${at}: expect:/allow: ${n} entries × 3 variants = ${3 * n} (limit 6 entries × variants, max-gate-entries; a real scenario has a handful of expect/allow entries and a matrix a few hundred variants); give fewer entries (one with a variant: selector covers many variants) or split the file`;
    // 2 entries × 3 variants: at the limit
    expect(messages(['memory=512MiB', 'memory=1*'])).toEqual([]);
    // 3 × 3: refused at expect:, and the selectors that pick nothing are not matched (nor reported): the limit comes first
    expect(messages(['nomatch1*', 'nomatch2*'], ['memory=9*'])).toEqual([over('5:3', 3)]);
    // at allow: when it is the longer list; entries without variant: count too (they apply to every variant)
    expect(messages([undefined], [undefined, 'memory=2GiB'])).toEqual([over('7:3', 3)]);
  });

  it('limits what the variant: globs of a file cost (max-glob-steps), at the entry that reaches it, before any is matched (break-216 F3)', () => {
    const limits = { ...DEFAULT_LIMITS, maxGlobSteps: 100 };
    const messages = (variants: readonly string[]): string[] => {
      const r = composeScenario(`extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB, 2GiB]\nexpect:\n${variants.map((v) => `  - {rule: duplicate-call, step: early_ioremap_init, variant: '${v}'}\n`).join('')}`,
        'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), limits);
      return r.ok ? [] : r.problems.filter((p) => p.message.includes('max-glob-steps')).map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    };
    // no ? between two stars: linear, no steps counted, however long the pattern
    expect(messages([`memory=*${'5'.repeat(500)}*`, 'memory=?GiB', 'memory=1*B'])).toEqual([]);
    // `*1?i*` (3 characters) is tried on each distinct value, 6 + 4 + 4 characters: 42 steps an entry; the third reaches 126
    expect(messages(['memory=*1?i*', 'memory=*2?i*'])).toEqual([]);
    expect(messages(['memory=*1?i*', 'memory=*2?i*', 'memory=*5?2*'])).toEqual([
      "d/s.yaml:7:63: expect[2].variant: matching the selectors of this file's entries against its 3 variants would take 126 steps (limit 100 steps, max-glob-steps; a part between two * with a ? in it costs its length × each value's length; other globs cost none); write the values out, or use * without ? between stars",
    ]);
  });

  it('limits the scenario and variant names as printed over the variants (max-repeated-text), at the name: that sets the repeated name, escapes counted', () => {
    // helper-147: a 4,096-character name of \x01 over 4,096 variants made a 68 MB text report and 600 MB of RSS; seven such files ran V8's heap out
    // variant names here: memory=512MiB, memory=1GiB, memory=2GiB (13 + 11 + 11 = 35 characters)
    const limits = { ...DEFAULT_LIMITS, maxRepeatedText: 80 };
    const messages = (name: string, base = BASE): string[] => {
      const r = composeScenario(`extends: base.yaml\n${name === '' ? '' : `name: ${name}\n`}matrix:\n  machine.memory: [512MiB, 1GiB, 2GiB]\n`, 'd/s.yaml', memoryReader({ 'd/base.yaml': base }), limits);
      return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    };
    const why = "every report repeats both in each variant's result; 256 variants of a 4,096-character name fit, a real name is under 100 characters";
    // 15 characters × 3 variants + 35: at the limit; 16 over it
    expect(messages('abcdefghijklmno')).toEqual([]);
    expect(messages('abcdefghijklmnop')).toEqual([`d/s.yaml:2:7: name: 16 characters × 3 variants, and 35 characters of variant names = 83 (limit 80 characters of scenario and variant names over the variants, max-repeated-text; ${why}); shorten the name (description: holds the details) or split the file`]);
    // a control character is printed as \x01, four characters: 3 + 3 × 4 = 15 × 3 at the limit, one more over it
    expect(messages('"abc\\x01\\x01\\x01"')).toEqual([]);
    expect(messages('"abcd\\x01\\x01\\x01"')[0]).toMatch(/^d\/s\.yaml:2:7: name: 16 characters \(7 as written; control and format characters are printed escaped\) × 3 variants, and 35 characters of variant names = 83 \(limit 80/);
    // an emoji is one character, as max-text-chars counts (two UTF-16 code units): 15 of them × 3 at the limit
    expect(messages('\u{1f600}'.repeat(15))).toEqual([]);
    expect(messages('\u{1f600}'.repeat(16))[0]).toMatch(/^d\/s\.yaml:2:7: name: 16 characters × 3 variants, and 35 characters of variant names = 83 \(limit 80/);
    // an inherited name is reported in the base that sets it
    expect(messages('', `name: abcdefghijklmnop\n${BASE}`)[0]).toMatch(/^d\/base\.yaml:1:7: name: 16 characters × 3 variants, and 35 characters of variant names = 83 /);
  });

  it('counts a name axis and long axis values too: each variant name within max-text-chars, all names within max-repeated-text (helper-152)', () => {
    // helper-152: a name: axis of 8 values of 4,000 U+202E × 500 values of another axis, a 98 KB file, made a 385 MB text report
    const run = (matrix: string, limits = DEFAULT_LIMITS): string[] => {
      const r = composeScenario(`extends: base.yaml\nmatrix:\n${matrix}`, 'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), limits);
      return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    };
    const bidi = (n: number): string => '\\u202e'.repeat(n);
    // a variant name of 8 + 680 × 6 = 4,090 characters fits; one more control character (4,096 → 4,102 with the quotes) does not
    expect(run(`  name: ["${bidi(680)}"]\n`)).toEqual([]);
    const over = run(`  machine.memory: [512MiB]\n  name: ["${bidi(681)}"]\n`);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(/^4:10: matrix: the variant memory=512MiB,name="(\\u202e){6}… has a name of 4107 characters as reports print it \(limit 4096 characters \(Unicode code points: an emoji is one\) in one text value, max-text-chars; .*\); every finding of the variant repeats its name/);
    // many variants of shorter names: the sum over the variants (name=a,memory=512MiB is 21 characters, …), reported at matrix:
    const sum = run(`  name: [a, b]\n  machine.memory: [512MiB, 1GiB, 2GiB]\n`, { ...DEFAULT_LIMITS, maxRepeatedText: 100 });
    expect(sum).toEqual(['3:3: matrix: 6 characters of scenario names and 112 of variant names over 6 variants = 118 (limit 100 characters of scenario and variant names over the variants, max-repeated-text; every report repeats both in each variant\'s result; 256 variants of a 4,096-character name fit, a real name is under 100 characters); shorten the axis values (description: holds the details) or split the file']);
    // an include entry that gives one variant a name of its own: the file's name is not repeated by every variant,
    // so the problem is the matrix's, not "name: … × 3 variants"
    const partly = composeScenario(`extends: base.yaml\nname: ${'n'.repeat(40)}\nmatrix:\n  machine.memory: [512MiB, 1GiB, 2GiB]\n  include:\n    - {machine.memory: 2GiB, name: x}\n`, 'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), { ...DEFAULT_LIMITS, maxRepeatedText: 100 });
    expect(partly.ok ? [] : partly.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([expect.stringMatching(/^4:3: matrix: 81 characters of scenario names and 42 of variant names over 3 variants = 123 \(limit 100 /)]);
  });

  it('exclude values no axis has: the same did-you-mean for a repeated value, and the shown problems word for word as without the cap', () => {
    // the did-you-mean is a scan of the axis: once per distinct wrong value, and only for the ones max-problems shows
    // (2,000 entries over a 4,096-value axis took 2.8 s, 9,999 took 14 s and 1.2 GB, with a scan and a list per entry)
    const text = 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n  exclude:\n    - {machine.memory: 2GiB}\n    - {machine.memory: 515MiB}\n    - {machine.memory: 2GiB}\n    - {machine.memory: 4GiB}\n';
    const messages = (maxProblems: number): string[] => {
      const r = composeScenario(text, 'd/s.yaml', memoryReader({ 'd/base.yaml': BASE }), { ...DEFAULT_LIMITS, maxProblems });
      return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    };
    const all = messages(100);
    expect(all).toEqual([
      '5:24: matrix.exclude[0]["machine.memory"]: 2GiB is not a value of the axis (did you mean 1GiB?); values: 512MiB, 1GiB',
      '6:24: matrix.exclude[1]["machine.memory"]: 515MiB is not a value of the axis (did you mean 512MiB?); values: 512MiB, 1GiB',
      '7:24: matrix.exclude[2]["machine.memory"]: 2GiB is not a value of the axis (did you mean 1GiB?); values: 512MiB, 1GiB',
      '8:24: matrix.exclude[3]["machine.memory"]: 4GiB is not a value of the axis (did you mean 1GiB?); values: 512MiB, 1GiB',
    ]);
    expect(messages(3)).toEqual([...all.slice(0, 3), '8:24: … and 1 more problem in this file (limit 3 problems per file, max-problems; the rest are shown as a count)']);
  });

  it('caps the problems of each invalid variant at max-problems, the rest counted (run caps the variants it picks again, per file)', () => {
    // 2.6.26 lacks several calls of the 2.6.27-rc1 base: each variant on it has one problem per call
    const r = composeScenario('extends: base.yaml\nmatrix:\n  kernel: [2.6.27-rc1, 2.6.26]\n  machine.memory: [512MiB, 1GiB]\n', 'd/s.yaml',
      memoryReader({ 'd/base.yaml': BASE }), { ...DEFAULT_LIMITS, maxProblems: 2 });
    if (!r.ok) throw new Error('the 2.6.27-rc1 variants load');
    const invalid = r.variants.filter((v) => !v.ok).map((v) => (v.ok ? [] : v.problems.map((p) => `${p.line}: ${p.message.replace(/ is not a setup_arch\(\) call.*/, '')}`)));
    const more = (n: number): string => `… and ${n} more problems in this variant (limit 2 problems per file, max-problems; the rest are shown as a count)`;
    expect(invalid).toEqual(['512MiB', '1GiB'].map((m) => [
      `10: [kernel=2.6.26,memory=${m}] setup_arch[1] (step 2): setup_memory_map`, `12: [kernel=2.6.26,memory=${m}] setup_arch[3] (step 4): e820_end_of_ram_pfn`, `13: [kernel=2.6.26,memory=${m}] ${more(2)}`,
    ]));
  });

  it('reports unknown axes, values, repeats and excludes with did-you-mean, at the entry', () => {
    // every scalar key of the architecture's schema (computed, so new config/machine keys need no edit here)
    const axes = matrixAxes(DEFAULT_ARCH).map((a) => a.path).join(', ');
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  memory: [1GiB]\n  machine.hypervisor: [none, xne]\n  config.pea: [true]\n  exclude:\n    - {machine.hypervisor: vmj}\n  include:\n    - {machine.memry: 1GiB}\n' })).toEqual([
      `d/s.yaml:3:3: matrix.memory: unknown key (did you mean machine.memory?); an axis is a scalar key path: ${axes}`,
      'd/s.yaml:4:30: matrix["machine.hypervisor"][1]: unknown value "xne" (did you mean xen?); allowed: none, vmi, xen',
      `d/s.yaml:5:3: matrix["config.pea"]: unknown key (did you mean config.pae?); an axis is a scalar key path: ${axes}`,
      'd/s.yaml:7:28: matrix.exclude[0]["machine.hypervisor"]: unknown value "vmj" (did you mean vmi?); allowed: none, vmi, xen',
      `d/s.yaml:9:8: matrix.include[0]["machine.memry"]: unknown key (did you mean machine.memory?); a key of an exclude/include entry is a scalar key path: ${axes}`,
    ]);
    // another architecture's key as an axis or an include key: whose it is, as under config: (break-211 F8)
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  config.va_bits: [39, 48]\n  include:\n    - {machine.banks: 1}\n' })).toEqual([
      `d/s.yaml:3:3: matrix["config.va_bits"]: unknown key: it is an arm64 key, and this scenario is x86_32 (the default: no file sets arch:; add arch: arm64); an axis is a scalar key path: ${axes}`,
      `d/s.yaml:5:8: matrix.include[0]["machine.banks"]: unknown key: it is an arm64 key, and this scenario is x86_32 (the default: no file sets arch:; add arch: arm64); a key of an exclude/include entry is a scalar key path: ${axes}`,
    ]);
    // a mapping's path names its scalar keys (helper-183 13: "did you mean machine.efi?")
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.cpu: [a]\n' })).toEqual([
      'd/s.yaml:3:3: matrix["machine.cpu"]: machine.cpu is a mapping, not a scalar; an axis names one of its keys: machine.cpu.pse, machine.cpu.nx, machine.cpu.pge',
    ]);
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 0x20000000]\n  machine.hypervisor: [none, vmi]\n  exclude:\n    - {machine.hypervisor: xen}\n    - {config.pae: true}\n    - {}\n' })).toEqual([
      'd/s.yaml:3:28: matrix["machine.memory"][1]: 0x20000000 repeats item 0 of the axis (the same value)',
      'd/s.yaml:6:28: matrix.exclude[0]["machine.hypervisor"]: xen is not a value of the axis; values: none, vmi',
      'd/s.yaml:7:8: matrix.exclude[1]["config.pae"]: not an axis of this matrix; axes: machine.memory, machine.hypervisor',
      'd/s.yaml:8:7: matrix.exclude[2]: empty; an exclude entry lists values of the axes, {AXIS: VALUE, …}, and drops every combination that has them all',
    ]);
    // the loader trims values: a kernel written with a space at the end is the same kernel, and says so visibly
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  kernel: [2.6.27-rc3, "2.6.27-rc3 "]\n' })).toEqual([
      'd/s.yaml:3:24: matrix.kernel[1]: "2.6.27-rc3 " repeats item 0 of the axis (the same value)',
    ]);
    // and so is a cmdline with a run of spaces outside quotes (break-279 N3)
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.cmdline: [quiet splash, "quiet  splash"]\n' })).toEqual([
      'd/s.yaml:3:35: matrix["machine.cmdline"][1]: quiet  splash repeats item 0 of the axis (the same value)',
    ]);
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [vmi]\n  exclude:\n    - {machine.hypervisor: vmi}\n' })).toEqual([
      'd/s.yaml:3:3: matrix: every combination is excluded; nothing is left to replay',
    ]);
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\nmatrix: {}\n' })).toEqual([
      'd/s.yaml:2:9: matrix: no axes; list the values of a scalar key path, e.g. kernel: [A, B] or machine.KEY: [A, B]',
    ]);
  });
});

describe('variant names', () => {
  it('quote values that would make them ambiguous, and parse back', () => {
    const pairs = [{ key: 'hypervisor', value: 'xen' }, { key: 'cmdline', value: 'reservetop=16M vmi=disable_pse' }, { key: 'name', value: '' }];
    const name = variantName(pairs);
    expect(name).toBe('hypervisor=xen,cmdline="reservetop=16M vmi=disable_pse",name=""');
    expect(parseVariantName(name)).toEqual(pairs);
    expect(parseVariantName('a=1,')).toBeNull();
  });

  it('pick by selector (key=value pairs, values may be globs) or by a glob over the whole name', () => {
    const n = 'hypervisor=vmi,memory=4GiB,pae=true';
    expect(selectorMatches('hypervisor=vmi', n)).toBe(true);
    expect(selectorMatches('memory=4GiB,hypervisor=vmi', n)).toBe(true);
    expect(selectorMatches('hypervisor=xen', n)).toBe(false);
    expect(selectorMatches('memory=*G*', n)).toBe(true);
    // the axis's whole path, as the matrix: block writes it
    expect(selectorMatches('machine.hypervisor=vmi,config.pae=true', n)).toBe(true);
    expect(selectorMatches('machine.hypervisor=xen', n)).toBe(false);
    expect(selectorMatches('config.pae=true', n)).toBe(true);
    expect(selectorMatches('x.memory=4GiB', n)).toBe(false);
    // at any depth (a nested key, machine.cpu.pge): an axis or a key only include entries set
    expect(selectorMatches('machine.cpu.pge=false', 'pse=false,pge=false')).toBe(true);
    expect(selectorMatches('machine.cpu.pge=true', 'pse=false,pge=false')).toBe(false);
    // with the matrix's paths, only the key's own path names it
    const paths = keyPaths(['pse', 'pge'], ['machine.cpu.pse', 'machine.cpu.pge']);
    expect(selectorMatches('machine.cpu.pge=false', 'pse=false,pge=false', paths)).toBe(true);
    expect(selectorMatches('pge=false', 'pse=false,pge=false', paths)).toBe(true);
    expect(selectorMatches('config.pge=false', 'pse=false,pge=false', paths)).toBe(false);
    expect(selectorMatches('machine.pge=false', 'pse=false,pge=false', paths)).toBe(false);
    expect(selectorMiss('machine.pge=false', ['pse=true', 'pse=false,pge=false'], paths)).toBe('no axis machine.pge (did you mean machine.cpu.pge?); axes: pse, pge');
    expect(selectorMiss('machine.cpu.pze=false', ['pse=true', 'pse=false,pge=false'], paths)).toBe('no axis machine.cpu.pze (did you mean machine.cpu.pse?); axes: pse, pge');
    // values clipped, at most 6 of them (helper-183 11: two 3,000-character values made a 6 KB line)
    const long = ['a', 'b'].map((c) => c.repeat(3000));
    expect(selectorMiss('name=zzz', long.map((v) => `name=${v}`)).length).toBeLessThan(300);
    // a quoted value never closed: said, not read as a glob that matches nothing (break-280 N4)
    const unclosed = (key: string): string => `a quote is not closed: the value of ${key} opens with " and runs to the end of the selector; close it, as in ${key}="a,b" (a value with a comma or = is quoted whole)`;
    expect(selectorMiss('hypervisor="vmi', ['hypervisor=vmi', 'hypervisor=xen'])).toBe(unclosed('hypervisor'));
    expect(selectorMiss('hypervisor=vmi,cmdline="a\\"b', ['hypervisor=vmi,cmdline=x'])).toBe(unclosed('cmdline'));
    // closed, with an escaped quote inside: not this message
    expect(selectorMiss('cmdline="a\\"b"', ['cmdline=x'])).not.toMatch(/quote is not closed/);
    expect(selectorMiss('m=zz', Array.from({ length: 10 }, (_, i) => `m=${i}`))).toMatch(/^no variant has m=zz.*; m is one of 0, 1, 2, 3, 4, 5, … and 4 more$/);
    // the same size written another way: named, with why the selector missed it (break-252 N6)
    const mem = ['memory=512MiB', 'memory=4GiB'];
    for (const v of ['536870912', '0x20000000', '512M']) {
      expect(selectorMiss(`memory=${v}`, mem)).toBe(`no variant has memory=${v} (did you mean memory=512MiB? the same value: a selector matches a value as the matrix writes it); memory is one of 512MiB, 4GiB`);
    }
    expect(selectorMiss('memory=513MiB', mem)).toBe('no variant has memory=513MiB (did you mean memory=512MiB?); memory is one of 512MiB, 4GiB');
    expect(globMatch('hypervisor=vmi,*', n)).toBe(true);
    expect(globMatch('*pae=false', n)).toBe(false);
  });

  it('say why a selector whose key holds * or ? picks nothing: it is one glob over the name (break-219 F8)', () => {
    const names = ['hypervisor=none,memory=512MiB', 'hypervisor=none,memory=4GiB', 'hypervisor=vmi,memory=512MiB', 'hypervisor=vmi,memory=4GiB'];
    // the documented form picks: the name's order
    expect(names.filter((n) => selectorMatches('hypervisor=vmi,*memory=4GiB*', n))).toEqual(['hypervisor=vmi,memory=4GiB']);
    const why = 'matches no variant name: the key %s holds * or ?, and a key is never a glob, so the whole selector is read as one glob over the name, its parts in the name\'s order (hypervisor=none,memory=512MiB); ';
    expect(names.filter((n) => selectorMatches('*memory=4GiB*,hypervisor=vmi', n))).toEqual([]);
    expect(selectorMiss('*memory=4GiB*,hypervisor=vmi', names)).toBe(`${why.replace('%s', '*memory')}did you mean memory=4GiB*,hypervisor=vmi?`);
    expect(names.filter((n) => selectorMatches('memory=4GiB*,hypervisor=vmi', n))).toEqual(['hypervisor=vmi,memory=4GiB']);
    expect(selectorMiss('hyper?isor=vmi', names)).toBe(`${why.replace('%s', 'hyper?isor')}did you mean hypervisor=vmi?`);
    // a key glob that names both axes, or an offer that picks nothing: where the glob belongs
    expect(selectorMiss('*e*=vmi', names)).toBe(`${why.replace('%s', '*e*')}put the glob in a value (key=value*) of the axes hypervisor, memory`);
    expect(selectorMiss('hyp*=vmi,memory=8GiB', names)).toBe(`${why.replace('%s', 'hyp*')}put the glob in a value (key=value*) of the axes hypervisor, memory`);
    // an offer that would be refused (a key given twice) is not made (break-223 F7)
    expect(selectorMiss('*visor=vmi,hyper*=vmi', names)).toBe(`${why.replace('%s', '*visor')}put the glob in a value (key=value*) of the axes hypervisor, memory`);
    // a key glob beside a piece without = (the `…,*` form), by the key's path, or before a quoted value (break-223 N2)
    expect(selectorMiss('?emory=4GiB,*', names)).toMatch(/^matches no variant name: the key \?emory holds \* or \?, and a key is never a glob/);
    const paths = keyPaths(['hypervisor', 'memory'], ['machine.hypervisor', 'machine.memory']);
    expect(selectorMiss('machine.hyper*=vmi', names, paths)).toBe(`${why.replace('%s', 'machine.hyper*')}did you mean machine.hypervisor=vmi?`);
    expect(selectorMiss('memo*="4GiB"', names)).toBe('no axis memo* (a key is never a glob: did you mean memory?); axes: hypervisor, memory');
    // a glob over the whole name without key=value pieces is said as before
    expect(selectorMiss('*xen*', names)).toMatch(/^matches no variant name(?: \(did you mean .*\?\))?; a glob over the whole name/);
  });

  it('say why a selector picks nothing: the axis, the value or the combination, never every name', () => {
    const all = ['kernel=2.6.27-rc1,memory=64MiB', 'kernel=2.6.27-rc1,memory=4GiB', 'kernel=2.6.28,memory=64MiB', 'kernel=2.6.28,memory=4GiB', 'kernel=2.6.28,memory=64GiB'];
    expect(selectorMiss('kernal=2.6.28', all)).toBe('no axis kernal (did you mean kernel?); axes: kernel, memory');
    expect(selectorMiss('kernel=2.6.82', all)).toBe('no variant has kernel=2.6.82 (did you mean kernel=2.6.28?); kernel is one of 2.6.27-rc1, 2.6.28');
    // "(excluded from the matrix?)" only when the selector picks a combination exclude: dropped (break-209 F10,
    // break-211 F6: not for any combination of a matrix whose exclude: dropped some other)
    expect(selectorMiss('kernel=2.6.27-rc1,memory=64GiB', all, undefined, undefined, ['kernel=2.6.28,memory=128MiB'])).toBe('no variant has all of kernel=2.6.27-rc1,memory=64GiB; variants with kernel=2.6.27-rc1: kernel=2.6.27-rc1,memory=64MiB; kernel=2.6.27-rc1,memory=4GiB');
    expect(selectorMiss('kernel=2.6.27-rc1,memory=64GiB', all, undefined, undefined, ['kernel=2.6.27-rc1,memory=64GiB'])).toBe('no variant has all of kernel=2.6.27-rc1,memory=64GiB (excluded from the matrix?); variants with kernel=2.6.27-rc1: kernel=2.6.27-rc1,memory=64MiB; kernel=2.6.27-rc1,memory=4GiB');
    expect(selectorMiss('kernel=2.6.27-rc1,memory=64GiB', all)).toBe('no variant has all of kernel=2.6.27-rc1,memory=64GiB; variants with kernel=2.6.27-rc1: kernel=2.6.27-rc1,memory=64MiB; kernel=2.6.27-rc1,memory=4GiB');
    expect(selectorMiss('kernel=2.6.28,memory=64MiB,x', all)).toMatch(/^matches no variant name \(did you mean kernel=2.6.28,memory=64MiB\?\); a glob over the whole name/);
  });

  it('a 64-bit axis (arm64 machine.kaslr_seed, a bigint once read): variants, include, exclude and repeats as for any scalar', () => {
    const base = `arch: arm64
kernel: v4.6
config: {va_bits: 48, randomize_base: true}
machine: {memory: 2GiB, kaslr_seed: 0x5f3a1c9d2e7b4}
setup_arch: [early_fixmap_init, early_ioremap_init, setup_machine_fdt, paging_init]
`;
    const run = (matrix: string) => composeScenario(`extends: a.yaml\nmatrix:\n${matrix}`, 'd/s.yaml', memoryReader({ 'd/a.yaml': base }));
    const r = run('  machine.kaslr_seed: [0x1234, 0xfedcba9876543210]\n  machine.memory: [2GiB, 4GiB]\n  exclude:\n    - {machine.kaslr_seed: 0x1234, machine.memory: 4GiB}\n  include:\n    - {machine.kaslr_seed: 0xfedcba9876543210, machine.memory: 4GiB, machine.cmdline: nokaslr}\n');
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
    expect(r.variants.map((v) => (v.ok ? v.scenario.variant : `INVALID ${v.variant}`))).toEqual([
      'kaslr_seed=0x1234,memory=2GiB', 'kaslr_seed=0xfedcba9876543210,memory=2GiB', 'kaslr_seed=0xfedcba9876543210,memory=4GiB,cmdline=nokaslr',
    ]);
    const seeds = r.variants.map((v) => (v.ok ? (v.scenario as unknown as { machine: { kaslr_seed: bigint } }).machine.kaslr_seed : null));
    expect(seeds).toEqual([0x1234n, 0xfedcba9876543210n, 0xfedcba9876543210n]);
    // 4660 is 0x1234: one value written twice is refused, as for any axis
    const twice = run('  machine.kaslr_seed: [0x1234, 4660]\n');
    expect(twice.ok ? [] : twice.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual(['3:32: matrix["machine.kaslr_seed"][1]: 4660 repeats item 0 of the axis (the same value)']);
    // a list key (machine.banks) is said to be a list; a slip of it is guessed as it, and another architecture's key
    // gets no guess beside its hint (break-215 F6: "did you mean machine.acpi?", "machine.cmdline?")
    const said = (matrix: string): string[] => { const r = run(matrix); return r.ok ? [] : r.problems.map((p) => p.message.replace(/: name, description, .*$/, '')); };
    expect(said('  machine.banks: [1GiB, 2GiB]\n')).toEqual(['matrix["machine.banks"]: machine.banks is a list, not a scalar; an axis is a scalar key path (write each list in a file that extends this one)']);
    expect(said('  machine.bank: [1GiB, 2GiB]\n')).toEqual(['matrix["machine.bank"]: unknown key (did you mean machine.banks?); an axis is a scalar key path']);
    expect(said('  machine.cpu.pse: [true, false]\n')).toEqual(['matrix["machine.cpu.pse"]: unknown key: it is an x86_32 key, and this scenario is arm64 (arch: arm64 is set at d/a.yaml:1:7); an axis is a scalar key path']);
  });
});
