/** `1 request`, `2 requests`: a count with its noun for the CLI's text lines (the noun's plural is its `s` form). */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
