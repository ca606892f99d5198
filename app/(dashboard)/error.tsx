'use client';

// A dashboard page whose server data failed (database unreachable, a bug): the shell stays, the page says so and can
// retry. Production builds hand error boundaries only a digest, never the server's message, so nothing leaks here.
// `retry` fetches the page from the server again; `reset` only re-rendered what had already failed, so "Try again"
// kept showing this box after the database was back.
export default function DashboardError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="state-box" role="alert">
      <h1>This page could not be loaded</h1>
      <p>The server could not answer. Try again; if it keeps failing, the server log has the details{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
