import { Suspense } from 'react';
import { SpecsPage } from './SpecsPage';

export default function SpecsRoute() {
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading…</div>}>
      <SpecsPage />
    </Suspense>
  );
}
