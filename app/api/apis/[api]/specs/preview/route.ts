// POST /api/apis/:api/specs/preview — validate a spec and show what registering it would change (diff, adopted
// shadow endpoints) without saving anything. Same body forms as POST /api/apis/:api/specs.
import { previewSpec } from '@/lib/db/spec-preview';
import { withAuth } from '@/lib/http/with-auth';
import { readSpecUpload } from '../spec-upload';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ api: string }>('spec:write', async ({ req, params }) => {
  const upload = await readSpecUpload(req);
  const preview = await previewSpec(params.api, upload.text);
  return Response.json(preview, { status: preview.status === 'invalid' ? 422 : 200 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
