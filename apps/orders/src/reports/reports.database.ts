import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolConnection } from 'mysql2/promise';

import { OrderDomainError } from '../orders/orders.errors';
import { REPORTS_POOL } from './reports.constants';
import { flavourOf, isStatementTimeout, SqlFlavour, withStatementTimeout } from './statement-timeout';

/** A SELECT with its parameters, run under the report's time limit. */
export type TimedSelect = <R>(sql: string, params: unknown[]) => Promise<R[]>;

/**
 * The reports' own connection pool (`REPORTS_POOL`, one connection), separate from the TypeORM
 * pool the saga writes through. Dates are compared as Unix times (`FROM_UNIXTIME(?)`,
 * `UNIX_TIMESTAMP(created_at)`) in the session's default zone, the one `created_at` was written
 * in, so the report is right whatever the server's zone.
 */
@Injectable()
export class ReportsDatabase implements OnApplicationShutdown {
  private flavour: SqlFlavour | undefined;

  constructor(@Inject(REPORTS_POOL) private readonly pool: Pool) {}

  /**
   * Runs `work` on the reports connection in one read-only snapshot, so all figures of a report
   * see the same orders. Each statement gets the time left before `deadline` as its server-side
   * limit; running out is a TIMEOUT error. The connection goes back to the pool either way.
   */
  async snapshot<T>(deadline: number, work: (select: TimedSelect) => Promise<T>): Promise<T> {
    const connection = await this.pool.getConnection();
    let broken = false;
    try {
      const flavour = await this.flavourOf(connection);
      await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      const select: TimedSelect = async <R>(sql: string, params: unknown[]) => {
        const left = deadline - Date.now();
        if (left <= 0) throw timedOut();
        const [rows] = await connection.query(withStatementTimeout(sql, left, flavour), params);
        return rows as R[];
      };
      const result = await work(select);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      broken = (error as { fatal?: boolean }).fatal === true;
      if (!broken) await connection.query('ROLLBACK').catch(() => (broken = true));
      throw isStatementTimeout(error) ? timedOut() : error;
    } finally {
      if (broken) connection.destroy();
      else connection.release();
    }
  }

  private async flavourOf(connection: PoolConnection): Promise<SqlFlavour> {
    if (!this.flavour) {
      const [rows] = await connection.query('SELECT VERSION() AS version');
      this.flavour = flavourOf(String((rows as { version: string }[])[0]?.version));
    }
    return this.flavour;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

const timedOut = () => new OrderDomainError('TIMEOUT', 'the report ran out of time');
