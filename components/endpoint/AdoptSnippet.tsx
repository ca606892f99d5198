'use client';

import { useState } from 'react';
import { adoptSnippet } from '@/lib/exports/adopt-snippet';
import type { ObservedEndpoint } from '@/lib/exports/shadow-openapi';

/** The OpenAPI snippet an owner pastes into their spec to document (adopt) this endpoint. */
export function AdoptSnippet({ endpoint }: { endpoint: ObservedEndpoint }) {
  const [copied, setCopied] = useState(false);
  const snippet = adoptSnippet(endpoint);
  return (
    <div>
      <pre className="snippet" aria-label="OpenAPI snippet"><code>{snippet}</code></pre>
      <button type="button" onClick={() => navigator.clipboard.writeText(snippet).then(() => setCopied(true))}>{copied ? 'Copied' : 'Copy snippet'}</button>
    </div>
  );
}
