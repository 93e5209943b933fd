/**
 * `REV:path` arguments (a scenario at a git revision), told apart from file names without loading the git
 * reader (git-reader.ts), whose child_process costs start-up time.
 */

/**
 * `HEAD~1:scenarios/x.yaml` → its revision and path; null when the text is not of that form. A revision may hold
 * spaces (`HEAD@{1 minute ago}`, as git reads it) and a path any character but NUL, line breaks included (git's
 * `-z` listings carry them): both were taken as a plain path, and a base a REV file extends by such a name was
 * looked up in the tree under its whole `REV:` text (break-275 F1).
 */
export function splitRevPath(text: string): { rev: string; path: string } | null {
  const m = /^([^:]+):(.+)$/s.exec(text);
  return m === null || m[1] === undefined || m[2] === undefined ? null : { rev: m[1], path: m[2] };
}
