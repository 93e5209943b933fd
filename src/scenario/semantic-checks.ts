/**
 * Semantic checks: values the schema accepts but that cannot describe a
 * machine or a kernel (call availability per kernel, cmdline, impossible
 * sizes and addresses). Each check runs on its own part of the raw data, so a
 * file with schema problems still gets these reported where they can be.
 */
import { isScalar, type Node } from 'yaml';
import { availability } from '../arch/x86_32/catalog.js';
import { isCallName } from '../arch/x86_32/catalog-names.js';
import { COMMAND_LINE_SIZE, parseCmdline } from '../arch/x86_32/cmdline.js';
import { GiB, MiB, PAGE_SIZE } from '../arch/x86_32/geometry.js';
import { NEWEST_KERNEL, parseKernelVersion, type KernelVersion } from '../arch/x86_32/kernel-version.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { isRecord } from './is-record.js';
import { messageLabel, type Path } from './path-text.js';
import { SizeSchema } from './schema.js';
import { placeOf, posOf, report, type Ctx, type Doc } from './yaml-positions.js';

const KiB = 2 ** 10;
const TiB = 2 ** 40;
/** CONFIG_PAGE_OFFSET range: from the 1G/3G split (VMSPLIT_1G) to the default 3G/1G. */
const MIN_PAGE_OFFSET = 0x40000000;
const MAX_PAGE_OFFSET = 0xc0000000;
/** Highest accepted start of a hypervisor hole: the hole is at least 1 MiB. */
const MAX_HOLE_START = 0xfff00000;

