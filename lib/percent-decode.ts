/**
 * Percent-decoded text, or the text as it is when its escapes are malformed (`%zz`, a cut UTF-8 sequence): traffic
 * and specs both carry such text, and comparing or checking it must not throw. Request segments, spec literals,
 * JSON pointers, URL userinfo and redaction all decode this one way.
 */
export function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
