import { db } from './client';

export function listDeprecationRequests() {
  return db().deprecationRequest.findMany({
    orderBy: { createdAt: 'desc' },
    include: { operation: { select: { method: true, pathTemplate: true } }, endpoint: { select: { host: true, method: true, pathTemplate: true } }, requester: { select: { email: true } } },
  });
}
