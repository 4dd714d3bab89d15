import { OrderSaga1732600000000 } from './1732600000000-order-saga';
import { SagasByUpdate1732600000002 } from './1732600000002-sagas-by-update';
import { OrdersByCreation1732600000003 } from './1732600000003-orders-by-creation';
import { SagaOrderContext1732600000004 } from './1732600000004-saga-order-context';

/** The orders database's own migrations, in order (the messaging module adds the inbox's and outbox's). */
export const ORDERS_MIGRATIONS = [
  OrderSaga1732600000000,
  SagasByUpdate1732600000002,
  OrdersByCreation1732600000003,
  SagaOrderContext1732600000004,
];
