// Pairing links are minted and stored by worker/storage/pairing.ts (pairingStore(env).createLink);
// re-exported here for routes/advocates.ts until it calls the store.
export { createPairingLink, LINK_TTL_SECONDS } from '../storage/pairing.ts';
