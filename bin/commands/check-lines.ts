import type { CheckResult } from '../../lib/db/check';
import { counted } from '../counted';
import { terminalText } from '../terminal-text';

/**
 * `lantern check`'s text: one line per offender, then the verdict. The reasons column is as wide as the widest list
 * of reasons (at least 16): until 7 Dec it was 16 whatever, so `shadow,unauthenticated` pushed its line's method and
 * path out of line with the others, and one request was "1 requests".
 */
export function checkLines(r: CheckResult): string[] {
  const width = Math.max(16, ...r.offenders.map((o) => o.reasons.join(',').length));
  const lines = r.offenders.map(
    (o) => `${o.reasons.join(',').padEnd(width)} ${o.method.padEnd(7)} ${terminalText(`${o.host}${o.path}`)}  (${counted(o.requests, 'request')}, ${o.state}, triage ${o.triage})`,
  );
  const verdict = r.offenders.length > 0 ? `FAIL: ${r.offenders.length} unresolved` : 'OK: nothing unresolved';
  const [notFound, preflights] = [r.notFound ?? 0, r.preflights ?? 0];
  const leftOut = [
    ...(notFound > 0 ? [`${counted(notFound, 'undocumented endpoint')} that only got 404/405 not checked (--include-not-found)`] : []),
    ...(preflights > 0 ? [`${counted(preflights, 'CORS preflight endpoint')} (OPTIONS on undocumented paths) not checked (--include-preflights)`] : []),
  ];
  return [...lines, `${r.api}: ${verdict} (${r.checked} endpoints checked for ${r.failOn.join(', ')})`, ...leftOut];
}
