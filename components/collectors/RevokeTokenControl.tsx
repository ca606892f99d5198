'use client';

import { useState } from 'react';
import { focusOnMount } from '@/components/common/focus-on-mount';

/**
 * A token's Revoke button, which asks before it revokes: every collector using the token is refused from its next
 * request, and there is no undoing it. Until 6 Dec one click (a mis-click on the wrong row included) revoked at once.
 * The safe answer takes the focus, so Enter pressed twice does not revoke; Cancel or Escape gives the focus back.
 */
export function RevokeTokenControl({ name, pending, onRevoke }: { name: string; pending: boolean; onRevoke: () => void }) {
  const [asking, setAsking] = useState(false);
  const [answered, setAnswered] = useState(false);
  const cancel = () => {
    setAsking(false);
    setAnswered(true);
  };
  if (!asking) return <button type="button" ref={answered ? focusOnMount : undefined} onClick={() => setAsking(true)}>Revoke</button>;
  return (
    <span role="group" aria-label={`Revoke token ${name}?`} className="row" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <span>Revoke?</span>
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
      <button type="button" className="primary" aria-disabled={pending} onClick={() => !pending && onRevoke()}>Yes, revoke</button>
      <button type="button" ref={focusOnMount} onClick={cancel}>Cancel</button>
    </span>
  );
}
