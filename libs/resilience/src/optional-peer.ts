/**
 * Loads a package the core needs only for one optional feature (prom-client for metrics,
 * piscina for the worker-pool bulkhead). A top-level `import` would make
 * `require('@shop/resilience')` fail in a project that has not installed it; loading it when
 * the feature is first used keeps the core free of those dependencies.
 */
export function loadOptionalPeer<T>(name: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    return require(name) as T;
  } catch (error) {
    if (isNotInstalled(error, name)) return undefined;
    throw error;
  }
}

/** Like {@link loadOptionalPeer}, but a missing package is an error that says how to get it. */
export function requireOptionalPeer<T>(name: string, feature: string): T {
  const loaded = loadOptionalPeer<T>(name);
  if (loaded === undefined)
    throw new Error(`${feature} needs the package "${name}", which is not installed (npm install ${name})`);
  return loaded;
}

/** Only the package itself missing counts: a package that is there but fails to load must say why. */
function isNotInstalled(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}
