/**
 * writeTextFully (src/cli/fd-write.ts) writes a long report a chunk at a time through one reused
 * buffer: the bytes must be exactly Buffer.from(text)'s, wherever a chunk ends, including between the
 * two halves of a surrogate pair and at a lone surrogate (both written as Buffer.from writes them).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeChunksFully, writeTextFully } from '../../src/cli/fd-write.js';

const dir = mkdtempSync(join(tmpdir(), 'bootreplay-fd-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes `write` puts in a new file (it must report that it wrote everything). */
function writtenBy(write: (fd: number) => boolean): Buffer {
  const file = join(dir, 'out');
  const fd = openSync(file, 'w');
  try {
    expect(write(fd)).toBe(true);
  } finally {
    closeSync(fd);
  }
  return readFileSync(file);
}
const written = (text: string): Buffer => writtenBy((fd) => writeTextFully(fd, text));

/** The chunk is 65,536 UTF-16 code units: texts whose chunk boundary falls on each interesting place. */
const CHUNK = 1 << 16;
const cases: [string, string][] = [
  ['short text (one write)', 'PASS x.yaml\n'],
  ['exactly one chunk', 'a'.repeat(CHUNK)],
  ['a surrogate pair across the boundary', `${'a'.repeat(CHUNK - 1)}\u{1f600}${'b'.repeat(10)}`],
  ['a surrogate pair just inside the first chunk', `${'a'.repeat(CHUNK - 2)}\u{1f600}${'b'.repeat(10)}`],
  ['a lone high surrogate at the boundary', `${'a'.repeat(CHUNK - 1)}\ud800b${'c'.repeat(10)}`],
  ['a lone low surrogate starting the second chunk', `${'a'.repeat(CHUNK)}\udc00${'c'.repeat(10)}`],
  ['a high surrogate as the very last unit', `${'a'.repeat(CHUNK + 5)}\ud83d`],
  ['three-byte characters over several chunks', '\u20ac'.repeat(3 * CHUNK + 7)],
  ['pairs all the way (odd offset)', `x${'\u{1f600}'.repeat(CHUNK)}`],
];

describe('writeTextFully', () => {
  it.each(cases)('%s: the bytes of Buffer.from(text)', (_, text) => {
    expect(written(text).equals(Buffer.from(text))).toBe(true);
  });
});

/**
 * writeChunksFully writes a report's pieces (jsonChunks) through the same buffer, several small pieces per
 * write and a piece larger than the buffer on its own: the bytes must be those of the pieces joined.
 */
describe('writeChunksFully', () => {
  const writtenChunks = (chunks: string[]): Buffer => writtenBy((fd) => writeChunksFully(fd, chunks));
  const pieces: [string, string[]][] = [
    ['no pieces', []],
    ['one short piece', ['{\n']],
    ['thousands of small pieces (several buffers full)', Array.from({ length: 5000 }, (_, i) => `  "r${i}": "→ ${'x'.repeat(i % 97)}",\n`)],
    ['a piece that only just fits after others', ['a\n', `${'\u20ac'.repeat(CHUNK - 1)}\n`]],
    ['a piece longer than the buffer between small ones', ['[\n', `${'\u{1f600}'.repeat(2 * CHUNK)}\n`, ']\n']],
    ['empty pieces among others', ['', 'a\n', '', 'b\n']],
  ];
  it.each(pieces)('%s: the bytes of the pieces joined', (_, chunks) => {
    expect(writtenChunks(chunks).equals(Buffer.from(chunks.join('')))).toBe(true);
  });
});
