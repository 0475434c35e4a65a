import type { Merchant } from '../shared/schemas/merchant.ts';
import type { Tenant } from './tenant.ts';

export interface AuthContext {
  tenant: Tenant;
  keyId: string;
  keyType: 'secret' | 'publishable';
  /** Set when a console session (`cst_…`) authenticated: its SHA-256, for signing out. */
  consoleSession?: string;
}

/** Hono's environment for every route and middleware: the Worker's typed bindings and per-request values. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    auth: AuthContext;
    /** Where Idempotency-Key records of this request live: `test:mer_…`, `live:mer_…` or `admin`. */
    idempotencyScope: string;
    /** Loaded by middleware that needs it (public endpoints). */
    merchant: Merchant;
  };
};
