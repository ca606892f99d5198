import { Suspense } from 'react';
import { currentUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';
import { SpecsPage } from './SpecsPage';

export const dynamic = 'force-dynamic';

export default async function SpecsRoute() {
  const user = await currentUser();
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading…</div>}>
      <SpecsPage canUpload={user !== null && isAllowed(user, 'spec:write')} />
    </Suspense>
  );
}
