import { loadProviderConfig, ProviderConfigError } from './provider-config';

const valid = { PROVIDER_KIND: 'payment', PORT: '4001', ADMIN_API_KEY: 'dev-key' };

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadProviderConfig(env);
    return [];
  } catch (error) {
    return (error as ProviderConfigError).problems.map((problem) => problem.variable);
  }
};

describe('loadProviderConfig', () => {
  it('reads a valid environment with defaults', () => {
    expect(loadProviderConfig(valid)).toEqual({
      kind: 'payment',
      port: 4001,
      adminApiKey: 'dev-key',
      host: '127.0.0.1',
      declineAbove: 1000,
    });
  });

  it('reads HOST and DECLINE_ABOVE', () => {
    expect(loadProviderConfig({ ...valid, HOST: '127.0.0.1', DECLINE_ABOVE: '250.50' })).toMatchObject({
      host: '127.0.0.1',
      declineAbove: 250.5,
    });
  });

  it.each([
    [{ PROVIDER_KIND: undefined }, 'PROVIDER_KIND'],
    [{ PROVIDER_KIND: 'bank' }, 'PROVIDER_KIND'],
    [{ PORT: undefined }, 'PORT'],
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ ADMIN_API_KEY: undefined }, 'ADMIN_API_KEY'],
    [{ ADMIN_API_KEY: '  ' }, 'ADMIN_API_KEY'],
    [{ DECLINE_ABOVE: 'lots' }, 'DECLINE_ABOVE'],
    [{ DECLINE_ABOVE: '0' }, 'DECLINE_ABOVE'],
  ])('names the bad variable for %j', (override, variable) => {
    expect(problemsOf({ ...valid, ...override })).toEqual([variable]);
  });

  it('checks DECLINE_ABOVE only for the payment kind', () => {
    expect(problemsOf({ ...valid, PROVIDER_KIND: 'carrier', DECLINE_ABOVE: 'lots' })).toEqual([]);
  });

  it('reports every problem at once, in the message too', () => {
    expect(problemsOf({})).toEqual(['PROVIDER_KIND', 'PORT', 'ADMIN_API_KEY']);
    expect(() => loadProviderConfig({ ...valid, PORT: 'x' })).toThrow(/PORT must be an integer/);
  });
});
