import { BadRequestException, Injectable } from '@nestjs/common';
import type { SalesReport } from '@shop/contracts';
import { DataSource } from 'typeorm';

const MAX_DAYS = 366;

/**
 * Sales figures from the order lines the advisor holds. A report is a read-only aggregate; it
 * runs on the advisor's own pool, away from the orders service's write path.
 */
@Injectable()
export class SalesReportService {
  constructor(private readonly db: DataSource) {}

  async report(from: string, to: string): Promise<SalesReport> {
    const start = new Date(`${from}T00:00:00.000Z`);
    const end = new Date(`${to}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime())) throw new BadRequestException({ message: 'from is not a valid date', field: 'from' });
    if (Number.isNaN(end.getTime())) throw new BadRequestException({ message: 'to is not a valid date', field: 'to' });
    if (end < start) throw new BadRequestException({ message: 'to must not be before from', field: 'to' });
    if ((end.getTime() - start.getTime()) / 86_400_000 > MAX_DAYS) throw new BadRequestException({ message: `at most ${MAX_DAYS} days per report`, field: 'to' });
    const endExclusive = new Date(end.getTime() + 86_400_000);
    const range = [start, endExclusive];

    const [totals]: { orders: number; units: number; revenue: number }[] = await this.db.query(
      `SELECT COUNT(DISTINCT order_id) AS orders, COALESCE(SUM(quantity), 0) AS units, COALESCE(SUM(quantity * unit_price_cents), 0) AS revenue
         FROM order_lines WHERE ordered_at >= ? AND ordered_at < ?`,
      range,
    );
    const byDay: { day: string; orders: number; revenue: number }[] = await this.db.query(
      `SELECT DATE_FORMAT(ordered_at, '%Y-%m-%d') AS day, COUNT(DISTINCT order_id) AS orders, SUM(quantity * unit_price_cents) AS revenue
         FROM order_lines WHERE ordered_at >= ? AND ordered_at < ? GROUP BY day ORDER BY day`,
      range,
    );
    const top: { product_id: string; name: string | null; units: number; revenue: number }[] = await this.db.query(
      `SELECT l.product_id, p.name, SUM(l.quantity) AS units, SUM(l.quantity * l.unit_price_cents) AS revenue
         FROM order_lines l LEFT JOIN catalogue_products p ON p.id = l.product_id
        WHERE l.ordered_at >= ? AND l.ordered_at < ?
        GROUP BY l.product_id, p.name ORDER BY revenue DESC, l.product_id LIMIT 10`,
      range,
    );
    return {
      from,
      to,
      orders: Number(totals.orders),
      units: Number(totals.units),
      revenueCents: Number(totals.revenue),
      byDay: byDay.map((d) => ({ day: d.day, orders: Number(d.orders), revenueCents: Number(d.revenue) })),
      topProducts: top.map((t) => ({ productId: t.product_id, name: t.name ?? t.product_id, units: Number(t.units), revenueCents: Number(t.revenue) })),
      source: 'ml-advisor order history (synthetic seed)',
    };
  }
}
