import { currentUser } from '@/lib/auth/current-user';
import { ReviewsPage } from './ReviewsPage';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deprecation reviews' };

export default async function ReviewsRoute() {
  const user = await currentUser();
  return <ReviewsPage canReview={user?.role === 'governance' || user?.role === 'admin'} />;
}
