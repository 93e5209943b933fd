/**
 * Resolving a path without looking outside the directories it may lead into.
 *
 * A scenario tree comes from a pull request, and so do the paths its
 * `extends:` names and the symbolic links it holds. Deciding "does this lie
 * outside?" by resolving the path first (realpath, stat) looks at what lies
 * outside, and every way that look fails (no such file, not a directory, a
 * directory) became a different message: an existence oracle on the runner
 * (break-255 F2). Here a path is walked name by name, as the kernel walks it,
 * but a name is looked up (lstat, readlink) only when it lies in one of the
 * allowed directories; the moment the walk would look at anything else it
 * stops and says "outside", the same answer whether or not that exists.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';

/** Links the kernel follows in one path walk before ELOOP (MAXSYMLINKS, include/linux/namei.h). */
const MAXSYMLINKS = 40;

/** How many hops of a chain a message names before it says "…". */
const MAX_CHAIN = 8;

/**
 * The outcome of confinedWalk. `inside`: the walk stayed in the allowed
 * directories, or stopped inside them at a name that is missing or not a
 * directory (the read that follows says which, as precisely as ever: that
 * is the tree's own business). `loop`: more than 40 links, all inside, as
 * the kernel's ELOOP (said without opening: a walk that went on would not
 * have been checked). `outside`: it would look at a
 * path outside them; `top` is the index of the name of the walked path whose
 * link led out (undefined when the path itself, as written, lies outside),
 * `chain` the links' own texts from that link on ("b.yaml → ../out/x.yaml").
 */
export type Confined =
  | { readonly kind: 'inside' }
  | { readonly kind: 'loop' }
  | { readonly kind: 'outside'; readonly top: number | undefined; readonly chain: string };

/** Whether the absolute path `path` is the directory `dir` or lies in it (both `/`-separated, no links taken). */
export function within(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** One name still to walk: which name of the walked path it comes from, and, for a name of a link's text, that text's names before it. */
interface Step {
  readonly name: string;
  readonly top: number;
  /** the link text's names up to and including this one; undefined for a name of the walked path itself */
  readonly inText: string | undefined;
  /** whether it is the last name of its link's text */
  readonly last: boolean;
}

/** The names of a link's text as steps, for the link met at top-level name `top`. */
function textSteps(text: string, top: number): Step[] {
  const names = text.split('/');
  return names.map((name, i) => ({ name, top, inText: names.slice(0, i + 1).join('/'), last: i === names.length - 1 }));
}

/** The link at `path`'s lstat and text, or undefined when lstat fails (missing, not a directory on the way). */
function look(path: string): { info: Stats; text: string | undefined } | undefined {
  try {
    const info = lstatSync(path);
    return { info, text: info.isSymbolicLink() ? readlinkSync(path) : undefined };
  } catch {
    return undefined;
  }
}

/** "a → b, whose d is a symbolic link to c": the hops kept to MAX_CHAIN (the first ones and the last, the one that leads out). */
function chainText(hops: readonly string[]): string {
  const shown = hops.length <= MAX_CHAIN ? hops : [...hops.slice(0, MAX_CHAIN - 1), ' → …', hops[hops.length - 1] as string];
  return shown.join('');
}

/**
 * Walks `names` from the directory `start` (a real path: no link in it, in
 * or above an allowed directory), name by name, following symbolic links as
 * the kernel does (`..` after a link is its target's parent, at most 40
 * links), looking up only names that lie in one of `allowed` (real paths).
 * A name that is a directory above an allowed one is passed through without
 * a look (a real path's ancestors are directories); any other name outside
 * ends the walk: `outside`, whatever is there. Nothing but lstat and
 * readlink of allowed paths is done.
 */
export function confinedWalk(start: string, names: readonly string[], allowed: readonly string[]): Confined {
  return walk(start, names, allowed, false);
}

/**
 * The walk of a path named on the command line, `root` the current
 * directory's real path: names outside `root` are the job's (`/etc/x.yaml`,
 * `../other/x.yaml`, the `/proc/self/cwd` of `/proc/self/cwd/s.yaml`) and are
 * looked up as the kernel would, but once the walk has followed a symbolic
 * link that lies in `root` (a pull request's), it may not leave `root`
 * again: the first name it would look up outside, or a walk that ends
 * outside (`up -> ..`), is `outside`, whatever is there (break-270 F1: the
 * target's existence was told by the message). `inside` also stands for a
 * path that never met such a link: read where it leads.
 * @param path the path as written: from `/` when absolute, else from `root`
 */
export function commandLineWalk(path: string, root: string): Confined {
  return path.startsWith('/') ? walk('/', path.split('/'), [root], true) : walk(root, path.split('/'), [root], true);
}

/**
 * confinedWalk, and commandLineWalk when `free`: then a name outside `allowed` is looked up as well,
 * until a link inside `allowed` is followed (`led`); from then on the walk is confined as confinedWalk's.
 */
function walk(start: string, names: readonly string[], allowed: readonly string[], free: boolean): Confined {
  const steps: Step[] = names.map((name, top) => ({ name, top, inText: undefined, last: true }));
  let at = start;
  let links = 0;
  let hops: string[] = [];
  let led = !free;
  const isAllowed = (path: string): boolean => allowed.some((dir) => within(dir, path));
  const outside = (top: number): Confined => ({ kind: 'outside', top: hops.length === 0 ? undefined : top, chain: chainText(hops) });
  let lastTop = 0;
  for (let step = steps.shift(); step !== undefined; step = steps.shift()) {
    if (step.name === '' || step.name === '.') continue;
    // a name of the path itself starts a new chain: the one before it stayed inside (`link/` is still link's)
    if (step.inText === undefined) hops = [];
    lastTop = step.top;
    if (step.name === '..') {
      at = posix.dirname(at);
      continue;
    }
    const next = at === '/' ? `/${step.name}` : `${at}/${step.name}`;
    const here = isAllowed(next);
    if (!here) {
      if (allowed.some((dir) => within(next, dir))) {
        at = next;
        continue;
      }
      if (led) return outside(step.top);
    }
    const seen = look(next);
    // missing, or a file with more names after it: inside, so the read's own message says which
    if (seen === undefined) return { kind: 'inside' };
    if (seen.text === undefined) {
      if (!seen.info.isDirectory() && steps.length > 0) return { kind: 'inside' };
      at = next;
      continue;
    }
    if (++links > MAXSYMLINKS) return { kind: 'loop' };
    if (here) led = true;
    // the hop as the reader sees it: the next link of the chain, or a directory link on a text's way
    hops.push(hops.length === 0 ? seen.text : step.last ? ` → ${seen.text}` : `, whose ${step.inText ?? step.name} is a symbolic link to ${seen.text}`);
    steps.unshift(...textSteps(seen.text, step.top));
    if (seen.text.startsWith('/')) at = '/';
  }
  // a link's `..` that ends the path above the tree (`up -> ..`): outside, as a name looked up there would be
  if (free && led && !isAllowed(at)) return outside(lastTop);
  return { kind: 'inside' };
}
