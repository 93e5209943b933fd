/**
 * The working directory as the user sees it, and paths as the file system
 * resolves them: what making an absolute path relative needs when the
 * working directory is reached through a symbolic link (a CI job's
 * $GITHUB_WORKSPACE, macOS's /tmp → /private/tmp), where process.cwd() is
 * the physical path and the user's (and $PWD's) is the logical one.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';

/**
 * The working directory as the shell names it: $PWD when it is absolute and
 * the same directory as process.cwd() (device and inode, as `pwd -L`
 * checks it), else process.cwd() (a $PWD left over from another directory).
 */
export function logicalCwd(env: NodeJS.ProcessEnv = process.env): string {
  const physical = process.cwd();
  const pwd = env.PWD;
  if (pwd === undefined || !isAbsolute(pwd) || pwd === physical) return physical;
  try {
    const a = statSync(pwd, { bigint: true });
    const b = statSync(physical, { bigint: true });
    return a.dev === b.dev && a.ino === b.ino ? pwd : physical;
  } catch {
    return physical;
  }
}

/** The path with its directory's links resolved (not the file's own: a link named is that link), or undefined. */
export function physicalPath(path: string): string | undefined {
  try {
    return resolve(realpathSync(dirname(path)), basename(path));
  } catch {
    return undefined;
  }
}

/**
 * Why the working directory cannot be used, or undefined: a directory removed
 * while the shell sat in it has no path (getcwd(3) fails with ENOENT), and
 * every relative path, and node's path.resolve(), needs one. It was an
 * "internal error … uv_cwd" (break-195).
 */
export function missingCwd(): string | undefined {
  try {
    process.cwd();
    return undefined;
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown';
    return `the working directory no longer exists (getcwd: ${code}): it was removed while the shell was in it; cd to a directory that exists and run again`;
  }
}

