/**
 * The package version. The bundle (scripts/bundle.mjs) has it inlined at
 * build time, so a cold start does not read package.json; the plain tsc
 * build reads it next to dist/.
 */
import { readFileSync } from 'node:fs';

declare const BOOTREPLAY_VERSION: string | undefined;

function fromPackageJson(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export const VERSION: string = typeof BOOTREPLAY_VERSION === 'string' ? BOOTREPLAY_VERSION : fromPackageJson();
