import { layoutOverlap } from '../../../../src/arch/x86_32/rules/layout-overlap.js';
import { insertAfter, ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, releaseOrder, without } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(layoutOverlap, {
  valid: [
    { name: '2.6.27-rc1 on a 512 MiB VMI host', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'Xen PAE, 4 GiB', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB' } },
    { name: 'bare metal, 4 GiB PAE, vmalloc=256M', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '4GiB', cmdline: 'vmalloc=256M' } },
    { name: '2.6.28 Xen PAE with vmalloc=64M: MAXMEM ends at VMALLOC_END (e621bd18958e), which moved down with the Xen hole, so forgetting the reserve is harmless', scenario: { kernel: '2.6.28', order: releaseOrder('2.6.28'), hypervisor: 'xen', pae: true, memory: '4GiB', cmdline: 'vmalloc=64M' } },
    { name: 'reservetop= twice, the larger first: the kernel keeps no record of a reserve (reserve_top_address() only sets __FIXADDR_TOP), the last one wins and the first holds nothing', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=128M reservetop=16M' } },
    { name: 'a reservetop= larger than the VMI hole: the fixmap sits below both', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=128M' } },
    {
      name: 'Xen before 2.6.27.8 with reservetop=168M: the fixmap moves up into the 2 pages of padding below HYPERVISOR_VIRT_START (xen_reserve_top(): -top + 2 * PAGE_SIZE, enlighten.c at caglar10ur/linux-2.6.27.y@6e86841d05), which are the kernel\'s, not Xen\'s',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true, memory: '2GiB', cmdline: 'reservetop=168M' },
    },
    { name: 'OLPC 2.6.36: OpenFirmware\'s hole from 0xff800000 (cif 0xff834567), the fixmap below it', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff834567' } } },
    { name: 'no highmem: no pkmap region', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', pae: true, config: { highmem: false } } },
    // break-232 F4: 2.6.26's parse_memmap() only appends the range (add_memory_region(), arch/x86/kernel/e820_32.c:722-730 at
    // caglar10ur/linux-2.6.27.y@bce7f793da) and nothing sanitizes the user's map, so propagate_e820_map() (:478-497) still
    // takes max_pfn from the E820_RAM under it: 896 MiB of lowmem, where 2.6.27's sanitize_e820_map() leaves no RAM (below)
    ...(['memmap=1G$0', 'memmap=1G#0', 'memmap=512M$0 memmap=512M$512M'] as const).map((cmdline) => ({
      name: `2.6.26, 1 GiB, ${cmdline}: the range is only appended, the RAM under it stays RAM, lowmem is 896 MiB`,
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', cmdline },
    })),
  ],
  invalid: [
    {
      name: 'kind 9: vmalloc= on a Xen guest overwrites __VMALLOC_RESERVE (with exactly 64 MiB before 2.6.28) and forgets the Xen hole: one finding, four overlaps as detail',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB', cmdline: 'vmalloc=64M' },
      findings: [
        { step: 'find_low_pfn_range', message: /sizes lowmem to 960 MiB \(max_low_pfn 245760\): vmalloc is empty: .*; lowmem 0xc0000000–0xfc000000 overlaps pkmap .*; .*overlaps fixmap .*; .*overlaps hypervisor 0xf5800000–0x100000000$/ },
      ],
    },
    {
      name: 'Xen before 2.6.27.8 with reservetop=0xa7ff000 (one page short of 168 MiB): the fixmap reaches one page into Xen\'s own area at HYPERVISOR_VIRT_START 0xf5800000',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true, memory: '2GiB', cmdline: 'reservetop=0xa7ff000' },
      findings: [
        {
          step: 'parse_early_param', related: ['xen_start_kernel'],
          message: /^reservetop= in parse_early_param \(step \d+\) reserves 167 MiB \+ 1020 KiB at the top \(FIXADDR_TOP 0xf5800000\), although xen_reserve_top reserved 168 MiB \+ 8 KiB: .*: fixmap 0xf55fa000–0xf5801000 overlaps hypervisor 0xf5800000–0x100000000$/,
        },
      ],
    },
    {
      name: 'OLPC 2.6.36 with reservetop=4M: the last reserve moves the fixmap into OpenFirmware\'s hole, which is named for the firmware, not a hypervisor',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff834567' }, cmdline: 'reservetop=4M' },
      findings: [
        {
          step: 'parse_early_param', related: ['olpc_ofw_detect'],
          message: /^reservetop= in parse_early_param \(step \d+\) reserves 4 MiB at the top \(FIXADDR_TOP 0xffbff000\), although olpc_ofw_detect \(step \d+\) reserved 8 MiB: .*fixmap 0xff[0-9a-f]+–0xffc00000 overlaps firmware 0xff800000–0x100000000$/,
          consequence: /the kernel maps [a-z]+ and firmware at the same virtual addresses/,
        },
      ],
    },
    {
      name: 'reservetop= after vmi_init moves the fixmap back into the VMI hole',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=16M' },
      findings: [
        {
          step: 'parse_early_param', related: ['vmi_init'],
          message: /^reservetop= in parse_early_param \(step \d+\) reserves 16 MiB at the top \(FIXADDR_TOP 0xfefff000\), although vmi_init \(step 3\) reserved 64 MiB: the last reserve_top_address\(\) wins .*: vmalloc .* overlaps hypervisor 0xfc000000–0x100000000; pkmap .* overlaps hypervisor .*; fixmap 0xfedf9000–0xff000000 overlaps hypervisor/,
        },
      ],
    },
    {
      name: 'reservetop= twice on a VMI host: the larger reserve is gone, the smaller one moves the fixmap into the VMI hole (not into the first reserve, which held nothing)',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=128M reservetop=16M' },
      findings: [
        {
          step: 'parse_early_param', related: ['vmi_init'],
          message: /^reservetop= in parse_early_param \(step \d+\) reserves 16 MiB at the top \(FIXADDR_TOP 0xfefff000\), although vmi_init \(step 3\) reserved 64 MiB: .*fixmap 0xfedf9000–0xff000000 overlaps hypervisor 0xfc000000–0x100000000$/,
          consequence: /^the kernel maps [a-z]+ and hypervisor at the same virtual addresses/,
        },
      ],
    },
    {
      name: 'vmalloc= then reservetop= in one parse_early_param on a VMI host: the reserve moves the fixmap into the VMI hole, vmalloc= is not the cause',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'vmalloc=64M reservetop=16M' },
      findings: [{ step: 'parse_early_param', related: ['vmi_init'], message: /^reservetop= in parse_early_param \(step \d+\) reserves 16 MiB at the top .*although vmi_init \(step 3\) reserved 64 MiB/ }],
    },
    // reservetop=0x3ffff000 itself is an input error now (its MAXMEM wraps: test/loader/ranges.test.ts); a define:d
    // reserve_top_address() after find_low_pfn_range still puts what hangs off FIXADDR_TOP below PAGE_OFFSET
    {
      name: 'a reserve of 0x3ffff000 after max_low_pfn: vmalloc is inverted (mem_init BUG_ON) and pkmap lies in user space',
      scenario: {
        kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'hv_reserve', 'find_low_pfn_range'),
        define: { hv_reserve: { doc: 'a late hypervisor reserve', relocate: '0x3ffff000' } },
      },
      findings: [
        {
          step: 'hv_reserve',
          message: /^reserve_top_address\(\) in hv_reserve \(step \d+\) reserves 1023 MiB \+ 1020 KiB at the top \(FIXADDR_TOP 0xc0000000\): vmalloc is empty: 0xe0800000–0xbf7fe000; pkmap 0xbf800000–0xbfc00000 starts below PAGE_OFFSET 0xc0000000, in user space; fixmap 0xbfdfa000–0xc0001000 starts below PAGE_OFFSET 0xc0000000, in user space/,
          consequence: /mem_init\(\) ends with zap_low_mappings\(\).*so pkmap and fixmap are unmapped once the boot is over/,
        },
      ],
    },
    {
      name: '2.6.32.9, the same late reserve: mem_init checks VMALLOC_START >= VMALLOC_END from 2.6.29-rc1 (beeb4195cbc)',
      scenario: {
        kernel: '2.6.32.9', order: insertAfter(releaseOrder('2.6.32'), 'hv_reserve', 'find_low_pfn_range'),
        define: { hv_reserve: { doc: 'a late hypervisor reserve', relocate: '0x3ffff000' } },
      },
      findings: [
        { step: 'hv_reserve', message: /pkmap 0xbf800000–0xbfc00000 starts below PAGE_OFFSET 0xc0000000, in user space/, consequence: /BUG_ON\(VMALLOC_START >= VMALLOC_END\)/ },
      ],
    },
    {
      // each call alone is in range (the loader checks one define:d reserve at a time); twice they add up past the
      // kernel part: reserve_top_address() does __VMALLOC_RESERVE += reserve (arch/x86/mm/pgtable_32.c at
      // caglar10ur/linux-2.6.27.y@16fa49cbc7), and the direct map past 4 GiB is said as such (helper-156)
      name: 'a define:d 512 MiB reserve called twice before find_low_pfn_range: MAXMEM wraps and lowmem would end past 4 GiB',
      scenario: {
        kernel: '2.6.27-rc1', memory: '4GiB', order: ['setup_memory_map', 'parse_early_param', 'e820_end_of_ram_pfn', 'myreloc', 'myreloc', 'find_low_pfn_range'],
        define: { myreloc: { doc: 'relocates the fixmap', relocate: '512MiB' } },
      },
      findings: [{
        step: 'find_low_pfn_range',
        message: /^find_low_pfn_range \(step 6\) sizes lowmem to 3 GiB \+ 896 MiB \(max_low_pfn 1015808\), a direct map that would end past 4 GiB at 0x1b8000000: __VMALLOC_RESERVE is 1 GiB \+ 128 MiB after 2 reserve_top_address\(\) calls that each added theirs, so MAXMEM wraps below zero and caps nothing: /,
      }],
    },
    {
      name: 'VMSPLIT_1G with vmalloc=0xbffff000: MAXMEM is one page, so lowmem ends inside the kernel image (the bootmem allocator has nothing left)',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', config: { page_offset: 0x40000000, highmem: false }, cmdline: 'vmalloc=0xbffff000' },
      findings: [
        {
          step: 'find_low_pfn_range',
          message: /sizes lowmem to 4 KiB \(max_low_pfn 1\): lowmem 0x40000000–0x40001000 ends inside the kernel image \(_end 0x40600000\)$/,
          consequence: /init_bootmem_node\(…, max_low_pfn\).*without highmem the rest of RAM is not used at all$/,
        },
      ],
    },
    {
      // init_memory_mapping and initmem_init need max_low_pfn: missing-prerequisite's errors name the missing call, and
      // the empty lowmem is their consequence (max_low_pfn stays 0), not a second finding blamed on head_32
      name: 'no call sets max_low_pfn, and calls of the order need it: the empty lowmem is left to missing-prerequisite',
      scenario: { kernel: '2.6.27', order: without(ORDER_2_6_27, 'find_low_pfn_range') },
      findings: [],
    },
    {
      name: 'no call sets max_low_pfn, and none needs it: lowmem is empty',
      scenario: { kernel: '2.6.27', order: ['early_ioremap_init'] },
      findings: [{ step: 'head_32', message: /lowmem is empty: 0xc0000000–0xc0000000 \(no step set max_low_pfn\)$/, fix: /^call find_low_pfn_range/ }],
    },
    {
      // 2.6.27: MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE (include/asm-x86/page_32.h:93 at 3fa8749e584b); the
      // largest reservetop= the loader takes (cmdline-layout.ts) adds 0x38000000 to the 128 MiB: MAXMEM is 0, and
      // find_low_pfn_range does set max_low_pfn, to 0: not "no step set it", and inserting it again is no fix
      name: 'reservetop= at the bound: find_low_pfn_range sets max_low_pfn to 0 (MAXMEM 0), lowmem is empty',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=0x38000000' },
      findings: [{
        step: 'find_low_pfn_range',
        message: /sizes lowmem to 0 bytes \(max_low_pfn 0\): lowmem is empty: 0xc0000000–0xc0000000$/,
        fix: /^compute max_low_pfn after every relocation/,
        setters: [],
      }],
    },
    // break-226 N2: the same empty lowmem from mem=0 was told to compute max_low_pfn after every relocation and to
    // shrink vmalloc= and reservetop=, none of which it has. parse_memopt() removes all RAM above the size
    // (e820_remove_range(mem_size, ULLONG_MAX - mem_size, E820_RAM, 1), arch/x86/kernel/e820.c:1192 at
    // caglar10ur/linux-2.6.27.y@3fa8749e584b), e820_end_of_ram_pfn() counts whole pages (max_pfn 0) and
    // find_low_pfn_range() copies it (max_low_pfn = max_pfn, arch/x86/mm/init_32.c:584)
    ...([
      ['mem=0', /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memopt\(\) removes all RAM above its size\), so max_pfn and max_low_pfn are 0; give mem= the RAM the kernel is to use, or drop it$/],
      // less than a page is no page: e820_end_pfn() shifts the end down by PAGE_SHIFT
      ['mem=4095', /^no order of setup_arch fixes it: mem=4095 on machine\.cmdline leaves no page of RAM .*; give mem= the RAM/],
      ['memmap=4095', /^no order of setup_arch fixes it: memmap=4095 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memmap_opt\(\) removes all RAM above its size, as mem= does\).*; give memmap=SIZE the RAM/],
      // e820.nr_map = 0 (e820.c:1215) and the 1 KiB added back is no whole page
      ['memmap=exactmap memmap=1K@0', /^no order of setup_arch fixes it: memmap=exactmap on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memmap_opt\(\) empties the map \(e820\.nr_map = 0\) and no memmap=SIZE@START adds a page of RAM back\), so max_pfn and max_low_pfn are 0; describe the RAM with memmap=SIZE@START after memmap=exactmap, or drop memmap=exactmap$/],
      // sanitize_e820_map(): the larger type wins an overlap (e820.c:333-339), E820_RESERVED over E820_RAM
      ['memmap=1G$0', /^no order of setup_arch fixes it: memmap=1G\$0 on machine\.cmdline leaves no page of RAM in the e820 map \(its reserved range covers the RAM, and sanitize_e820_map\(\) gives the overlap to the larger type\), so max_pfn and max_low_pfn are 0; move the memmap=SIZE\$START range off the RAM, or drop it$/],
      // E820_ACPI (3) over E820_RAM (1) likewise
      ['memmap=1G#0', /^no order of setup_arch fixes it: memmap=1G#0 on machine\.cmdline leaves no page of RAM in the e820 map \(its ACPI data range covers the RAM, and sanitize_e820_map\(\) gives the overlap to the larger type\), so max_pfn and max_low_pfn are 0; move the memmap=SIZE#START range off the RAM, or drop it$/],
      // a limit that still leaves RAM is not named: the exactmap after it emptied the map
      ['mem=256M memmap=exactmap', /^no order of setup_arch fixes it: memmap=exactmap on machine\.cmdline leaves no page/],
    ] as const).map(([cmdline, fix]) => ({
      name: `${cmdline} leaves no page of RAM: lowmem is empty, and the fix names the option that left none, not relocations`,
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline },
      findings: [{
        step: 'find_low_pfn_range',
        message: /sizes lowmem to 0 bytes \(max_low_pfn 0\): lowmem is empty: 0xc0000000–0xc0000000$/,
        consequence: /^no direct map: the kernel cannot allocate memory$/,
        fix,
        setters: [],
      }],
    })),
    // break-230 N1: RAM that mem= or memmap= cut below the kernel image's end (_end 0xc0600000, physical 0x600000):
    // max_low_pfn = max_pfn (init_32.c:584) leaves lowmem ending inside the image; the fix named relocations
    ...([
      ['mem=5M', /^no order of setup_arch fixes it: mem=5M on machine\.cmdline leaves RAM only below 0x00500000 in the e820 map \(parse_memopt\(\) removes all RAM above its size\), short of the kernel image's end at 0x00600000, so max_low_pfn = max_pfn leaves lowmem inside the image; give mem= the RAM the kernel is to use, or drop it$/],
      // e820.nr_map = 0 (e820.c:1215), then memmap=SIZE@START adds 64 KiB at 0x9f000 back (e820.c:1226-1228)
      // break-231 F1: mem=64M after mem=5M removes nothing, and is not named
      ['mem=5M mem=64M', /^no order of setup_arch fixes it: mem=5M on machine\.cmdline leaves RAM only below 0x00500000 .*; give mem= the RAM the kernel is to use, or drop it$/],
      // break-231 F2: the @ ranges after exactmap reach past the image (0x600000); only mem=3M cuts the RAM short
      ['memmap=exactmap memmap=640K@0 memmap=5M@1M mem=3M', /^no order of setup_arch fixes it: mem=3M on machine\.cmdline leaves RAM only below 0x00300000 .*; give mem= the RAM the kernel is to use, or drop it$/],
      ['memmap=exactmap memmap=64K@0x9f000', /^no order of setup_arch fixes it: memmap=exactmap on machine\.cmdline leaves RAM only below 0x000af000 in the e820 map \(parse_memmap_opt\(\) empties the map \(e820\.nr_map = 0\) and memmap=SIZE@START adds back only the RAM it names\), short of the kernel image's end at 0x00600000, .*; describe the RAM with memmap=SIZE@START after memmap=exactmap, or drop memmap=exactmap$/],
    ] as const).map(([cmdline, fix]) => ({
      name: `${cmdline} leaves RAM short of the kernel image: lowmem ends inside it, and the fix names the option, not relocations`,
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline },
      findings: [{ step: 'find_low_pfn_range', message: /: lowmem 0xc0000000–0xc0[0-9a-f]+ ends inside the kernel image \(_end 0xc0600000\)$/, fix }],
    })),
    // break-232 N4: 2.6.26 has its own handlers (e820-params.ts): parse_mem() → limit_regions() (arch/x86/kernel/setup_32.c:252-274,
    // e820_32.c:613-641 at caglar10ur/linux-2.6.27.y@bce7f793da) and parse_memmap() (e820_32.c:695-738), not 2.6.27's
    // parse_memopt()/parse_memmap_opt(); propagate_e820_map() takes whole pages (PFN_DOWN, e820_32.c:490) and setup_memory()
    // copies max_pfn into max_low_pfn below MAXMEM (setup_32.c:346, 458)
    ...([
      ['mem=0', /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_mem\(\) → limit_regions\(\) cuts the map off at its size\), so max_pfn and max_low_pfn are 0; give mem= the RAM the kernel is to use, or drop it$/],
      ['memmap=4095', /^no order of setup_arch fixes it: memmap=4095 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memmap\(\) → limit_regions\(\) cuts the map off at its size, as mem= does\), so max_pfn and max_low_pfn are 0; give memmap=SIZE the RAM/],
      ['memmap=exactmap memmap=1K@0', /^no order of setup_arch fixes it: memmap=exactmap on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memmap\(\) empties the map \(e820\.nr_map = 0\) and no memmap=SIZE@START adds a page of RAM back\), so max_pfn and max_low_pfn are 0; describe the RAM/],
      // the reserved range is not what empties the map on 2.6.26, and is not named
      ['memmap=1G$0 mem=0', /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_mem\(\) → limit_regions\(\) cuts the map off at its size\), so max_pfn and max_low_pfn are 0; give mem= the RAM the kernel is to use, or drop it$/],
    ] as const).map(([cmdline, fix]) => ({
      name: `2.6.26, ${cmdline} leaves no page of RAM: the fix names 2.6.26's handlers (break-232 N4)`,
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, cmdline },
      findings: [{ step: 'setup_memory', message: /sizes lowmem to 0 bytes \(max_low_pfn 0\): lowmem is empty: 0xc0000000–0xc0000000$/, fix }],
    })),
    ...([
      ['mem=5M', /^no order of setup_arch fixes it: mem=5M on machine\.cmdline leaves RAM only below 0x00500000 in the e820 map \(parse_mem\(\) → limit_regions\(\) cuts the map off at its size\), short of the kernel image's end at 0x00600000, so max_low_pfn = max_pfn leaves lowmem inside the image; give mem= the RAM the kernel is to use, or drop it$/],
      ['memmap=exactmap memmap=64K@0x9f000', /^no order of setup_arch fixes it: memmap=exactmap on machine\.cmdline leaves RAM only below 0x000af000 in the e820 map \(parse_memmap\(\) empties the map \(e820\.nr_map = 0\) and memmap=SIZE@START adds back only the RAM it names\), short of the kernel image's end at 0x00600000, .*; describe the RAM with memmap=SIZE@START after memmap=exactmap, or drop memmap=exactmap$/],
    ] as const).map(([cmdline, fix]) => ({
      name: `2.6.26, ${cmdline} leaves RAM short of the kernel image: the fix names 2.6.26's handlers, the consequence its bootmem set-up (break-232 N4)`,
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, cmdline },
      findings: [{
        step: 'setup_memory',
        message: /: lowmem 0xc0000000–0xc0[0-9a-f]+ ends inside the kernel image \(_end 0xc0600000\)$/,
        // setup_bootmem_allocator(): init_bootmem(min_low_pfn, max_low_pfn), reserve_bootmem(__pa_symbol(_text), …) (setup_32.c:649-667)
        consequence: /^the boot-time allocator gets only the pages below max_low_pfn \(setup_bootmem_allocator\(\): init_bootmem\(min_low_pfn, max_low_pfn\)\), and the image is reserved \(reserve_bootmem\(__pa_symbol\(_text\), …\)\), so only the low memory below the image is left to allocate from$/,
        fix,
      }],
    })),
    // break-231 N1: with the command line shown to be the cause, `run`'s fix still opened with its search ("no single
    // move of find_low_pfn_range (step 28) or parse_early_param (step 11) removes it …, nor does any move of two of
    // … (500 replays, stopped at the limit of 500); no order of setup_arch fixes it: …"): replays spent on what the
    // rule knew, and text before the remedy. The finding says so (Finding.noOrderFix): no order is replayed for it
    ...([
      ['mem=5M', [], /^no order of setup_arch fixes it: mem=5M on machine\.cmdline leaves RAM only below 0x00500000 in the e820 map \(parse_memopt\(\) removes all RAM above its size\), short of the kernel image's end at 0x00600000, so max_low_pfn = max_pfn leaves lowmem inside the image; give mem= the RAM the kernel is to use, or drop it$/],
      // vmalloc= in the same parse_early_param moves vmalloc's start too (a related step), but MAXMEM still holds the image
      ['mem=5M vmalloc=900M', ['parse_early_param'], /^no order of setup_arch fixes it: mem=5M on machine\.cmdline leaves RAM only below 0x00500000 in the e820 map \(parse_memopt\(\) removes all RAM above its size\), short of the kernel image's end at 0x00600000, so max_low_pfn = max_pfn leaves lowmem inside the image; give mem= the RAM the kernel is to use, or drop it$/],
      ['mem=0', [], /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM in the e820 map \(parse_memopt\(\) removes all RAM above its size\), so max_pfn and max_low_pfn are 0; give mem= the RAM the kernel is to use, or drop it$/],
    ] as const).map(([cmdline, related, fix]) => ({
      name: `${cmdline} on a VMI host (break-231 N1): the fix after run's search is the command line's alone, and no order is replayed for it`,
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi' as const, cmdline },
      findings: [{ step: 'find_low_pfn_range', related: [...related], fix, searched: { fix, replays: 0 } }],
    })),
    {
      // the command line is only part of the cause: MAXMEM (reservetop=) is 0 as well, which the order may help with,
      // so the search is made and said before the rule's remedy
      name: 'mem=0 and reservetop= at the bound: the fix search is still made (MAXMEM is 0 as well)',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'mem=0 reservetop=0x38000000' },
      findings: [{
        step: 'find_low_pfn_range',
        searched: { fix: /^no single move of find_low_pfn_range \(step \d+\) removes it .*; no order of setup_arch fixes it: mem=0 on machine\.cmdline .*; MAXMEM is 0 as well: compute max_low_pfn after every relocation/ },
      }],
    },
    {
      // MAXMEM is 0 too (the reservetop= at the bound of the row above): more RAM alone would not give lowmem back
      name: 'mem=0 and reservetop= at the bound: both the RAM and MAXMEM are 0, and the fix names both',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'mem=0 reservetop=0x38000000' },
      findings: [{
        step: 'find_low_pfn_range',
        message: /sizes lowmem to 0 bytes \(max_low_pfn 0\): lowmem is empty: 0xc0000000–0xc0000000$/,
        fix: /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM .*; give mem= the RAM the kernel is to use, or drop it; MAXMEM is 0 as well: compute max_low_pfn after every relocation and keep the reservations within __VMALLOC_RESERVE \(smaller vmalloc=, reservetop=\); the last change is find_low_pfn_range \(step \d+\)$/,
      }],
    },
    {
      // a late reserve puts pkmap and the fixmap in user space as well: its own finding keeps the relocation fix
      name: 'mem=0 and a late reserve: the empty lowmem names mem=0, the late reserve keeps its fix',
      scenario: {
        kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'hv_reserve', 'find_low_pfn_range'), cmdline: 'mem=0',
        define: { hv_reserve: { doc: 'a late hypervisor reserve', relocate: '0x3ffff000' } },
      },
      findings: [
        { step: 'find_low_pfn_range', message: /: lowmem is empty: 0xc0000000–0xc0000000$/, fix: /^no order of setup_arch fixes it: mem=0 on machine\.cmdline leaves no page of RAM .*; give mem= the RAM the kernel is to use, or drop it$/ },
        { step: 'hv_reserve', message: /: vmalloc is empty: .*in user space$/, fix: /^compute max_low_pfn after every relocation .*the last change is hv_reserve \(step \d+\)$/ },
      ],
    },
  ],
});
