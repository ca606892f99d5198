import Link from 'next/link';
import { connection } from 'next/server';

/**
 * A URL no route matches (a mistyped or outdated link such as /apis/payments). Rendered per request, not prerendered:
 * the page CSP allows only scripts carrying that response's nonce, and a prerendered page has none, so Next's default
 * 404 had every script refused (console errors, no client navigation) and no way back to the dashboard.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="main">
      <div className="state-box">
        <h1>Not found</h1>
        <p>
          No page here. Go to the <Link href="/inventory">inventory</Link>.
        </p>
      </div>
    </main>
  );
}
