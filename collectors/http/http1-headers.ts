import { CREDENTIAL_HEADER } from './auth-cache';
import { headerSelection, type HeaderSelections } from './http1-head';

/**
 * Every header an HTTP/1 exchange is built from: framing (http1-stream, responseFraming), the draft and
 * finishExchange, the upgrade and 100-continue checks of http-connection.ts, and the auth evidence (CREDENTIAL_HEADER).
 * The parser skips the rest without making strings for them (accept, date, server, request ids...).
 * A header read anywhere on that path must be added here: header-selection.test.ts compares every
 * record with the one made from all headers.
 */
export const HTTP1_HEADERS: { select: HeaderSelections | undefined } = {
  select: {
    request: headerSelection(['host', 'content-type', 'content-length', 'transfer-encoding', 'content-encoding', 'user-agent', 'upgrade', 'expect'], CREDENTIAL_HEADER),
    response: headerSelection(['content-type', 'content-length', 'transfer-encoding', 'content-encoding', 'deprecation', 'sunset', 'upgrade']),
  },
};
