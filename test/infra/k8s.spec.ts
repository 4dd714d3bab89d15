import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import Ajv from 'ajv';

import { loadConventions, REPO_ROOT, requiredAppEnv, SECRET_ENV } from './conventions';
import { K8S_CONTAINER_SCHEMA } from './k8s-container.schema';
import {
  fleetKafkaVersion,
  hostPort,
  Json,
  logValidation,
  parseYaml11,
  parseYamlStream,
  quantity,
  read,
  run,
  which,
} from './support';

const conv = loadConventions();
const NAMESPACE = 'resilient-commerce';
const kustomization = parseYaml11(read('k8s', 'kustomization.yaml'));
const kubectl = which('kubectl');

/**
 * What kustomize would render, without kubectl: the listed resources, the generated mysql-init
 * ConfigMap and the namespace. With kubectl present the test compares it with `kubectl kustomize`.
 */
function renderWithoutKubectl(): Json[] {
  const docs = (kustomization.resources as string[]).flatMap((file) => parseYamlStream(read('k8s', file)));
  for (const gen of kustomization.configMapGenerator ?? []) {
    const data = Object.fromEntries((gen.files as string[]).map((file) => [file.split('/').pop(), read('k8s', file)]));
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data });
  }
  for (const doc of docs) if (doc.kind !== 'Namespace') doc.metadata.namespace = kustomization.namespace;
  return docs;
}

function render(): Json[] {
  if (!kubectl) {
    logValidation('k8s: kubectl not on PATH; manifests read directly (no kustomize build, no typed decode)');
    return renderWithoutKubectl();
  }
  const out = run(kubectl, ['kustomize', 'k8s']);
  if (out.status !== 0) throw new Error(`kubectl kustomize k8s failed: ${out.stderr}`);
  logValidation('k8s: rendered with `kubectl kustomize k8s`');
  return parseYamlStream(out.stdout);
}

const docs = render();
const byKind = (kind: string): Json[] => docs.filter((d) => d.kind === kind);
const find = (kind: string, name: string): Json => byKind(kind).find((d) => d.metadata.name === name);
const deployments = byKind('Deployment');
const workloads = [...deployments, ...byKind('StatefulSet'), ...byKind('Job')];
const podSpec = (w: Json): Json => w.spec.template.spec;
const mainContainer = (w: Json): Json => podSpec(w).containers[0];

/** Names and literal values of a container's env, ConfigMaps in envFrom included. */
function effectiveEnv(container: Json): Map<string, { value?: string; secret?: string; configMap?: string }> {
  const env = new Map<string, { value?: string; secret?: string; configMap?: string }>();
  for (const ref of container.envFrom ?? []) {
    const cm = find('ConfigMap', ref.configMapRef?.name);
    expect({ envFrom: ref, exists: cm !== undefined }).toEqual({ envFrom: ref, exists: true });
    for (const [k, v] of Object.entries<string>(cm.data)) env.set(k, { value: v, configMap: cm.metadata.name });
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef)
      env.set(e.name, { secret: e.valueFrom.secretKeyRef.name + '/' + e.valueFrom.secretKeyRef.key });
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      env.set(e.name, { value: find('ConfigMap', ref.name)?.data?.[ref.key], configMap: ref.name });
    } else env.set(e.name, { value: String(e.value) });
  }
  return env;
}

