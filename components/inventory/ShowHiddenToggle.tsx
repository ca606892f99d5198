'use client';

import { useState } from 'react';
import { formatCount } from '@/components/common/format-count';

/**
 * A "show what the list leaves out" box (ignored endpoints, unlisted shadows), offered when the filters match some of
 * those and kept while it is on, so it can be turned off. It follows the click at once, and the URL (Back, a shared
 * link) after: bound to the URL alone, it flicked back unchecked until the navigation the click starts was done
 * (seconds on a busy server). `total`: undefined until the page is in.
 */
export function ShowHiddenToggle({ label, on, total, onChange }: { label: string; on: boolean; total?: number; onChange: (on: boolean) => void }) {
  const [checked, setChecked] = useState(on);
  // The URL changed (the click's navigation arrived, Back, a shared link): the box follows it, in this render.
  const [urlOn, setUrlOn] = useState(on);
  if (on !== urlOn) {
    setUrlOn(on);
    setChecked(on);
  }
  if (!on && !checked && (total ?? 0) === 0) return null;
  return (
    <label className="row" style={{ flexDirection: 'row' }}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => {
          setChecked(e.target.checked);
          onChange(e.target.checked);
        }}
      />
      {label} ({total === undefined ? '…' : formatCount(total)})
    </label>
  );
}
