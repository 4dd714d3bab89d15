import { ORDER_STATUSES, OrderStatus, SalesReport } from '@shop/contracts';

import { ReportRange } from './sales-report.range';

/** Rows as the report's queries return them (mysql2 gives DECIMAL and SUM results as strings). */
export interface SalesReportRows {
  byStatus: { status: string; orders: number | string }[];
  /** `day_number`: whole days since 1970-01-01 UTC. */
  byDay: {
    day_number: number | string;
    orders: number | string;
    completed_orders: number | string;
    revenue_cents: number | string | null;
    items_revenue_cents: number | string | null;
  }[];
  completedUnits: number | string | null;
  topSkus: { sku: string; name: string; units: number | string; revenue_cents: number | string }[];
}

const DAY_MS = 86_400_000;
const num = (value: number | string | null | undefined): number => Number(value ?? 0);

/** The sales report from its rows: totals are the sums of the days, so the two always agree. */
export function assembleSalesReport(range: ReportRange, currency: string, rows: SalesReportRows): SalesReport {
  const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  for (const row of rows.byStatus)
    if (Object.hasOwn(ordersByStatus, row.status)) ordersByStatus[row.status as OrderStatus] = num(row.orders);
  const byDay = rows.byDay.map((d) => ({
    day: new Date(num(d.day_number) * DAY_MS).toISOString().slice(0, 10),
    orders: num(d.orders),
    completedOrders: num(d.completed_orders),
    revenueCents: num(d.revenue_cents),
    itemsRevenueCents: num(d.items_revenue_cents),
  }));
  const sum = (pick: (d: (typeof byDay)[number]) => number) => byDay.reduce((total, d) => total + pick(d), 0);
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    currency,
    orders: sum((d) => d.orders),
    ordersByStatus,
    completed: {
      orders: sum((d) => d.completedOrders),
      units: num(rows.completedUnits),
      revenueCents: sum((d) => d.revenueCents),
      itemsRevenueCents: sum((d) => d.itemsRevenueCents),
    },
    byDay: byDay.map(({ day, orders, completedOrders, revenueCents }) => ({
      day,
      orders,
      completedOrders,
      revenueCents,
    })),
    topProducts: rows.topSkus.map((t) => ({
      sku: t.sku,
      name: t.name,
      units: num(t.units),
      revenueCents: num(t.revenue_cents),
    })),
    source: 'orders database (reports pool)',
  };
}
