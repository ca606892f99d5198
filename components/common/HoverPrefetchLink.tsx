'use client';

import Link from 'next/link';
import { useState, type ComponentProps } from 'react';

/**
 * A link that prefetches only once the user shows intent (hover, focus, touch). A page of the inventory shows 50
 * endpoint links; Next prefetches every visible link by default, and each prefetch of the dynamic endpoint page is a
 * server render with its own queries — 50 of them per filter change, queued in front of the inventory's own API call
 * (the browser allows 6 connections per host). The sidebar's links do the same on every page load. The pattern is
 * Next's own "hover-triggered prefetch".
 */
export function HoverPrefetchLink({ href, children, ...rest }: Omit<ComponentProps<typeof Link>, 'prefetch' | 'href'> & { href: string }) {
  const [intent, setIntent] = useState(false);
  const showIntent = () => setIntent(true);
  return (
    <Link {...rest} href={href} prefetch={intent ? null : false} onMouseEnter={showIntent} onFocus={showIntent} onTouchStart={showIntent}>
      {children}
    </Link>
  );
}
