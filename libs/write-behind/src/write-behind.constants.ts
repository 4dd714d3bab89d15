/** Injection token of the store registered under `name`. */
export function getWriteBehindStoreToken(name: string): string {
  return `WRITE_BEHIND_STORE:${name}`;
}

/** Injection token of the module options registered under `name`. */
export function getWriteBehindOptionsToken(name: string): string {
  return `WRITE_BEHIND_OPTIONS:${name}`;
}
