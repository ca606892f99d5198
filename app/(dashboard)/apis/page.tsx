import Link from 'next/link';
import { requireUser } from '@/lib/auth/current-user';
import { listApiOverviews } from '@/lib/db/api-overview';
import { formatCount } from '@/components/common/format-count';
import type { Metadata } from 'next';
import { TableScroll } from '@/components/common/TableScroll';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'APIs' };

export default async function ApisRoute() {
  await requireUser();
  const apis = await listApiOverviews();
  return (
    <>
      <div className="filters">
        <h1 style={{ margin: 0 }}>APIs</h1>
        <div className="toolbar"><a href="/api/exports/backstage" download>Backstage catalog-info.yaml</a></div>
      </div>
      {apis.length === 0 ? (
        <div className="state-box">No APIs registered yet: register a spec on the <Link href="/specs">Specs</Link> page or with <code>lantern spec push</code>.</div>
      ) : (
        <TableScroll label="APIs">
          <table className="data" aria-label="APIs">
            <thead>
              <tr><th>API</th><th>Owner</th><th>Lifecycle</th><th>Spec</th><th className="num">Coverage</th><th className="num">Shadow</th><th className="num">Zombie</th><th>Posture</th></tr>
            </thead>
            <tbody>
              {apis.map((a) => (
                <tr key={a.slug} id={a.slug}>
                  <td><strong>{a.name}</strong><div className="muted">{a.hosts.join(', ')} · {a.environment}</div></td>
                  <td>{a.ownerTeam ? `group:default/${a.ownerTeam.slug}` : <span className="badge zombie">no owner</span>}</td>
                  <td>{a.lifecycle}</td>
                  <td>{a.currentVersion ? <Link href={`/specs?api=${a.slug}`}>{a.currentVersion}</Link> : '—'}</td>
                  <td className="num" title="documented operations seen in traffic / all documented operations">{formatCount(a.operationsSeen)}/{formatCount(a.operationsTotal)}</td>
                  <td className="num" title={`as lantern check counts them; not counted: ${a.unlisted.notFound} answered only 404/405, ${a.unlisted.preflights} CORS preflight(s)`}><Link href={`/inventory?api=${a.slug}&state=shadow`}>{formatCount(a.counts.shadow)}</Link></td>
                  <td className="num"><Link href={`/inventory?api=${a.slug}&state=zombie`}>{formatCount(a.counts.zombie)}</Link></td>
                  <td>
                    <details>
                      <summary><strong className={a.score >= 80 ? 'badge-text documented' : a.score >= 50 ? 'badge-text shadow' : 'badge-text zombie'}>{a.score}</strong>/100</summary>
                      <ul aria-label={`Posture of ${a.name}`}>{a.lines.map((l) => <li key={l.rule}>{l.points < 0 ? <strong>{l.points}</strong> : '✓'} {l.explanation}</li>)}</ul>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
