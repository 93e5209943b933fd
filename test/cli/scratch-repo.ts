/**
 * A scratch git repository for the commands that read `REV:path` (diff,
 * bisect): v/base.yaml is the shipped 2.6.27-rc3 VMI order, v/s.yaml extends
 * it; both are committed, then v/s.yaml is rewritten in the working copy.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @param dir where the repository goes (created)
 * @param working the working copy's v/s.yaml after the commit (HEAD:v/s.yaml is `extends: base.yaml`)
 */
export function scratchRepo(dir: string, working: string): void {
  mkdirSync(join(dir, 'v'), { recursive: true });
  const git = (...args: string[]): void => { execFileSync('git', args, { cwd: dir, stdio: 'ignore' }); };
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  writeFileSync(join(dir, 'v/base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml'), 'utf8'));
  writeFileSync(join(dir, 'v/s.yaml'), 'extends: base.yaml\n');
  git('add', '.');
  git('commit', '-q', '-m', 'rc3 order');
  writeFileSync(join(dir, 'v/s.yaml'), working);
}
