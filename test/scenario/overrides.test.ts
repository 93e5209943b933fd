import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { overlayText, overrideName, parseSets } from '../../src/scenario/overrides.js';
import { loadMachines } from '../../src/cli/machines.js';
import { machinesOf, ROOT } from '../compare/load.js';

describe('--set overrides and ad-hoc matrices', () => {
  it('one value overrides, several make an axis of a matrix: the overlay extends the file', () => {
    const p = parseSets(['kernel=2.6.27-rc3', 'machine.hypervisor=none,vmi', 'config.pae=false,true', 'machine.hypervisor=xen', 'machine.memory=4GiB']);
    if (!p.ok) throw new Error(p.message);
    expect(parse(overlayText('2.6.27-rc1-vmi.yaml', p.axes))).toEqual({
      extends: '2.6.27-rc1-vmi.yaml',
      kernel: '2.6.27-rc3',
      machine: { memory: '4GiB' },
      matrix: { 'machine.hypervisor': ['none', 'vmi', 'xen'], 'config.pae': [false, true] },
    });
    expect(overrideName(p.axes)).toBe('kernel=2.6.27-rc3,memory=4GiB');
  });

  it('rejects paths outside kernel/config/machine and empty values', () => {
    expect(parseSets(['setup_arch=x'])).toMatchObject({ ok: false });
    expect(parseSets(['machine.memory='])).toMatchObject({ ok: false, message: expect.stringMatching(/empty value/) });
    expect(parseSets(['machine'])).toMatchObject({ ok: false, message: expect.stringMatching(/PATH=VALUE/) });
  });

  it('rejects name and description: they label a scenario, and an axis of them makes identical machines', () => {
    for (const arg of ['name=a,b', 'description=another', 'name=one']) {
      const p = parseSets([arg]);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.message).toBe(`--set ${arg}: ${arg.split('=')[0] ?? ''} only labels the scenario and is no input of the boot (its values would make identical machines): expected PATH=VALUE[,VALUE…] with PATH kernel, config.KEY or machine.KEY (e.g. --set machine.hypervisor=none,vmi; a nested key by its path, machine.cpu.pge=false)`);
    }
  });

  it('a misspelt path gets a did-you-mean', () => {
    expect(parseSets(['kernal=2.6.28'])).toMatchObject({ ok: false, message: expect.stringMatching(/; did you mean kernel\?$/) });
    expect(parseSets(['machin.hypervisor=vmi'])).toMatchObject({ ok: false, message: expect.stringMatching(/; did you mean machine\?$/) });
    expect(parseSets(['setup_arch=x'])).toMatchObject({ ok: false, message: expect.not.stringMatching(/did you mean/) });
  });

  it('--matrix over files of two architectures is refused by the shared loading (suggest and constraints)', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const files = ['scenarios/x86_32/2.6.27-vmi.yaml', 'scenarios/riscv/v5.14.yaml', 'scenarios/arm64/v4.4.yaml'];
      expect(await loadMachines(files, [], { matrix: true })).toEqual({
        ok: false,
        usage: '--matrix makes one answer over machines of one architecture, but scenarios/x86_32/2.6.27-vmi.yaml is x86_32, scenarios/riscv/v5.14.yaml is riscv and scenarios/arm64/v4.4.yaml is arm64: reason over each architecture in its own run, or leave out --matrix for one answer per machine',
        problems: [],
      });
      expect(await loadMachines(files, [])).toMatchObject({ ok: true });
      expect(await loadMachines(['scenarios/riscv/v5.14.yaml', 'scenarios/riscv/v5.10.yaml'], [], { matrix: true })).toMatchObject({ ok: true });
    } finally {
      process.chdir(cwd);
    }
  });

  it('loads as variants of the file, named like matrix variants, with the overrides in the name', async () => {
    const ms = await machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['kernel=2.6.27-rc3', 'config.pae=false,true']);
    expect(ms.map((m) => [m.scenario.file, m.scenario.variant, m.scenario.kernel.text, (m.scenario.config as { pae: boolean }).pae])).toEqual([
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=false', '2.6.27-rc3', false],
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=true', '2.6.27-rc3', true],
    ]);
    // the steps keep their places in the file
    expect(ms[0]?.scenario.steps[40]).toMatchObject({ call: 'vmi_init', index: 41 });
    await expect(machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['machine.hypervisor=kvm'])).rejects.toThrow(/hypervisor/);
  });

  describe('on a file with a matrix: --set replaces the axis of the same path, the other axes combine', () => {
    const FILE = 'scenarios/x86_32/variants/rc3-fix-matrix.yaml'; // hypervisor × memory × pae, Xen non-PAE excluded: 10 variants
    const hv = (m: { scenario: { machine: unknown } }): string => (m.scenario.machine as { hypervisor: string }).hypervisor;

    it('one value of an axis: every variant is built with it and named by it once', async () => {
      const ms = await machinesOf(FILE, ['machine.hypervisor=vmi']);
      expect(ms.map((m) => m.scenario.variant)).toEqual([
        'hypervisor=vmi,memory=512MiB,pae=false', 'hypervisor=vmi,memory=512MiB,pae=true',
        'hypervisor=vmi,memory=4GiB,pae=false', 'hypervisor=vmi,memory=4GiB,pae=true',
      ]);
      expect(ms.every((m) => hv(m) === 'vmi')).toBe(true);
    });

    it('several values of an axis keep the file\'s other axes and its exclude', async () => {
      const ms = await machinesOf(FILE, ['machine.memory=1GiB,2GiB']);
      expect(ms).toHaveLength(10);
      expect(ms.map((m) => m.scenario.variant)).toContain('hypervisor=xen,memory=2GiB,pae=true');
      expect(ms.map((m) => m.scenario.variant)).not.toContain('hypervisor=xen,memory=2GiB,pae=false');
      expect(new Set(ms.map((m) => (m.scenario.machine as { memory: number }).memory))).toEqual(new Set([2 ** 30, 2 ** 31]));
    });

    it('a path that is not an axis adds one: the product with the file\'s matrix', async () => {
      const ms = await machinesOf(FILE, ['kernel=2.6.28', 'config.debug_highmem=true']);
      expect(ms).toHaveLength(10);
      expect(ms[0]?.scenario.variant).toBe('kernel=2.6.28,debug_highmem=true,hypervisor=none,memory=512MiB,pae=false');
    });
  });
});
