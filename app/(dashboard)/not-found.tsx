import Link from 'next/link';

// An endpoint, API or page that does not exist (or no longer does: merged, deleted).
export default function DashboardNotFound() {
  return (
    <div className="state-box">
      <h1>Not found</h1>
      <p>
        Nothing here: it may have been merged into another template or removed. Back to the <Link href="/inventory">inventory</Link>.
      </p>
    </div>
  );
}
