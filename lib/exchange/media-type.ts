/**
 * The Content-Type a record keeps: the media type and its `charset`, nothing else. Parameters are free text
 * the client chooses (`application/json; token=…`, `; api_key=…` from clients that put credentials wherever
 * they fit), and discovery needs only the type. `boundary` is dropped too: it is random per request, so it
 * tells nothing about the API, and a client can write anything into it. One function for every collector,
 * so a capture and a log of the same request agree.
 */
export function recordedContentType(value: string): string | undefined {
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim();
  // Not `type/subtype` (`application/json token=…`, junk in a log field): nothing of it is kept.
  if (!MEDIA_TYPE.test(type)) return undefined;
  if (semi === -1) return type;
  const charset = CHARSET.exec(value.slice(semi));
  return (charset ? `${type}; charset=${charset[1]}` : type).slice(0, 256);
}

// RFC 6838 restricted names; 127 characters each at most.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

// A charset is a registered name (RFC 2978: letters, digits and a few marks), never a secret; anything else
// in that position (`charset=<token>`) is not kept.
const CHARSET = /;\s*charset\s*=\s*"?([A-Za-z0-9._:+-]{1,40})"?\s*(?:;|$)/i;
