import Link from 'next/link';
import { currentUser } from '@/lib/auth/current-user';
import { teamsOf } from '@/lib/db/users';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsRoute() {
  const user = await currentUser();
  const teams = user ? await teamsOf(user.teamIds) : [];
  return (
    <>
      <h1>Settings</h1>
      <section className="panel">
        <p>Signed in as <strong>{user?.email}</strong> with role <strong>{user?.role}</strong>{teams.length > 0 ? `, member of ${teams.map((t) => (t.name === t.slug ? t.slug : `${t.name} (${t.slug})`)).join(', ')}` : ''}.</p>
        <p className="muted">Roles: viewer (read), owner (their team&apos;s APIs and specs), governance (reviews deprecations, reads the audit log), admin (everything, users and tokens).</p>
        {user?.role === 'admin' && <p>API tokens for collectors and CI are managed on the <Link href="/collectors">Collectors</Link> page; users with <code>lantern user add</code>.</p>}
      </section>
    </>
  );
}
