/**
 * What follows the local part of an e-mail address, shared by the body detector (sensitive-data.ts) and the path
 * segment types (segment-types.ts) so that `/img/logo@2x.png` is neither an `{email}` parameter nor an `email` tag.
 * Apple's retina asset names (`logo@2x.png`, `icon@3x.webp`) end in a file extension, and no e-mail ends in one as
 * its TLD. Bounded quantifiers only: the body detector scans hostile input.
 */
export const EMAIL_DOMAIN_SOURCE = String.raw`@[A-Za-z0-9.-]{1,253}\.(?!(?:png|jpe?g|gif|svg|webp|ico|bmp|css|js)\b)[A-Za-z]{2,24}`;
