/** "1 scenario", "2 scenarios": a count with its noun, as every report says one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
