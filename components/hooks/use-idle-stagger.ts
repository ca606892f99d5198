import { useEffect, useState } from 'react';

/**
 * How many of `total` pieces of secondary content to show: one more each time the browser is idle after a paint, none
 * while `paused`. For widgets whose first render is a long uninterruptible task (recharts updates its own store
 * synchronously, so React cannot time-slice it), this keeps each task to one widget and lets the user's pending
 * interaction go first — and be painted first: an idle callback can run between a commit and its paint, so each step
 * waits for the next frame before asking for idle time. Falls back to a macrotask where requestIdleCallback is
 * missing (Safari).
 */
export function useIdleStagger(total: number, paused: boolean): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (paused || shown >= total) return;
    const reveal = () => setShown((n) => n + 1);
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      // The timeout bounds the wait on a page that is never idle.
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(reveal, { timeout: 1000 });
      else timer = setTimeout(reveal, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (idle !== undefined) cancelIdleCallback(idle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [shown, total, paused]);
  return Math.min(shown, total);
}
