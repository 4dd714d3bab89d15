import { ADVISOR_PATHS } from './advisor.http';

describe('ADVISOR_PATHS', () => {
  it.each([
    ['../../admin/faults', '/catalogue/products/..%2F..%2Fadmin%2Ffaults'],
    ['a/b?c=d#e', '/catalogue/products/a%2Fb%3Fc%3Dd%23e'],
    ['__proto__', '/catalogue/products/__proto__'],
    ['DOG FOOD%', '/catalogue/products/DOG%20FOOD%25'],
  ])('puts the product id %j into one path segment, encoded', (id, path) => {
    expect(ADVISOR_PATHS.product(id)).toBe(path);
    expect(new URL(`http://advisor${path}`).pathname).toBe(path);
  });
});
