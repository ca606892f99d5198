'use client';

import { useRef, useState } from 'react';
import { adoptSnippet } from '@/lib/exports/adopt-snippet';
import type { ObservedEndpoint } from '@/lib/exports/shadow-openapi';

/** The OpenAPI snippet an owner pastes into their spec to document (adopt) this endpoint. */
export function AdoptSnippet({ endpoint }: { endpoint: ObservedEndpoint }) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'refused'>('idle');
  const code = useRef<HTMLElement>(null);
  const snippet = adoptSnippet(endpoint);
  // Browsers offer the clipboard only on https or localhost (a dashboard at http://lantern.internal has none) and
  // may refuse it: then the snippet is selected for the user's own copy, instead of a button that did nothing.
  async function copySnippet() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      if (code.current) window.getSelection()?.selectAllChildren(code.current);
      setCopy('refused');
    }
  }
  return (
    <div>
      <pre className="snippet" aria-label="OpenAPI snippet"><code ref={code}>{snippet}</code></pre>
      <div className="row">
        <button type="button" onClick={() => void copySnippet()}>{copy === 'copied' ? 'Copied' : 'Copy snippet'}</button>
        {copy === 'refused' && <span role="status">This browser does not allow copying here: the snippet is selected, press Ctrl+C (⌘C on a Mac).</span>}
      </div>
    </div>
  );
}
