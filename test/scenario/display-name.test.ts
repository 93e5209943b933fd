/**
 * How reports name machines: `file.yaml[selector]`, and the selector alone
 * when every machine of a list comes from one file. The file is cut off by
 * its known length: a file name may hold brackets (`a[b].yaml` was shown as
 * `b].yaml[memory=512MiB`; helper-139), and so may a variant's value.
 */
import { describe, expect, it } from 'vitest';
import { displayName, oneFileOf, variantLabel } from '../../src/scenario/types.js';

describe('variantLabel', () => {
  it('shows the selector of a variant of the one file', () => {
    expect(variantLabel(displayName({ file: 'm.yaml', variant: 'hypervisor=vmi,pae=true' }), 'm.yaml')).toBe('hypervisor=vmi,pae=true');
    expect(variantLabel(displayName({ file: 'a[b].yaml', variant: 'memory=512MiB' }), 'a[b].yaml')).toBe('memory=512MiB');
    expect(variantLabel(displayName({ file: 'x.yaml', variant: 'cmdline="[a]"' }), 'x.yaml')).toBe('cmdline="[a]"');
  });

  it('keeps the whole name when the machines come from several files, or the name is the file itself', () => {
    expect(variantLabel('a[b].yaml[memory=4GiB]', undefined)).toBe('a[b].yaml[memory=4GiB]');
    expect(variantLabel('a[b].yaml', 'a[b].yaml')).toBe('a[b].yaml');
    expect(variantLabel('a.yaml[]', 'a.yaml')).toBe('a.yaml[]');
  });
});

describe('oneFileOf', () => {
  it('is the file all scenarios share, else undefined', () => {
    expect(oneFileOf([{ file: 'a.yaml' }, { file: 'a.yaml' }])).toBe('a.yaml');
    expect(oneFileOf([{ file: 'a.yaml' }, { file: 'b.yaml' }])).toBeUndefined();
    expect(oneFileOf([])).toBeUndefined();
  });
});
