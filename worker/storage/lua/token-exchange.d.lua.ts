import type { LuaScript } from '../lua.ts';

// Consumes a confirmed pairing or link once: the token record, its place in the advocate's set,
// and the sealed token kept on the pairing for retries, which expires shortly after. A concurrent
// twin that got here first already paired: its token is answered (the caller's is never stored).
// A grant bound at or before the merchant's last "revoke all" of the advocate's tokens is refused
// (a grant without \`bound\`, older than the field, too, when there was a revocation).
// KEYS: 1 pairing or link, 2 token record, 3 advocate's token set, 4 advocate's tokens revoked-at.
// ARGV: 1 now ms, 2 advocate id, 3 token record JSON, 4 token digest, 5 sealed token, 6 replay ms.
declare const script: LuaScript<
  [grant: string, token: string, advocateTokens: string, revokedAt: string],
  [nowMs: number, advocateId: string, token: string, digest: string, sealedToken: string, replayMs: number],
  [outcome: 'missing' | 'expired' | 'revoked' | 'paired', sealedToken?: string]
>;
export default script;
