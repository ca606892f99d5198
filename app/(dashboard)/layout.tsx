import type { ReactNode } from 'react';
import { AppShell } from '@/components/common/AppShell';
import { requireUser } from '@/lib/auth/current-user';
import { isAllowed } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Back to the page asked for after signing in (a shared link, or a session that ended mid-use). Pages check again:
  // a navigation between them does not render this layout (requireUser).
  const user = await requireUser();
  return <AppShell user={{ email: user.email, role: user.role, readsAudit: isAllowed(user, 'audit:read'), readsAlerts: isAllowed(user, 'inventory:read') }}>{children}</AppShell>;
}
