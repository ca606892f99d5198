// /api/auth/* — next-auth's own sign-in, callback, session and CSRF endpoints.
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth-options';

const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(req as never, ctx as never, authOptions());

export { handler as GET, handler as POST };
