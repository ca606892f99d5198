/** What the inventory pager shows for one page of results: its row range, and whether the page is past the end. */
export interface PagerView {
  /** 1-based index of the first and last row on this page (0 and 0 when the page is empty). */
  from: number;
  to: number;
  lastPage: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /**
   * The page asked for lies beyond the last one although rows match (a bookmarked `page=9` after merges shrank the
   * inventory, or a hand-edited URL): the view offers the last page instead of claiming nothing matches.
   */
  pastEnd: boolean;
}

export function pagerView({ page, pageSize, total }: { page: number; pageSize: number; total: number }): PagerView {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const from = Math.min((page - 1) * pageSize + 1, total + 1);
  const to = Math.min(page * pageSize, total);
  const pastEnd = total > 0 && page > lastPage;
  return { from: to >= from ? from : 0, to: to >= from ? to : 0, lastPage, hasPrevious: page > 1, hasNext: page < lastPage, pastEnd };
}
