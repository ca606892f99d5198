import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/common/AppShell';
import { currentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return <AppShell user={{ email: user.email, role: user.role }}>{children}</AppShell>;
}
