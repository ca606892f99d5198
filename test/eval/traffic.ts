import type { Exchange } from '../../lib/exchange';
import { joinBasePath, parsePathTemplate } from '../../lib/openapi/path-template';
import type { NormalisedSpec, SpecOperation } from '../../lib/openapi/spec-model';
import { paramValue, type IdStyle } from './param-values';

export interface GeneratedRequest {
  op: SpecOperation;
  exchange: Exchange;
}

const START = Date.parse('2026-03-02T00:00:00Z');

/**
 * Requests a real client would send to one operation: path parameters by schema and name, a few
 * documented query parameters, credentials when the operation requires them, a declared status.
 */
export function requestsFor(spec: NormalisedSpec, op: SpecOperation, count: number, r: () => number, idStyle: IdStyle, host: string | undefined): Exchange[] {
  const base = (op.servers ?? spec.servers)[0]?.basePath ?? '';
  const segments = parsePathTemplate(op.path, op.multiSegment);
  const byName = new Map(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p]));
  const out: Exchange[] = [];
  for (let i = 0; i < count; i++) {
    const parts = segments.map((s) => {
      if (s.kind === 'literal') return s.value;
      if (s.kind === 'param' && s.raw) {
        return s.raw.replace(/\{[+#./;?&]?([^{}]+)\}/g, (_, name: string) => encodeURIComponent(paramValue(r, name, byName.get(name), idStyle).replace(/\./g, '-')));
      }
      const v = paramValue(r, s.name, byName.get(s.name), idStyle);
      if (s.kind === 'multi') return v.split('/').map(encodeURIComponent).join('/');
      return `${s.prefix}${encodeURIComponent(v)}${s.suffix}`;
    });
    const path = joinBasePath(base, `/${parts.join('/')}`);
    const query = op.parameters.filter((p) => p.in === 'query' && (p.required || r() < 0.3)).map((p) => p.name);
    const secured = op.security.length > 0 && op.security.every((req) => Object.keys(req.schemes).length > 0);
    const status = Number(op.responses.find((c) => /^2\d\d$/.test(c)) ?? 200);
    out.push({
      ts: new Date(START + Math.floor(r() * 86_400_000)).toISOString(),
      src: `${r() < 0.5 ? '10.1.2.' : '203.0.113.'}${1 + Math.floor(r() * 250)}:${40000 + Math.floor(r() * 20000)}`,
      ...(host ? { host } : {}),
      method: op.method,
      path,
      ...(query.length > 0 ? { query } : {}),
      status,
      auth: secured ? [{ kind: 'bearer-jwt', fingerprint: fingerprint(r), jwt: { alg: 'RS256', iss: 'https://auth.example.com/' } }] : [{ kind: 'none' }],
    });
  }
  return out;
}

function fingerprint(r: () => number): string {
  return Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
}

