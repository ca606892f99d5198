import { Suspense } from 'react';
import { currentUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';
import { listTeamSlugs } from '@/lib/db/ownership';
import { SpecsPage } from './SpecsPage';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Specs' };

export default async function SpecsRoute() {
  const user = await currentUser();
  const canUpload = user !== null && isAllowed(user, 'spec:write');
  // A new API's owner team: an owner names one of theirs (the server requires it), an admin any team or none.
  const ownerTeams = canUpload ? await listTeamSlugs(user.role === 'admin' ? 'all' : user.teamIds) : [];
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading…</div>}>
      <SpecsPage canUpload={canUpload} ownerTeams={{ slugs: ownerTeams, optional: user?.role === 'admin' }} />
    </Suspense>
  );
}
