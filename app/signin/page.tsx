import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { currentUser } from '@/lib/auth/current-user';
import { safeReturnPath } from '@/lib/auth/return-path';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = (await searchParams).next;
  const returnTo = safeReturnPath(Array.isArray(next) ? next[0] : next);
  if (await currentUser()) redirect(returnTo);
  return <SignInForm oidcEnabled={Boolean(env().LANTERN_OIDC_ISSUER)} returnTo={returnTo} />;
}
