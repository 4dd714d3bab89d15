import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at start-up when the environment does not satisfy an app's schema. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const value = error.value === undefined ? 'missing' : `got ${JSON.stringify(error.value)}`;
    return Object.values(error.constraints ?? {}).map((message) => `${error.property} (${value}): ${message}`);
  });
}

/**
 * Builds a `validate` function for `ConfigModule.forRoot`: converts the raw environment to an
 * instance of `schema` and fails with every offending variable named, so a typo stops start-up
 * with a message instead of a crash later.
 */
export function validateEnvWith<T extends object>(schema: new () => T) {
  return (raw: Record<string, unknown>): T => {
    const env = plainToInstance(schema, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
    const problems = describe(validateSync(env, { skipMissingProperties: false, whitelist: false }));
    if (problems.length > 0) throw new InvalidEnvironmentError(problems);
    return env;
  };
}
