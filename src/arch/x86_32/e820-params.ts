/**
 * mem= and memmap= per kernel version: what their handlers do to the e820 map, and what the kernel calls
 * them. The one place the replay (interpreter.ts), layout-overlap's fix, the loader's checks (cmdline.ts,
 * cmdline-layout.ts) and the call catalog take them from; history.ts E820_PARAMS_MERGED has the sources.
 *
 * 2.6.26 (caglar10ur/linux-2.6.27.y@bce7f793da):
 * - parse_mem() (arch/x86/kernel/setup_32.c:252-274) and parse_memmap()'s SIZE form (e820_32.c:731-734)
 *   call limit_regions(size) (e820_32.c:613-641): the first E820_RAM entry that reaches `size` is cut there
 *   (dropped when it starts at or above it), and every entry after it is dropped;
 * - parse_memmap() "exactmap" sets e820.nr_map = 0 (e820_32.c:700-711);
 * - SIZE@START, SIZE#START and SIZE$START call add_memory_region(start, size, E820_RAM / E820_ACPI /
 *   E820_RESERVED) (e820_32.c:722-730), which appends the entry (e820_32.c:258-274) and nothing more. No
 *   sanitize_e820_map() runs on the user's map (see E820_PARAMS_MERGED), so an ACPI or reserved range over
 *   RAM leaves that RAM E820_RAM: propagate_e820_map() takes max_pfn from it (e820_32.c:478-497),
 *   register_bootmem_low_pages() frees its lowmem part to bootmem (e820_32.c:502-537) and page_is_ram()
 *   (arch/x86/mm/ioremap.c:48-83) lets its highmem pages into the page allocator: the kernel uses the range.
 * 2.6.27-rc1 on (…@6e86841d05, the same at 2.6.27 3fa8749e584b): parse_memopt() and parse_memmap_opt()
 * (arch/x86/kernel/e820.c:1176-1240) cut RAM with e820_remove_range(size, ULLONG_MAX - size, E820_RAM, 1),
 * add ranges with e820_add_region(), and finish_e820_parsing() (e820.c:1242-1254) runs sanitize_e820_map() on
 * the user's map, where of overlapping ranges the larger type wins (e820.c:333-339 at 3fa8749e584b). The
 * sanitize runs once, after every option (setup.c:671 parse_early_param, :700 finish_e820_parsing), so a #/$ range
 * wins over RAM a later memmap=SIZE@START adds too (break-239 F4; replay/interpreter.ts sanitizeUserRanges), while
 * e820_remove_range() (mem=, memmap=SIZE; e820.c:472-500) cuts only the entries there when it is parsed.
 *
 * The model keeps the end of RAM (replay/state.ts e820RamEnd), the end of the BIOS's RAM (e820BiosEnd) and the
 * memmap=SIZE@START ranges (e820Added), not the other entries: in both versions mem= and memmap=SIZE cut the BIOS's
 * RAM and the ranges as each version's handler does, and RAM ends at the highest RAM entry left (limitBuiltMap),
 * the kernel's end while the BIOS's RAM has no hole; the sanitize of #/$ ranges
 * (2.6.27-rc1 on) reads the BIOS's end and the @ ranges, so an @ range above a hole is not taken as RAM down to
 * the BIOS's end (break-251 F1).
 *
 * Before the map is built (parse_early_param before setup_memory_map; 2.6.26: memory_setup) the map holds only what
 * the options appended: mem=, memmap=SIZE and memmap=exactmap act on those entries alone, and the BIOS map is then
 * appended after them without resetting e820.nr_map (2.6.27: default_machine_specific_memory_setup() →
 * append_e820_map(), e820.c:1302-1334 at 3fa8749e584b; 2.6.26: machine_specific_memory_setup() → copy_e820_map() →
 * add_memory_region(), mach-default/setup.c:153-186, e820_32.c:258-274, 453-473 at bce7f793da). So the limits are
 * lost (LOST_ON_EMPTY_MAP) and the SIZE@START, SIZE#START and SIZE$START entries are kept.
 */
import type { CmdlineParam } from './cmdline.js';
import { E820_PARAMS_MERGED, has } from './history.js';
import type { KernelVersion } from './kernel-version.js';
import type { E820Edit } from './replay/events.js';

/** What a mem=/memmap= option does to the map, but adding RAM (replay/events.ts E820Edit without 'ram'). */
export type E820Cut = 'mem' | 'limit' | 'exactmap' | 'acpi' | 'reserved';

