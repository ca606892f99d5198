// POST /api/apis/:api/specs/preview — what registering a spec would change (diff, adopted shadow endpoints), saving
// nothing. Same body forms, checks and refusals as POST /api/apis/:api/specs, so a preview never shows what the
// caller could not register.
import { previewSpec } from '@/lib/db/spec-preview';
import { withAuth } from '@/lib/http/with-auth';
import { readSpecUpload, requireApiSlug, specRefusalError } from '../spec-upload';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ api: string }>('spec:write', async ({ req, principal, params }) => {
  requireApiSlug(params.api);
  const upload = await readSpecUpload(req);
  const preview = await previewSpec({ apiSlug: params.api, text: upload.text, version: upload.version, ownerTeam: upload.owner, actor: principal });
  if (preview.status !== 'ok') throw specRefusalError(preview);
  return Response.json(preview);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
