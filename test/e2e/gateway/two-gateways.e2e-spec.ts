import { accessTokenOf, finalOrder, orderBody, placeOrder } from '../saga/saga-support';
import { processNamed, startExtraInstance, urlOf } from '../support/fleet';

interface Status {
  services: { name: string; status: string }[];
}

/** Every answer here travels over Kafka request-reply: the status fan-out and the order read. */
async function askAll(baseUrl: string, orderId: string, token: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response =
        i % 2 === 0
          ? await fetch(`${baseUrl}/api/system/status`)
          : await fetch(`${baseUrl}/api/orders/${orderId}`, { headers: { 'x-order-token': token } });
      if (i % 2 === 0) expect(((await response.json()) as Status).services.length).toBeGreaterThan(0);
      else await response.arrayBuffer();
      return response.status;
    }),
  );
}

// Two replicas of the gateway share the consumer group of the reply topic. Before, that topic had
// one partition: the second replica was assigned nothing, never became ready and every
// request-reply call on it timed out with 503.
describe('two gateway replicas answering at once', () => {
  it('both become ready and answer every request-reply call, concurrently', async () => {
    const gateway = processNamed('gateway');
    const second = await startExtraInstance('gateway', gateway.port + 902);
    try {
      const orderId = await placeOrder(orderBody([{ sku: 'DOG-TREATS-500', quantity: 1 }]));
      await finalOrder(orderId);
      const token = accessTokenOf(orderId)!;

      const [first, other] = await Promise.all([
        askAll(urlOf('gateway', ''), orderId, token, 20),
        askAll(second.url(''), orderId, token, 20),
      ]);
      expect(first).toEqual(Array(20).fill(200));
      expect(other).toEqual(Array(20).fill(200));
    } finally {
      await second.stop();
    }
  });
});
