import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/common/AppShell';
import { currentUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';
import { RETURN_PATH_HEADER, signInUrl } from '@/lib/auth/return-path';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Back to the page asked for after signing in (a shared link, or a session that ended mid-use).
  if (!user) redirect(signInUrl((await headers()).get(RETURN_PATH_HEADER) ?? ''));
  return <AppShell user={{ email: user.email, role: user.role, readsAudit: isAllowed(user, 'audit:read'), readsAlerts: isAllowed(user, 'inventory:read') }}>{children}</AppShell>;
}
