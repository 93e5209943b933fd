/**
 * Headless Chromium (Debian's package, /usr/bin/chromium; CHROMIUM=path
 * overrides) for the HTML report tests and scripts/html-screenshot.mjs. The
 * flags are those this machine needs: no sandbox as root, no GPU, and no
 * background networking (the machine has no network to reach).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Runs Chromium headless on a file with a 1280 px wide window.
 * @param mode --dump-dom (returns the DOM after scripts ran) or --screenshot=PATH
 */
export function chromium(file: string, mode: string, height = 1200): string {
  const profile = mkdtempSync(join(tmpdir(), 'bootreplay-chromium-'));
  try {
    const r = spawnSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`,
      `--window-size=1280,${height}`, '--virtual-time-budget=5000', mode, `file://${file}`,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.error !== undefined) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited ${String(r.status)}: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
