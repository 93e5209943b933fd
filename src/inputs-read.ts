/**
 * The files this process has read as input (scenarios, their bases,
 * baselines, shards), by identity (device and inode), so that the output
 * layer can tell when stderr is one of them (`run x.yaml 2>> x.yaml`,
 * `&>> x.yaml`): a message written there would land in the input
 * (helper-185 3). Plain data, filled where files are read
 * (scenario/files.ts readRegularFile) and read where stderr is written
 * (cli/stdio.ts).
 *
 * The entry and the engine are separate bundles, each with its own copy of
 * this module (scripts/bundle.mjs), so the record lives on globalThis.
 */

/** device:inode of each file read, to the name it was read by (the first) */
interface InputsRead {
  readonly byId: Map<string, string>;
}
const KEY = Symbol.for('bootreplay.inputs-read');
const holder = globalThis as { [KEY]?: InputsRead };
const record: InputsRead = holder[KEY] ??= { byId: new Map<string, string>() };

/** Bounds the record: a run reads at most a few thousand files (max-files), each noted once. */
const MAX_NOTED = 100_000;

/**
 * Notes that the file `name`, with st_dev `dev` and st_ino `ino` (fstat of the descriptor it was read
 * through), was read as input.
 */
export function noteInputRead(name: string, dev: number, ino: number): void {
  const id = `${dev}:${ino}`;
  if (!record.byId.has(id) && record.byId.size < MAX_NOTED) record.byId.set(id, name);
}

/** The name the file with st_dev `dev` and st_ino `ino` was read by, or undefined when it was not read as input. */
export function inputReadAs(dev: number, ino: number): string | undefined {
  return record.byId.get(`${dev}:${ino}`);
}
