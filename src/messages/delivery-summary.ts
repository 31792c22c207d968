import type { DeliverySummary, ReceiptCounts } from './messages.types';

const share = (n: number, total: number) => (n === 0 ? 'none' : n === total ? 'all' : 'some');

/**
 * The `delivery` object of a message: for each status, whether all, some or none of its receipts
 * reached it. Statuses are cumulative: a read receipt was also delivered and sent.
 */
export function deliverySummary(c: ReceiptCounts | undefined): DeliverySummary | null {
  if (!c || c.total === 0) return null;
  return {
    total: c.total,
    sent: share(c.sent, c.total),
    delivered: share(c.delivered, c.total),
    read: share(c.read, c.total),
    failed: share(c.failed, c.total),
    undelivered: share(c.undelivered, c.total),
  };
}
