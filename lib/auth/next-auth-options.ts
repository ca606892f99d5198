import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { emailSchema } from './email';
import { findUserByEmail, getUserPrincipal, upsertOidcUser } from '../db/users';
import { recordAuditEvent } from '../db/audit';
import { env } from '../env';
import { hashPassword, verifyPassword } from './password';
import { clientAddress, recordSignInResult, signInRetryAfterMs } from '../security/sign-in-throttle';
import { roleSchema } from './roles';
import { liveSessionSignedInAt } from './session-cookie';
import { signInLockedError } from './sign-in-locked';
import { authSecret } from './secret';

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(1024) });

let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= hashPassword(`no-such-user-${Math.random()}`));

/**
 * Sign-in: e-mail + password for the embedded default, and a generic OIDC provider when LANTERN_OIDC_* is set.
 * Sessions are JWT cookies carrying only the user id; role and teams are re-read on every request.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const keys = { email: parsed.data.email, client: clientAddress(req?.headers, env().LANTERN_TRUSTED_PROXIES) };
        // Locked out (lib/security/sign-in-throttle.ts): refuse without looking at the password, and say so.
        const retryAfterMs = await signInRetryAfterMs(keys);
        if (retryAfterMs !== undefined) throw new Error(signInLockedError(retryAfterMs));
        const user = await findUserByEmail(parsed.data.email);
        // Unknown accounts cost a bcrypt comparison too, so response time does not tell which e-mails exist.
        const matches = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await unknownUserHash()));
        const ok = Boolean(user?.passwordHash && !user.disabledAt && matches);
        await recordSignInResult(keys, ok);
        return ok && user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  const issuer = e.LANTERN_OIDC_ISSUER;
  if (issuer && e.LANTERN_OIDC_CLIENT_ID && e.LANTERN_OIDC_CLIENT_SECRET) {
    providers.push({
      id: 'oidc',
      name: 'Single sign-on',
      type: 'oauth',
      wellKnown: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: e.LANTERN_OIDC_CLIENT_ID,
      clientSecret: e.LANTERN_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      async profile(claims: Record<string, unknown>) {
        const role = roleSchema.safeParse(claims[e.LANTERN_OIDC_ROLE_CLAIM]);
        const team = claims[e.LANTERN_OIDC_TEAM_CLAIM];
        const email = String(claims.email ?? '');
        if (!email) throw new Error('the identity provider sent no email claim');
        // The e-mail is the account: with self-service sign-up (Keycloak, Auth0, Cognito) anyone can claim any address
        // until it is verified, and would sign in as whoever has it here, their role set to the newcomer's. Cognito
        // sends the claim as a string. A provider that sends no claim at all is taken at its word, as before.
        if (claims.email_verified === false || claims.email_verified === 'false') throw new Error('the identity provider says the e-mail is not verified');
        // As the password form: a disabled account signed in (a cookie and "signed in" logged, then only 401s) and
        // took the provider's role and team.
        if ((await findUserByEmail(email))?.disabledAt) throw new Error('this account is disabled');
        const user = await upsertOidcUser({
          email,
          name: typeof claims.name === 'string' ? claims.name : undefined,
          role: role.success ? role.data : e.LANTERN_OIDC_DEFAULT_ROLE,
          teamSlug: typeof team === 'string' && /^[a-z0-9-]{1,64}$/.test(team) ? team : undefined,
          issuer,
        });
        return { id: user.id, email: user.email, name: user.name };
      },
    });
  }
  return {
    secret: authSecret(),
    // next-auth encodes the sign-in cookie with jwt.maxAge (30 days unless set), and only re-issues it with session.maxAge.
    session: { strategy: 'jwt', maxAge: e.LANTERN_SESSION_MAX_AGE },
    jwt: { maxAge: e.LANTERN_SESSION_MAX_AGE },
    pages: { signIn: '/signin' },
    providers,
    callbacks: {
      // next-auth's default redirect throws on a URL it cannot parse (a 500 for anyone who sends one); stay on our origin.
      redirect: ({ url, baseUrl }) => sameOriginUrl(url, baseUrl) ?? baseUrl,
      async jwt({ token, user }) {
        // `authAt` survives next-auth re-issuing the cookie (its `iat` does not), so "sign out everywhere" can refuse
        // every session that signed in before it (lib/db/users.ts getUserPrincipal).
        if (user) {
          token.sub = user.id;
          token.authAt = Date.now();
          return token;
        }
        // Re-issuing would push the cookie's exp forward; throwing makes next-auth answer "no session" and clear it.
        const signedInAt = liveSessionSignedInAt(token, e.LANTERN_SESSION_MAX_AGE);
        if (signedInAt === undefined) throw new Error('session past LANTERN_SESSION_MAX_AGE since sign-in');
        // As every route checks it: GET /api/auth/session re-issued a revoked session's cookie, or a disabled user's.
        if (!token.sub || !(await getUserPrincipal(token.sub, signedInAt))) throw new Error('session revoked, or its user disabled or gone');
        return token;
      },
    },
    events: {
      async signIn({ user }) {
        await recordAuditEvent({ actor: { kind: 'user', email: user.email ?? '' }, action: 'user.signin', targetType: 'user', targetId: user.id, summary: `${user.email} signed in` });
      },
    },
  };
}

/** `url` (absolute, or relative to `baseUrl`) when it stays on baseUrl's origin; undefined for anything else. */
export function sameOriginUrl(url: string, baseUrl: string): string | undefined {
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, base);
    return target.origin === base.origin ? target.href : undefined;
  } catch {
    return undefined;
  }
}
