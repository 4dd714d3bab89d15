import { httpErrorFor } from './result-to-http';

describe('httpErrorFor', () => {
  it.each([
    ['VALIDATION', 400],
    ['NOT_FOUND', 404],
    ['IDEMPOTENCY_CONFLICT', 409],
    ['UNKNOWN_SKU', 422],
    ['TIMEOUT', 504],
    ['INTERNAL', 503],
  ])('maps %s to %i and keeps the field', (code, status) => {
    const error = httpErrorFor({ code, message: 'm', field: 'items.0.sku' });
    expect(error.getStatus()).toBe(status);
    expect(error.getResponse()).toMatchObject({ error: code, message: 'm', field: 'items.0.sku' });
  });

  it('leaves the field out when the error has none', () => {
    expect(httpErrorFor({ code: 'NOT_FOUND', message: 'no order' }).getResponse()).not.toHaveProperty('field');
  });
});
