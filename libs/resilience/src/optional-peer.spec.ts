import { join } from 'node:path';

import { loadOptionalPeer, requireOptionalPeer } from './optional-peer';

describe('optional peer packages', () => {
  it('loads an installed package', () => {
    expect(loadOptionalPeer<typeof import('yaml')>('yaml')?.parse('a: 1')).toEqual({ a: 1 });
  });

  it('answers undefined for a package that is not installed', () => {
    expect(loadOptionalPeer('@shop/not-installed-anywhere')).toBeUndefined();
  });

  it('names the feature and the install command when a required peer is missing', () => {
    expect(() => requireOptionalPeer('@shop/not-installed-anywhere', 'Resilience metrics')).toThrow(
      'Resilience metrics needs the package "@shop/not-installed-anywhere", which is not installed (npm install @shop/not-installed-anywhere)',
    );
  });

  it('passes on the error of a package that is there but fails to load', () => {
    // A module that requires a missing file: MODULE_NOT_FOUND, but not for the package asked for.
    const broken = join(__dirname, 'testing', 'broken-peer.js');
    expect(() => loadOptionalPeer(broken)).toThrow(/missing-inner-file/);
  });
});