export interface E820Params {
  /**
   * How mem= and memmap=SIZE cut the map: 'remove-range', e820_remove_range() of all RAM above SIZE (2.6.27-rc1 on),
   * or 'limit-regions', limit_regions() (2.6.26); limitEntries() applies them to the entries the options appended
   */
  readonly limit: 'remove-range' | 'limit-regions';
  /**
   * max_pfn leaves out RAM at or above MAX_ARCH_PFN: e820_end_of_ram_pfn() → e820_end_pfn(MAX_ARCH_PFN, E820_RAM)
   * (2.6.27-rc1 on, e820.c:1055-1092 at 3fa8749e584b). false: 2.6.26's propagate_e820_map() takes the highest RAM end
   * with no limit (e820_32.c:478-497 at bce7f793da), and find_max_low_pfn() cuts max_pfn to MAX_NONPAE_PFN without
   * PAE (setup_32.c:367-373, "Warning only 4GB will be used")
   */
  readonly maxArchPfn: boolean;
  /** what appends a memmap=SIZE@START, #START or $START entry: "e820_add_region()" */
  readonly addRegion: string;
  /**
   * memmap=SIZE#START / SIZE$START win over the RAM they overlap: finish_e820_parsing() sanitizes the user's
   * map (2.6.27-rc1 on). false: 2.6.26 only appends them, and the RAM under them stays RAM
   */
  readonly sanitized: boolean;
  /** the mem= handler, for messages: "parse_memopt()" */
  readonly mem: string;
  /** the memmap= handler: "parse_memmap_opt()" */
  readonly memmap: string;
  /** what memmap=SIZE (no @, # or $ after the size) calls, and where: "e820_remove_range() in parse_memmap_opt(), arch/x86/kernel/e820.c" */
  readonly memmapLimit: string;
  /** the call that builds the map, appending the BIOS's to what is there: "setup_memory_map" */
  readonly build: string;
  /** how it appends the BIOS's entries: "append_e820_map" */
  readonly appendCall: string;
  /** the same, and where: "append_e820_map in arch/x86/kernel/e820.c" */
  readonly append: string;
  /** why each kind of edit leaves no page of RAM (layout-overlap's fix) */
  readonly noRam: Readonly<Record<E820Cut, string>>;
  /** why each kind of edit leaves RAM short of the kernel image */
  readonly shortRam: Readonly<Record<E820Cut, string>>;
}

const NO_RAM_2626: Readonly<Record<E820Cut, string>> = {
  mem: 'parse_mem() → limit_regions() cuts the map off at its size',
  limit: 'parse_memmap() → limit_regions() cuts the map off at its size, as mem= does',
  exactmap: 'parse_memmap() empties the map (e820.nr_map = 0) and no memmap=SIZE@START adds a page of RAM back',
  // never the cause on 2.6.26 (the RAM under the range stays RAM); said as the kernel does it, should a rule ask
  acpi: 'parse_memmap() only appends its ACPI data range (add_memory_region()), and the RAM under it stays E820_RAM',
  reserved: 'parse_memmap() only appends its reserved range (add_memory_region()), and the RAM under it stays E820_RAM',
};

/** 2.6.26: limit_regions(), add_memory_region(), no sanitizing of the user's map. */
export const E820_PARAMS_2626: E820Params = {
  limit: 'limit-regions',
  maxArchPfn: false,
  // e820_32.c:258-274, 722-730
  addRegion: 'add_memory_region()',
  sanitized: false,
  mem: 'parse_mem() → limit_regions()',
  memmap: 'parse_memmap()',
  memmapLimit: 'limit_regions() in parse_memmap(), arch/x86/kernel/e820_32.c',
  build: 'memory_setup',
  appendCall: 'copy_e820_map → add_memory_region',
  // mach-default/setup.c:153-186, e820_32.c:453-473 and 258-274
  append: 'machine_specific_memory_setup → copy_e820_map → add_memory_region in arch/x86/mach-default/setup.c and e820_32.c',
  noRam: NO_RAM_2626,
  shortRam: { ...NO_RAM_2626, exactmap: 'parse_memmap() empties the map (e820.nr_map = 0) and memmap=SIZE@START adds back only the RAM it names' },
};

const NO_RAM_MERGED: Readonly<Record<E820Cut, string>> = {
  // e820_remove_range(mem_size, ULLONG_MAX - mem_size, E820_RAM, 1) (e820.c:1192)
  mem: 'parse_memopt() removes all RAM above its size',
  // the plain SIZE form: the same e820_remove_range() (e820.c:1235-1236)
  limit: 'parse_memmap_opt() removes all RAM above its size, as mem= does',
  // e820.nr_map = 0 (e820.c:1215); only memmap=SIZE@START adds RAM back (e820.c:1226-1228)
  exactmap: 'parse_memmap_opt() empties the map (e820.nr_map = 0) and no memmap=SIZE@START adds a page of RAM back',
  // sanitize_e820_map(): of overlapping ranges the larger type wins (e820.c:333-339), E820_ACPI and E820_RESERVED over E820_RAM
  acpi: 'its ACPI data range covers the RAM, and sanitize_e820_map() gives the overlap to the larger type',
  reserved: 'its reserved range covers the RAM, and sanitize_e820_map() gives the overlap to the larger type',
};

