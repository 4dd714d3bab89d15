import { spawn } from 'node:child_process';
import { processNamed, ROOT } from './support/fleet';

/** Starts an app's built entry point with the fleet's env plus `overrides`; resolves with exit code and output. */
function runApp(name: string, overrides: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const proc = processNamed(name);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', proc.script], {
      cwd: ROOT,
      env: { ...process.env, ...proc.env, TS_NODE_BASEURL: './dist', TS_NODE_PROJECT: 'tsconfig.base.json', ...overrides },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

describe('configuration is validated at start-up', () => {
  it('a bad variable stops the app with exit code 1 and a message naming it', async () => {
    const { code, output } = await runApp('orders', { PORT: '0', KAFKA_BROKERS: 'not a broker list' });
    expect(code).toBe(1);
    expect(output).toContain('Invalid environment');
    expect(output).toMatch(/PORT \(got 0\): PORT must not be less than 1/);
    expect(output).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
  });

  it('a missing required variable is named', async () => {
    const { code, output } = await runApp('gateway', { ADMIN_API_KEY: 'short' });
    expect(code).toBe(1);
    expect(output).toContain('ADMIN_API_KEY must be at least 16 characters');
  });
});
