/**
 * The arm64 rules, in report order, then the rules every architecture shares.
 */
import { genericRules } from '../../../rules/generic.js';
import type { Rule } from '../../../rules/types.js';
import { callPhase, repeatsCall } from '../catalog.js';
import type { Arm64Trace } from '../types.js';
import { bbmViolation } from './bbm-violation.js';
import { cmdlineNotModeled } from './cmdline-not-modeled.js';
import { fixmapBeforeInit } from './fixmap-before-init.js';
import { fixmapSlotBusy } from './fixmap-slot-busy.js';
import { linearMapBeforeMapMem } from './linear-map-before-map-mem.js';
import { memblockAllocPanic } from './memblock-alloc-panic.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { pgtableAllocOutsideMap } from './pgtable-alloc-outside-map.js';
import { sharedLeafPermissions } from './shared-leaf-permissions.js';
import { ttbrSwitchUnsafe } from './ttbr-switch-unsafe.js';

export const ARM64_RULES: readonly Rule<Arm64Trace>[] = [
  bbmViolation,
  ttbrSwitchUnsafe,
  fixmapBeforeInit,
  linearMapBeforeMapMem,
  pgtableAllocOutsideMap,
  memblockAllocPanic,
  fixmapSlotBusy,
  sharedLeafPermissions,
  missingPrerequisite,
  cmdlineNotModeled,
  ...genericRules<Arm64Trace>({ callPhase, repeatsCall }),
];
