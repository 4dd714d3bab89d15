import { AppName } from '@shop/contracts';

import { DatabaseOptions } from './database/database.module';

export interface PlatformOptions {
  service: AppName;
  /** class-validator schema of the app's environment (see config/service-env.ts). */
  env: new () => object;
  /** The app owns a MySQL database (readiness then checks it). */
  database?: DatabaseOptions;
  /** The app uses Redis (readiness then checks it). */
  redis?: boolean;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
