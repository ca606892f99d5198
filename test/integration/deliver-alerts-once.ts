// A second replica for alert-delivery tests: one delivery run against DATABASE_URL in a process of its own, so the
// in-process serialisation cannot hide two servers sending the same alert. Prints the run's counts as JSON.
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { disconnectDb } from '../../lib/db/client';

const counts = await deliverPendingAlerts();
await disconnectDb();
process.stdout.write(JSON.stringify(counts));
