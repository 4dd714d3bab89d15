import { canonicalJson } from './orders.service';

describe('canonicalJson', () => {
  it('hashes equal bodies equally whatever their key order', () => {
    const a = { customerId: 'c', items: [{ sku: 'X', quantity: 1 }], payment: { method: 'card' } };
    const b = { payment: { method: 'card' }, items: [{ quantity: 1, sku: 'X' }], customerId: 'c' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('tells different bodies apart, including item order and types', () => {
    expect(canonicalJson({ items: [{ sku: 'X' }, { sku: 'Y' }] })).not.toBe(
      canonicalJson({ items: [{ sku: 'Y' }, { sku: 'X' }] }),
    );
    expect(canonicalJson({ quantity: 1 })).not.toBe(canonicalJson({ quantity: '1' }));
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });
});
