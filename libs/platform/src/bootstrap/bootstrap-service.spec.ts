import { kafkaConsumersOf } from './bootstrap-service';

describe('kafkaConsumersOf', () => {
  it('gives an app one main consumer, named after it', () => {
    expect(kafkaConsumersOf('payments', [])).toEqual([{ name: 'main', clientId: 'payments', topics: { except: [] } }]);
  });

  it('takes dedicated topics away from the main consumer into groups of their own', () => {
    const consumers = kafkaConsumersOf('ml-advisor', [{ name: 'order-events', topics: ['orders.completed'] }]);
    expect(consumers).toEqual([
      { name: 'main', clientId: 'ml-advisor', topics: { except: ['orders.completed'] } },
      {
        name: 'order-events',
        clientId: 'ml-advisor-order-events',
        topics: { only: ['orders.completed'] },
      },
    ]);
    expect(kafkaConsumersOf('orders', [{ name: 'reports', topics: ['orders.reports.sales'] }])[1]).toMatchObject({
      clientId: 'orders-reports',
    });
  });
});
