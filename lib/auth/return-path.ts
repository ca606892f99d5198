/**
 * Where sign-in sends someone back to: the dashboard page they were on when their session ended. Only a path on
 * this origin is accepted (`/inventory?state=shadow`), never `//evil.example`, `/\evil.example` or an absolute URL,
 * so a crafted sign-in link cannot bounce a fresh session to another site. Anything else lands on the inventory.
 */
export const DEFAULT_RETURN_PATH = '/inventory';
/** Request header the proxy sets to the page asked for, read by the dashboard layout when it sends a visitor to sign in. */
export const RETURN_PATH_HEADER = 'x-lantern-return-path';

const SIGN_IN = '/signin';
const UPGRADING = '/upgrading';

export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000 || !raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return DEFAULT_RETURN_PATH;
  // Sign-in, the upgrade notice and the API are not pages to come back to.
  if ([SIGN_IN, UPGRADING].some((page) => raw === page || raw.startsWith(`${page}?`)) || raw.startsWith('/api/')) return DEFAULT_RETURN_PATH;
  return raw;
}

/** The sign-in page that returns to `path` afterwards. */
export function signInUrl(path: string): string {
  const back = safeReturnPath(path);
  return back === DEFAULT_RETURN_PATH ? SIGN_IN : `${SIGN_IN}?next=${encodeURIComponent(back)}`;
}

/** The notice shown while serve's start-up passes run (app/upgrading), which returns to `path` once they are done. */
export function upgradingUrl(path: string): string {
  const back = safeReturnPath(path);
  return back === DEFAULT_RETURN_PATH ? UPGRADING : `${UPGRADING}?next=${encodeURIComponent(back)}`;
}
