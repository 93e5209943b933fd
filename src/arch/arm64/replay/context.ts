/**
 * What an arm64 replay knows before the first step: the scenario and the
 * fixed shape of the kernel it describes (geometry, VA layout, fixmap enum,
 * where the kernel image sits in RAM).
 */
import { fixmapFor, vaLayout, type VaLayout } from '../layout.js';
import type { FixmapEnum } from '../fixmap.js';
import { geometryFor, TEXT_OFFSET, type Geometry } from '../geometry.js';
import type { Arm64Scenario } from '../types.js';

export interface ReplayContext {
  readonly scenario: Arm64Scenario;
  readonly kernelKey: number;
  readonly geometry: Geometry;
  readonly layout: VaLayout;
  readonly fixmap: FixmapEnum;
  /** physical address of _text: the first bank + TEXT_OFFSET (Documentation/arm64/booting.txt) */
  readonly kernelPa: number;
}

export function contextFor(scenario: Arm64Scenario): ReplayContext {
  const geometry = geometryFor(scenario.config.va_bits);
  const kernelKey = scenario.kernel.key;
  const first = scenario.machine.banks[0];
  return {
    scenario,
    kernelKey,
    geometry,
    layout: vaLayout({ geometry, kernelKey, kasan: scenario.config.kasan }),
    fixmap: fixmapFor(kernelKey),
    kernelPa: (first?.base ?? 0) + TEXT_OFFSET,
  };
}
