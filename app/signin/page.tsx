import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { currentUser } from '@/lib/auth/current-user';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export default async function SignInRoute() {
  if (await currentUser()) redirect('/inventory');
  return <SignInForm oidcEnabled={Boolean(env().LANTERN_OIDC_ISSUER)} />;
}
