import { describe, expect, test } from 'vitest';
import { deliveryLogLine } from './delivery-log-line';

describe('delivery log line', () => {
  test('a quiet minute says nothing', () => {
    expect(deliveryLogLine({ delivered: 0, failed: 0 }, { pending: 3, undeliverable: 2 }, 2)).toBeNull();
  });

  test('alerts given up on are announced at start and whenever their number changes', () => {
    const line = 'alerts: 0 delivered, 0 failed (retried with backoff), 0 pending, 2 undeliverable after every attempt';
    expect(deliveryLogLine({ delivered: 0, failed: 0 }, { pending: 0, undeliverable: 2 }, null)).toBe(line);
    expect(deliveryLogLine({ delivered: 0, failed: 0 }, { pending: 0, undeliverable: 2 }, 1)).toBe(line);
  });

  test('a run that sent or failed something is reported with the backlog', () => {
    expect(deliveryLogLine({ delivered: 4, failed: 1 }, { pending: 1, undeliverable: 0 }, 0)).toBe('alerts: 4 delivered, 1 failed (retried with backoff), 1 pending, 0 undeliverable after every attempt');
  });
});
