/**
 * The CLI's output on every shipped scenario and loader fixture, against
 * test/golden/ (scripts/golden.mjs). It pins the output byte for byte, so a
 * refactoring (the move of x86_32 behind the architecture plug-in boundary)
 * can show it changed nothing, and an intended change shows as a diff.
 * After an intended change: `npm run golden -- --update`.
 */
import { describe, expect, it } from 'vitest';

interface GoldenModule {
  render(): Promise<Map<string, string>>;
  readGolden(name: string): string | undefined;
}

const SCRIPT = new URL('../../scripts/golden.mjs', import.meta.url).href;

describe('golden CLI output', async () => {
  const golden = (await import(SCRIPT)) as GoldenModule;
  const outputs = await golden.render();
  it.each([...outputs.keys()])('%s', (name) => {
    expect(outputs.get(name), 'run `npm run golden -- --update` after an intended change').toBe(golden.readGolden(name));
  });
});
