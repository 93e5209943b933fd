/**
 * ArchPlugin.layout, which the layout timeline asks after every step instead
 * of finish() on a clone (review 17b, 2.1: finish() freezes every page table
 * each time), is finish()'s layout after every step of every shipped
 * scenario of the plug-ins that have it, and changes nothing.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StepRef, TraceEvent } from '../../src/replay/trace.js';
import { replayWith, stepRef } from '../../src/replay/replay.js';
import { replayWithTimeline } from '../../src/replay/timeline.js';
import { machinesOf, ROOT } from '../compare/load.js';

const FILES = ['arm64', 'riscv', 'x86_32'].flatMap((arch) => readdirSync(`${ROOT}/scenarios/${arch}`).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${arch}/${f}`));

describe.each(FILES)('%s', (file) => {
  it('layout() is finish().layout after the implicit steps and after each step', async () => {
    const [first] = await machinesOf(file);
    if (first === undefined) throw new Error(`${file}: no machine`);
    const { plugin, scenario } = first;
    const layout = plugin.layout;
    if (layout === undefined) return;
    const events: TraceEvent[] = [];
    const { state, implicit, halt } = plugin.init(scenario, (e) => { events.push(e); });
    const steps: StepRef[] = [...implicit];
    const same = (): void => {
      const before = plugin.finish(scenario, plugin.clone(state), [...steps], [...events]);
      expect(layout.call(plugin, scenario, state)).toEqual(before.layout);
      // and the state it read is unchanged
      expect(plugin.finish(scenario, plugin.clone(state), [...steps], [...events])).toEqual(before);
    };
    same();
    if (halt !== undefined) return;
    for (let i = 0; i < scenario.steps.length; i++) {
      const step = stepRef(scenario, i);
      steps.push(step);
      plugin.apply(state, step, (e) => { events.push(e); });
      same();
    }
  });

  it('the replay that keeps the layout timeline (reports with maps and paths) makes the trace replayWith makes, and its last point is the final layout', async () => {
    for (const { plugin, scenario } of await machinesOf(file)) {
      const { trace, timeline } = replayWithTimeline(plugin, scenario);
      expect(trace).toEqual(replayWith(plugin, scenario));
      expect(timeline.at(-1)?.layout.regions).toEqual(trace.layout.regions);
      // a point per step that moved a region, in step order
      const indexes = timeline.map((p) => p.step.index);
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    }
  });
});
