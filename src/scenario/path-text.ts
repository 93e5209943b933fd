/**
 * Paths into the scenario: as zod reports them (keys and 0-based list
 * indices), and as messages and Scenario.positions spell them.
 */
export type Path = readonly PropertyKey[];

/** machine.cmdline, setup_arch[3].call: list indices are 0-based, as in JSON paths and jq. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    const s = String(seg);
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[\w-]+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
