/**
 * Text from traffic (a path, a host) or a spec printed for a person: control characters, C1 controls and Unicode's
 * bidirectional marks and line separators are percent-encoded, as a URL writes them. A client chooses its path: until
 * 7 Dec `GET /y/%1b%5b2J` cleared the screen of whoever ran `inventory`, `check` or `discover`, and an OSC sequence could
 * retitle the terminal or write its clipboard. Templates keep a literal `%` as `%25`, so `%1B` here is no path's text.
 * `--json` output needs none of this: JSON escapes control characters itself.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => encodeURIComponent(c));
}
