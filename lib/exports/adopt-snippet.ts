import { stringify } from 'yaml';
import { shadowPaths, type ObservedEndpoint } from './shadow-openapi';

/**
 * The YAML an owner pastes into their spec to document (adopt) one shadow endpoint: the export's own path item and
 * schemes for it, so a custom method sits under `x-lantern-additional-operations` here too (a `propfind:` key is
 * not OpenAPI and made the pasted spec fail to load).
 */
export function adoptSnippet(endpoint: ObservedEndpoint): string {
  return stringify(shadowPaths([endpoint]));
}
