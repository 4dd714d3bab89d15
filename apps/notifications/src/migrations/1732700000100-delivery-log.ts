import { createTableSql } from '@shop/write-behind';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { deliveryLogTable } from '../delivery-log/delivery-log.table';

/** Delivery attempts of notifications, written only by the delivery log's flush workers. */
export class DeliveryLog1732700000100 implements MigrationInterface {
  name = 'DeliveryLog1732700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(createTableSql(deliveryLogTable));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS delivery_log');
  }
}
