/**
 * The phase every architecture's setup_arch() calls run in (ArchPlugin.callPhase
 * for anything that is not a late step), shared by the plug-ins.
 */
import type { CallPhase } from './types.js';

/** setup_arch() itself, and the calls a scenario defines (they run inside it). */
export const SETUP_ARCH_PHASE: CallPhase = { rank: 0, name: 'setup_arch()', effect: '' };

/** kernel_init() in init/main.c: free_initmem(), mark_rodata_ro()/mark_readonly(), after start_kernel() has run setup_arch() and mm_init() */
export const KERNEL_INIT_PHASE = 'kernel_init() after setup_arch() returns';
