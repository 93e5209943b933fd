/**
 * What a derived file inherits, key by key: config/machine merge at any
 * depth (a child's `machine.cpu.pge` keeps the base's `machine.cpu.nx`), each
 * leaf's position and problems point at the file that wrote it, lists and
 * scalars replace; and a plain value on a key an inherited matrix varies is
 * a located error instead of being ignored in every variant.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeScenario } from '../../src/scenario/compose/compose.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { matrixOf, overlayText, parseSets } from '../../src/scenario/overrides.js';
import { positionOf, type Scenario } from '../../src/scenario/types.js';
import { isX86Scenario } from '../../src/arch/x86_32/plugin.js';
import type { X86Scenario } from '../../src/arch/x86_32/types.js';
import { compose, one, problems } from './helpers.js';

/** The variants of a composed file (x86_32), or its problems as text. */
function variants(files: Readonly<Record<string, string>>): X86Scenario[] | string[] {
  const r = compose(files);
  if (!r.ok) return r.problems.map((p) => p.message);
  return r.variants.map((v) => {
    if (!v.ok || !isX86Scenario(v.scenario)) throw new Error(`variant ${v.ok ? v.scenario.variant ?? '' : v.variant} is invalid`);
    return v.scenario;
  });
}

const each = <T>(list: X86Scenario[] | string[], f: (s: X86Scenario) => T): T[] | string[] =>
  list.map((x) => (typeof x === 'string' ? x : f(x))) as T[] | string[];

/** A base with nested keys set in both mappings (x86_32 System.map and CPU features). */
const NESTED = `kernel: 2.6.27-rc1
config:
  system_map:
    _text: 0xC0100000
    __init_end: 0xC0500000
    _end: 0xC0800000
machine:
  hypervisor: vmi
  cpu:
    nx: false
    pse: false
setup_arch: [early_ioremap_init, vmi_init, paging_init]
`;

