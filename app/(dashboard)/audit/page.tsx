import Link from 'next/link';
import { notFound } from 'next/navigation';
import { currentUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';
import { auditActorText } from '@/lib/auth/roles';
import { listAuditEventPage } from '@/lib/db/audit';
import { auditQuerySchema } from '@/lib/inventory/audit-query';
import { pagerView } from '@/lib/inventory/pager';
import { formatCount } from '@/components/common/format-count';
import type { Metadata } from 'next';
import { TableScroll } from '@/components/common/TableScroll';

export const dynamic = 'force-dynamic';

/** Named only for those who may read it: until 6 Dec a viewer's 404 here was titled "Audit log". */
export async function generateMetadata(): Promise<Metadata> {
  const user = await currentUser();
  return { title: user && isAllowed(user, 'audit:read') ? 'Audit log' : 'Not found' };
}

/**
 * Who registered specs, decided deprecations, changed owners, made or revoked tokens: the audit log, newest first.
 * Read as GET /api/audit is (permission `audit:read`: governance and admin); for anyone else the page does not exist.
 * Rendered on the server with plain links for paging: nothing on it changes without a new page.
 */
export default async function AuditRoute({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user || !isAllowed(user, 'audit:read')) notFound();
  const parsed = auditQuerySchema.safeParse({ page: (await searchParams).page });
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const { items, total, page, pageSize } = await listAuditEventPage(query);
  const pager = pagerView({ page, pageSize, total });
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">{total === 0 ? 'No events yet.' : `Events ${formatCount(pager.from)}–${formatCount(pager.to)} of ${formatCount(total)}, newest first.`}</p>
      {pager.pastEnd && <p>This page is past the end: <Link href={`/audit?page=${pager.lastPage}`}>go to the last page</Link>.</p>}
      <TableScroll label="Audit events">
        <table className="data" aria-label="Audit events">
          <thead>
            <tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">What</th></tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td className="mono">{e.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{auditActorText(e.actor)}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.targetType}{e.targetId ? ` ${e.targetId}` : ''}</td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <nav className="row" aria-label="Audit pages">
        {pager.hasPrevious && <Link href={`/audit?page=${page - 1}`}>Newer</Link>}
        <span>Page {formatCount(page)} of {formatCount(pager.lastPage)}</span>
        {pager.hasNext && <Link href={`/audit?page=${page + 1}`}>Older</Link>}
      </nav>
    </>
  );
}