function sizeOf(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const r = SizeSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function human(n: number): string {
  for (const [unit, size] of [['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

export function semanticChecks(ctx: Ctx, doc: Doc, data: unknown): void {
  if (!isRecord(data)) return;
  const machine = isRecord(data['machine']) ? data['machine'] : {};
  const config = isRecord(data['config']) ? data['config'] : {};
  const at = (path: Path): Node | undefined => placeOf(doc, path);

  const kernelText = data['kernel'] ?? NEWEST_KERNEL;
  const kernel = typeof kernelText === 'string' ? parseKernelVersion(kernelText) : undefined;
  if (kernel?.ok === true) checkAvailability(ctx, doc, data['setup_arch'], kernel.version, data['kernel'] === undefined);


  const memory = sizeOf(machine['memory']);
  if (memory !== undefined && (memory < MiB || memory > TiB)) {
    const what = memory === 0 ? '0 bytes of RAM is impossible' : `${human(memory)} (${hex(memory)}) is ${memory < MiB ? 'too little' : 'too much'}`;
    report(ctx, at(['machine', 'memory']), `machine.memory: ${what}; the model takes 1 MiB to 1 TiB`);
  }

  const pageOffset = sizeOf(config['page_offset']);
  const pageOffsetOk = pageOffset === undefined || checkPageOffset(ctx, at(['config', 'page_offset']), pageOffset);
  const floor = pageOffset ?? DEFAULT_CONFIG.page_offset;
  const cmdline = machine['cmdline'];
  if (typeof cmdline === 'string') checkCmdline(ctx, doc, cmdline, pageOffsetOk ? floor : DEFAULT_CONFIG.page_offset);
  for (const key of ['vmi_virtual_top', 'xen_virt_start'] as const) {
    const value = sizeOf(machine[key]);
    if (value === undefined) continue;
    const node = at(['machine', key]);
    if (value % PAGE_SIZE !== 0) {
      report(ctx, node, `machine.${key}: ${hex(value)} is not page-aligned (a multiple of 0x1000)`);
    } else if (value > MAX_HOLE_START) {
      report(ctx, node, `machine.${key}: ${hex(value)} leaves no room for the fixmap below 4 GiB; at most ${hex(MAX_HOLE_START)}`);
    } else if (pageOffsetOk && value <= floor) {
      // Compared with a page_offset that is itself wrong, this would only add noise.
      report(ctx, node, `machine.${key}: ${hex(value)} is not above PAGE_OFFSET (${hex(floor)}); the hypervisor hole lies in kernel space`);
    }
  }
}

/** CONFIG_PAGE_OFFSET: the VMSPLIT choices are all PGD-aligned, between the 1G/3G and 3G/1G splits. */
function checkPageOffset(ctx: Ctx, node: Node | undefined, value: number): boolean {
  if (value % (4 * MiB) !== 0) {
    report(ctx, node, `config.page_offset: ${hex(value)} is not a multiple of 4 MiB (one page-directory entry); e.g. 0xc0000000, 0xb0000000, 0x80000000`);
    return false;
  }
  if (value < MIN_PAGE_OFFSET || value > MAX_PAGE_OFFSET) {
    report(ctx, node, `config.page_offset: ${hex(value)} is outside ${hex(MIN_PAGE_OFFSET)}…${hex(MAX_PAGE_OFFSET)} (the 1G/3G to 3G/1G splits)`);
    return false;
  }
  return true;
}

function checkAvailability(ctx: Ctx, doc: Doc, steps: unknown, kernel: KernelVersion, defaulted: boolean): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step: unknown, i) => {
    const call = isRecord(step) ? step['call'] : step;
    if (typeof call !== 'string' || !isCallName(call)) return;
    const a = availability(call, kernel);
    if (a.ok) return;
    const path = isRecord(step) ? ['setup_arch', i, 'call'] : ['setup_arch', i];
    const hint = defaulted ? `; kernel: is not set, so the newest modeled (${NEWEST_KERNEL}) is used` : '';
    report(ctx, placeOf(doc, path), `${messageLabel(path)}: ${a.reason}${hint}`);
  });
}

/**
 * cmdline problems point at the parameter itself when the scalar is on one
 * line and its source text is exactly its value (no escapes, no folding),
 * so that character offsets in the value are offsets in the file.
 */
function checkCmdline(ctx: Ctx, doc: Doc, cmdline: string, pageOffset: number): void {
  const node = placeOf(doc, ['machine', 'cmdline']);
  const bytes = Buffer.byteLength(cmdline);
  if (bytes >= COMMAND_LINE_SIZE) {
    report(ctx, node, `machine.cmdline: ${bytes} bytes, longer than the kernel takes (COMMAND_LINE_SIZE ${COMMAND_LINE_SIZE}: at most ${COMMAND_LINE_SIZE - 1} bytes)`);
    return;
  }
  const { params, problems } = parseCmdline(cmdline);
  // Reservations live in the kernel's part of the address space, above PAGE_OFFSET:
  // reserve_top_address() puts __FIXADDR_TOP at -reserve - PAGE_SIZE, and vmalloc=
  // sizes an area between lowmem and the fixmap. Anything as large as that part is
  // not a layout the kernel can have (and reservetop=4G is 0 in its unsigned long).
  const kernelHalf = 2 ** 32 - pageOffset;
  for (const p of params) {
    if ((p.name === 'reservetop' || p.name === 'vmalloc') && p.bytes >= kernelHalf) {
      problems.push({
        offset: p.offset,
        message: `${p.text}: ${human(p.bytes)} does not fit in the kernel's part of the address space (4 GiB − PAGE_OFFSET ${hex(pageOffset)} = ${human(kernelHalf)}); ${p.name}= must be less`,
      });
    }
  }
  if (problems.length === 0) return;
  const start = posOf(ctx, node);
  let exact: number | undefined;
  if (isScalar(node) && node.range !== undefined && node.range !== null) {
    const source = ctx.text.slice(node.range[0], node.range[1]);
    const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : node.type === 'PLAIN' ? 0 : undefined;
    if (quote !== undefined && !source.includes('\n') && source.slice(quote, source.length - quote) === cmdline) exact = quote;
  }
  for (const p of problems) {
    const col = exact === undefined ? start.col : start.col + exact + p.offset;
    ctx.problems.push({ file: ctx.file, line: start.line, col, message: `machine.cmdline: ${p.message}` });
  }
}
