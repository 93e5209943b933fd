/** Level names for text output: L0 … L3 with the 4K-page kernel names. */
import type { Level } from '../geometry.js';

export function levelNameOf(level: Level): string {
  return `L${level}`;
}
