// /api/auth/* — next-auth's own sign-in, callback, session and CSRF endpoints.
import { authOptions } from '@/lib/auth/next-auth-options';
import { handleNextAuth } from '@/lib/auth/next-auth-route';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const handler = async (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => handleNextAuth(req, (await ctx.params).nextauth, authOptions());

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET: handler, POST: handler });
