import { kafkaConsumersOf } from './bootstrap-service';

describe('kafkaConsumersOf', () => {
  it('gives an app one main consumer, named after it, reading new partitions from their end', () => {
    expect(kafkaConsumersOf('payments', [])).toEqual([
      { name: 'main', clientId: 'payments', topics: { except: [] }, readFromStart: false },
    ]);
  });

  it('takes dedicated topics away from the main consumer into groups of their own, from the start only when asked', () => {
    const consumers = kafkaConsumersOf('ml-advisor', [
      { name: 'order-events', topics: ['orders.completed'], readFromStart: true },
    ]);
    expect(consumers).toEqual([
      { name: 'main', clientId: 'ml-advisor', topics: { except: ['orders.completed'] }, readFromStart: false },
      {
        name: 'order-events',
        clientId: 'ml-advisor-order-events',
        topics: { only: ['orders.completed'] },
        readFromStart: true,
      },
    ]);
    expect(kafkaConsumersOf('orders', [{ name: 'reports', topics: ['orders.reports.sales'] }])[1]).toMatchObject({
      clientId: 'orders-reports',
      readFromStart: false,
    });
  });
});
