import { InvalidEnvironmentError, validateEnvWith } from '@shop/platform';

import { GatewaySettings } from './gateway-settings';

const validate = validateEnvWith(GatewaySettings);

describe('GatewaySettings', () => {
  it('has working defaults', () => {
    expect(validate({})).toMatchObject({
      THROTTLE_LIMIT: 1000,
      THROTTLE_TTL_MS: 1000,
      COMPARTMENTS_ENABLED: 'true',
      ML_ADVISOR_URL: 'http://127.0.0.1:3005',
    });
  });

  it('converts numbers and accepts service-name URLs', () => {
    expect(validate({ THROTTLE_LIMIT: '50', ML_ADVISOR_URL: 'http://ml-advisor:3005' })).toMatchObject({
      THROTTLE_LIMIT: 50,
      ML_ADVISOR_URL: 'http://ml-advisor:3005',
    });
  });

  it('names every bad variable', () => {
    try {
      validate({ THROTTLE_LIMIT: 'lots', COMPARTMENTS_ENABLED: 'yes', ML_ADVISOR_URL: 'ml-advisor' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      const text = (error as InvalidEnvironmentError).problems.join('\n');
      expect(text).toContain('THROTTLE_LIMIT');
      expect(text).toContain('COMPARTMENTS_ENABLED must be true or false');
      expect(text).toContain('ML_ADVISOR_URL must be an http(s) URL');
    }
  });
});
