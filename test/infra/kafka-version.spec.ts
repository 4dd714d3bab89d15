import { fleetKafkaVersion, parseYaml11, parseYamlStream, read } from './support';

// The fleet (tools/kafka), compose and k8s run one Kafka version: the pom's.
describe('one Kafka version everywhere', () => {
  const version = fleetKafkaVersion();

  it('compose runs it', () => {
    const compose = parseYaml11(read('docker', 'compose.yaml')) as { services: Record<string, { image?: string }> };
    const kafkaImages = Object.values(compose.services)
      .map((s) => s.image)
      .filter((image): image is string => image?.startsWith('apache/kafka') ?? false);
    expect(kafkaImages.length).toBeGreaterThan(0);
    for (const image of kafkaImages) expect(image).toBe(`apache/kafka:${version}`);
  });

  it('k8s runs it', () => {
    const docs = parseYamlStream(read('k8s', 'infra', 'kafka.yaml')) as {
      spec?: { template?: { spec?: { containers?: { image: string }[] } } };
    }[];
    const images = docs.flatMap((d) => d.spec?.template?.spec?.containers ?? []).map((c) => c.image);
    expect(images.filter((i) => i.startsWith('apache/kafka'))).toEqual([`apache/kafka:${version}`]);
  });

  it('the docs name it and no other', () => {
    for (const doc of [read('docker', 'README.md'), read('k8s', 'README.md')]) {
      expect(doc).toContain(`apache/kafka:${version}`);
      expect(doc.match(/apache\/kafka:[0-9.]+/g)?.every((m) => m === `apache/kafka:${version}`)).toBe(true);
    }
  });
});
