/**
 * The package version and homepage. The bundle (scripts/bundle.mjs) has them
 * inlined at build time, so a cold start does not read package.json; the
 * plain tsc build reads it next to dist/.
 */
import { readFileSync } from 'node:fs';

declare const BOOTREPLAY_VERSION: string | undefined;
declare const BOOTREPLAY_HOMEPAGE: string | undefined;

function packageJson(): { version: string; homepage?: string } {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage?: string };
}

export const VERSION: string = typeof BOOTREPLAY_VERSION === 'string' ? BOOTREPLAY_VERSION : packageJson().version;

/** package.json `homepage` (SARIF tool.driver.informationUri), when the package has one. */
export const HOMEPAGE: string | undefined = typeof BOOTREPLAY_HOMEPAGE === 'string'
  ? (BOOTREPLAY_HOMEPAGE === '' ? undefined : BOOTREPLAY_HOMEPAGE)
  : packageJson().homepage;
