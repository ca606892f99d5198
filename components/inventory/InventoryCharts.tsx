'use client';

import { NewShadowsChart } from '@/components/charts/NewShadowsChart';
import { PostureChart } from '@/components/charts/PostureChart';
import { RequestsByStateChart } from '@/components/charts/RequestsByStateChart';
import { useInventoryStatsQuery } from '@/components/hooks/queries/useInventoryStatsQuery';

export function InventoryCharts() {
  const { data, isError } = useInventoryStatsQuery();
  if (isError) return <div className="state-box error" role="alert">Charts are unavailable right now.</div>;
  if (!data) return <div className="charts charts-loading" role="status" aria-label="Loading charts" />;
  return (
    <div className="charts">
      <RequestsByStateChart data={data.requestsByDay} />
      <NewShadowsChart data={data.newShadowsByWeek} />
      <PostureChart data={data.posture} />
    </div>
  );
}
