'use client';

import { useState } from 'react';

/**
 * A text filter applied with Enter. It follows the URL (Back, Forward, a cleared filter) by adjusting its text when
 * the applied value changes, not by remounting: a remount on every change dropped the keyboard focus to the start of
 * the page each time a search was applied.
 */
export function TextFilter({ label, placeholder, applied, onApply }: { label: string; placeholder: string; applied: string; onApply: (text: string) => void }) {
  const [text, setText] = useState(applied);
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setText(applied);
  }
  return <input aria-label={label} placeholder={placeholder} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onApply(text)} />;
}
