'use client';

import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import type { ReactNode } from 'react';
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

async function signOutEverywhere() {
  // Revokes every session server-side first; signOut then clears this browser's cookie and leaves.
  await fetch('/api/me/sessions/revoke', { method: 'POST' }).catch(() => undefined);
  await signOut({ callbackUrl: '/signin' });
}

export function AppShell({ user, children }: { user: { email: string; role: string; readsAudit: boolean; readsAlerts: boolean }; children: ReactNode }) {
  const pathname = usePathname();
  const nav = [...NAV.slice(0, -1), ...(user.readsAlerts ? [ALERTS] : []), ...(user.readsAudit ? [AUDIT] : []), ...NAV.slice(-1)];
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Lantern</div>
        {nav.map((item) => (
          <HoverPrefetchLink key={item.href} href={item.href} className="nav-link" aria-current={pathname.startsWith(item.href) ? 'page' : undefined}>
            {item.label}
          </HoverPrefetchLink>
        ))}
        <div className="sidebar-foot">
          <div>{user.email}</div>
          <div>{user.role}</div>
          <button type="button" onClick={() => signOut({ callbackUrl: '/signin' })} style={{ marginTop: 8 }}>
            Sign out
          </button>
          <button type="button" onClick={signOutEverywhere} style={{ marginTop: 4 }} title="Ends your sessions on every device and browser">
            Sign out everywhere
          </button>
        </div>
      </nav>
      <main className="main">{children}</main>
    </div>
  );
}
