/** `layout --ptdump` of a scenario file (or of `text` under that name), through the real loader: the head line, then the rows. */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/scenario/loader.js';
import { replayWith } from '../../src/replay/replay.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import type { Scenario } from '../../src/scenario/types.js';

export function ptdumpOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  const plugin = r.plugin as ArchPlugin<Scenario>;
  const out = plugin.ptdump?.(replayWith(plugin, r.scenario));
  if (out === undefined) throw new Error(`${plugin.id} has no ptdump`);
  return [out.head, ...out.rows];
}
