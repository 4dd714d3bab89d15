import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadConventions, REPO_ROOT } from './conventions';
import { Json, parseYaml11, parseYamlStream, read } from './support';

// The tracing backend of compose and k8s: the same Zipkin version as the dev fleet's
// (tools/zipkin/pom.xml), on the conventions' port, health-checked, and every app exporting to it.
const conv = loadConventions();
const ZIPKIN_PORT = conv.infraPorts['Zipkin'][0];
const COLLECTOR = `http://zipkin:${ZIPKIN_PORT}/api/v2/spans`;
const pinned = /<zipkin\.version>([^<]+)</.exec(
  readFileSync(join(REPO_ROOT, 'tools', 'zipkin', 'pom.xml'), 'utf8'),
)![1];

describe('tracing backend (Zipkin) in compose and k8s', () => {
  it('the conventions give Zipkin its port, 9411 as Zipkin itself', () => {
    expect(ZIPKIN_PORT).toBe(9411);
  });

  it('compose runs the pinned Zipkin, in memory, health-checked on /health, published on localhost only', () => {
    const services: Record<string, Json> = parseYaml11(read('docker', 'compose.yaml')).services;
    const zipkin = services.zipkin;
    expect(zipkin.image).toBe(`openzipkin/zipkin:${pinned}`);
    expect(zipkin.environment.STORAGE_TYPE).toBe('mem');
    expect(zipkin.ports).toEqual([`127.0.0.1:${ZIPKIN_PORT}:${ZIPKIN_PORT}`]);
    expect((zipkin.healthcheck.test as string[]).join(' ')).toContain(`http://127.0.0.1:${ZIPKIN_PORT}/health`);
    for (const app of conv.apps) {
      const env = services[app.name].environment as Record<string, string>;
      expect({
        app: app.name,
        exporter: env.OTEL_TRACES_EXPORTER,
        endpoint: env.OTEL_EXPORTER_ZIPKIN_ENDPOINT,
      }).toEqual({
        app: app.name,
        exporter: '${OTEL_TRACES_EXPORTER:-zipkin}',
        endpoint: COLLECTOR,
      });
      expect(env.SERVICE_NAME).toBe(app.name); // the service name on its spans
    }
  });

  it('k8s runs the pinned Zipkin behind a Service on its port, probed on /health, and the apps export to it', () => {
    const docs = parseYamlStream(read('k8s', 'infra', 'zipkin.yaml'));
    const set = docs.find((d) => d.kind === 'StatefulSet');
    const svc = docs.find((d) => d.kind === 'Service');
    const container = set.spec.template.spec.containers[0];
    expect(container.image).toBe(`openzipkin/zipkin:${pinned}`);
    expect(container.ports).toEqual([{ name: 'http', containerPort: ZIPKIN_PORT }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(svc.metadata.name).toBe('zipkin');
    expect(svc.spec.ports[0].port).toBe(ZIPKIN_PORT);
    expect(svc.spec.selector).toEqual(set.spec.selector.matchLabels);
    expect(parseYaml11(read('k8s', 'kustomization.yaml')).resources).toContain('infra/zipkin.yaml');
    const config = parseYamlStream(read('k8s', 'fleet-config.yaml')).find((d) => d.metadata.name === 'fleet-config');
    expect(config.data.OTEL_TRACES_EXPORTER).toBe('zipkin');
    expect(config.data.OTEL_EXPORTER_ZIPKIN_ENDPOINT).toBe(COLLECTOR);
  });
});
