import { percentDecoded } from '../percent-decode';

/** `application/x-www-form-urlencoded`, with or without parameters (`; charset=UTF-8`). */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i.test(contentType);
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
