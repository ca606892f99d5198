'use client';

import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

/**
 * The box a table scrolls sideways in when it is wider than the page (a phone). While it does scroll it is a named
 * region in the Tab order, so the keyboard can reach it and scroll it with the arrow keys (WCAG 2.1.1; axe's
 * scrollable-region-focusable): a table without a link of its own, such as the audit log, was passed by. On a wide
 * window nothing scrolls, and it adds no Tab stop.
 */
export function TableScroll({ label, style, children }: { label: string; style?: CSSProperties; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="table-scroll" style={style} {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}>
      {children}
    </div>
  );
}
