/**
 * The x86_32 rules of DESIGN §4, in report order, then the page-table rules
 * (DESIGN §3a, issue #7), then the rules every architecture shares.
 */
import { genericRules } from '../../../rules/generic.js';
import type { Rule } from '../../../rules/types.js';
import { SETUP_ARCH_PHASE } from '../../phase.js';
import { repeatsCall } from '../catalog.js';
import type { X86Trace } from '../types.js';
import { btmapPmdStraddle } from './btmap-pmd-straddle.js';
import { fixaddrTopUnaligned } from './fixaddr-top-unaligned.js';
import { cmdlineNotModeled } from './cmdline-not-modeled.js';
import { configUnsupported } from './config-unsupported.js';
import { earlyIoremapInitBeforeRelocation } from './early-ioremap-init-before-relocation.js';
import { fixmapBeforeRelocation } from './fixmap-before-relocation.js';
import { layoutOverlap } from './layout-overlap.js';
import { lowmemBeforeRelocation } from './lowmem-before-relocation.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { staleEarlyIoremap } from './stale-early-ioremap.js';
import { xenWritablePagetable } from './xen-writable-pagetable.js';
import { pseNotUsed } from './pse-not-used.js';
import { nxMissing } from './nx-missing.js';
import { kmapPteNoncontiguous } from './kmap-pte-noncontiguous.js';
import { pagetableAllocPanic } from './pagetable-alloc-panic.js';
import { kernelMappingUser } from './kernel-mapping-user.js';
import { fixmapPagetablesReplaced } from './fixmap-pagetables-replaced.js';
import { fixmapPteLost } from './fixmap-pte-lost.js';

export const X86_RULES: readonly Rule<X86Trace>[] = [
  fixmapBeforeRelocation,
  staleEarlyIoremap,
  earlyIoremapInitBeforeRelocation,
  lowmemBeforeRelocation,
  missingPrerequisite,
  btmapPmdStraddle,
  fixaddrTopUnaligned,
  layoutOverlap,
  configUnsupported,
  cmdlineNotModeled,
  xenWritablePagetable,
  kmapPteNoncontiguous,
  fixmapPagetablesReplaced,
  fixmapPteLost,
  pagetableAllocPanic,
  kernelMappingUser,
  pseNotUsed,
  nxMissing,
  ...genericRules<X86Trace>({ callPhase: () => SETUP_ARCH_PHASE, repeatsCall }),
];
