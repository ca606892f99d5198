import Link from 'next/link';

// An endpoint that does not exist, or no longer does: templating merged it into another, or retention removed it.
export default function EndpointNotFound() {
  return (
    <div className="state-box">
      <h1>Endpoint not found</h1>
      <p>
        No endpoint here: it may have been merged into another template or removed. Back to the <Link href="/inventory">inventory</Link>.
      </p>
    </div>
  );
}
