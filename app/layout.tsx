import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/providers/QueryProvider';
import './globals.css';

// Each page names itself (WCAG 2.4.2): every tab, history entry and screen-reader announcement said only "Lantern".
export const metadata: Metadata = { title: { default: 'Lantern', template: '%s · Lantern' }, description: 'Shadow-API discovery and inventory' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
