import { isClientError } from './client-error';

describe('isClientError', () => {
  it.each([
    [{ status: 400 }, true],
    [{ statusCode: 422 }, true],
    [{ response: { status: 404 } }, true],
    [{ status: 408 }, false], // request timeout: the dependency may be sick
    [{ status: 429 }, false], // rate limited: back off, but do not ignore
    [{ status: 503 }, false],
    [new Error('plain'), false],
    ['string', false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isClientError(error)).toBe(expected);
  });
});
