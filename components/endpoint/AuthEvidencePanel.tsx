import type { EndpointDetail } from '@/lib/inventory/endpoint-detail';
import { formatCount } from '@/components/common/format-count';
import { scopesInEvery } from '@/lib/inventory/scope-alternatives';

/** Auth seen on the wire against what the spec asks for, and who the callers are (never their credentials). */
export function AuthEvidencePanel({ endpoint: e }: { endpoint: EndpointDetail }) {
  const required = e.operation?.scopesRequired ?? [];
  // A spec's security requirements are alternatives: until 7 Dec the union of theirs was called required, and a scope
  // of an alternative the traffic did not use was "Required, never seen".
  const alternatives = e.operation?.scopeAlternatives ?? [];
  const missing = scopesInEvery(alternatives).filter((s) => !e.scopesSeen.includes(s));
  const extra = e.scopesSeen.filter((s) => !required.includes(s));
  return (
    <section className="panel" aria-label="Auth evidence and callers">
      <h2>Auth evidence</h2>
      <dl className="facts">
        <dt>Schemes seen</dt><dd>{Object.entries(e.authCounts).map(([k, n]) => `${k} (${formatCount(n)})`).join(', ') || '—'}</dd>
        <dt>Anonymous 2xx</dt><dd>{e.unauthenticated2xx > 0 ? <strong className="badge zombie">{formatCount(e.unauthenticated2xx)}</strong> : 0}</dd>
        <dt>JWT issuers</dt><dd>{e.jwtIssuers.join(', ') || '—'}</dd>
        <dt>JWT audiences</dt><dd>{e.jwtAudiences.join(', ') || '—'}</dd>
        <dt>Scopes required</dt><dd className="mono">{(alternatives.length > 1 ? alternatives.map((a) => a.join(' ') || 'none').join(', or ') : required.join(' ')) || <span className="muted">{e.operation ? 'none' : 'no spec'}</span>}</dd>
        <dt>Scopes seen</dt><dd className="mono">{e.scopesSeen.join(' ') || '—'}</dd>
        {missing.length > 0 && <><dt>Required, never seen</dt><dd className="mono">{missing.join(' ')}</dd></>}
        {e.operation && extra.length > 0 && <><dt>Seen, not required</dt><dd className="mono">{extra.join(' ')}</dd></>}
      </dl>
      <h2>Callers</h2>
      <dl className="facts">
        <dt>Client networks</dt><dd>{Object.entries(e.clients).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatCount(n)}`).join(' · ') || '—'}</dd>
        <dt>Distinct credentials</dt><dd>{formatCount(e.distinctCredentials)}</dd>
        <dt>Credential fingerprints</dt><dd className="mono" title="keyed, non-reversible fingerprints: the same caller always has the same one">{e.callerFingerprints.slice(0, 10).join(' ') || '—'}{e.callerFingerprints.length > 10 ? ' …' : ''}</dd>
      </dl>
    </section>
  );
}
