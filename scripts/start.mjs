// `npm start`: replay the shipped scenarios. Some of them are meant to fail (they
// reproduce real regressions), so exit 1 ("error findings") still means the replay
// worked; only exit 2 (invalid input or usage) fails `npm start`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/bootreplay.js', import.meta.url));
const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [bin, 'run', ...(args.length > 0 ? args : ['scenarios/'])], { stdio: 'inherit' });
process.exitCode = r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2);
