/**
 * The x86_32 rules of DESIGN §4, in report order (the Xen page-table rules
 * come with the page-table model).
 */
import type { Rule } from '../../../rules/types.js';
import type { X86Trace } from '../types.js';
import { btmapPmdStraddle } from './btmap-pmd-straddle.js';
import { configUnsupported } from './config-unsupported.js';
import { earlyIoremapInitBeforeRelocation } from './early-ioremap-init-before-relocation.js';
import { fixmapBeforeRelocation } from './fixmap-before-relocation.js';
import { layoutOverlap } from './layout-overlap.js';
import { lowmemBeforeRelocation } from './lowmem-before-relocation.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { staleEarlyIoremap } from './stale-early-ioremap.js';

export const X86_RULES: readonly Rule<X86Trace>[] = [
  fixmapBeforeRelocation,
  staleEarlyIoremap,
  earlyIoremapInitBeforeRelocation,
  lowmemBeforeRelocation,
  missingPrerequisite,
  btmapPmdStraddle,
  layoutOverlap,
  configUnsupported,
];
