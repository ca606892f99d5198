import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { endpointActions } from '@/lib/auth/endpoint-actions';
import { currentUser } from '@/lib/auth/current-user';
import { getEndpointDetail } from '@/lib/db/endpoint-detail';
import { mayWriteOverrideFor } from '@/lib/db/host-scope';
import { EndpointPage } from './EndpointPage';

export const dynamic = 'force-dynamic';

// One read per request for the title and the page.
const endpointDetail = cache((id: string) => getEndpointDetail(id));

/** The endpoint's method and URL as the page title; nothing of it for a caller who may not read it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const [user, detail] = await Promise.all([currentUser(), endpointDetail(id)]);
  return user && detail ? { title: `${detail.method} ${detail.host}${detail.pathTemplate}` } : { title: 'Not found' };
}

export default async function EndpointRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [user, detail] = await Promise.all([currentUser(), endpointDetail(id)]);
  if (!detail || !user) notFound();
  const mayOverrideHost = user.role === 'owner' && (await mayWriteOverrideFor(user, detail.host));
  return <EndpointPage endpoint={detail} can={endpointActions(user, detail, mayOverrideHost)} />;
}
