'use client';

import { useState } from 'react';

/**
 * A text filter applied with Enter. It follows the URL (Back, Forward, a cleared filter) by adjusting its text when
 * the applied value changes, not by remounting: a remount on every change dropped the keyboard focus to the start of
 * the page each time a search was applied. The value this box itself applied arriving back from the URL leaves the
 * text alone: typing on right after Enter (before the URL's value came round) lost what was typed meanwhile.
 */
export function TextFilter({ label, placeholder, applied, onApply }: { label: string; placeholder: string; applied: string; onApply: (text: string) => void }) {
  const [text, setText] = useState(applied);
  const [shown, setShown] = useState(applied);
  const [sent, setSent] = useState<string | undefined>(undefined);
  if (shown !== applied) {
    setShown(applied);
    if (applied !== sent) setText(applied);
    setSent(undefined);
  }
  const apply = () => {
    setSent(text);
    onApply(text);
  };
  return <input aria-label={label} placeholder={placeholder} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} />;
}
