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

/**
 * The constants of a configuration (kernel × VA_BITS × KASAN: at most 12),
 * computed once: they are plain immutable values, so replays share them.
 */
const SHAPES = new Map<number, { geometry: Geometry; layout: VaLayout; fixmap: FixmapEnum }>();

function shapeOf(kernelKey: number, vaBits: 39 | 48, kasan: boolean): { geometry: Geometry; layout: VaLayout; fixmap: FixmapEnum } {
  // kernel keys are integers (400 + minor): a number key, no text per replay
  const key = kernelKey * 4 + (vaBits === 48 ? 2 : 0) + (kasan ? 1 : 0);
  let shape = SHAPES.get(key);
  if (shape === undefined) {
    const geometry = geometryFor(vaBits);
    shape = { geometry, layout: vaLayout({ geometry, kernelKey, kasan }), fixmap: fixmapFor(kernelKey) };
    SHAPES.set(key, shape);
  }
  return shape;
}

export function contextFor(scenario: Arm64Scenario): ReplayContext {
  const kernelKey = scenario.kernel.key;
  const first = scenario.machine.banks[0];
  const { geometry, layout, fixmap } = shapeOf(kernelKey, scenario.config.va_bits, scenario.config.kasan);
  return { scenario, kernelKey, geometry, layout, fixmap, kernelPa: (first?.base ?? 0) + TEXT_OFFSET };
}
