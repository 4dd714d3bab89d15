// The table the integration suites and the worker child process share.
import { defineTable } from '../src/write-behind.table';

export interface TestOrder {
  customerId: string;
  status: string;
  totalCents: number;
  /** VARCHAR(8): a longer note is rejected by MySQL (strict mode), which the dead-letter test uses. */
  note: string | null;
}

export const testOrdersTable = defineTable<TestOrder>({
  name: 'wb_orders',
  columns: {
    customer_id: { type: 'VARCHAR(64)' },
    status: { type: 'VARCHAR(32)' },
    total_cents: { type: 'BIGINT' },
    note: { type: 'VARCHAR(8)', nullable: true },
  },
  indexes: [['customer_id'], ['status']],
  toRow: (order) => ({
    customer_id: order.customerId,
    status: order.status,
    total_cents: order.totalCents,
    note: order.note,
  }),
  fromRow: (row) => ({
    customerId: String(row.customer_id),
    status: String(row.status),
    totalCents: Number(row.total_cents),
    note: typeof row.note === 'string' ? row.note : null,
  }),
});
