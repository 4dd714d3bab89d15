import { existsSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2019 from 'ajv/dist/2019';

import { loadConventions, REPO_ROOT, requiredAppEnv, SECRET_ENV } from './conventions';
import { fleetKafkaVersion, hostPort, Json, logValidation, parseYaml11, read, run, which } from './support';

const conv = loadConventions();
const composeText = read('docker', 'compose.yaml');
const compose = parseYaml11(composeText);
const services: Record<string, Json> = compose.services;
const portOf = (name: string): number | undefined =>
  [...conv.apps, ...conv.providers].find((p) => p.name === name)?.port;
/** Dummy values for the required secrets, only to let compose interpolate the file. */
const DUMMY_SECRETS = { ADMIN_API_KEY: 'test-only-admin-key-0000', MYSQL_PASSWORD: 'x', MYSQL_ROOT_PASSWORD: 'y' };

/** One-shot services (restart "no") run to completion; they are waited on, not health-checked. */
const isOneShot = (svc: Json): boolean => svc.restart === 'no';

/** `environment` as a map, whichever form (list or map) the file used. */
function envOf(svc: Json): Record<string, string> {
  const env = svc.environment ?? {};
  if (!Array.isArray(env))
    return Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, String((v as string | number | boolean | null) ?? '')]),
    );
  return Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
}

function publishedTargets(svc: Json): number[] {
  return (svc.ports ?? []).map((p: Json) =>
    typeof p === 'object' ? Number(p.target) : Number(String(p).split(':').pop()),
  );
}

