import { percentDecoded } from '../percent-decode';

/** `application/x-www-form-urlencoded`, with or without parameters (`; charset=UTF-8`). */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i.test(contentType);
}

/** The boundary of a `multipart/form-data` content type (RFC 7578), quoted or not; undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The text the detectors read of a body: form fields decoded, the fields of a multipart form (what `fetch` sends
 * for a `FormData`, a sign-up form's usual shape) without its files, anything else as it is.
 */
export function scannedBodyText(body: string, contentType: string | undefined): string {
  if (isFormContentType(contentType)) return formFieldsText(body);
  const boundary = multipartBoundary(contentType);
  return boundary ? multipartFieldsText(body, boundary) : body;
}

/**
 * The values of a multipart form's fields, one a line: parts that name a `filename` are files (an image, a PDF),
 * whose bytes read as text only make noise. A sample cut inside a part keeps what it has of it.
 */
export function multipartFieldsText(body: string, boundary: string): string {
  const fields: string[] = [];
  for (const part of body.split(`--${boundary}`)) {
    const headerEnd = part.search(/\r?\n\r?\n/);
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    if (!/content-disposition:[^\r\n]*\bname=/i.test(headers) || /content-disposition:[^\r\n]*\bfilename\*?=/i.test(headers)) continue;
    fields.push(part.slice(headerEnd).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, ''));
  }
  return fields.join('\n');
}
/**
 * The fields of a form body as text the sensitive-data detectors can read. A browser sends `jane%40example.org`,
 * `%2B44+20+7946+0958` and `4242+4242+4242+4242`, which none of them matches as sent: a sign-up form's e-mail, phone
 * and card went untagged. One line per field, each decoded on its own (`+` is a space), so a malformed escape or a
 * sample cut inside one spoils that field only.
 */
export function formFieldsText(body: string): string {
  if (!body.includes('%') && !body.includes('+')) return body;
  return body
    .split('&')
    .map((field) => percentDecoded(field.replace(/\+/g, ' ')))
    .join('\n');
}
