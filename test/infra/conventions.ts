import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fleet as docs/conventions.md describes it, parsed from the document itself so the docs stay
 * the single source of truth for names, ports, env vars and databases checked by test/infra.
 */
export interface FleetProcess {
  /** Compose service / k8s Deployment name: the process name of the ports table, kebab-cased. */
  name: string;
  port: number;
}

export interface ProviderSim extends FleetProcess {
  /** `PROVIDER_KIND` of the simulator, the first word of its name ("payment provider sim"). */
  kind: string;
}

export interface Conventions {
  apps: FleetProcess[];
  providers: ProviderSim[];
  /** Infrastructure ports by row name (e.g. "Redis" → [6379], "Kafka broker / controller" → [9092, 9093]). */
  infraPorts: Record<string, number[]>;
  /** Every app's variables, in document order. */
  appEnv: string[];
  /** The provider simulators' variables. */
  providerEnv: string[];
  providerKinds: string[];
  /** App name → its MYSQL_DATABASE (apps without one are absent). */
  databases: Record<string, string>;
}

export const REPO_ROOT = join(__dirname, '..', '..');

const slug = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, '-');
const backticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const ENV_NAME = /^[A-Z][A-Z0-9_]+$/;

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`conventions: no "## ${heading}" section`);
  const next = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, next < 0 ? undefined : next);
}

export function parseConventions(markdown: string): Conventions {
  // "one NestJS process per app: gateway, orders, ..., ml-advisor."
  const appList = /one NestJS process per app:\s*([^.]+)\./.exec(markdown.replace(/\s+/g, ' '));
  if (!appList) throw new Error('conventions: app list ("one NestJS process per app: ...") not found');
  const appNames = appList[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const rows = section(markdown, 'Ports')
    .split('\n')
    .map((line) => /^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && /\d/.test(m[2]))
    .map((m) => ({ name: m[1], ports: m[2].split('/').map((p) => Number(p.trim())) }));

  const apps: FleetProcess[] = [];
  const providers: ProviderSim[] = [];
  const infraPorts: Record<string, number[]> = {};
  for (const row of rows) {
    if (appNames.includes(row.name)) apps.push({ name: row.name, port: row.ports[0] });
    else if (/\bsim$/.test(row.name))
      providers.push({ name: slug(row.name), port: row.ports[0], kind: row.name.split(/\s+/)[0] });
    else infraPorts[row.name] = row.ports;
  }
  const missing = appNames.filter((a) => !apps.some((p) => p.name === a));
  if (missing.length) throw new Error(`conventions: apps without a port row: ${missing.join(', ')}`);

  const envSection = section(markdown, 'Environment variables');
  const providersAt = envSection.indexOf('Providers:');
  const appEnv = backticked(envSection.slice(0, providersAt)).filter((t) => ENV_NAME.test(t));
  const providerLine = envSection.slice(providersAt).split('\n')[0];
  const providerEnv = backticked(providerLine).filter((t) => ENV_NAME.test(t));
  const kinds = backticked(providerLine).find((t) => t.includes('|'));
  const providerKinds = kinds ? kinds.split('|') : [];

  // "`MYSQL_DATABASE` (per service: `orders`, `payments`, ..., `ml_advisor`; ...)"
  const dbText = /`MYSQL_DATABASE`\s*\(per service:([^;)]*)/.exec(envSection);
  if (!dbText) throw new Error('conventions: MYSQL_DATABASE list not found');
  const databases: Record<string, string> = {};
  for (const db of backticked(dbText[1])) {
    const app = appNames.find((a) => a.replace(/-/g, '_') === db);
    if (!app) throw new Error(`conventions: database ${db} matches no app`);
    databases[app] = db;
  }
  return { apps, providers, infraPorts, appEnv, providerEnv, providerKinds, databases };
}

export function loadConventions(): Conventions {
  return parseConventions(readFileSync(join(REPO_ROOT, 'docs', 'conventions.md'), 'utf8'));
}

/** Env var names an app must get: all of the conventions' list, minus MYSQL_* for apps without a database. */
export function requiredAppEnv(conv: Conventions, app: string): string[] {
  return conv.appEnv.filter((name) => conv.databases[app] !== undefined || !name.startsWith('MYSQL_'));
}

/** Variables whose values are secrets: never a literal in compose, always a Secret in k8s. */
export const SECRET_ENV = /(PASSWORD|API_KEY|SECRET|TOKEN)/;
