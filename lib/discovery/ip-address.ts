/**
 * An IPv4 address in dotted-quad form (each octet 0–255, no leading zeros but `0`) or an IPv6 address (RFC 4291 text
 * form: eight groups of 1–4 hex digits, one `::` for a run of zero groups, an IPv4 tail allowed): what geo-IP, abuse
 * and infrastructure APIs put in their paths (`/8.8.8.8/json`, `/check/2001:db8::1`, `/nodes/10.0.3.4/stats`).
 */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const GROUP = /^[0-9a-f]{1,4}$/i;

export function isIpAddress(text: string): boolean {
  if (text.length > 45) return false;
  if (IPV4.test(text)) return true;
  if (!text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (const [h, half] of halves.entries()) {
    if (half === '') continue;
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      // An embedded IPv4 address (`::ffff:192.0.2.1`) stands for two groups, last only.
      if (i === parts.length - 1 && h === halves.length - 1 && IPV4.test(part)) groups += 2;
      else if (GROUP.test(part)) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}
