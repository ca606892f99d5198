'use client';

import dynamic from 'next/dynamic';
import { memo, useMemo } from 'react';
import { useInventoryStatsQuery } from '@/components/hooks/queries/useInventoryStatsQuery';
import { useIdleStagger } from '@/components/hooks/use-idle-stagger';

const chartLoading = () => <div className="chart" role="status" aria-label="Loading chart" />;
// recharts is the heaviest code on the page: it is fetched and evaluated only when the first chart is revealed.
const RequestsByStateChart = dynamic(() => import('@/components/charts/RequestsByStateChart').then((m) => m.RequestsByStateChart), { ssr: false, loading: chartLoading });
const NewShadowsChart = dynamic(() => import('@/components/charts/NewShadowsChart').then((m) => m.NewShadowsChart), { ssr: false, loading: chartLoading });
const PostureChart = dynamic(() => import('@/components/charts/PostureChart').then((m) => m.PostureChart), { ssr: false, loading: chartLoading });

/**
 * The charts describe the whole inventory, not the filtered view, and they are secondary to the table. Mounting
 * three recharts trees costs 150–300 ms of main thread on the bench machine, in tasks React cannot interrupt; a
 * filter change that lands meanwhile waits for all of it. So they mount one per idle period, and not while the table
 * is fetching (`paused`): the user's filter change is answered first. Memoised, and the chart elements are kept
 * stable, so later filter changes do not re-render them at all.
 */
export const InventoryCharts = memo(function InventoryCharts({ paused }: { paused: boolean }) {
  const { data, isError } = useInventoryStatsQuery();
  const charts = useMemo(
    () =>
      data
        ? [
            <RequestsByStateChart key="requests" data={data.requestsByDay} />,
            <NewShadowsChart key="new-shadows" data={data.newShadowsByWeek} />,
            <PostureChart key="posture" data={data.posture} />,
          ]
        : [],
    [data],
  );
  const shown = useIdleStagger(charts.length, paused);
  if (isError) return <div className="state-box error" role="alert">Charts are unavailable right now.</div>;
  if (!data) return <div className="charts charts-loading" role="status" aria-label="Loading charts" />;
  return <div className="charts">{charts.map((chart, i) => (i < shown ? chart : <div key={chart.key} className="chart" role="status" aria-label="Loading chart" />))}</div>;
});
