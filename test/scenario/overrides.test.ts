import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { overlayText, overrideName, parseSets } from '../../src/scenario/overrides.js';
import { machinesOf } from '../compare/load.js';

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

  it('loads as variants of the file, named like matrix variants, with the overrides in the name', async () => {
    const ms = await machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['kernel=2.6.27-rc3', 'config.pae=false,true']);
    expect(ms.map((m) => [m.scenario.file, m.scenario.variant, m.scenario.kernel.text, (m.scenario.config as { pae: boolean }).pae])).toEqual([
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=false', '2.6.27-rc3', false],
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=true', '2.6.27-rc3', true],
    ]);
    // the steps keep their places in the file
    expect(ms[0]?.scenario.steps[34]).toMatchObject({ call: 'vmi_init', index: 35 });
    await expect(machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['machine.hypervisor=kvm'])).rejects.toThrow(/hypervisor/);
  });
});
