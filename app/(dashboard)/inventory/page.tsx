import { Suspense } from 'react';
import { InventoryPage } from './InventoryPage';

export default function InventoryRoute() {
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading endpoints…</div>}>
      <InventoryPage />
    </Suspense>
  );
}
