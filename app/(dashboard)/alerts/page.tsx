import Link from 'next/link';
import { AlertDelivery } from '@/components/alerts/AlertDelivery';
import { notFound } from 'next/navigation';
import type { DeliveryState } from '@/lib/alerts/delivery-state';
import { hasAlertSinks } from '@/lib/alerts/deliver-alerts';
import { currentUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';
import { listAlertPage } from '@/lib/db/alerts';
import { ALERT_KINDS, alertQuerySchema, type AlertQuery } from '@/lib/inventory/alert-query';
import { parseLeniently } from '@/lib/inventory/lenient-query';
import { pagerView } from '@/lib/inventory/pager';
import { formatCount } from '@/components/common/format-count';
import type { Metadata } from 'next';
import { TableScroll } from '@/components/common/TableScroll';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alerts' };

const KIND_LABELS: Record<(typeof ALERT_KINDS)[number], string> = {
  'new-shadow': 'New shadow',
  'zombie-traffic': 'Zombie traffic',
  'sensitive-unauthenticated': 'Sensitive, unauthenticated',
};

const utc = (iso: string) => iso.replace('T', ' ').slice(0, 19);

function alertsHref(query: { page?: number; kind?: AlertQuery['kind'] }): string {
  const params = new URLSearchParams();
  if (query.kind) params.set('kind', query.kind);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const qs = params.toString();
  return qs ? `/alerts?${qs}` : '/alerts';
}

function DeliveryCell({ delivery }: { delivery: DeliveryState }) {
  if (delivery.state === 'delivered') return <>Delivered {utc(delivery.deliveredAt)} to {delivery.sinks} {delivery.sinks === 1 ? 'sink' : 'sinks'}</>;
  const error = delivery.lastError ? <div className="muted">Last error: {delivery.lastError}</div> : null;
  if (delivery.state === 'undeliverable') return <>Undeliverable after {delivery.attempts} attempts{error}</>;
  const next = delivery.nextAttemptAt ? `, next attempt ${utc(delivery.nextAttemptAt)}` : '';
  return <>Pending ({delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}{next}){error}</>;
}

/**
 * Alerts raised on the inventory (new shadow endpoint, zombie traffic, sensitive data without auth), newest first, with
 * where each stands with the webhooks and SIEM file. Read as GET /api/alerts is (`inventory:read`). Rendered on the
 * server with plain links for paging and the kind filter, like the Audit page; admins may retry an undeliverable one.
 */
export default async function AlertsRoute({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user || !isAllowed(user, 'inventory:read')) notFound();
  const raw = await searchParams;
  // Each parameter on its own: `?kind=new-shadow&page=0` showed every kind, under a URL and a menu saying New shadow.
  const query = parseLeniently(alertQuerySchema, { page: raw.page, kind: raw.kind || undefined });
  const { items, total, page, pageSize } = await listAlertPage(query);
  const pager = pagerView({ page, pageSize, total });
  const canRetry = isAllowed(user, 'alert:retry');
  return (
    <>
      <h1>Alerts</h1>
      <nav className="row" aria-label="Alert kinds">
        {[undefined, ...ALERT_KINDS].map((kind) => (
          <Link key={kind ?? 'all'} href={alertsHref({ kind })} aria-current={query.kind === kind ? 'page' : undefined}>
            {kind ? KIND_LABELS[kind] : 'All kinds'}
          </Link>
        ))}
      </nav>
      <p className="muted">{total === 0 ? 'No alerts.' : `Alerts ${formatCount(pager.from)}–${formatCount(pager.to)} of ${formatCount(total)}, newest first.`}</p>
      {/* Without a sink every alert read "Pending (0 attempts)", as if a delivery were on its way. */}
      {!hasAlertSinks() && (
        <p role="note">
          No webhook (<code>LANTERN_WEBHOOK_URLS</code>) or event file (<code>LANTERN_EVENT_FILE</code>) is configured: alerts are listed here and sent
          nowhere; pending ones are sent once a sink is configured.
        </p>
      )}
      {pager.pastEnd && <p>This page is past the end: <Link href={alertsHref({ kind: query.kind, page: pager.lastPage })}>go to the last page</Link>.</p>}
      <TableScroll label="Alerts">
        <table className="data" aria-label="Alerts">
          <thead>
            <tr><th scope="col">Raised (UTC)</th><th scope="col">Kind</th><th scope="col">Alert</th><th scope="col">Delivery</th></tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td className="mono">{utc(a.createdAt.toISOString())}</td>
                <td>{KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? a.kind}</td>
                {/* An alert outlives its endpoint (retention may delete it): then its summary is all there is. */}
                <td>{a.endpointId ? <Link href={`/endpoints/${a.endpointId}`}>{a.summary}</Link> : a.summary}</td>
                <td>
                  <AlertDelivery alertId={a.id} summary={a.summary} retryable={canRetry && a.delivery.state === 'undeliverable'}>
                    <DeliveryCell delivery={a.delivery} />
                  </AlertDelivery>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <nav className="row" aria-label="Alert pages">
        {pager.hasPrevious && <Link href={alertsHref({ kind: query.kind, page: page - 1 })}>Newer</Link>}
        <span>Page {formatCount(page)} of {formatCount(pager.lastPage)}</span>
        {pager.hasNext && <Link href={alertsHref({ kind: query.kind, page: page + 1 })}>Older</Link>}
      </nav>
    </>
  );
}
