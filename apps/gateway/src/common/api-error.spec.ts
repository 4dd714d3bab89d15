import { apiErrorBody, reasonPhrase } from './api-error';

describe('reasonPhrase', () => {
  it.each([
    [400, 'Bad Request'],
    [413, 'Payload Too Large'],
    [429, 'Too Many Requests'],
    [503, 'Service Unavailable'],
  ])('%i → %s', (status, phrase) => expect(reasonPhrase(status)).toBe(phrase));

  it('falls back for statuses Nest does not name', () => {
    expect(reasonPhrase(599)).toBe('Server Error');
    expect(reasonPhrase(499)).toBe('Error');
  });
});

describe('apiErrorBody', () => {
  it('has the one error shape, leaving out absent optional fields', () => {
    expect(apiErrorBody(404, 'no product x', 'r-1')).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no product x',
      requestId: 'r-1',
    });
  });

  it('names the field, and keeps a domain code in place of the reason phrase', () => {
    expect(apiErrorBody(422, 'unknown SKU', 'r-2', { field: 'items.0.sku', code: 'UNKNOWN_SKU' })).toEqual({
      statusCode: 422,
      error: 'UNKNOWN_SKU',
      message: 'unknown SKU',
      field: 'items.0.sku',
      requestId: 'r-2',
    });
  });
});
