/**
 * Where SARIF artifact URIs are relative to (--sarif-root, the working
 * directory by default), and which files lie outside it. Paths are made
 * relative in the logical working directory, as the shell names it ($PWD):
 * a CI job's $GITHUB_WORKSPACE, or macOS's /tmp (a link to /private/tmp), is
 * a path through a symbolic link, and the physical one process.cwd() gives
 * would turn `tree/a.yaml` into `../a-link/tree/a.yaml`.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { logicalCwd, physicalPath } from './cwd.js';

/** `path` relative to `base`, `/`-separated, or undefined when it does not lie in `base`. */
function within(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** A SARIF root: each file's path relative to it, or undefined for a file outside it. */
export interface SarifRoot {
  /** `/`-separated, not encoded; undefined when the file lies outside the root */
  readonly relative: (file: string) => string | undefined;
  /** the artifact URI: relative to the root, each segment percent-encoded (outside the root: the relative path with `..`) */
  readonly uri: (file: string) => string;
}

/**
 * The SARIF root `root` (relative to `cwd`, the logical working directory).
 * A file lies in it when its path does, logically (both resolved against
 * `cwd` as written) or else physically (both with their directories' links
 * resolved: `--sarif-root "$(pwd -P)"` in a linked directory).
 */
export function sarifRoot(root: string, cwd: string = logicalCwd()): SarifRoot {
  const base = resolve(cwd, root);
  let realBase: string | undefined | null = null;
  const rel = (file: string): string | undefined => {
    const path = resolve(cwd, file);
    const logical = within(base, path);
    if (logical !== undefined) return logical;
    if (realBase === null) {
      try {
        realBase = realpathSync(base);
      } catch {
        realBase = undefined;
      }
    }
    const real = physicalPath(path);
    return realBase === undefined || real === undefined ? undefined : within(realBase, real);
  };
  // every result and code-flow location names its file: one path resolution per file, not per location
  // (2,048 findings of one file spent 70 ms in path.resolve/relative)
  const uris = new Map<string, string>();
  const uri = (file: string): string => {
    let known = uris.get(file);
    if (known === undefined) {
      known = (rel(file) ?? posix.normalize(relative(base, resolve(cwd, file)).split(sep).join('/'))).split('/').map(encodeURIComponent).join('/');
      uris.set(file, known);
    }
    return known;
  };
  return { relative: rel, uri };
}
