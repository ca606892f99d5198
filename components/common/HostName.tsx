import { Fragment } from 'react';

/**
 * A host name in a table cell: whole on one line when the cell's column can be that wide (up to 32 characters), so
 * the table squeezes the columns that wrap at spaces instead; a longer one breaks after its dots, mid-label only as a
 * last resort. Table cells may break anywhere (a 600-character path must not widen the page), and a table short of
 * room then narrowed the host column until api.payments.example.com broke into 'api.payments.example.co' and 'm'.
 */
export function HostName({ host }: { host: string }) {
  const labels = host.split(/(?<=\.)/);
  return <span className="host-name">{labels.map((label, i) => <Fragment key={i}>{i > 0 && <wbr />}{label}</Fragment>)}</span>;
}
