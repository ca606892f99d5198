import { notFound } from 'next/navigation';
import { canActForTeam } from '@/lib/auth/permissions';
import { currentUser } from '@/lib/auth/current-user';
import { getEndpointDetail } from '@/lib/db/endpoint-detail';
import { EndpointPage } from './EndpointPage';

export const dynamic = 'force-dynamic';

export default async function EndpointRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [user, detail] = await Promise.all([currentUser(), getEndpointDetail(id)]);
  if (!detail || !user) notFound();
  const ownsIt = canActForTeam(user, detail.ownerTeam?.id) && user.role !== 'viewer';
  return (
    <EndpointPage
      endpoint={detail}
      can={{
        triage: ownsIt || user.role === 'governance',
        override: user.role === 'admin' || (user.role === 'owner' && ownsIt),
        deprecate: Boolean(detail.operation) && (user.role === 'admin' || (user.role === 'owner' && ownsIt)),
      }}
    />
  );
}
