/**
 * Shards: `run --shard i/n` replays the scenarios and variants whose display
 * name hashes to i (of n), so n CI runners cover everything exactly once.
 * The hash of the name, not the position, decides: adding a file never moves
 * another scenario to a different shard.
 */

export interface Shard {
  /** 1-based */
  readonly index: number;
  readonly count: number;
}

/** The most shards a run may be split into; `merge` holds the headers of shard reports to it too (a header sizes what merge builds). */
export const MAX_SHARDS = 1024;

/** Whether index/count is a shard a run can have: integers, 1 ≤ index ≤ count ≤ MAX_SHARDS. */
export function isShard(index: number, count: number): boolean {
  return Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count;
}

/** Parses "i/n" (1 ≤ i ≤ n ≤ MAX_SHARDS); a message when malformed. */
export function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; message: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !isShard(index, count)) {
    return { ok: false, message: `--shard: expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (e.g. 2/5), got "${text}"` };
  }
  return { ok: true, shard: { index, count } };
}

/** The shard (1-based) a scenario or variant belongs to: the first 32 bits of SHA-256 of its display name, modulo n. */
export function shardOf(name: string, count: number): number {
  // node:crypto loads the stream modules: taken when a run is sharded, not at every start
  const { createHash } = process.getBuiltinModule('node:crypto');
  return (createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0) % count) + 1;
}
