'use client';

import Link from 'next/link';
import { RelativeTime } from '@/components/common/RelativeTime';
import { AdoptSnippet } from '@/components/endpoint/AdoptSnippet';
import { ApiLifecycleBadges } from '@/components/endpoint/ApiLifecycleBadges';
import { AuthEvidencePanel } from '@/components/endpoint/AuthEvidencePanel';
import { DeprecationRequestForm } from '@/components/endpoint/DeprecationRequestForm';
import { IgnoreNotice } from '@/components/endpoint/IgnoreNotice';
import { HostOverrides } from '@/components/endpoint/HostOverrides';
import { OverrideForm } from '@/components/endpoint/OverrideForm';
import { StatusChart } from '@/components/endpoint/StatusChart';
import { TrafficChart } from '@/components/endpoint/TrafficChart';
import { TriageForm } from '@/components/endpoint/TriageForm';
import type { EndpointDetail } from '@/lib/inventory/endpoint-detail';
import { formatCount } from '@/components/common/format-count';
import { formatLatencyLine } from '@/lib/format-latency';

export function EndpointPage({ endpoint: e, can }: { endpoint: EndpointDetail; can: { triage: boolean; override: boolean; unignore: boolean; deprecate: boolean; overrideEveryHost: boolean } }) {
  return (
    <>
      <p className="muted"><Link href={`/inventory?host=${encodeURIComponent(e.host)}`}>← {e.host}</Link></p>
      <h1 className="mono">
        <span className="method">{e.method}</span> {e.host}{e.pathTemplate} <span className={`badge ${e.state}`}>{e.state}</span>
        {e.triage !== 'new' && <span className="badge" style={{ marginLeft: 6 }}>{e.triage}</span>}
        {e.ignored && <span className="badge" style={{ marginLeft: 6 }}>ignored</span>}
      </h1>
      {/* Reached from an alert, a bookmark or the override just saved: the inventory no longer lists it. */}
      <IgnoreNotice ignoredBy={e.ignoredBy} canRemove={can.unignore} />
      <div className="grid2">
        <section className="panel" aria-label="Summary">
          <dl className="facts">
            <dt>Requests</dt><dd>{formatCount(e.requestCount)}</dd>
            <dt>First seen</dt><dd><RelativeTime iso={e.firstSeen} /></dd>
            <dt>Last seen</dt><dd><RelativeTime iso={e.lastSeen} /></dd>
            <dt>Latency</dt><dd>{e.latency ? formatLatencyLine(e.latency) : <span className="muted">not timed by its sources</span>}</dd>
            <dt>API</dt><dd>{e.api ? <Link href={`/apis#${e.api.slug}`}>{e.api.name}</Link> : <span className="muted">none claims it</span>}</dd>
            <dt>Owner</dt><dd>{e.ownerTeam ? `group:default/${e.ownerTeam.slug}` : <span className="muted">no owner</span>}</dd>
            <dt>Operation</dt>
            <dd>
              {e.operation ? (
                <>
                  <code>{e.operation.operationId ?? `${e.operation.method} ${e.operation.path}`}</code> in spec {e.operation.specVersion}{' '}
                  (<Link href={`/specs?api=${e.api?.slug ?? ''}`}>spec</Link>)
                  {/* Past its sunset, said as for a sunset without `deprecated: true`: until 6 Dec the date stood alone. */}
                  {e.operation.deprecated && (
                    <div className="badge zombie">
                      deprecated{e.operation.sunsetAt ? `, sunset ${e.operation.sunsetAt}` : ''}
                      {e.operation.calledAfterSunset ? ', called since' : e.operation.sunsetPassed ? ', passed, no calls since' : ''}
                    </div>
                  )}
                  {!e.operation.deprecated && e.operation.sunsetAt && (
                    <div className={`badge ${e.state === 'zombie' ? 'zombie' : ''}`}>
                      sunset {e.operation.sunsetAt}{e.operation.sunsetPassed ? (e.state === 'zombie' ? ', called since' : ', passed, no calls since') : ''}
                    </div>
                  )}
                  <ApiLifecycleBadges lifecycle={e.operation.apiLifecycle} />
                </>
              ) : e.preflight ? (
                <>
                  <span className="muted">a CORS preflight to the documented path <code>{e.pathTemplate}</code> (no operation of its own)</span>
                  <ApiLifecycleBadges lifecycle={e.preflight.apiLifecycle} />
                </>
              ) : e.removedDeprecated ? (
                <>
                  {/* Its approved deprecation keeps it a zombie once a later version dropped the operation. */}
                  <span className="muted">none in the current spec (<code>{e.removedDeprecated.method} {e.removedDeprecated.path}</code> was removed)</span>
                  <div className="badge zombie">
                    deprecation approved{e.removedDeprecated.sunsetAt ? `, sunset ${e.removedDeprecated.sunsetAt}` : ''}
                    {e.removedDeprecated.calledAfterSunset ? ', called since' : e.removedDeprecated.sunsetPassed ? ', passed, no calls since' : ''}
                  </div>
                </>
              ) : (
                <span className="muted">no operation documents this method and path</span>
              )}
            </dd>
            <dt>Sensitive data</dt><dd>{e.sensitiveTags.length > 0 ? e.sensitiveTags.join(', ') : <span className="muted">none seen</span>}</dd>
            <dt>Example paths</dt><dd className="mono">{e.examplePaths.join(' · ') || '—'}</dd>
            <dt>Query parameters</dt><dd className="mono">{Object.keys(e.queryParams).join(', ') || '—'}</dd>
          </dl>
        </section>
        <section className="panel" aria-label="Findings and alerts">
          <h2>Findings</h2>
          {e.findings.length === 0 ? <p className="muted">None.</p> : <ul>{e.findings.map((f, i) => <li key={i}>{f.message ?? f.kind ?? JSON.stringify(f)}</li>)}</ul>}
          <h2>Alerts</h2>
          {e.alerts.length === 0 ? <p className="muted">None.</p> : <ul aria-label="Alerts">{e.alerts.map((a) => <li key={a.id}><strong>{a.kind}</strong>: {a.summary} <RelativeTime iso={a.createdAt} /></li>)}</ul>}
        </section>
      </div>
      <section className="panel" aria-label="Traffic over time" style={{ marginTop: 16 }}>
        <h2>Traffic, last 30 days</h2>
        <TrafficChart daily={e.daily} />
      </section>
      <div className="grid2" style={{ marginTop: 16 }}>
        <section className="panel" aria-label="Status codes">
          <h2>Status codes</h2>
          <StatusChart counts={e.statusCounts} />
        </section>
        <AuthEvidencePanel endpoint={e} />
      </div>
      <div className="grid2" style={{ marginTop: 16 }}>
        {can.triage && <section className="panel"><h2>Triage</h2><TriageForm endpointId={e.id} triage={e.triage} note={e.triageNote} /></section>}
        {can.override && <section className="panel"><h2>Templating override</h2><OverrideForm host={e.host} method={e.method} template={e.pathTemplate} /><HostOverrides host={e.host} method={e.method} canRemoveEveryHost={can.overrideEveryHost} /></section>}
        {e.state === 'shadow' && <section className="panel"><h2>Adopt into the spec</h2><AdoptSnippet endpoint={{ ...e, pathTemplate: e.adoptPath }} /></section>}
        {/* Not for an operation its spec (or an approval) already deprecates with a sunset: nothing left to request. */}
        {can.deprecate && e.state !== 'zombie' && !(e.operation?.deprecated && e.operation.sunsetAt) && (
          <section className="panel">
            <h2>Deprecate</h2>
            {/* One request per operation: a second could only be refused ("already pending review"). */}
            {e.operation?.pendingDeprecation ? (
              <p>A deprecation request{e.operation.pendingDeprecation.proposedSunset ? ` (sunset ${e.operation.pendingDeprecation.proposedSunset})` : ''} is pending review on the <Link href="/reviews">Reviews</Link> page.</p>
            ) : (
              <DeprecationRequestForm endpointId={e.id} specSunset={e.operation?.sunsetAt ?? null} />
            )}
          </section>
        )}
      </div>
    </>
  );
}