function healthUrl(svc: Json): string | undefined {
  const test = svc.healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : String(test ?? '');
  return /https?:\/\/[^'"\s)]+/.exec(text)?.[0];
}

describe('docker/compose.yaml', () => {
  it('runs every app of docs/conventions.md on its port, health-checked on /health/ready', () => {
    for (const app of conv.apps) {
      const svc = services[app.name];
      expect({ app: app.name, defined: svc !== undefined }).toEqual({ app: app.name, defined: true });
      const env = envOf(svc);
      expect({ app: app.name, APP: env.APP, SERVICE_NAME: env.SERVICE_NAME, PORT: env.PORT }).toEqual({
        app: app.name,
        APP: app.name,
        SERVICE_NAME: app.name,
        PORT: String(app.port),
      });
      expect(publishedTargets(svc)).toEqual([app.port]);
      expect(healthUrl(svc)).toBe(`http://127.0.0.1:${app.port}/health/ready`);
      expect(svc.image).toBe(services[conv.apps[0].name].image);
    }
  });

  it('runs the three provider simulators from the app image with their PROVIDER_KIND and port', () => {
    for (const sim of conv.providers) {
      const svc = services[sim.name];
      expect({ sim: sim.name, defined: svc !== undefined }).toEqual({ sim: sim.name, defined: true });
      const env = envOf(svc);
      expect({ APP: env.APP, PROVIDER_KIND: env.PROVIDER_KIND, PORT: env.PORT }).toEqual({
        APP: 'providers',
        PROVIDER_KIND: sim.kind,
        PORT: String(sim.port),
      });
      expect(conv.providerKinds).toContain(env.PROVIDER_KIND);
      expect(publishedTargets(svc)).toEqual([sim.port]);
      expect(healthUrl(svc)).toBe(`http://127.0.0.1:${sim.port}/health`);
      expect(svc.image).toBe(services.gateway.image);
    }
  });

  it('gives each app exactly the env var names of the conventions (MYSQL_* only where it owns a database)', () => {
    for (const app of conv.apps) {
      const names = Object.keys(envOf(services[app.name]));
      expect({ app: app.name, missing: requiredAppEnv(conv, app.name).filter((n) => !names.includes(n)) }).toEqual({
        app: app.name,
        missing: [],
      });
      const unknown = names.filter((n) => n !== 'APP' && !conv.appEnv.includes(n));
      expect({ app: app.name, unknown }).toEqual({ app: app.name, unknown: [] });
      expect(envOf(services[app.name]).MYSQL_DATABASE).toBe(conv.databases[app.name]);
    }
    for (const sim of conv.providers) {
      const names = Object.keys(envOf(services[sim.name]));
      expect(names.filter((n) => !['APP', 'HEALTH_PATH', ...conv.providerEnv].includes(n))).toEqual([]);
      expect(conv.providerEnv.filter((n) => !names.includes(n))).toEqual([]);
    }
  });

  it('points every address in the env at a service of this file on the right port', () => {
    const infraPort: Record<string, number> = {
      kafka: conv.infraPorts['Kafka broker / controller'][0],
      mysql: conv.infraPorts['MariaDB'][0],
      redis: conv.infraPorts['Redis'][0],
    };
    const expected = (host: string): number | undefined => portOf(host) ?? infraPort[host];
    let checked = 0;
    for (const [name, svc] of Object.entries(services)) {
      const env = envOf(svc);
      const pairs: Array<[string, string, string | undefined]> = [];
      for (const [key, value] of Object.entries(env)) {
        if (key.endsWith('_URL')) pairs.push([key, value, undefined]);
        if (key === 'KAFKA_BROKERS') value.split(',').forEach((b) => pairs.push([key, b, undefined]));
      }
      if (env.MYSQL_HOST) pairs.push(['MYSQL_HOST', `${env.MYSQL_HOST}:${env.MYSQL_PORT}`, 'mysql']);
      if (env.REDIS_HOST) pairs.push(['REDIS_HOST', `${env.REDIS_HOST}:${env.REDIS_PORT}`, 'redis']);
      for (const [key, value] of pairs) {
        const { host, port } = hostPort(value);
        expect({ service: name, key, host, known: host in services }).toEqual({
          service: name,
          key,
          host,
          known: true,
        });
        expect({ service: name, key, port }).toEqual({ service: name, key, port: expected(host) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(conv.apps.length * 5);
  });

  it('health-checks every long-running service and only waits on healthy (or completed one-shot) services', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (isOneShot(svc)) {
        expect({ name, command: svc.command }).toEqual({ name, command: expect.any(Array) });
        continue;
      }
      const test = svc.healthcheck?.test;
      expect({
        name,
        disabled: svc.healthcheck?.disable === true,
        hasTest: Array.isArray(test) && test.length > 1,
      }).toEqual({
        name,
        disabled: false,
        hasTest: true,
      });
      expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
    }
    for (const [name, svc] of Object.entries(services)) {
      const deps = svc.depends_on ?? {};
      expect({ name, listForm: Array.isArray(deps) }).toEqual({ name, listForm: false });
      for (const [dep, spec] of Object.entries<Json>(deps)) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        const wanted = isOneShot(services[dep]) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dep, condition: spec?.condition }).toEqual({ name, dep, condition: wanted });
      }
    }
    // Every app waits for the broker, its topics and the stores it uses.
    for (const app of conv.apps) {
      const deps = Object.keys(services[app.name].depends_on);
      expect(deps).toEqual(expect.arrayContaining(['kafka', 'kafka-init', 'redis']));
      if (conv.databases[app.name]) expect(deps).toContain('mysql');
    }
  });

  it('hard-codes no secret: ADMIN_API_KEY and passwords are required ${VAR:?} interpolations', () => {
    const raw = parseYaml11(composeText); // values before interpolation
    let secrets = 0;
    for (const [name, svc] of Object.entries<Json>(raw.services)) {
      for (const [key, value] of Object.entries(envOf(svc))) {
        if (!SECRET_ENV.test(key)) continue;
        secrets++;
        expect({ name, key, value }).toEqual({
          name,
          key,
          value: expect.stringMatching(new RegExp(`^\\$\\{${key}:\\?[^}]*\\}$`)),
        });
      }
    }
    expect(secrets).toBeGreaterThanOrEqual(conv.apps.length + conv.providers.length);
    expect(composeText).not.toMatch(/change-me/i);
    expect(raw.services.gateway.env_file).toBeUndefined(); // .env goes through --env-file, not into containers
  });

  it('keeps Kafka, MySQL and Redis data in named volumes, Redis with AOF every second', () => {
    const volumes = Object.keys(compose.volumes ?? {});
    const dataPath: Record<string, string> = { kafka: '/var/lib/kafka/data', mysql: '/var/lib/mysql', redis: '/data' };
    for (const [name, path] of Object.entries(dataPath)) {
      const mount = (services[name].volumes as string[]).find((v) => v.split(':')[1] === path);
      expect({ name, mount }).toEqual({ name, mount: expect.any(String) });
      expect(volumes).toContain(mount!.split(':')[0]);
    }
    expect(services.redis.image).toBe('redis:7.4-alpine');
    expect(services.redis.command.join(' ')).toMatch(/--appendonly yes .*--appendfsync everysec/);
    expect(services.mysql.image).toBe('mysql:8.4');
    expect(services.kafka.image).toBe(`apache/kafka:${fleetKafkaVersion()}`);
    const kafka = envOf(services.kafka);
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.KAFKA_LOG_DIRS).toBe(dataPath.kafka);
    expect(kafka.KAFKA_ADVERTISED_LISTENERS).toBe(
      `PLAINTEXT://kafka:${conv.infraPorts['Kafka broker / controller'][0]}`,
    );
  });

  it('creates every app database in the MySQL init script, the same script k8s ships', () => {
    const mount = (services.mysql.volumes as string[]).find((v) => v.includes('/docker-entrypoint-initdb.d'))!;
    const initDir = join(REPO_ROOT, 'docker', mount.split(':')[0]);
    const script = read('docker', 'mysql', 'init', '01-databases.sh');
    expect(existsSync(join(initDir, '01-databases.sh'))).toBe(true);
    const listed = /for db in ([a-z_ ]+); do/.exec(script)![1].split(' ');
    expect(listed.sort()).toEqual(Object.values(conv.databases).sort());
    expect(read('k8s', 'infra', 'mysql-init', '01-databases.sh')).toBe(script);
  });

  it('has kafka-init create the topics with the app image before the apps start', () => {
    const init = services['kafka-init'];
    expect(init.image).toBe(services.gateway.image);
    expect(init.command).toEqual(['node', '-r', 'tsconfig-paths/register', 'dist/tools/fleet/create-topics.js']);
    expect(init.depends_on.kafka.condition).toBe('service_healthy');
  });

  it('scrapes every app /metrics from Prometheus and loads the alerts file', () => {
    const prom = parseYaml11(read('docker', 'prometheus', 'prometheus.yml'));
    const targets: string[] = prom.scrape_configs
      .filter((job: Json) => (job.metrics_path ?? '/metrics') === '/metrics')
      .flatMap((job: Json) => job.static_configs.flatMap((c: Json) => c.targets));
    for (const app of conv.apps) expect(targets).toContain(`${app.name}:${app.port}`);
    const mounts: string[] = services.prometheus.volumes;
    for (const file of prom.rule_files as string[]) {
      const mount = mounts.find((m) => m.split(':')[1] === file);
      expect({ file, mount }).toEqual({ file, mount: expect.any(String) });
      const rules = parseYaml11(read('docker', mount!.split(':')[0]));
      expect(Array.isArray(rules.groups)).toBe(true);
    }
    expect(mounts.some((m) => m.startsWith('./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml'))).toBe(true);
  });

  it('validates against the Compose Specification JSON schema (vendored in test/infra/schemas)', () => {
    const schema = JSON.parse(read('test', 'infra', 'schemas', 'compose-spec.json'));
    // The spec still carries draft-04 `id` keywords and a `$schema` URL ajv does not ship; both
    // only name things, so they are dropped before compiling.
    const strip = (node: Json): void => {
      if (node && typeof node === 'object') {
        if (typeof node.id === 'string') delete node.id;
        Object.values(node).forEach(strip);
      }
    };
    strip(schema);
    delete schema.$schema;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', true);
    ajv.addFormat('expose', true);
    ajv.addFormat('subnet_ip_address', true);
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // The check has teeth: a misspelled healthcheck key or a bad duration is rejected.
    const broken = structuredClone(compose);
    broken.services.orders.healthcheck.intervall = '5s';
    broken.services.gateway.healthcheck.timeout = '5 seconds';
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(2);
    logValidation('compose: Compose Specification JSON schema (ajv) passed');
  });

  const dockerCompose = which('docker-compose');
  it(`validates with \`docker-compose config -q\` (${dockerCompose ? 'binary present' : 'binary absent: schema check only'})`, () => {
    if (!dockerCompose) {
      logValidation('compose: docker-compose not on PATH, so the JSON schema check above is the validation');
      return;
    }
    const ok = run(dockerCompose, ['-f', 'docker/compose.yaml', 'config', '-q'], DUMMY_SECRETS);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    // Without the secrets compose must refuse to start (the ${VAR:?} guards work).
    const env = { ...DUMMY_SECRETS, ADMIN_API_KEY: '' };
    const missing = run(dockerCompose, ['-f', 'docker/compose.yaml', 'config', '-q'], env);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/ADMIN_API_KEY/);
    logValidation(`compose: ${dockerCompose} config -q passed, and fails without ADMIN_API_KEY`);
  });
});
