'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { signInLockedMessage } from '@/lib/auth/sign-in-locked';

/** `returnTo` is the page the visitor was sent here from, already checked to be a path on this origin. */
export function SignInForm({ oidcEnabled, returnTo }: { oidcEnabled: boolean; returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
    } catch {
      // next-auth throws when the request fails or the answer is not its JSON (a proxy's HTML 502): neither says
      // anything about the password, and the form must not stay busy for good.
      setBusy(false);
      setError('Could not reach Lantern: check your connection and try again.');
      return;
    }
    setBusy(false);
    if (result?.ok && !result.error) return router.replace(returnTo);
    setError(signInLockedMessage(result?.error) ?? 'Wrong e-mail or password.');
    // Back to what is to be typed again, selected: the focus was on the button or fell to the page's start.
    password.current?.select();
  }

  return (
    <main className="signin">
      <form onSubmit={onSubmit} aria-label="Sign in">
        <div className="brand">Lantern</div>
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input ref={password} name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && <div role="alert" className="form-error">{error}</div>}
        {/* aria-disabled, not disabled: a button turning disabled under the keyboard dropped the focus to the page's start. */}
        <button className="primary" type="submit" aria-disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {oidcEnabled && (
          <button type="button" onClick={() => signIn('oidc', { callbackUrl: returnTo })}>
            Sign in with SSO
          </button>
        )}
      </form>
    </main>
  );
}
