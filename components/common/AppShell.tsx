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

export function AppShell({ user, children }: { user: { email: string; role: string }; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Lantern</div>
        {NAV.map((item) => (
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
        </div>
      </nav>
      <main className="main">{children}</main>
    </div>
  );
}
