/**
 * Where a trace's plain data holds StepRefs, and the same data with some of
 * them exchanged: how the many-replay engine (engine.ts) reuses a recorded
 * suffix for an order whose steps in between were renumbered.
 *
 * Traces are plain data (objects and arrays, DESIGN §8): a StepRef is found
 * by identity wherever it sits (an event's `step`, a page-table entry's
 * writer, a finding-relevant `first`), with no knowledge of the
 * architecture's shapes. Exchanging copies the objects on the way to each
 * exchanged StepRef and shares everything else, so the recorded trace is
 * never changed.
 */
import type { StepRef } from '../replay/trace.js';

/** Keys from a root object down to a StepRef. */
export type StepPath = readonly (string | number)[];

type Bag = Record<string | number, unknown>;

function isPlain(x: unknown): x is Bag {
  if (x === null || typeof x !== 'object') return false;
  if (Array.isArray(x)) return true;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Every path from `root` to a StepRef that `isStep` recognises, through plain
 * objects and arrays (Maps, Sets and class instances are not entered: trace
 * data is plain). A StepRef reached along two paths is listed twice.
 * @param skip keys of the root not to enter (e.g. a trace's steps and events)
 */
export function stepPaths(root: unknown, isStep: (x: object) => boolean, skip: readonly string[] = []): StepPath[] {
  const out: StepPath[] = [];
  const path: (string | number)[] = [];
  // the objects on the current path: a cycle is not followed
  const open = new Set<object>();
  const walk = (x: unknown, depth: number): void => {
    if (x === null || typeof x !== 'object') return;
    if (isStep(x)) {
      out.push(path.slice());
      return;
    }
    if (!isPlain(x) || open.has(x)) return;
    open.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        path.push(i);
        walk(x[i], depth + 1);
        path.pop();
      }
    } else {
      for (const k of Object.keys(x)) {
        if (depth === 0 && skip.includes(k)) continue;
        path.push(k);
        walk(x[k], depth + 1);
        path.pop();
      }
    }
    open.delete(x);
  };
  walk(root, 0);
  return out;
}

/** The value at a path (undefined when the data has another shape there). */
function at(root: unknown, path: StepPath): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Bag)[k];
  }
  return v;
}

function shallow(x: Bag): Bag {
  return Array.isArray(x) ? (x.slice() as unknown as Bag) : { ...x };
}

/**
 * `root` with the StepRefs at `paths` exchanged by `swap` (undefined: keep);
 * the objects on the way to an exchanged one are copied, all else is shared.
 * Returns `root` itself when nothing is exchanged.
 */
export function swapSteps<T>(root: T, paths: readonly StepPath[], swap: (step: StepRef) => StepRef | undefined): T {
  let out: Bag | undefined;
  // the copies made so far (a path may share its start with an earlier one); made with the first copy:
  // most calls (an event of the recording for every rejoined order) exchange nothing
  let copies: Set<object> | undefined;
  for (const path of paths) {
    if (path.length === 0) continue;
    const old = at(out ?? root, path);
    if (old === null || typeof old !== 'object') continue;
    const by = swap(old as StepRef);
    if (by === undefined || by === old) continue;
    if (out === undefined || copies === undefined) {
      if (root === null || typeof root !== 'object') return root;
      out = shallow(root as Bag);
      copies = new Set<object>([out]);
    }
    let parent: Bag = out;
    for (let d = 0; d < path.length - 1; d++) {
      const k = path[d] as string | number;
      const child = parent[k];
      // the path was found through plain objects and arrays (stepPaths)
      if (child === null || typeof child !== 'object') break;
      const copy = copies.has(child) ? (child as Bag) : shallow(child as Bag);
      copies.add(copy);
      parent[k] = copy;
      parent = copy;
    }
    parent[path[path.length - 1] as string | number] = by;
  }
  return (out ?? root) as T;
}
