import { hostPort, parseYaml11, quantity } from './support';

describe('test/infra helpers', () => {
  it('hostPort reads host:port from a broker entry or a URL', () => {
    expect(hostPort('kafka:9092')).toEqual({ host: 'kafka', port: 9092 });
    expect(hostPort('http://payment-provider-sim:4001/charge')).toEqual({ host: 'payment-provider-sim', port: 4001 });
    expect(() => hostPort('http://no-port')).toThrow(/not host:port/);
  });

  it('quantity turns k8s cpu and memory quantities into comparable numbers', () => {
    expect(quantity('500m')).toBe(0.5);
    expect(quantity('1')).toBe(1);
    expect(quantity('192Mi')).toBe(192 * 1024 ** 2);
    expect(quantity('1Gi')).toBeGreaterThan(quantity('768Mi'));
    expect(() => quantity('lots')).toThrow(/bad quantity/);
  });

  it('parseYaml11 resolves merge keys and reads an unquoted yes as a boolean, as compose does', () => {
    const doc = parseYaml11('base: &b { a: 1 }\nx:\n  <<: *b\n  flag: yes\n  text: "yes"\n');
    expect(doc.x).toEqual({ a: 1, flag: true, text: 'yes' });
  });
});
