/**
 * The riscv rules, in report order, then the rules every architecture shares.
 */
import { genericRules } from '../../../rules/generic.js';
import type { Rule } from '../../../rules/types.js';
import { callPhase, repeatsCall } from '../catalog.js';
import type { RiscvTrace } from '../types.js';
import { dtbEarlyVaStale } from './dtb-early-va-stale.js';
import { fixmapNoFence } from './fixmap-no-fence.js';
import { kasanShadowFault } from './kasan-shadow-fault.js';
import { layoutCollision } from './layout-collision.js';
import { linearMapEmpty } from './linear-map-empty.js';
import { linearMapBeforeFinal } from './linear-map-before-final.js';
import { linearMapUnmapped } from './linear-map-unmapped.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { setMemoryFailed } from './set-memory-failed.js';
import { setupVmConstraint } from './setup-vm-constraint.js';
import { sharedLeafPermissions } from './shared-leaf-permissions.js';
import { wxMapping } from './wx-mapping.js';

export const RISCV_RULES: readonly Rule<RiscvTrace>[] = [
  setupVmConstraint,
  linearMapBeforeFinal,
  dtbEarlyVaStale,
  linearMapUnmapped,
  fixmapNoFence,
  sharedLeafPermissions,
  wxMapping,
  setMemoryFailed,
  kasanShadowFault,
  layoutCollision,
  linearMapEmpty,
  missingPrerequisite,
  ...genericRules<RiscvTrace>({ callPhase, repeatsCall }),
];
