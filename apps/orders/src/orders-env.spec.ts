import { InvalidEnvironmentError, validateEnvWith } from '@shop/platform';

import { OrdersEnv } from './orders-env';

const validate = validateEnvWith(OrdersEnv);
const BASE = {
  SERVICE_NAME: 'orders',
  PORT: '3001',
  KAFKA_BROKERS: '127.0.0.1:9092',
  ADMIN_API_KEY: 'a-key-of-sixteen-chars',
  MYSQL_DATABASE: 'orders',
  CARRIER_URL: 'http://127.0.0.1:4002',
};

describe('OrdersEnv: the payment-pending deadline', () => {
  it('defaults to 10 minutes', () => {
    expect(validate(BASE).SAGA_PAYMENT_PENDING_DEADLINE_MS).toBe(600_000);
  });

  it('takes a shorter deadline from the environment', () => {
    expect(validate({ ...BASE, SAGA_PAYMENT_PENDING_DEADLINE_MS: '3000' }).SAGA_PAYMENT_PENDING_DEADLINE_MS).toBe(3000);
  });

  it.each(['500', '600001', 'soon'])('refuses %s, naming the variable', (value) => {
    const attempt = () => validate({ ...BASE, SAGA_PAYMENT_PENDING_DEADLINE_MS: value });
    expect(attempt).toThrow(InvalidEnvironmentError);
    expect(attempt).toThrow(/SAGA_PAYMENT_PENDING_DEADLINE_MS/);
  });
});

describe('OrdersEnv: the compensation deadline', () => {
  it('defaults to 5 minutes and takes a shorter one from the environment', () => {
    expect(validate(BASE).SAGA_COMPENSATION_DEADLINE_MS).toBe(300_000);
    expect(validate({ ...BASE, SAGA_COMPENSATION_DEADLINE_MS: '5000' }).SAGA_COMPENSATION_DEADLINE_MS).toBe(5000);
  });

  it('refuses a deadline under a second, naming the variable', () => {
    expect(() => validate({ ...BASE, SAGA_COMPENSATION_DEADLINE_MS: '10' })).toThrow(/SAGA_COMPENSATION_DEADLINE_MS/);
  });
});
