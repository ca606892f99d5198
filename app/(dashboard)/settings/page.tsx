import Link from 'next/link';
import { currentUser } from '@/lib/auth/current-user';
import { teamsOf } from '@/lib/db/users';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsRoute() {
  const user = await currentUser();
  const teams = user ? await teamsOf(user.teamIds) : [];
  const memberOf = teams.length > 0
    ? `, member of ${teams.map((t) => (t.name === t.slug ? t.slug : `${t.name} (${t.slug})`)).join(', ')}`
    // An owner in no team may change nothing an owner may: said here, not left to each refusal to explain.
    : user?.role === 'owner' ? ", member of no team: an owner acts for their teams' APIs, so ask an admin to add you to one" : '';
  return (
    <>
      <h1>Settings</h1>
      <section className="panel">
        <p>Signed in as <strong>{user?.email}</strong> with role <strong>{user?.role}</strong>{memberOf}.</p>
        <p className="muted">Roles: viewer (read), owner (their team&apos;s APIs and specs), governance (reviews deprecations, reads the audit log), admin (everything, users and tokens).</p>
        {user?.role === 'admin' && <p>API tokens for collectors and CI are managed on the <Link href="/collectors">Collectors</Link> page; users with <code>lantern user add</code>.</p>}
      </section>
    </>
  );
}
