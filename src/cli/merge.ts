/**
 * `bootreplay merge a.json b.json …`: reads the shard reports, writes the
 * merged report (stdout or -o, atomically) and its input problems (stderr,
 * as run writes them). Exit: 0 no failed scenario, 1 a failed scenario, 2
 * unusable reports, or input problems in the merged report (the shards', or
 * a file the merged variants take past max-findings).
 */
import { mergeReports } from '../report/merge.js';
import { errorMessage } from '../errno.js';
import { escapeText, linePath } from '../escape.js';
import { decodeText, emptyArgument, JSON_REPORT, leavesCurrentDirectory, NOT_STDIN, notStdin, readRegularFile } from '../scenario/files.js';
import { readProblem } from '../scenario/compose/reader.js';
import { formatProblem } from '../scenario/problems.js';
import { inputIds, OutputError, planOutput, stdoutInputRefusal, writeReport } from './output.js';
import { withinReportLimit } from './report-size.js';
import { writeErr, writeOut } from './stdio.js';
import { loadArches } from '../arch/index.js';
import { statSync } from 'node:fs';
import { limitMessage, REPORT_LIMITS } from '../scenario/limits.js';
import { plural } from '../report/plural.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, REPORT_TEXT } from './run-options.js';

/** The line that refuses the shard report `file` at max-merge-bytes, `found` saying how much the reports up to it hold. */
function mergeBytesRefusal(file: string, found: string, maxBytes: number): string {
  return `bootreplay merge: ${escapeText(linePath(file))}: ${limitMessage('max-merge-bytes', maxBytes, found)}\n`;
}

/**
 * The first shard report at which the reports named, in order, hold more
 * than max-merge-bytes together, as a refusal line; undefined when they fit.
 * Sized with stat before any is read: merge holds every shard at once, and
 * the per-report limit alone lets 1,024 of them hold 128 GiB (break-253 F4).
 * A name stat cannot size, or a report over max-report-bytes, is left to
 * readRegularFile, which says why. Called only once every name has passed
 * the read rule (refusedReport): stat follows links wherever they lead.
 */
export function overMergeBytes(files: readonly string[], maxBytes: number = REPORT_LIMITS.maxMergeBytes): string | undefined {
  let total = 0;
  for (const [i, file] of files.entries()) {
    let size = 0;
    try {
      const info = statSync(file);
      // one over max-report-bytes is refused as such when it is read: that limit names what is wrong with it
      if (info.isFile() && info.size <= REPORT_LIMITS.maxReportBytes) size = info.size;
    } catch {
      continue;
    }
    total += size;
    if (total > maxBytes) {
      return mergeBytesRefusal(file, `the ${plural(i + 1, 'shard report')} up to this one hold ${total} bytes`, maxBytes);
    }
  }
  return undefined;
}

/**
 * The line that refuses the shard report named `file` before any is read or sized: an empty name, or a path in
 * the current directory's tree whose links lead out of it (leavesCurrentDirectory); undefined when neither.
 */
function refusedReport(file: string): string | undefined {
  // as every command says it
  const empty = emptyArgument(file, 'a shard report (run --shard i/n -f json)');
  if (empty !== undefined) return `bootreplay merge: ${formatProblem(empty)}\n`;
  const leaves = leavesCurrentDirectory(file);
  return leaves === undefined ? undefined : `bootreplay merge: ${escapeText(linePath(file))}: ${escapeText(leaves)}\n`;
}

export async function mergeCommand(files: readonly string[], output: string | undefined): Promise<number> {
  const reports: { file: string; text: string }[] = [];
  let readBytes = 0;
  // each name is judged before any is sized: overMergeBytes stats through links, and a total that held the size of
  // a file a link of the tree leads out to would say what lies there (break-270 F1)
  for (const file of files) {
    const refused = refusedReport(file);
    if (refused !== undefined) {
      writeErr(refused);
      return EXIT_USAGE;
    }
  }
  const tooMany = overMergeBytes(files);
  if (tooMany !== undefined) {
    writeErr(tooMany);
    return EXIT_USAGE;
  }
  for (const file of files) {
    // shard reports are JSON reports: larger than a scenario may be (max-report-bytes), but only regular files are read
    const read = readRegularFile(file, JSON_REPORT);
    if (!read.ok) {
      // escaped: the message may name a link's target, a path the tree does not control
      // run's advice for `-` names a directory, which merge refuses (break-253 N4)
      const why = read.message === NOT_STDIN ? notStdin('give each shard report as a file (run --shard i/n -f json -o FILE)') : read.message;
      writeErr(`bootreplay merge: ${escapeText(linePath(file))}: ${escapeText(why)}\n`);
      return EXIT_USAGE;
    }
    const text = decodeText(read.bytes, REPORT_TEXT);
    if (!text.ok) {
      writeErr(`bootreplay merge: ${formatProblem(readProblem(file, text))}\n`);
      return EXIT_USAGE;
    }
    reports.push({ file, text: text.text });
    // a file that grew since overMergeBytes sized it: read no further past the budget
    readBytes += read.bytes.length;
    if (readBytes > REPORT_LIMITS.maxMergeBytes) {
      writeErr(mergeBytesRefusal(file, `the shard reports up to this one hold ${readBytes} bytes`, REPORT_LIMITS.maxMergeBytes));
      return EXIT_USAGE;
    }
  }
  // `merge s1.json s2.json >> s1.json`: the merged report would be appended to a shard it reads
  const refused = output === undefined ? stdoutInputRefusal(files, { what: 'report', example: 'merged.json' }) : undefined;
  if (refused !== undefined) {
    writeErr(refused);
    return EXIT_USAGE;
  }
  // every plug-in, so that each finding's rule is checked against its architecture's (checkReport)
  await loadArches();
  const merged = await withinReportLimit(() => mergeReports(reports), `the report merged from ${files.length} shard report${files.length === 1 ? '' : 's'}`, 'merge fewer shards at once', writeErr);
  if (merged === undefined) return EXIT_USAGE;
  if (!merged.ok) {
    // one line per unusable shard, each naming its file; nothing is written
    for (const m of merged.messages) writeErr(`bootreplay merge: ${escapeText(m)}\n`);
    return EXIT_USAGE;
  }
  // the input problems on stderr, as run writes them: the shards' own, and a file refused at max-findings,
  // which only the merged variants reach
  writeErr(merged.problems.map((p) => `${formatProblem(p)}\n`).join(''));
  if (output !== undefined) {
    try {
      // the merged report must not replace one of the shard reports it read
      await writeReport(planOutput(output, inputIds(files)), merged.text);
    } catch (err) {
      writeErr(`bootreplay merge: cannot write ${escapeText(output)}: ${escapeText(err instanceof OutputError ? err.message : errorMessage(err))}\n`);
      return EXIT_USAGE;
    }
  } else {
    writeOut(merged.text);
  }
  if (merged.problems.length > 0) return EXIT_USAGE;
  return merged.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
