/**
 * The file side of loading: which files the CLI arguments name, and reading
 * one scenario file. Nothing here throws on bad input: every failure becomes
 * an InputProblem, so the CLI can report them all and exit 2.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { TextDecoder } from 'node:util';
import { composeScenario, type ComposeResult } from './compose/compose.js';
import { relativeTo, type FileReader, type ReadResult } from './compose/reader.js';
import { parseScenario, type LoadResult } from './loader.js';
import type { InputProblem } from './problems.js';
import { errnoCode, errorMessage } from '../errno.js';

import { SCENARIO_FILE } from './compose/chain.js';

/**
 * Scenario files are opened non-blocking (a FIFO or a terminal would block
 * the read forever) and read only when fstat says they are regular files:
 * never a device, a FIFO, a socket or a directory.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const IS_DIRECTORY = 'is a directory, not a scenario file';
const NOT_REGULAR = 'not a regular file (a device, FIFO or socket); a scenario is a YAML file';

/** A short reason for an fs error, in the words of the C library's strerror(). */
function ioReason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return IS_DIRECTORY;
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot read: ${errorMessage(err)}`;
  }
}

/** Byte order of the UTF-8 path: the same on every machine and locale. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Scenario files under `dir`, as paths relative to it with `/` separators.
 * Symbolic links are followed, except a link to the directory being walked
 * or one of its ancestors (it would recurse forever, or list files from
 * outside `dir`); each real directory is visited once.
 */
async function scenariosUnder(dir: string, problems: InputProblem[]): Promise<string[]> {
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = async (path: string, rel: string, parentReal: string | undefined): Promise<void> => {
    const real = await realpath(path);
    if (parentReal !== undefined && (parentReal === real || parentReal.startsWith(`${real}${sep}`))) return;
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(path, { withFileTypes: true });
    for (const entry of entries) {
      const child = `${path}/${entry.name}`;
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let isDir: boolean;
      try {
        isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(child)).isDirectory());
      } catch (err) {
        // A dangling link matters only if it looks like a scenario.
        if (SCENARIO_FILE.test(entry.name)) problems.push({ file: `${dir}/${childRel}`, message: ioReason(err) });
        continue;
      }
      if (!isDir) {
        if (SCENARIO_FILE.test(entry.name)) found.push(childRel);
        continue;
      }
      try {
        await walk(child, childRel, real);
      } catch (err) {
        problems.push({ file: `${dir}/${childRel}`, message: ioReason(err) });
      }
    }
  };
  await walk(dir, '', undefined);
  return found.sort(byteOrder);
}

/**
 * Expands CLI arguments: a file is taken as it is (whatever its name); a
 * directory yields its *.yaml and *.yml files, recursively, in byte order of
 * their paths. Paths stay as the user wrote them (never made absolute), so
 * reports are the same on every machine.
 */
export async function expandInputs(args: readonly string[]): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) files.push(file);
    seen.add(file);
  };
  for (const arg of args) {
    try {
      const info = await stat(arg);
      if (info.isDirectory()) {
        const base = arg.length > 1 ? arg.replace(/\/+$/, '') : arg;
        const found = await scenariosUnder(base, problems);
        if (found.length === 0) problems.push({ file: arg, message: 'no scenario files (*.yaml, *.yml) in this directory' });
        for (const rel of found) add(base === '/' ? `/${rel}` : `${base}/${rel}`);
      } else if (info.isFile()) {
        add(arg);
      } else {
        problems.push({ file: arg, message: 'not a regular file or directory' });
      }
    } catch (err) {
      problems.push({ file: arg, message: ioReason(err) });
    }
  }
  return { files, problems };
}

/** The text of a scenario file's bytes, or why it is not UTF-8 text. */
export function decodeText(bytes: Uint8Array): ReadResult {
  // Windows editors still save UTF-16; say so rather than "invalid UTF-8".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'not a text file in UTF-8 (it starts with a UTF-16 byte order mark); save it as UTF-8' };
  }
  // fatal: invalid UTF-8 throws instead of turning into U+FFFD; a leading UTF-8 BOM is dropped.
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'not a text file (invalid UTF-8); a scenario is UTF-8 YAML' };
  }
}

/** Reads the bases a scenario `extends` from the file system (paths relative to the extending file). */
export const fsReader: FileReader = {
  resolve: relativeTo,
  read(name: string): ReadResult {
    let fd: number | undefined;
    try {
      fd = openSync(name, OPEN_FLAGS);
      const info = fstatSync(fd);
      if (info.isDirectory()) return { ok: false, reason: IS_DIRECTORY };
      if (!info.isFile()) return { ok: false, reason: NOT_REGULAR };
      return decodeText(readFileSync(fd));
    } catch (err) {
      return { ok: false, reason: ioReason(err) };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

async function readText(file: string): Promise<ReadResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, OPEN_FLAGS);
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, reason: IS_DIRECTORY };
    if (!info.isFile()) return { ok: false, reason: NOT_REGULAR };
    return decodeText(await handle.readFile());
  } catch (err) {
    return { ok: false, reason: ioReason(err) };
  } finally {
    await handle?.close();
  }
}

/** Reads and loads one scenario file; I/O errors and binary content become problems. */
export async function loadScenarioFile(file: string): Promise<LoadResult> {
  const read = await readText(file);
  return read.ok ? parseScenario(read.text, file, fsReader) : { ok: false, problems: [{ file, message: read.reason }] };
}

/** Reads one scenario file and all its variants (one for a file without matrix:). */
export async function loadVariantsFile(file: string): Promise<ComposeResult> {
  const read = await readText(file);
  return read.ok ? composeScenario(read.text, file, fsReader) : { ok: false, problems: [{ file, message: read.reason }] };
}
