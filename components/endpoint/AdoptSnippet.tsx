'use client';

import { useState } from 'react';
import { stringify } from 'yaml';
import { operationFor, type ObservedEndpoint } from '@/lib/exports/shadow-openapi';

/** The OpenAPI snippet an owner pastes into their spec to document (adopt) this endpoint. */
export function AdoptSnippet({ endpoint }: { endpoint: ObservedEndpoint }) {
  const [copied, setCopied] = useState(false);
  const schemes = new Map<string, Record<string, unknown>>();
  const op = operationFor(endpoint, schemes);
  const snippet = stringify({
    paths: { [endpoint.pathTemplate]: { [endpoint.method.toLowerCase()]: op } },
    ...(schemes.size > 0 ? { components: { securitySchemes: Object.fromEntries(schemes) } } : {}),
  });
  return (
    <div>
      <pre className="snippet" aria-label="OpenAPI snippet"><code>{snippet}</code></pre>
      <button type="button" onClick={() => navigator.clipboard.writeText(snippet).then(() => setCopied(true))}>{copied ? 'Copied' : 'Copy snippet'}</button>
    </div>
  );
}
