import Link from 'next/link';

// A dashboard page that does not exist for this user (the Audit log for a viewer or owner). An endpoint that is gone has
// its own (endpoints/[id]/not-found.tsx): until 6 Dec every page said an endpoint's "merged into another template".
export default function DashboardNotFound() {
  return (
    <div className="state-box">
      <h1>Not found</h1>
      <p>
        No page here. Back to the <Link href="/inventory">inventory</Link>.
      </p>
    </div>
  );
}
