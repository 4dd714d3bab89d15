import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

import { FleetError, log } from './log.mjs';

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function isListening(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitForPort(host, port, what, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await isListening(host, port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new FleetError(`${what} did not start listening on ${host}:${port} within ${deadlineMs / 1000}s`);
}

// How this machine's services start when installed but stopped (Debian packages).
const SERVICES = {
  mysql: {
    label: 'MySQL (MariaDB)',
    binary: '/usr/sbin/mariadbd',
    start: ['start-stop-daemon', '--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd'],
    install: 'apt-get install mariadb-server',
  },
  redis: {
    label: 'Redis',
    binary: '/usr/bin/redis-server',
    start: [
      'redis-server',
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      '6379',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    install: 'apt-get install redis-server',
  },
};

/**
 * Makes sure MySQL (and, where asked, the machine's Redis: the integration suites use it) answer.
 * A service that is installed but stopped is started; one that is absent stops us with the
 * command that installs it (or the compose alternative). The fleets run a Redis of their own.
 */
export async function ensureDatabaseServices({ mysqlHost, mysqlPort, redisHost, redisPort }) {
  const wanted = [
    ['mysql', mysqlHost, mysqlPort],
    ['redis', redisHost, redisPort],
  ].filter(([, , port]) => port !== undefined);
  for (const [key, host, port] of wanted) {
    const service = SERVICES[key];
    if (await isListening(host, port)) {
      log.step(`${service.label} answers on ${host}:${port}`);
      continue;
    }
    const local = host === '127.0.0.1' || host === 'localhost';
    if (!local || !existsSync(service.binary)) {
      throw new FleetError(
        `${service.label} is not reachable on ${host}:${port}` +
          (local
            ? ` and not installed. Install it (${service.install}) or run the whole fleet with \`docker compose -f docker/compose.yaml up\`.`
            : '.'),
      );
    }
    log.step(`${service.label} is installed but stopped: starting it…`);
    const result = spawnSync(service.start[0], service.start.slice(1), { stdio: 'inherit' });
    if (result.status !== 0) throw new FleetError(`could not start ${service.label} (${service.start.join(' ')})`);
    await waitForPort(host, port, service.label, 30_000);
  }
}
