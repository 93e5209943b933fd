/**
 * The riscv rules, in report order.
 */
import type { Rule } from '../../../rules/types.js';
import type { RiscvTrace } from '../types.js';
import { dtbEarlyVaStale } from './dtb-early-va-stale.js';
import { fixmapNoFence } from './fixmap-no-fence.js';
import { layoutCollision } from './layout-collision.js';
import { linearMapBeforeFinal } from './linear-map-before-final.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { setupVmConstraint } from './setup-vm-constraint.js';
import { sharedLeafPermissions } from './shared-leaf-permissions.js';

export const RISCV_RULES: readonly Rule<RiscvTrace>[] = [
  setupVmConstraint,
  linearMapBeforeFinal,
  dtbEarlyVaStale,
  fixmapNoFence,
  sharedLeafPermissions,
  layoutCollision,
  missingPrerequisite,
];