describe('extends merges config and machine at any depth', () => {
  const files = { 'd/n.yaml': NESTED, 'd/s.yaml': 'extends: n.yaml\nconfig:\n  system_map:\n    _text: 0xC0200000\nmachine:\n  cpu: {pge: false}\n' };

  it('a child\'s nested key keeps its siblings from the base (no default creeps in: NX stays off)', () => {
    const s = one(files);
    expect(s.config.system_map).toEqual({ _text: 0xc0200000, __init_end: 0xc0500000, _end: 0xc0800000 });
    expect(s.machine.cpu).toEqual({ nx: false, pse: false, pge: false });
  });

  it('each leaf points at the file that wrote it, the mapping at the last file that wrote any of it', () => {
    const s = one(files);
    expect(positionOf(s, 'config.system_map._text')).toEqual({ line: 4, col: 5 });
    expect(positionOf(s, 'config.system_map._end')).toEqual({ line: 6, col: 5, file: 'd/n.yaml' });
    expect(positionOf(s, 'config.system_map')).toEqual({ line: 3, col: 3 });
    expect(positionOf(s, 'machine.cpu.nx')).toEqual({ line: 10, col: 5, file: 'd/n.yaml' });
    expect(positionOf(s, 'machine.cpu.pge')).toEqual({ line: 6, col: 9 });
  });

  it('merges through a chain, each level adding or overriding one leaf', () => {
    const s = one({
      'd/n.yaml': NESTED,
      'd/m.yaml': 'extends: n.yaml\nmachine:\n  cpu: {pse: true}\n',
      'd/s.yaml': 'extends: m.yaml\nmachine:\n  cpu: {pge: false}\n  memory: 1GiB\n',
    });
    expect(s.machine.cpu).toEqual({ nx: false, pse: true, pge: false });
    expect([s.machine.hypervisor, s.machine.memory]).toEqual(['vmi', 2 ** 30]);
    expect(positionOf(s, 'machine.cpu.pse')).toEqual({ line: 3, col: 9, file: 'd/m.yaml' });
  });

  it('is the same scenario as the merged file written out by hand', () => {
    const derived = one(files);
    const flat = one({ 'd/s.yaml': NESTED.replace('_text: 0xC0100000', '_text: 0xC0200000').replace('    pse: false\n', '    pse: false\n    pge: false\n') });
    expect([derived.config, derived.machine]).toEqual([flat.config, flat.machine]);
  });

  it('a problem of an inherited nested value is reported in the base, at the leaf', () => {
    const base = 'arch: arm64\nkernel: v4.4\nconfig:\n  image:\n    text: 0x1001\nsetup_arch: [early_fixmap_init, paging_init]\n';
    expect(problems({ 'd/a.yaml': base, 'd/s.yaml': 'extends: a.yaml\nconfig:\n  image: {data: 4MiB}\n' })).toEqual([
      'd/a.yaml:5:11: config.image.text: 0x1001 is not a positive multiple of the page size (0x1000); the model places sections at page granularity',
    ]);
    // and the child's own leaf in the child
    expect(problems({ 'd/a.yaml': base.replace('0x1001', '8MiB'), 'd/s.yaml': 'extends: a.yaml\nconfig:\n  image: {data: 0x1001}\n' })).toEqual([
      'd/s.yaml:3:17: config.image.data: 0x1001 is not a positive multiple of the page size (0x1000); the model places sections at page granularity',
    ]);
  });

  it('a list replaces the inherited list whole (RAM banks are one value, not merged by index)', () => {
    const base = 'arch: arm64\nkernel: v4.4\nmachine:\n  banks:\n    - {base: 0x80000000, size: 1GiB}\n    - {base: 0x100000000, size: 1GiB}\nsetup_arch: [early_fixmap_init, paging_init]\n';
    const r = compose({ 'd/a.yaml': base, 'd/s.yaml': 'extends: a.yaml\nmachine:\n  banks:\n    - {base: 0x80000000, size: 2GiB}\n' });
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    const [v] = r.variants;
    const s = v?.ok === true ? (v.scenario as Scenario<unknown, { banks: readonly { base: number; size: number }[] }>) : undefined;
    expect(s?.machine.banks).toEqual([{ base: 0x80000000, size: 2 * 2 ** 30 }]);
    expect(s === undefined ? undefined : positionOf(s, 'machine.banks')).toEqual({ line: 3, col: 3 });
  });

  it('--set on a nested key (machine.cpu.pge) overrides that leaf only, like a matrix axis', () => {
    const sets = parseSets(['machine.cpu.pge=false']);
    if (!sets.ok) throw new Error(sets.message);
    const text = overlayText('n.yaml', sets.axes);
    expect(parse(text)).toEqual({ extends: 'n.yaml', machine: { cpu: { pge: false } } });
    const r = composeScenario(text, 'd/overlay.yaml', memoryReader({ 'd/n.yaml': NESTED }));
    const [v] = r.ok ? r.variants : [];
    expect(v?.ok === true ? (v.scenario.machine as { cpu: unknown }).cpu : undefined).toEqual({ nx: false, pse: false, pge: false });
    // a prototype key is data the schema reports, never a write to Object.prototype
    const bad = parseSets(['machine.__proto__.polluted=1']);
    if (!bad.ok) throw new Error(bad.message);
    overlayText('n.yaml', bad.axes);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('a plain value on a key an inherited matrix varies', () => {
  const MATRIX = 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  config.pae: [false, true]\n';

  it('is an error at the key, naming the matrix and how to get one machine or some variants', () => {
    expect(problems({ 'd/m.yaml': MATRIX, 'd/s.yaml': 'extends: m.yaml\nmachine: {hypervisor: none}\n' })).toEqual([
      'd/s.yaml:2:11: machine.hypervisor: an axis of the matrix inherited from d/m.yaml:3:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own; to run some of its variants: --variant machine.hypervisor=none',
    ]);
    // a value the axis lacks: --variant would pick nothing, so the values are listed instead
    expect(problems({ 'd/m.yaml': MATRIX, 'd/s.yaml': 'extends: m.yaml\nmachine:\n  hypervisor: xen\nconfig: {pae: true}\n' })).toEqual([
      'd/s.yaml:3:3: machine.hypervisor: an axis of the matrix inherited from d/m.yaml:3:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own (xen is not one of its values: none, vmi)',
      'd/s.yaml:4:10: config.pae: an axis of the matrix inherited from d/m.yaml:4:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own; to run some of its variants: --variant config.pae=true',
    ]);
  });

  it('holds for nested axes, for keys of include entries, and through a chain (reported in the file that writes the value)', () => {
    expect(problems({ 'd/m.yaml': 'extends: base.yaml\nmatrix:\n  machine.cpu.pge: [false, true]\n', 'd/s.yaml': 'extends: m.yaml\nmachine:\n  cpu: {pge: false}\n' })).toEqual([
      'd/s.yaml:3:9: machine.cpu.pge: an axis of the matrix inherited from d/m.yaml:3:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own; to run some of its variants: --variant machine.cpu.pge=false',
    ]);
    expect(problems({ 'd/m.yaml': `${MATRIX}  include:\n    - {machine.hypervisor: vmi, machine.cmdline: "vmi=disable_pse"}\n`, 'd/s.yaml': 'extends: m.yaml\nmachine: {cmdline: "mem=256M"}\n' })).toEqual([
      'd/s.yaml:2:11: machine.cmdline: set by include entries of the matrix inherited from d/m.yaml:6:33, so the variants they reach take this key from the matrix and this value would be ignored there; for one machine, drop the matrix (matrix: null) or write a matrix: of your own',
    ]);
    expect(problems({ 'd/m.yaml': MATRIX, 'd/mid.yaml': 'extends: m.yaml\nkernel: 2.6.27-rc3\nconfig: {pae: false}\n', 'd/s.yaml': 'extends: mid.yaml\n' })).toEqual([
      'd/mid.yaml:3:10: config.pae: an axis of the matrix inherited from d/m.yaml:4:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own; to run some of its variants: --variant config.pae=false',
    ]);
  });

  it('is what it says with matrix: null (one machine) or a matrix of the file\'s own', () => {
    const s = one({ 'd/m.yaml': MATRIX, 'd/s.yaml': 'extends: m.yaml\nmatrix: null\nmachine: {hypervisor: none}\n' });
    expect([s.variant, s.machine.hypervisor, s.config.pae]).toEqual([undefined, 'none', false]);
    const r = variants({ 'd/m.yaml': MATRIX, 'd/s.yaml': 'extends: m.yaml\nmachine: {hypervisor: none}\nmatrix:\n  config.pae: [false, true]\n' });
    expect(each(r, (v) => `${v.variant ?? ''}:${v.machine.hypervisor}`)).toEqual([
      'pae=false:none', 'pae=true:none',
    ]);
  });

  it('a base\'s plain value under a matrix of a later file is what the matrix varies (the shipped rc3-fix-matrix)', () => {
    // base.yaml has machine.hypervisor: vmi and config.pae: false
    expect(each(variants({ 'd/s.yaml': MATRIX }), (v) => v.variant)).toEqual([
      'hypervisor=none,pae=false', 'hypervisor=none,pae=true', 'hypervisor=vmi,pae=false', 'hypervisor=vmi,pae=true',
    ]);
  });

  it('in the matrix\'s own file a plain value is what the matrix varies: its values win, the plain one serves the variants it leaves out', () => {
    // one machine made a matrix by adding matrix: and keeping the rest
    expect(each(variants({ 'd/s.yaml': `${MATRIX}machine: {hypervisor: vmi}\n` }), (v) => `${v.variant ?? ''}:${v.machine.hypervisor}`)).toEqual([
      'hypervisor=none,pae=false:none', 'hypervisor=none,pae=true:none', 'hypervisor=vmi,pae=false:vmi', 'hypervisor=vmi,pae=true:vmi',
    ]);
    // an include entry that reaches some variants: the plain value is the others'
    const r = variants({ 'd/s.yaml': `${MATRIX}  include:\n    - {machine.hypervisor: vmi, machine.cmdline: "vmi=disable_pse"}\nmachine: {cmdline: "mem=256M"}\n` });
    expect(each(r, (v) => v.machine.cmdline)).toEqual(['mem=256M', 'mem=256M', 'vmi=disable_pse', 'vmi=disable_pse']);
    // an include entry that is a combination of its own has no pae: the plain value is its
    const own = variants({ 'd/s.yaml': `${MATRIX}  include:\n    - {machine.hypervisor: xen}\nconfig: {pae: true}\n` });
    expect(each(own, (v) => `${v.variant ?? ''}:${String(v.config.pae)}`)).toContain('hypervisor=xen:true');
  });

  it('--set finds no matrix in a file that drops its base\'s (matrix: null), so the overlay adds none back', () => {
    const reader = memoryReader({ 'd/m.yaml': MATRIX, 'd/s.yaml': 'extends: m.yaml\nmatrix: null\n' });
    expect(matrixOf('d/s.yaml', reader)).toBeUndefined();
    expect(matrixOf('d/m.yaml', reader)).toEqual({ 'machine.hypervisor': ['none', 'vmi'], 'config.pae': [false, true] });
  });
});
