import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fleet's version: `APP_VERSION` if set (images), else the root package.json's version. */
export function appVersion(): string {
  if (process.env.APP_VERSION) return process.env.APP_VERSION;
  try {
    return (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
