// /api/auth/* — next-auth's own sign-in, callback, session and CSRF endpoints.
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth-options';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(req as never, ctx as never, authOptions());

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET: handler, POST: handler });