describe('k8s manifests', () => {
  it('lists every manifest under k8s/ in kustomization.yaml, and only existing files', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry) && entry !== 'kustomization.yaml')
          files.push(relative(join(REPO_ROOT, 'k8s'), path));
      }
    };
    walk(join(REPO_ROOT, 'k8s'));
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.namespace).toBe(NAMESPACE);
    expect(find('Namespace', NAMESPACE)).toBeDefined();
    for (const doc of docs)
      if (doc.kind !== 'Namespace')
        expect([doc.kind, doc.metadata.name, doc.metadata.namespace]).toEqual([doc.kind, doc.metadata.name, NAMESPACE]);
  });

  if (kubectl) {
    it('matches what kubectl kustomize renders (the fallback used where kubectl is absent)', () => {
      const key = (d: Json) => `${d.kind}/${d.metadata.name}`;
      expect(renderWithoutKubectl().map(key).sort()).toEqual(docs.map(key).sort());
    });
  }

  it('deploys every app and provider simulator with a Service on its conventions port', () => {
    for (const p of [...conv.apps, ...conv.providers]) {
      const deploy = find('Deployment', p.name);
      const svc = find('Service', p.name);
      expect({ name: p.name, deployment: !!deploy, service: !!svc }).toEqual({
        name: p.name,
        deployment: true,
        service: true,
      });
      const c = mainContainer(deploy);
      expect(c.ports.map((port: Json) => port.containerPort)).toEqual([p.port]);
      expect(svc.spec.ports.map((port: Json) => port.port)).toEqual([p.port]);
      const env = effectiveEnv(c);
      expect({ name: p.name, PORT: env.get('PORT')?.value }).toEqual({ name: p.name, PORT: String(p.port) });
    }
    expect(deployments).toHaveLength(conv.apps.length + conv.providers.length);
  });

  it('uses the one fleet image, selecting the process with APP as the Dockerfile does', () => {
    const tag = kustomization.images.find((i: Json) => i.name === 'resilient-commerce').newTag;
    for (const w of [...deployments, find('Job', 'kafka-init')]) {
      expect(mainContainer(w).image).toBe(`resilient-commerce:${tag}`);
    }
    for (const app of conv.apps)
      expect(effectiveEnv(mainContainer(find('Deployment', app.name))).get('APP')?.value).toBe(app.name);
    for (const sim of conv.providers) {
      const env = effectiveEnv(mainContainer(find('Deployment', sim.name)));
      expect([env.get('APP')?.value, env.get('PROVIDER_KIND')?.value]).toEqual(['providers', sim.kind]);
    }
    expect(mainContainer(find('Job', 'kafka-init')).command).toEqual([
      'node',
      '-r',
      'tsconfig-paths/register',
      'dist/tools/fleet/create-topics.js',
    ]);
  });

  it('probes liveness and readiness on the health routes of the container port', () => {
    const routes = (name: string) =>
      conv.apps.some((a) => a.name === name) ? ['/health/live', '/health/ready'] : ['/health', '/health'];
    for (const d of deployments) {
      const c = mainContainer(d);
      const portName = c.ports[0].name;
      const [live, ready] = routes(d.metadata.name);
      for (const [probe, path] of [
        ['livenessProbe', live],
        ['readinessProbe', ready],
      ] as const) {
        expect({ deployment: d.metadata.name, probe, path: c[probe]?.httpGet?.path }).toEqual({
          deployment: d.metadata.name,
          probe,
          path,
        });
        expect([portName, c.ports[0].containerPort]).toContain(c[probe].httpGet.port);
      }
    }
    // The stateful infra is probed too.
    for (const s of byKind('StatefulSet')) {
      expect({
        name: s.metadata.name,
        live: !!mainContainer(s).livenessProbe,
        ready: !!mainContainer(s).readinessProbe,
      }).toEqual({
        name: s.metadata.name,
        live: true,
        ready: true,
      });
    }
  });

  it('sets resource requests and limits (cpu, memory) with requests not above limits', () => {
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        for (const res of ['cpu', 'memory']) {
          const req = c.resources?.requests?.[res];
          const lim = c.resources?.limits?.[res];
          expect({ name: w.metadata.name, res, req: req !== undefined, lim: lim !== undefined }).toEqual({
            name: w.metadata.name,
            res,
            req: true,
            lim: true,
          });
          expect(quantity(req)).toBeLessThanOrEqual(quantity(lim));
        }
      }
    }
  });

  it('runs every pod as non-root with all capabilities dropped; the apps on a read-only root filesystem', () => {
    for (const w of workloads) {
      const pod = podSpec(w).securityContext ?? {};
      for (const c of podSpec(w).containers) {
        const sc = c.securityContext ?? {};
        const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
        const uid = sc.runAsUser ?? pod.runAsUser;
        expect({ name: w.metadata.name, nonRoot, uidNonZero: uid > 0 }).toEqual({
          name: w.metadata.name,
          nonRoot: true,
          uidNonZero: true,
        });
        expect({ name: w.metadata.name, drop: sc.capabilities?.drop, escalation: sc.allowPrivilegeEscalation }).toEqual(
          {
            name: w.metadata.name,
            drop: ['ALL'],
            escalation: false,
          },
        );
      }
    }
    for (const w of [...deployments, find('Job', 'kafka-init')]) {
      const c = mainContainer(w);
      // USER node in the Dockerfile is uid 1000; a numeric uid lets the kubelet verify runAsNonRoot.
      expect([w.metadata.name, c.securityContext.runAsUser ?? podSpec(w).securityContext.runAsUser]).toEqual([
        w.metadata.name,
        1000,
      ]);
      expect([w.metadata.name, c.securityContext.readOnlyRootFilesystem]).toEqual([w.metadata.name, true]);
      const tmp = c.volumeMounts.find((m: Json) => m.mountPath === '/tmp');
      expect(podSpec(w).volumes.find((v: Json) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    }
  });

  it('has every Service select an existing workload and target one of its container ports', () => {
    for (const svc of byKind('Service')) {
      const selector = svc.spec.selector;
      const targets = workloads.filter(
        (w) =>
          w.kind !== 'Job' && Object.entries(selector).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v),
      );
      expect({ service: svc.metadata.name, selects: targets.map((t) => t.metadata.name) }).toEqual({
        service: svc.metadata.name,
        selects: [svc.metadata.name],
      });
      const w = targets[0];
      // The workload's own selector must match its template, or the Service's pods are not its pods.
      expect(
        Object.entries(w.spec.selector.matchLabels).every(([k, v]) => w.spec.template.metadata.labels[k] === v),
      ).toBe(true);
      const ports = podSpec(w).containers.flatMap((c: Json) => c.ports ?? []);
      for (const p of svc.spec.ports) {
        const target = p.targetPort ?? p.port;
        const hit = ports.find((cp: Json) => cp.name === target || cp.containerPort === target);
        expect({ service: svc.metadata.name, target, found: !!hit }).toEqual({
          service: svc.metadata.name,
          target,
          found: true,
        });
        if (typeof target === 'string') expect(hit.containerPort).toBe(p.port);
      }
    }
  });

  it('gives each app the conventions env var names, secrets only from the Secret', () => {
    const secret = find('Secret', 'fleet-secrets');
    const secretKeys = Object.keys(secret.stringData ?? secret.data);
    for (const app of conv.apps) {
      const env = effectiveEnv(mainContainer(find('Deployment', app.name)));
      const names = [...env.keys()];
      expect({ app: app.name, missing: requiredAppEnv(conv, app.name).filter((n) => !env.has(n)) }).toEqual({
        app: app.name,
        missing: [],
      });
      expect({ app: app.name, unknown: names.filter((n) => n !== 'APP' && !conv.appEnv.includes(n)) }).toEqual({
        app: app.name,
        unknown: [],
      });
      expect(env.get('MYSQL_DATABASE')?.value).toBe(conv.databases[app.name]);
    }
    for (const w of workloads) {
      for (const [name, source] of effectiveEnv(mainContainer(w))) {
        if (!SECRET_ENV.test(name)) continue;
        expect({ workload: w.metadata.name, name, secret: source.secret }).toEqual({
          workload: w.metadata.name,
          name,
          secret: expect.stringMatching(/^fleet-secrets\//),
        });
        expect(secretKeys).toContain(source.secret!.split('/')[1]);
      }
    }
    for (const cm of byKind('ConfigMap'))
      for (const key of Object.keys(cm.data))
        expect([cm.metadata.name, key, SECRET_ENV.test(key)]).toEqual([cm.metadata.name, key, false]);
  });

  it('ships only placeholder secret values', () => {
    const secret = find('Secret', 'fleet-secrets');
    const values = Object.values<string>(secret.stringData ?? {});
    expect(secret.data).toBeUndefined();
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const v of values) expect(v).toMatch(/^change-me/);
  });

  it('points every address in the ConfigMaps at a Service on the right port', () => {
    const servicePorts = (name: string): number[] => find('Service', name)?.spec.ports.map((p: Json) => p.port) ?? [];
    const config = { ...find('ConfigMap', 'fleet-config').data, ...find('ConfigMap', 'fleet-mysql-config').data };
    const addresses = [
      ...config.KAFKA_BROKERS.split(','),
      `${config.MYSQL_HOST}:${config.MYSQL_PORT}`,
      `${config.REDIS_HOST}:${config.REDIS_PORT}`,
      ...Object.entries<string>(config)
        .filter(([k]) => k.endsWith('_URL'))
        .map(([, v]) => v),
    ];
    expect(addresses.length).toBeGreaterThanOrEqual(7);
    for (const address of addresses) {
      const { host, port } = hostPort(address);
      expect({ address, ports: servicePorts(host) }).toEqual({ address, ports: expect.arrayContaining([port]) });
    }
    const [kafkaPort, controllerPort] = conv.infraPorts['Kafka broker / controller'];
    expect(servicePorts('kafka')).toEqual([kafkaPort, controllerPort]);
    expect(servicePorts('mysql')).toEqual(conv.infraPorts['MariaDB']);
    expect(servicePorts('redis')).toEqual(conv.infraPorts['Redis']);
  });

  it('runs Kafka, MySQL and Redis as StatefulSets on persistent volumes, Redis with AOF', () => {
    for (const name of ['kafka', 'mysql', 'redis']) {
      const s = find('StatefulSet', name);
      expect({ name, claims: s?.spec.volumeClaimTemplates?.length }).toEqual({ name, claims: 1 });
      const mount = mainContainer(s).volumeMounts.find(
        (m: Json) => m.name === s.spec.volumeClaimTemplates[0].metadata.name,
      );
      expect(mount).toBeDefined();
    }
    // Kafka's log dir and MySQL's datadir sit in a subfolder of their volume (lost+found at its root).
    const volumeRoot = (name: string) =>
      mainContainer(find('StatefulSet', name)).volumeMounts.find((m: Json) => m.name === 'data').mountPath;
    const kafkaLogs = effectiveEnv(mainContainer(find('StatefulSet', 'kafka'))).get('KAFKA_LOG_DIRS')?.value;
    expect(kafkaLogs).toMatch(new RegExp(`^${volumeRoot('kafka')}/[a-z]+$`));
    const datadir = /--datadir=(\S+)/.exec(mainContainer(find('StatefulSet', 'mysql')).args.join(' '))?.[1];
    expect(datadir).toMatch(new RegExp(`^${volumeRoot('mysql')}/[a-z]+$`));
    expect(mainContainer(find('StatefulSet', 'redis')).args.join(' ')).toMatch(
      /--appendonly yes .*--appendfsync everysec/,
    );
    const kafka = effectiveEnv(mainContainer(find('StatefulSet', 'kafka')));
    expect(kafka.get('KAFKA_AUTO_CREATE_TOPICS_ENABLE')?.value).toBe('false');
    expect(mainContainer(find('StatefulSet', 'kafka')).image).toBe(`apache/kafka:${fleetKafkaVersion()}`);
    expect(mainContainer(find('StatefulSet', 'mysql')).image).toBe('mysql:8.4');
    expect(find('ConfigMap', 'mysql-init').data['01-databases.sh']).toBe(
      read('docker', 'mysql', 'init', '01-databases.sh'),
    );
  });

  it('passes a focused schema of containers, probes and security contexts (unknown or mistyped fields fail)', () => {
    const validate = new Ajv({ allErrors: true }).compile(K8S_CONTAINER_SCHEMA);
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        expect({ workload: w.metadata.name, errors: validate(c) ? [] : validate.errors }).toEqual({
          workload: w.metadata.name,
          errors: [],
        });
      }
    }
    const typo = structuredClone(mainContainer(deployments[0]));
    typo.readinessProbe.httpGet.paht = '/health/ready';
    typo.resources.limits.cpu = 'lots';
    expect(validate(typo)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(2);
  });

  it(`decodes into the typed Kubernetes API objects (${kubectl ? 'kubectl set env --local' : 'kubectl absent: schema check only'})`, () => {
    if (!kubectl) {
      logValidation('k8s: kubectl not on PATH, so the focused schema check above is the validation');
      return;
    }
    // No cluster here: `kubectl create --dry-run=client` needs API discovery, but `--local` commands
    // decode each workload into its Go type, so a string where an int belongs (or a YAML 1.1 `yes`)
    // fails. Run on kustomize's own output, one pass for all Deployments, StatefulSets and Jobs.
    const rendered = run(kubectl, ['kustomize', 'k8s']).stdout;
    const parts = rendered.split(/^---\s*$/m).filter((p) => /^kind: (Deployment|StatefulSet|Job)\s*$/m.test(p));
    expect(parts).toHaveLength(workloads.length);
    const out = run(
      kubectl,
      ['set', 'env', '--local', '-f', '-', '-o', 'name', 'KUBECTL_LOCAL_CHECK=1'],
      {},
      parts.join('\n---\n'),
    );
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
    expect(out.stdout.trim().split('\n')).toHaveLength(workloads.length);
    // The check has teeth: a mistyped replicas count is rejected.
    const bad = run(
      kubectl,
      ['set', 'env', '--local', '-f', '-', '-o', 'name', 'X=1'],
      {},
      parts[0].replace(/replicas: 1/, 'replicas: "one"'),
    );
    expect(bad.status).not.toBe(0);
    logValidation('k8s: kubectl kustomize + kubectl set env --local typed decode passed');
  });
});
