// Renders the HTML report of the shipped scenarios (or of the paths given) in
// headless Chromium at 1280 px and writes a screenshot, to look at the report
// as a person would. Needs `npm run build` and Debian's chromium
// (apt-get install chromium; CHROMIUM=path overrides /usr/bin/chromium).
//
// Usage: node scripts/html-screenshot.mjs [--out DIR] [paths...]
//   writes DIR/report.html and DIR/report.png (DIR defaults to a new temporary directory)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--out');
const out = at >= 0 ? resolve(args.splice(at, 2)[1]) : mkdtempSync(join(tmpdir(), 'bootreplay-report-'));
mkdirSync(out, { recursive: true });
const paths = args.length > 0 ? args : ['scenarios/'];
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(`no ${chromium}: apt-get install chromium (or set CHROMIUM)\n`);
  process.exit(2);
}

const html = join(out, 'report.html');
const png = join(out, 'report.png');
const run = spawnSync(process.execPath, [join(root, 'bin/bootreplay.js'), 'run', ...paths, '--format', 'html', '--output', html], { cwd: root, stdio: 'inherit' });
if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 2);

const profile = mkdtempSync(join(tmpdir(), 'bootreplay-chromium-'));
const shot = spawnSync(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`,
  '--window-size=1280,4000', `--screenshot=${png}`, `file://${html}`,
], { encoding: 'utf8' });
rmSync(profile, { recursive: true, force: true });
if (shot.status !== 0) {
  process.stderr.write(shot.stderr);
  process.exit(2);
}
process.stdout.write(`${html}\n${png}\n`);
