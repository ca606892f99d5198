import Link from 'next/link';
import { currentUser } from '@/lib/auth/current-user';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsRoute() {
  const user = await currentUser();
  return (
    <>
      <h1>Settings</h1>
      <section className="panel">
        <p>Signed in as <strong>{user?.email}</strong> with role <strong>{user?.role}</strong>{user && user.teamIds.length > 0 ? `, member of ${user.teamIds.length} team(s)` : ''}.</p>
        <p className="muted">Roles: viewer (read), owner (their team&apos;s APIs and specs), governance (reviews deprecations, reads the audit log), admin (everything, users and tokens).</p>
        {user?.role === 'admin' && <p>API tokens for collectors and CI are managed on the <Link href="/collectors">Collectors</Link> page; users with <code>lantern user add</code>.</p>}
      </section>
    </>
  );
}
