'use client';

import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { HoverPrefetchLink } from './HoverPrefetchLink';

const NAV = [
  { href: '/inventory', label: 'Inventory' },
  { href: '/apis', label: 'APIs' },
  { href: '/specs', label: 'Specs' },
  { href: '/reviews', label: 'Reviews' },
  { href: '/collectors', label: 'Collectors' },
  { href: '/settings', label: 'Settings' },
];
// Only for the roles the permission table lets read the audit log (governance, admin): a link others could only 404.
const AUDIT = { href: '/audit', label: 'Audit' };
// Only for the roles that may read the inventory the alerts are about (today every role; tokens never see the shell).
const ALERTS = { href: '/alerts', label: 'Alerts' };

/**
 * Revokes every session server-side first; signOut then clears this browser's cookie and leaves. A revocation that
 * failed (a 500, the server unreachable) signs nothing out and says so: until 6 Dec the page signed out here alone,
 * which looks the same as everywhere, and the other devices stayed signed in without a word.
 */
async function signOutEverywhere(): Promise<string | undefined> {
  const res = await fetch('/api/me/sessions/revoke', { method: 'POST' }).catch(() => undefined);
  if (!res?.ok) return `Could not end your sessions (${res ? `the server answered ${res.status}` : 'the server did not answer'}): you are still signed in everywhere. Try again.`;
  await signOut({ callbackUrl: '/signin' });
}

export function AppShell({ user, children }: { user: { email: string; role: string; readsAudit: boolean; readsAlerts: boolean }; children: ReactNode }) {
  const pathname = usePathname();
  const [signOutError, setSignOutError] = useState<string | undefined>(undefined);
  const nav = [...NAV.slice(0, -1), ...(user.readsAlerts ? [ALERTS] : []), ...(user.readsAudit ? [AUDIT] : []), ...NAV.slice(-1)];
  // An endpoint's page belongs to the inventory it is opened from: until 6 Dec no entry was current there.
  const section = pathname.startsWith('/endpoints/') ? '/inventory' : pathname;
  return (
    <div className="shell">
      {/* The keyboard's way past the navigation's ten stops to the page itself (WCAG 2.4.1), shown when it has the focus. */}
      <a className="skip-link" href="#content">Skip to content</a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Lantern</div>
        {nav.map((item) => (
          <HoverPrefetchLink key={item.href} href={item.href} className="nav-link" aria-current={section.startsWith(item.href) ? 'page' : undefined}>
            {item.label}
          </HoverPrefetchLink>
        ))}
        <div className="sidebar-foot">
          <div>{user.email}</div>
          <div>{user.role}</div>
          <button type="button" onClick={() => signOut({ callbackUrl: '/signin' })} style={{ marginTop: 8 }}>
            Sign out
          </button>
          <button type="button" onClick={async () => { setSignOutError(undefined); setSignOutError(await signOutEverywhere()); }} style={{ marginTop: 4 }} title="Ends your sessions on every device and browser">
            Sign out everywhere
          </button>
          {signOutError && <div role="alert" className="form-error">{signOutError}</div>}
        </div>
      </nav>
      <main className="main" id="content" tabIndex={-1}>{children}</main>
    </div>
  );
}
