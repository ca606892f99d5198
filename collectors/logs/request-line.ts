import type { Exchange } from '../../lib/exchange';
import { absoluteForm } from '../../lib/exchange/http-rules';
import { methodValue, setAuthorityTarget, setTarget, transportOf, type FingerprintKey } from './exchange-fields';

/**
 * Applies an HTTP request line as logged (`GET /a?b=1 HTTP/1.1`) to a record. Returns false when the
 * line is not a request line: `-`, an empty `""` (nginx after a client sent nothing), or the bytes of
 * a TLS handshake sent to a plain-HTTP port. The caller still has a status worth keeping.
 */
export function applyRequestLine(ex: Exchange, request: string, key: FingerprintKey): boolean {
  const sp1 = request.indexOf(' ');
  if (sp1 <= 0) return false;
  const method = methodValue(request.slice(0, sp1));
  if (method === undefined) return false;
  const sp2 = request.lastIndexOf(' ');
  let target: string;
  if (sp2 > sp1) {
    const transport = transportOf(request.slice(sp2 + 1));
    // A target with a space is not legal, but clients send them and servers log them verbatim.
    target = transport || request.startsWith('HTTP/', sp2 + 1) ? request.slice(sp1 + 1, sp2) : request.slice(sp1 + 1);
    // HTTP/2 logged with an absolute `http://` target (HAProxy 2.1+) came without TLS.
    if (transport) ex.transport = transport === 'h2' && target.startsWith('http://') ? 'h2c' : transport;
  } else {
    target = request.slice(sp1 + 1);
  }
  if (target.length === 0) return false;
  ex.method = method;
  // CONNECT names an authority (`CONNECT api.example:443`), not a path: the host the tunnel is for, with the
  // schema's port rule, and no path, as a capture records it.
  if (method === 'CONNECT' && target.charCodeAt(0) !== 47 /* / */ && absoluteForm(target) === undefined) setAuthorityTarget(ex, target, key);
  else setTarget(ex, target, key);
  return true;
}
