import { RelativeTime } from '@/components/common/RelativeTime';
import { listSpecs } from '@/lib/db/specs';

export const dynamic = 'force-dynamic';

export default async function SpecsRoute() {
  const specs = await listSpecs();
  return (
    <>
      <h1>Specs</h1>
      {specs.length === 0 ? (
        <div className="state-box">No specs registered yet.</div>
      ) : (
        <table className="data" aria-label="Specs">
          <thead><tr><th>API</th><th>Version</th><th>Format</th><th className="num">Operations</th><th>Uploaded</th><th /></tr></thead>
          <tbody>
            {specs.map((s) => (
              <tr key={s.id}>
                <td>{s.api.name}</td>
                <td>{s.version}</td>
                <td>{s.format}</td>
                <td className="num">{s.operationCount}</td>
                <td><RelativeTime iso={s.uploadedAt.toISOString()} /> {s.uploadedBy && <span className="muted">by {s.uploadedBy.email}</span>}</td>
                <td>{s.isCurrent && <span className="badge documented">current</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
