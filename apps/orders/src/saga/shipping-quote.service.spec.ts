import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { ConfigService } from '@nestjs/config';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import { loadServiceResilienceConfig, ResilienceEvent, ResilienceRegistry } from '@shop/resilience';
import { Registry } from 'prom-client';

import { ShippingQuoteService } from './shipping-quote.service';

/**
 * The carrier's quotes run through the `carrier` settings of config/resilience.yaml, hedge
 * included: a carrier that sits on one quote is asked again and the second answer is used.
 */
describe('ShippingQuoteService with the fleet carrier settings', () => {
  let server: Server;
  let requests = 0;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ cost: 4.5, currency: 'EUR' }));
      };
      // The first quote hangs (until the test ends); every later one answers at once.
      if (requests === 1) held.push(answer);
      else answer();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  afterAll(async () => {
    for (const answer of held) answer();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('hedges a quote the carrier sits on, and the hedge answers', async () => {
    const config = loadServiceResilienceConfig({
      service: 'orders',
      path: join(__dirname, '../../../../config/resilience.yaml'),
      env: {},
      dependencies: RESILIENCE_DEPENDENCIES.orders,
    });
    expect(config.dependencies.carrier.hedge).toBeDefined();
    const metrics = new Registry();
    const registry = new ResilienceRegistry(config, { metricsRegistry: metrics });
    const events: ResilienceEvent[] = [];
    registry.onEvent((e) => events.push(e));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const quotes = new ShippingQuoteService(registry, new ConfigService({ CARRIER_URL: url }));

    const started = performance.now();
    const quote = await quotes.quote({ destinationCountry: 'DE', weightKg: 2, items: 1 });
    const elapsed = performance.now() - started;

    expect(quote).toEqual({ cost: 4.5, currency: 'EUR', fallback: false });
    expect(requests).toBe(2);
    // Before 20 latencies are known the hedge waits its configured delayMs (200), far under the 800 ms timeout.
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(800);
    expect(events.filter((e) => e.type === 'hedge').map((e) => (e as { result: string }).result)).toEqual(
      expect.arrayContaining(['started', 'won']),
    );
  });
});
