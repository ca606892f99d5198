// Shared with lib/ (audit summaries are written there and read on the dashboard): one rule for every count shown.
export { formatCount } from '@/lib/format-count';
