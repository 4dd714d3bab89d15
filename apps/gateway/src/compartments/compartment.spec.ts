import { compartmentForPath } from './compartment';

describe('compartmentForPath', () => {
  it.each([
    ['/api/orders', 'critical'],
    ['/api/orders/42', 'critical'],
    ['/api/payments/p-1', 'critical'],
    ['/api/pets/DOG-BED-L', 'important'],
    ['/api/inventory/items', 'important'],
    ['/api/system/status', 'important'],
    ['/api/reports/sales', 'background'],
    ['/api/recommendations', 'background'],
  ])('%s belongs to %s', (path, compartment) => {
    expect(compartmentForPath(path)).toBe(compartment);
  });

  it.each(['/health/ready', '/metrics', '/docs', '/docs-json', '/api/admin/faults'])(
    '%s has no compartment, so overload never locks out probes and operators',
    (path) => {
      expect(compartmentForPath(path)).toBeUndefined();
    },
  );

  it('does not mistake a longer word for a critical prefix', () => {
    expect(compartmentForPath('/api/ordersummary')).toBe('important');
  });
});
