import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface Profile {
  portOffset: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  redisPort: number;
  zipkinPort: number;
  databasePrefix: string;
}

/** The fleet's configuration is an ES module of the fleet tools; it is read here in a child `node`. */
const config = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as c from ${JSON.stringify(join(__dirname, 'fleet.config.mjs'))};
       console.log(JSON.stringify({ profiles: c.PROFILES, apps: c.APPS, providers: c.PROVIDERS }));`,
    ],
    { encoding: 'utf8' },
  ),
) as { profiles: Record<string, Profile>; apps: { port: number }[]; providers: { port: number }[] };

const KEYS = ['portOffset', 'kafkaPort', 'kafkaControllerPort', 'redisPort', 'zipkinPort', 'databasePrefix'];

/** Every port a profile's fleet listens on. */
const portsOf = (p: Profile): number[] => [
  ...[...config.apps, ...config.providers].map((process) => process.port + p.portOffset),
  p.kafkaPort,
  p.kafkaControllerPort,
  p.redisPort,
  p.zipkinPort,
];

describe('fleet profiles (several fleets on one machine)', () => {
  it.each(Object.entries(config.profiles))('%s names every setting', (_name, profile) => {
    expect(Object.keys(profile).sort()).toEqual([...KEYS].sort());
    for (const port of portsOf(profile)) expect(Number.isInteger(port)).toBe(true);
  });

  it('no two profiles share a port, a database prefix, or a port in the ephemeral range', () => {
    const owner = new Map<number, string>();
    for (const [name, profile] of Object.entries(config.profiles)) {
      for (const port of portsOf(profile)) {
        expect({ port, name, sharedWith: owner.get(port) }).toEqual({ port, name, sharedWith: undefined });
        expect(port).toBeLessThan(32768);
        owner.set(port, name);
      }
    }
    const prefixes = Object.values(config.profiles).map((p) => p.databasePrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
