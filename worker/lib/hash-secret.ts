/**
 * The key for hashes of client IPs, visitors and click cookies (the HASH_SECRET secret). Without
 * it hashes still work but are unkeyed: set it in production.
 */
export function hashSecret(env: Pick<Env, 'HASH_SECRET'>): string {
  return env.HASH_SECRET || 'vouch-unkeyed';
}
