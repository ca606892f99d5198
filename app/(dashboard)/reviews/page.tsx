import { currentUser } from '@/lib/auth/current-user';
import { ReviewsPage } from './ReviewsPage';

export const dynamic = 'force-dynamic';

export default async function ReviewsRoute() {
  const user = await currentUser();
  return <ReviewsPage canReview={user?.role === 'governance' || user?.role === 'admin'} />;
}
