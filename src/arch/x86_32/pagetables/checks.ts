/**
 * Input checks for the page-table knobs: the seed's proposals 2 and 3 cannot
 * be replayed, and the System.map and Xen start_info values must describe a
 * kernel image and a bootstrap region that exist.
 */
import type { ProblemSink, RawArchInput } from '../../types.js';
import { SizeSchema } from '../../../scenario/size-schema.js';
import { PAGE_SIZE } from '../geometry.js';
import { isRecord } from '../../../scenario/is-record.js';
import { PAGETABLE_INIT_POLICIES, UNREPLAYABLE_REASON, isReplayable, type PagetableInitPolicy } from './policy.js';

function size(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const r = SizeSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function checkPagetables(input: RawArchInput, sink: ProblemSink): void {
  const { config, machine } = input;
  const policy = config['pagetable_init_policy'];
  if (typeof policy === 'string' && (PAGETABLE_INIT_POLICIES as readonly string[]).includes(policy) && !isReplayable(policy as PagetableInitPolicy)) {
    const replayable = PAGETABLE_INIT_POLICIES.filter((p) => isReplayable(p)).join(', ');
    sink.at(['config', 'pagetable_init_policy'], `config.pagetable_init_policy: ${policy} cannot be replayed: ${UNREPLAYABLE_REASON}; replayable: ${replayable}`);
  }
  const pageOffset = size(config['page_offset']) ?? 0xc0000000;
  const map = config['system_map'];
  if (isRecord(map)) {
    const text = size(map['_text']);
    const initEnd = size(map['__init_end']);
    const end = size(map['_end']);
    const check = (key: string, v: number | undefined): void => {
      if (v !== undefined && (v < pageOffset || v >= pageOffset + 0x38000000)) {
        sink.at(['config', 'system_map', key], `config.system_map.${key}: ${hex(v)} is not a kernel image address (PAGE_OFFSET ${hex(pageOffset)} … +896 MiB)`);
      }
    };
    check('_text', text);
    check('__init_end', initEnd);
    check('_end', end);
    if (text !== undefined && initEnd !== undefined && initEnd <= text) sink.at(['config', 'system_map', '__init_end'], `config.system_map.__init_end: ${hex(initEnd)} is not above _text ${hex(text)}`);
    if (initEnd !== undefined && end !== undefined && end < initEnd) sink.at(['config', 'system_map', '_end'], `config.system_map._end: ${hex(end)} is below __init_end ${hex(initEnd)} (.bss follows __init_end)`);
  }
  const ptBase = size(machine['xen_pt_base']);
  if (ptBase !== undefined) {
    if (ptBase % PAGE_SIZE !== 0) sink.at(['machine', 'xen_pt_base'], `machine.xen_pt_base: ${hex(ptBase)} is not page-aligned (start_info.pt_base is the virtual address of a page)`);
    else if (ptBase < pageOffset) sink.at(['machine', 'xen_pt_base'], `machine.xen_pt_base: ${hex(ptBase)} is below PAGE_OFFSET ${hex(pageOffset)}; start_info.pt_base is a kernel virtual address`);
  }
}
