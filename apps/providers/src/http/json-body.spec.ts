import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';

import { HttpError } from './http-error';
import { MAX_BODY_BYTES, readJsonBody } from './json-body';

/** A request stand-in: a stream with headers and the `complete` flag Node sets on 'end'. */
function fakeRequest(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough() as unknown as PassThrough & { headers: Record<string, string>; complete: boolean };
  stream.headers = headers;
  stream.complete = false;
  stream.on('end', () => (stream.complete = true));
  queueMicrotask(() => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
  return stream as unknown as IncomingMessage;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: HttpError) => error,
  );

describe('readJsonBody', () => {
  it('parses a body split over several chunks', async () => {
    expect(await readJsonBody(fakeRequest(['{"amount"', ': 12.5}']))).toEqual({ amount: 12.5 });
  });

  it('rejects malformed JSON with 400 invalid_json', async () => {
    const error = await failure(readJsonBody(fakeRequest(['{nope'])));
    expect(error).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
  });

  it('rejects an empty body with 400 invalid_json', async () => {
    const error = await failure(readJsonBody(fakeRequest(['  '])));
    expect(error).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
  });

  it('rejects a declared content-length over the limit with 413', async () => {
    const error = await failure(readJsonBody(fakeRequest(['{}'], { 'content-length': String(MAX_BODY_BYTES + 1) })));
    expect(error).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it('rejects a streamed body that grows over the limit with 413', async () => {
    const error = await failure(readJsonBody(fakeRequest(['"', 'x'.repeat(40), '"']), 32));
    expect(error?.status).toBe(413);
  });

  it('accepts a body exactly at the limit', async () => {
    const body = JSON.stringify('x'.repeat(30));
    expect(await readJsonBody(fakeRequest([body]), body.length)).toBe('x'.repeat(30));
  });
});
