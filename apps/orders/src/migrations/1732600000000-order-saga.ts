import { FIELD_LIMITS } from '@shop/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, their lines, the saga that drives each order and its steps, and the dead letters kept for operators.
 */
export class OrderSaga1732600000000 implements MigrationInterface {
  name = 'OrderSaga1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS orders (
        id CHAR(36) NOT NULL PRIMARY KEY,
        customer_id VARCHAR(${FIELD_LIMITS.customerId}) NOT NULL,
        idempotency_key VARCHAR(${FIELD_LIMITS.idempotencyKey}) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        status VARCHAR(24) NOT NULL,
        currency CHAR(3) NOT NULL,
        items_total DECIMAL(12,2) NOT NULL,
        shipping_cost DECIMAL(12,2) NULL,
        shipping_fallback TINYINT(1) NOT NULL DEFAULT 0,
        total DECIMAL(12,2) NULL,
        weight_kg DECIMAL(10,3) NOT NULL,
        payment_method VARCHAR(32) NOT NULL,
        shipping_address JSON NOT NULL,
        charge_id VARCHAR(80) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_orders_idempotency_key (idempotency_key)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS order_lines (
        order_id CHAR(36) NOT NULL,
        line_no SMALLINT NOT NULL,
        sku VARCHAR(${FIELD_LIMITS.sku}) NOT NULL,
        name VARCHAR(200) NOT NULL,
        quantity INT NOT NULL,
        unit_price DECIMAL(12,2) NOT NULL,
        PRIMARY KEY (order_id, line_no)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS sagas (
        id CHAR(36) NOT NULL PRIMARY KEY,
        order_id CHAR(36) NOT NULL,
        status VARCHAR(16) NOT NULL,
        current_step TINYINT NOT NULL,
        next_attempt_at DATETIME(3) NULL,
        deadline_at DATETIME(3) NULL,
        last_error TEXT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        finished_at DATETIME(3) NULL,
        UNIQUE KEY uq_sagas_order (order_id),
        KEY ix_sagas_due (status, next_attempt_at)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS saga_steps (
        saga_id CHAR(36) NOT NULL,
        step_no TINYINT NOT NULL,
        name VARCHAR(32) NOT NULL,
        state VARCHAR(16) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        last_error TEXT NULL,
        comp_state VARCHAR(16) NULL,
        comp_attempts INT NOT NULL DEFAULT 0,
        comp_started_at DATETIME(3) NULL,
        comp_finished_at DATETIME(3) NULL,
        comp_last_error TEXT NULL,
        PRIMARY KEY (saga_id, step_no)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS dead_letters (
        id VARCHAR(160) NOT NULL PRIMARY KEY,
        service VARCHAR(32) NOT NULL,
        original_topic VARCHAR(249) NOT NULL,
        message_key VARCHAR(128) NULL,
        payload LONGTEXT NOT NULL,
        error TEXT NOT NULL,
        attempts INT NOT NULL,
        failed_at DATETIME(3) NOT NULL,
        received_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        replayed_at DATETIME(3) NULL,
        replay_count INT NOT NULL DEFAULT 0
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['dead_letters', 'saga_steps', 'sagas', 'order_lines', 'orders'])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
