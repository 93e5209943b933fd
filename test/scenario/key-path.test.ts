import { describe, expect, it } from 'vitest';
import { getPath, lastKey, setPath } from '../../src/scenario/key-path.js';

describe('key paths', () => {
  it('reads own keys only: a missing key, a non-mapping on the way and an inherited name are absent', () => {
    const data = { machine: { cpu: { pge: false }, memory: '1GiB' }, config: [1] };
    expect(getPath(data, ['machine', 'cpu', 'pge'])).toBe(false);
    expect(getPath(data, ['machine', 'memory', 'x'])).toBeUndefined();
    expect(getPath(data, ['config', '0'])).toBeUndefined();
    expect(getPath(data, ['machine', 'toString'])).toBeUndefined();
    expect(getPath(data, ['machine', '__proto__'])).toBeUndefined();
  });

  it('makes the mappings on the way and keeps their other keys', () => {
    const doc: Record<string, unknown> = { machine: { memory: '1GiB' }, kernel: '2.6.27' };
    setPath(doc, ['machine', 'cpu', 'pge'], true);
    setPath(doc, ['kernel', 'x'], 1);
    expect(doc).toEqual({ machine: { memory: '1GiB', cpu: { pge: true } }, kernel: { x: 1 } });
  });

  it('writes __proto__ as plain data, never to a prototype', () => {
    const doc: Record<string, unknown> = {};
    setPath(doc, ['machine', '__proto__', 'polluted'], 1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const machine = doc['machine'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(machine)).toBe(Object.prototype);
    expect(Object.keys(machine)).toEqual(['__proto__']);
    expect(getPath(doc, ['machine', '__proto__', 'polluted'])).toBe(1);
  });

  it('with copy, leaves the mappings it shares with other data as they were', () => {
    const shared = { cpu: { pge: false, pse: true } };
    const out: Record<string, unknown> = { machine: shared };
    setPath(out, ['machine', 'cpu', 'pge'], true, { copy: true });
    expect(shared).toEqual({ cpu: { pge: false, pse: true } });
    expect(out).toEqual({ machine: { cpu: { pge: true, pse: true } } });
  });

  it('names a dotted path by its last key', () => {
    expect(lastKey('machine.cpu.pge')).toBe('pge');
    expect(lastKey('kernel')).toBe('kernel');
  });
});
