import { assembleSalesReport } from './sales-report.assemble';

const range = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-03T00:00:00Z') };
// 2026-10-01 is day 20727 since the epoch.
const OCT_1 = 20727;

describe('assembleSalesReport', () => {
  it('turns the rows into the report: days as UTC dates, strings as numbers, totals from the days', () => {
    const report = assembleSalesReport(range, 'EUR', {
      byStatus: [
        { status: 'COMPLETED', orders: '3' },
        { status: 'CANCELLED', orders: 1 },
      ],
      byDay: [
        { day_number: OCT_1, orders: '3', completed_orders: '2', revenue_cents: '2980', items_revenue_cents: '1990' },
        {
          day_number: String(OCT_1 + 1),
          orders: 1,
          completed_orders: 1,
          revenue_cents: '1500',
          items_revenue_cents: '1000',
        },
      ],
      completedUnits: '7',
      topSkus: [{ sku: 'DOG-BED', name: 'Dog bed', units: '2', revenue_cents: '2000' }],
    });
    expect(report).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-03T00:00:00.000Z',
      currency: 'EUR',
      orders: 4,
      ordersByStatus: { PENDING: 0, PAYMENT_PENDING: 0, CONFIRMED: 0, COMPLETED: 3, CANCELLED: 1, FAILED: 0 },
      completed: { orders: 3, units: 7, revenueCents: 4480, itemsRevenueCents: 2990 },
      byDay: [
        { day: '2026-10-01', orders: 3, completedOrders: 2, revenueCents: 2980 },
        { day: '2026-10-02', orders: 1, completedOrders: 1, revenueCents: 1500 },
      ],
      topProducts: [{ sku: 'DOG-BED', name: 'Dog bed', units: 2, revenueCents: 2000 }],
      source: expect.stringContaining('orders'),
    });
  });

  it('an empty range lists every status at 0 and no days', () => {
    const report = assembleSalesReport(range, 'EUR', { byStatus: [], byDay: [], completedUnits: null, topSkus: [] });
    expect(report.orders).toBe(0);
    expect(Object.values(report.ordersByStatus)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(report.completed).toEqual({ orders: 0, units: 0, revenueCents: 0, itemsRevenueCents: 0 });
    expect(report.byDay).toEqual([]);
  });

  it('ignores a status the contract does not know rather than inventing a key', () => {
    const report = assembleSalesReport(range, 'EUR', {
      byStatus: [{ status: 'ARCHIVED', orders: 5 }],
      byDay: [],
      completedUnits: 0,
      topSkus: [],
    });
    expect(Object.keys(report.ordersByStatus)).not.toContain('ARCHIVED');
  });
});
