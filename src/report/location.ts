/**
 * Where a finding, a related step or a gate entry points, for every report
 * format: the file its position is in and `file:line:col`. A derived
 * scenario (`extends:`) inherits steps and keys from its bases, and their
 * positions carry the base file (Pos.file); everything else is in the
 * scenario's own file. Every format names locations through these two
 * functions, so a base file's line is never printed with the derived file's
 * path.
 */
import { linePath } from '../escape.js';
import { displayName, type Pos } from '../scenario/types.js';

/** What a position belongs to: a result or scenario (its `file` as the user named it). */
export interface Owner {
  readonly file: string;
}

/** The file `pos` is in: its own `file` (a base of a derived scenario), else the owner's file. */
export function fileOf(owner: Owner, pos: Pos): string {
  return pos.file ?? owner.file;
}

/**
 * `file:line:col`, or the file alone when the position has no line (an
 * implicit step); a file that starts with `::` as `./::…` (linePath: lines
 * start with it, and the Actions runner would read a workflow command).
 */
export function locationText(owner: Owner, pos: Pos): string {
  const file = linePath(fileOf(owner, pos));
  return pos.line > 0 ? `${file}:${pos.line}:${pos.col}` : file;
}

/**
 * The head line of an architecture's layout text or page-table dump, which
 * starts with the scenario's file (`FILE: layout: …`), as a line starts with
 * it: the file as `name` (file[variant] for a variant) and through linePath.
 * A head that does not start with the file is returned as it is.
 */
export function layoutHead(head: string, file: string, name = file): string {
  return head.startsWith(`${file}:`) ? `${linePath(name)}:${head.slice(file.length + 1)}` : head;
}

/** Whether the position is in the owner's own file (not in a base it extends). */
export function inOwnFile(owner: Owner, pos: Pos): boolean {
  return pos.file === undefined || pos.file === owner.file;
}

/**
 * The scenario a finding's text line ends with (` in SCENARIO`), when the
 * line's location does not say whose finding it is: the position is in a
 * base file (an inherited step or key), or the owner is a matrix variant
 * (`file.yaml[variant]`). `run` and `diff` both ask this, so that a base's
 * line never reads as the base's own finding. Unescaped.
 *
 * @returns the owner's display name, or undefined when the location says it
 */
export function whoseLine(owner: Owner & { readonly variant?: string | undefined }, pos: Pos): string | undefined {
  return pos.file !== undefined || owner.variant !== undefined ? displayName(owner) : undefined;
}
