import { ArgumentsHost } from '@nestjs/common';
import { BacklogFullError, StoreClosedError } from '@shop/write-behind';

import { WriteBehindRefusalFilter } from './backlog-full.filter';

function fakeHost() {
  const answer: { status?: number; body?: any; headers: Record<string, string> } = { headers: {} };
  const res = {
    setHeader: (name: string, value: string) => (answer.headers[name] = value),
    status: (code: number) => {
      answer.status = code;
      return res;
    },
    json: (body: unknown) => (answer.body = body),
  };
  const req = { headers: { 'x-request-id': 'req-1' } };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  return { host, answer };
}

describe('WriteBehindRefusalFilter', () => {
  it('answers a full backlog with 503 and the store’s Retry-After', () => {
    const { host, answer } = fakeHost();
    new WriteBehindRefusalFilter().catch(new BacklogFullError('activity-logs', 10, 10, 7), host);
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('7');
    expect(answer.body).toMatchObject({ statusCode: 503, error: 'WRITE_BEHIND_BACKLOG_FULL', requestId: 'req-1' });
  });

  it('answers a closing store with 503 and a short Retry-After', () => {
    const { host, answer } = fakeHost();
    new WriteBehindRefusalFilter().catch(new StoreClosedError('activity-logs'), host);
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('1');
  });
});
