// Project rules tsc cannot express: no `any` (types come from the zod schemas),
// no console.* in src (output goes through the CLI's writers), no absolute paths
// or timestamps in reports (Date.now / new Date would break byte-identical output).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const RULES = [
  { re: /(?::\s*any\b|\bas any\b|<any>)/, why: 'no `any`: derive the type from a zod schema or narrow `unknown`' },
  { re: /\bconsole\.(log|error|warn)\(/, why: 'write through process.stdout/stderr in src/cli, not console' },
  { re: /\b(Date\.now|new Date)\(/, why: 'reports must be deterministic: no timestamps' },
  { re: /\.push\(\.\.\./, why: 'no push(...spread): an array of 125,000 items overflows the stack; push in a loop' },
];

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

let problems = 0;
for (const file of files('src')) {
  readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return;
    const line = raw.replace(/\/\/.*$/, '');
    for (const r of RULES) {
      if (r.re.test(line)) {
        problems++;
        process.stderr.write(`${file}:${i + 1}: ${r.why}\n`);
      }
    }
  });
}
if (problems > 0) process.exitCode = 1;
else process.stdout.write('lint: ok\n');
