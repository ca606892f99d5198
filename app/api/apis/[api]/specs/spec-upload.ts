import { z } from 'zod';
import { slugPattern, specVersionSchema, teamSlugSchema } from '@/lib/inventory/catalog-names';
import { decodeSpecBytes } from '@/lib/openapi/decode-spec';
import { MAX_SPEC_BYTES } from '@/lib/openapi/parse-document';
import type { SpecRefusal } from '@/lib/db/spec-admission';
import { badRequest, conflict, forbidden, HttpError } from '@/lib/http/errors';
import { readBodyLimited } from '@/lib/http/read-body';

export interface SpecUpload {
  text: string;
  version?: string;
  owner?: string;
}

// The fields as the catalog stores them: a team slug like every other team's, a version a list can show.
const uploadFieldsSchema = z.object({ version: specVersionSchema.optional(), owner: teamSlugSchema.optional() });

const tooLarge = () => new HttpError(413, 'payload_too_large', `spec larger than ${MAX_SPEC_BYTES} bytes`);
const field = (v: unknown): string | undefined => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined);

/**
 * A slug no API can have names no API: a 404 before the body is read, not a complaint about the spec (the loader's
 * own slug check reported it as a validation problem of the document, at pointer '').
 */
export function requireApiSlug(slug: string): void {
  if (!slugPattern.test(slug)) throw new HttpError(404, 'not_found', `no such API '${slug}': an API slug matches ${slugPattern}`);
}

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
  // Read at most MAX_SPEC_BYTES whatever Content-Length claims (a chunked upload has none): req.text() and
  // req.formData() would buffer a body of any size before the checks below could refuse it.
  const body = await readBodyLimited(req, MAX_SPEC_BYTES).catch((err: unknown) => {
    throw err instanceof HttpError && err.status === 413 ? tooLarge() : err;
  });
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData().catch(() => {
      throw badRequest('malformed multipart body');
    });
    const spec = form.get('spec');
    const text = spec instanceof Blob ? decodeStrictly(new Uint8Array(await spec.arrayBuffer())) : field(spec);
    if (!text) throw badRequest("multipart upload needs a 'spec' file");
    upload = { text, version: field(form.get('version')), owner: field(form.get('owner')) };
  } else {
    const text = decodeStrictly(body);
    upload = { text, ...wrapped(text, type) };
  }
  if (upload.text.length > MAX_SPEC_BYTES) throw tooLarge();
  if (upload.text.trim().length === 0) throw badRequest('empty body: send the spec document');
  const fields = uploadFieldsSchema.parse({ version: fromQuery.version ?? upload.version, owner: fromQuery.owner ?? upload.owner });
  return { text: upload.text, ...fields };
}

/** Bad UTF-8 is refused like any invalid spec (422 with the offset), never loaded with U+FFFD in its place. */
function decodeStrictly(bytes: Uint8Array): string {
  const decoded = decodeSpecBytes(bytes);
  if (!decoded.ok) throw new HttpError(422, 'invalid_spec', 'the spec is not a valid OpenAPI/Swagger description', decoded.problems);
  return decoded.text;
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

/** A spec registration or preview the checks refused, as the one error shape (the problems are the details). */
export function specRefusalError(refusal: SpecRefusal): HttpError {
  if (refusal.status === 'conflict') return conflict(refusal.message);
  return refusal.status === 'forbidden' ? forbidden(refusal.message) : new HttpError(422, 'invalid_spec', 'the spec is not a valid OpenAPI/Swagger description', refusal.problems);
}