/** 2.6.27-rc1 on: e820_remove_range(), e820_add_region(), finish_e820_parsing() → sanitize_e820_map(). */
export const E820_PARAMS_MERGED_HANDLERS: E820Params = {
  limit: 'remove-range',
  maxArchPfn: true,
  // e820.c:113-126, 1226-1234
  addRegion: 'e820_add_region()',
  sanitized: true,
  mem: 'parse_memopt()',
  memmap: 'parse_memmap_opt()',
  memmapLimit: 'e820_remove_range() in parse_memmap_opt(), arch/x86/kernel/e820.c',
  build: 'setup_memory_map',
  appendCall: 'append_e820_map',
  // e820.c:1317, 1357 at 3fa8749e584b
  append: 'append_e820_map in arch/x86/kernel/e820.c',
  noRam: NO_RAM_MERGED,
  shortRam: { ...NO_RAM_MERGED, exactmap: 'parse_memmap_opt() empties the map (e820.nr_map = 0) and memmap=SIZE@START adds back only the RAM it names' },
};

/** mem= and memmap= as this kernel handles them; null (kernel unknown): the later handlers. */
export function e820ParamsFor(kernel: KernelVersion | null): E820Params {
  return kernel === null || has(kernel, E820_PARAMS_MERGED) ? E820_PARAMS_MERGED_HANDLERS : E820_PARAMS_2626;
}

/**
 * The options that are lost when parse_early_param() runs before the map is built: mem=SIZE, memmap=SIZE and
 * memmap=exactmap act on the still empty map (parse_memopt()/parse_memmap_opt(): e820_remove_range(), e820.nr_map = 0,
 * e820.c:1176-1240 at 3fa8749e584b; 2.6.26 parse_mem()/parse_memmap(): limit_regions(), e820.nr_map = 0,
 * setup_32.c:252-274, e820_32.c:613-641, 695-738 at bce7f793da), and the BIOS map appended afterwards has all of
 * machine.memory. mem=nopentium is no e820 edit (cmdline.ts parses it as a known flag).
 */
export const LOST_ON_EMPTY_MAP: readonly E820Edit[] = ['mem', 'limit', 'exactmap'];

/** The e820 edit a parsed option makes, or null for an option that is none. */
export function e820EditOf(p: CmdlineParam): E820Edit | null {
  if (p.name === 'mem') return 'mem';
  return p.name === 'memmap' ? p.kind : null;
}

/** The options of the command line that are lost on the empty map (LOST_ON_EMPTY_MAP), as written. */
export function lostOnEmptyMap(params: readonly CmdlineParam[]): CmdlineParam[] {
  return params.filter((p) => {
    const edit = e820EditOf(p);
    return edit !== null && LOST_ON_EMPTY_MAP.includes(edit);
  });
}

/**
 * mem=SIZE / memmap=SIZE on the memmap=SIZE@START entries appended before it (in order; bytes, end exclusive), as
 * the version's handler treats them: e820_remove_range(size, ULLONG_MAX - size, E820_RAM, 1) removes an entry at or
 * above SIZE and cuts one across it (e820.c:472-500 at 3fa8749e584b); 2.6.26's limit_regions() cuts the first entry
 * that reaches SIZE there, or drops it when it starts at or above SIZE, and drops every entry after it
 * (e820_32.c:613-641 at bce7f793da).
 */
export function limitEntries<T extends { readonly start: number; readonly end: number }>(h: E820Params, entries: readonly T[], size: number): T[] {
  if (h.limit === 'remove-range') return entries.flatMap((e) => (e.start >= size ? [] : e.end > size ? [{ ...e, end: size }] : [e]));
  const i = entries.findIndex((e) => e.end >= size);
  if (i < 0) return entries.slice();
  const e = entries[i];
  return e === undefined || e.start >= size ? entries.slice(0, i) : [...entries.slice(0, i), { ...e, end: size }];
}

/**
 * mem=SIZE / memmap=SIZE on the built map: the BIOS's RAM [0, `bios`) (bytes; taken to have no hole) followed by the
 * memmap=SIZE@START ranges appended after it (`added`, in order). e820_remove_range() cuts every RAM entry at SIZE,
 * in any order (e820.c:472-500 at 3fa8749e584b); 2.6.26's limit_regions() walks the map in order (e820_32.c:613-641
 * at bce7f793da): the BIOS's RAM reaching SIZE is cut there and every entry after it dropped, else the ranges are
 * cut as limitEntries() says. The end of RAM is then the highest RAM entry left, not SIZE (`memmap=64M@2G
 * mem=1536M` on 1 GiB: 1 GiB).
 */
export function limitBuiltMap<T extends { readonly start: number; readonly end: number }>(h: E820Params, bios: number, added: readonly T[], size: number): { bios: number; added: T[] } {
  if (h.limit === 'limit-regions' && bios >= size) return { bios: size, added: [] };
  return { bios: Math.min(bios, size), added: limitEntries(h, added, size) };
}

/** Why mem=, memmap=SIZE and memmap=exactmap do not limit RAM in an order that parses them before the e820 map is built. */
export function e820EditsLostText(kernel: KernelVersion): string {
  const h = e820ParamsFor(kernel);
  return `mem=, memmap=SIZE and memmap=exactmap do not limit RAM here: parse_early_param runs before the e820 map is built (${h.build}), so they edit an empty map and the BIOS map appended after it has all of machine.memory (${h.mem.replaceAll('()', '')}, ${h.append})`;
}
