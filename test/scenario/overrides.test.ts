import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { applyOverrides, parseSets, variantsOf } from '../../src/scenario/overrides.js';

describe('--set overrides and ad-hoc matrices', () => {
  it('one value overrides, several make an axis; axes multiply in the order given', () => {
    const p = parseSets(['kernel=2.6.27-rc3', 'machine.hypervisor=none,vmi', 'config.pae=false,true', 'machine.hypervisor=xen']);
    if (!p.ok) throw new Error(p.message);
    const v = variantsOf(p.axes);
    expect(v.map((x) => x.name)).toEqual([
      'kernel=2.6.27-rc3,hypervisor=none,pae=false', 'kernel=2.6.27-rc3,hypervisor=none,pae=true',
      'kernel=2.6.27-rc3,hypervisor=vmi,pae=false', 'kernel=2.6.27-rc3,hypervisor=vmi,pae=true',
      'kernel=2.6.27-rc3,hypervisor=xen,pae=false', 'kernel=2.6.27-rc3,hypervisor=xen,pae=true',
    ]);
    expect(v[1]?.overrides).toEqual([{ path: ['kernel'], value: '2.6.27-rc3' }, { path: ['machine', 'hypervisor'], value: 'none' }, { path: ['config', 'pae'], value: true }]);
    expect(variantsOf([])).toEqual([{ name: undefined, overrides: [] }]);
  });

  it('rejects paths outside kernel/config/machine and empty values', () => {
    expect(parseSets(['setup_arch=x'])).toMatchObject({ ok: false });
    expect(parseSets(['machine.memory='])).toMatchObject({ ok: false, message: expect.stringMatching(/empty value/) });
    expect(parseSets(['machine'])).toMatchObject({ ok: false, message: expect.stringMatching(/PATH=VALUE/) });
  });

  it('applies to a copy, before validation: a bad value is a located problem, a good one a variant', () => {
    const data = { kernel: '2.6.27', machine: { memory: '512MiB' } };
    expect(applyOverrides(data, [{ path: ['machine', 'hypervisor'], value: 'vmi' }])).toEqual({ kernel: '2.6.27', machine: { memory: '512MiB', hypervisor: 'vmi' } });
    expect(data.machine).toEqual({ memory: '512MiB' });
    const text = 'kernel: "2.6.27"\nmachine:\n  memory: 512MiB\nsetup_arch: [early_ioremap_init]\n';
    const ok = parseScenario(text, 'x.yaml', { overrides: [{ path: ['machine', 'memory'], value: '4GiB' }], variant: 'memory=4GiB' });
    expect(ok.ok && ok.scenario.variant).toBe('memory=4GiB');
    const bad = parseScenario(text, 'x.yaml', { overrides: [{ path: ['machine', 'hypervisor'], value: 'kvm' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]?.message).toMatch(/hypervisor/);
  });
});
