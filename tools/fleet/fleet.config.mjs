// The fleet's processes, ports and environment: the single place `npm start`, `npm stop` and the
// e2e suite read them from. docs/conventions.md documents the same table for humans.

import { fileURLToPath } from 'node:url';

/** The resilience YAML every app loads its own section of (`resilience.services.<app>`). */
export const RESILIENCE_CONFIG = fileURLToPath(new URL('../../config/resilience.yaml', import.meta.url));

/** Backend services and the gateway, in start order (the gateway last: it asks the others). */
export const APPS = [
  { name: 'orders', port: 3001, database: 'orders' },
  { name: 'payments', port: 3002, database: 'payments' },
  { name: 'inventory', port: 3003, database: 'inventory' },
  { name: 'notifications', port: 3004, database: 'notifications' },
  { name: 'ml-advisor', port: 3005, database: 'ml_advisor' },
  { name: 'gateway', port: 3000, database: 'gateway' },
];

/** Our external-provider simulators, one process per kind. */
export const PROVIDERS = [
  { name: 'payment-provider', kind: 'payment', port: 4001, urlVariable: 'PAYMENT_PROVIDER_URL' },
  { name: 'carrier', kind: 'carrier', port: 4002, urlVariable: 'CARRIER_URL' },
  { name: 'notification-provider', kind: 'notification', port: 4003, urlVariable: 'NOTIFICATION_PROVIDER_URL' },
];

/**
 * A profile is one independent fleet on this machine. `dev` is what `npm start` runs; `e2e` is
 * what the e2e suite runs, on its own ports, broker and databases, so a dev fleet is left alone.
 */
export const PROFILES = {
  dev: {
    portOffset: 0,
    kafkaPort: 9092,
    kafkaControllerPort: 9093,
    redisPort: 6380,
    zipkinPort: 9411,
    databasePrefix: '',
  },
  e2e: {
    portOffset: 10000,
    kafkaPort: 19092,
    kafkaControllerPort: 19093,
    redisPort: 16380,
    zipkinPort: 19411,
    databasePrefix: 'e2e_',
  },
  // Spare e2e fleets, so that several developers (or agents) on one machine can run e2e at once:
  // `E2E_PROFILE=e2e-b npm run test:e2e`. Every port stays below 32768, where Linux's ephemeral
  // range starts: a listening port inside it can be taken by any outgoing connection.
  'e2e-b': {
    portOffset: 20000,
    kafkaPort: 29092,
    kafkaControllerPort: 29093,
    redisPort: 26380,
    zipkinPort: 29411,
    databasePrefix: 'e2e_b_',
  },
  'e2e-c': {
    portOffset: 5000,
    kafkaPort: 15092,
    kafkaControllerPort: 15093,
    redisPort: 11380,
    zipkinPort: 15411,
    databasePrefix: 'e2e_c_',
  },
  'e2e-d': {
    portOffset: 25000,
    kafkaPort: 31092,
    kafkaControllerPort: 31093,
    redisPort: 31380,
    zipkinPort: 31411,
    databasePrefix: 'e2e_d_',
  },
  'e2e-e': {
    portOffset: 15000,
    kafkaPort: 17092,
    kafkaControllerPort: 17093,
    redisPort: 17380,
    zipkinPort: 17411,
    databasePrefix: 'e2e_e_',
  },
  'e2e-f': {
    portOffset: 7000,
    kafkaPort: 12092,
    kafkaControllerPort: 12093,
    redisPort: 12380,
    zipkinPort: 12411,
    databasePrefix: 'e2e_f_',
  },
  'e2e-g': {
    portOffset: 27000,
    kafkaPort: 27092,
    kafkaControllerPort: 27093,
    redisPort: 27380,
    zipkinPort: 27411,
    databasePrefix: 'e2e_g_',
  },
};

export function profileNamed(name) {
  const profile = PROFILES[name];
  if (!profile) throw new Error(`Unknown profile "${name}"; expected one of ${Object.keys(PROFILES).join(', ')}`);
  return { name, ...profile };
}

/** Where a profile's Zipkin (UI, query API and span collector on one port) answers. */
export function zipkinUrl(profile) {
  return `http://127.0.0.1:${profile.zipkinPort}`;
}

/** Every process of a profile with its port and environment. */
export function fleetProcesses(profile, shared) {
  const host = '127.0.0.1';
  const providers = PROVIDERS.map((p) => ({
    ...p,
    role: 'provider',
    port: p.port + profile.portOffset,
    script: 'dist/apps/providers/src/main.js',
    readyPath: '/health',
  }));
  const providerUrls = Object.fromEntries(providers.map((p) => [p.urlVariable, `http://${host}:${p.port}`]));
  const mlAdvisorPort = APPS.find((a) => a.name === 'ml-advisor').port + profile.portOffset;
  const apps = APPS.map((a) => ({
    ...a,
    role: 'app',
    port: a.port + profile.portOffset,
    script: `dist/apps/${a.name}/src/main.js`,
    readyPath: '/health/ready',
  }));
  return [
    ...providers.map((p) => ({
      ...p,
      env: { PROVIDER_KIND: p.kind, PORT: String(p.port), ADMIN_API_KEY: shared.ADMIN_API_KEY, HOST: host },
    })),
    ...apps.map((a) => ({
      ...a,
      env: {
        // Traces go to the fleet's own Zipkin (tools/zipkin); .env may override any of these
        // (OTEL_SDK_DISABLED=true turns tracing off). Spans leave every 500 ms rather than 5 s,
        // so a trace is whole in Zipkin soon after the order, and a kill -9 loses little.
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${zipkinUrl(profile)}/api/v2/spans`,
        OTEL_BSP_SCHEDULE_DELAY: '500',
        TRACE_UI_URL: `${zipkinUrl(profile)}/zipkin`,
        ...shared,
        OTEL_SERVICE_NAME: a.name,
        ...providerUrls,
        ML_ADVISOR_URL: `http://${host}:${mlAdvisorPort}`,
        RESILIENCE_CONFIG,
        PORT: String(a.port),
        HOST: host,
        KAFKA_BROKERS: `${host}:${profile.kafkaPort}`,
        // The fleet's own Redis (tools/fleet/redis.mjs), never the machine's shared one.
        REDIS_HOST: host,
        REDIS_PORT: String(profile.redisPort),
        ...(a.database ? { MYSQL_DATABASE: `${profile.databasePrefix}${a.database}` } : {}),
      },
    })),
  ];
}
