import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, fleetCli, processNamed, RUN_DIR, stopFleetProcess, urlOf } from './support/fleet';

const BACKEND = ['orders', 'payments', 'inventory', 'notifications', 'ml-advisor'];

interface StatusBody {
  status: string;
  deadlineMs: number;
  services: { name: string; status: string; version?: string; roundTripMs: number; reason?: string }[];
}

async function systemStatus(): Promise<{ body: StatusBody; elapsedMs: number }> {
  const started = Date.now();
  const response = await fetch(urlOf('gateway', '/api/system/status'));
  expect(response.status).toBe(200);
  return { body: (await response.json()) as StatusBody, elapsedMs: Date.now() - started };
}

describe('GET /api/system/status', () => {
  it('reports every backend service up, answered over Kafka request-reply', async () => {
    const { body } = await systemStatus();
    expect(body.services.map((s) => s.name).sort()).toEqual([...BACKEND].sort());
    for (const service of body.services) {
      // Name and reason in the comparison, so a failure says which service was down and why.
      expect({ name: service.name, status: service.status, reason: service.reason }).toEqual({
        name: service.name,
        status: 'up',
        reason: undefined,
      });
      expect(service.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(service.roundTripMs).toBeGreaterThan(0);
      expect(service.roundTripMs).toBeLessThan(body.deadlineMs);
    }
    expect(body.status).toBe('up');
  });

  it('counts the round trip in the services’ Kafka metrics', async () => {
    await systemStatus();
    const metrics = await (await fetch(urlOf('inventory', '/metrics'))).text();
    expect(metrics).toMatch(
      /kafka_messages_total\{topic="system\.status\.inventory",direction="consumed",outcome="success"\} [1-9]/,
    );
  });

  it('reports a stopped service as down within the deadline, then stops asking it (breaker), and up again once it is back', async () => {
    await stopFleetProcess('ml-advisor');
    try {
      const { body, elapsedMs } = await systemStatus();
      const advisor = body.services.find((s) => s.name === 'ml-advisor');
      expect(advisor).toMatchObject({ status: 'down', reason: `no reply within ${body.deadlineMs} ms` });
      expect(body.status).toBe('degraded');
      for (const other of body.services.filter((s) => s.name !== 'ml-advisor')) expect(other.status).toBe('up');
      // The gateway never hangs: it answers within its deadline plus a little overhead.
      expect(elapsedMs).toBeLessThan(body.deadlineMs + 1000);

      // Three timeouts in a row open the status call's breaker: the next answer does not wait at all.
      await systemStatus();
      await systemStatus();
      const fast = await systemStatus();
      const shortCircuited = fast.body.services.find((s) => s.name === 'ml-advisor')!;
      expect(shortCircuited.status).toBe('down');
      expect(shortCircuited.reason).toMatch(/^not asked: Circuit "ml_advisor_service" is open; next probe at /);
      expect(shortCircuited.roundTripMs).toBeLessThan(100);
      const metrics = await (await fetch(urlOf('gateway', '/metrics'))).text();
      expect(metrics).toMatch(
        /resilience_calls_total\{dependency="ml_advisor_service",outcome="timeout"\} ([3-9]|[1-9]\d+)\n/,
      );
      expect(metrics).toMatch(
        /resilience_calls_total\{dependency="ml_advisor_service",outcome="short_circuited"\} [1-9]/,
      );
    } finally {
      await fleetCli('start');
    }
    // Once the breaker lets a probe through, the restarted service is reported up again.
    const back = await eventually('ml-advisor to be reported up again', async () => {
      const { body } = await systemStatus();
      return body.services.find((s) => s.name === 'ml-advisor' && s.status === 'up');
    });
    expect(back.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(processNamed('ml-advisor').port).toBeGreaterThan(0);
  });
});

describe('correlation ids', () => {
  it('cross from HTTP into Kafka headers and show up in the logs of the service that answered', async () => {
    const correlationId = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const response = await fetch(urlOf('gateway', '/api/system/status'), {
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const line = await eventually('the payments log to carry the correlation id', async () =>
      readFileSync(join(RUN_DIR, 'logs', 'payments.log'), 'utf8')
        .split('\n')
        .find((l) => l.includes(correlationId)),
    );
    expect(JSON.parse(line)).toMatchObject({
      service: 'payments',
      correlationId,
      msg: 'status requested',
      level: 'info',
    });
  });

  it('are generated when the client sends none', async () => {
    const response = await fetch(urlOf('gateway', '/health/live'));
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
