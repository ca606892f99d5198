import { z } from 'zod';

/**
 * The names people give an API registration: API and team slugs, and spec version labels. A slug ends up in URLs,
 * entity references (`group:default/<team>` in the Backstage export) and file names, so it is kept to the characters
 * all of those take as they are; a version is a label shown in lists, so it has a length a list can show.
 */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SLUG_RULE = "lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters";

export const apiSlugSchema = z.string().regex(slugPattern, `an API slug is ${SLUG_RULE}`);
export const teamSlugSchema = z.string().regex(slugPattern, `a team slug is ${SLUG_RULE}`);

export const MAX_VERSION_LENGTH = 64;
export const specVersionSchema = z
  .string()
  .min(1, `a version is 1 to ${MAX_VERSION_LENGTH} characters`)
  .max(MAX_VERSION_LENGTH, `a version is at most ${MAX_VERSION_LENGTH} characters`)
  .regex(/^[^\p{Cc}]+$/u, 'a version has no control characters');
