import { MAX_SPEC_BYTES } from '@/lib/openapi/parse-document';
import { badRequest, HttpError } from '@/lib/http/errors';

export interface SpecUpload {
  text: string;
  version?: string;
  owner?: string;
}

const tooLarge = () => new HttpError(413, 'payload_too_large', `spec larger than ${MAX_SPEC_BYTES} bytes`);
const field = (v: unknown): string | undefined => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined);

/**
 * A spec arrives as the raw document (JSON or YAML, any content type), as JSON `{ spec, version?, owner? }`, or as
 * a multipart upload with a `spec` file; `?version=` and `?owner=` work with all three. A JSON body that has an
 * `openapi` or `swagger` field is the document itself, never a wrapper.
 */
export async function readSpecUpload(req: Request): Promise<SpecUpload> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_SPEC_BYTES) throw tooLarge();
  const query = new URL(req.url).searchParams;
  const fromQuery = { version: field(query.get('version')), owner: field(query.get('owner')) };
  const type = req.headers.get('content-type') ?? '';
  let upload: SpecUpload;
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData();
    const spec = form.get('spec');
    const text = spec instanceof Blob ? await spec.text() : field(spec);
    if (!text) throw badRequest("multipart upload needs a 'spec' file");
    upload = { text, version: field(form.get('version')), owner: field(form.get('owner')) };
  } else {
    const text = await req.text();
    upload = { text, ...wrapped(text, type) };
  }
  if (upload.text.length > MAX_SPEC_BYTES) throw tooLarge();
  if (upload.text.trim().length === 0) throw badRequest('empty body: send the spec document');
  return { text: upload.text, version: fromQuery.version ?? upload.version, owner: fromQuery.owner ?? upload.owner };
}

function wrapped(text: string, type: string): Partial<SpecUpload> {
  if (!type.includes('json') || !text.trimStart().startsWith('{')) return {};
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (body.openapi !== undefined || body.swagger !== undefined || typeof body.spec !== 'string') return {};
    return { text: body.spec, version: field(body.version), owner: field(body.owner) };
  } catch {
    return {};
  }
}
