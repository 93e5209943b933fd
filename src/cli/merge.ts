/**
 * `bootreplay merge a.json b.json …`: reads the shard reports, writes the
 * merged report (stdout or -o, atomically). Exit: 0 no failed scenario, 1 a
 * failed scenario, 2 unusable reports, or input problems in them.
 */
import { readFile } from 'node:fs/promises';
import { mergeReports } from '../report/merge.js';
import { errnoCode, errorMessage } from '../errno.js';
import { writeAtomically } from './output.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './run-options.js';

export async function mergeCommand(files: readonly string[], output: string | undefined): Promise<number> {
  const reports: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      reports.push({ file, text: await readFile(file, 'utf8') });
    } catch (err) {
      process.stderr.write(`${file}: ${errnoCode(err) === 'ENOENT' ? 'no such file' : `cannot read: ${errorMessage(err)}`}\n`);
      return EXIT_USAGE;
    }
  }
  const merged = mergeReports(reports);
  if (!merged.ok) {
    process.stderr.write(`bootreplay merge: ${merged.message}\n`);
    return EXIT_USAGE;
  }
  if (output !== undefined) {
    try {
      await writeAtomically(output, merged.text);
    } catch (err) {
      process.stderr.write(`bootreplay: cannot write ${output}: ${errorMessage(err)}\n`);
      return EXIT_USAGE;
    }
  } else {
    process.stdout.write(merged.text);
  }
  if (merged.problems > 0) return EXIT_USAGE;
  return merged.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
