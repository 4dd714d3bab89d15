import { fleet, urlOf } from './support/fleet';

const apps = () => fleet().processes.filter((p) => p.role === 'app');

describe('every app’s health and metrics endpoints', () => {
  it.each(['gateway', 'orders', 'payments', 'inventory', 'notifications', 'ml-advisor'])(
    '%s: /health/live and /health/ready answer ok, ready checks its dependencies',
    async (name) => {
      const live = await fetch(urlOf(name, '/health/live'));
      expect(live.status).toBe(200);
      const ready = await fetch(urlOf(name, '/health/ready'));
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { status: string; details: Record<string, { status: string }> };
      expect(body.status).toBe('ok');
      expect(body.details.kafka.status).toBe('up');
      if (name !== 'gateway') {
        expect(body.details.mysql.status).toBe('up');
      } else {
        expect(body.details.redis.status).toBe('up');
        expect(body.details['kafka-replies'].status).toBe('up');
      }
    },
  );

  it('every app exports process metrics, the HTTP histogram by route and the Kafka counter', async () => {
    for (const app of apps()) {
      await fetch(urlOf(app.name, '/health/live'));
      const response = await fetch(urlOf(app.name, '/metrics'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('process_cpu_seconds_total');
      expect(text).toMatch(
        /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/health\/live",status="200"\}/,
      );
      expect(text).toContain('# TYPE kafka_messages_total counter');
    }
  });

  it('labels unknown routes as unmatched instead of one series per URL', async () => {
    const response = await fetch(urlOf('gateway', '/no/such/route/12345'));
    expect(response.status).toBe(404);
    const text = await (await fetch(urlOf('gateway', '/metrics'))).text();
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain('12345');
  });
});
